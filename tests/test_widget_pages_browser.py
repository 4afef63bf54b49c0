"""The widget in a real browser shows the page of each citation of an uploaded PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from browser import *  # noqa: F403  (the fixtures: server_factory, page, foreign_site...)
from browser import ForeignSite, ServerFactory, embed_page, screenshot, sse_events
from docfiles import seed_pdf
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

W = "caseqa-widget"
BURDEN = "which law puts the burden of proof on the victim?"


def _label(pages: list[int]) -> str:
    return f"p. {pages[0]}" if len(pages) == 1 else f"pp. {pages[0]}–{pages[-1]}"


def test_citations_of_a_pdf_show_their_page(server_factory: ServerFactory,
                                            foreign_site: ForeignSite, page: Page,
                                            tmp_path: Path) -> None:
    server = server_factory()
    pdf = seed_pdf(tmp_path / "commentary.pdf")
    uploaded = httpx.post(f"{server.url}/v1/documents", timeout=120,
                          files=[("file", (pdf.name, pdf.read_bytes(), "application/pdf"))])
    assert uploaded.json()["added"] == ["commentary"], uploaded.text
    page.goto(foreign_site.page("pdf.html", embed_page(
        f"{server.url}/widget.js", endpoint=server.url, doc_ids="commentary", open="true")))
    with page.expect_response(lambda r: r.url.endswith("/v1/ask")) as response:
        page.locator(f"{W} textarea").fill(BURDEN)
        page.locator(f"{W} textarea").press("Enter")
    article = page.locator(f"{W} article.bot")
    expect(article).to_have_attribute("data-status", "done")
    done: dict[str, Any] = dict(sse_events(response.value.text()))["done"]
    citations = sorted(done["citations"], key=lambda c: c["n"])
    assert citations and all(c["pages"] for c in citations)
    labels = article.locator(".sources li .source-pages")
    expect(labels).to_have_count(len(citations))
    for n, citation in enumerate(citations):
        expect(labels.nth(n)).to_have_text(_label(citation["pages"]))
    article.locator("button.cite").first.click()
    expect(page.locator(f"{W} .viewer-meta")).to_contain_text(_label(citations[0]["pages"]))
    screenshot(page, tmp_path, "pdf-citation-pages.png")

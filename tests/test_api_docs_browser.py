"""The API docs page in a real browser (Debian's Chromium): Swagger UI renders the
operations from the service's own files, with no request to any other host and no
content security policy violation (this machine, like CI, has no internet: a page that
loads its viewer from a CDN stays blank), and "Try it out" reaches the service.

The browser reaches the live server under a made-up host name, as a deployment would be
reached (Swagger UI leaves out some outside requests, like its validator badge, for
pages served from localhost or 127.0.0.1)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import *  # noqa: F403  (the fixtures: live_server, page...)
from browser import LiveServer, screenshot
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser
WATCH = ("window.__violations = [];"
         "document.addEventListener('securitypolicyviolation',"
         " e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));")


OPERATIONS = [("post", "/v1/ask"), ("post", "/v1/search"), ("get", "/v1/documents"),
              ("delete", "/v1/documents/{doc_id}"), ("get", "/healthz")]


HOST = "docs.caseqa.test"


class Watched:
    """The live server as ``HOST`` for this page; every request the page makes, and
    every policy violation it reports."""

    def __init__(self, page: Page, server: LiveServer) -> None:
        self.page = page
        self.url = f"http://{HOST}:{server.port}"
        self.requested: list[str] = []
        page.on("request", lambda request: self.requested.append(request.url))
        page.add_init_script(WATCH)
        page.route(f"{self.url}/**", lambda route: route.fulfill(response=route.fetch(
            url=route.request.url.replace(self.url, server.url, 1))))

    def outside(self) -> list[str]:
        return [url for url in self.requested if not url.startswith(self.url + "/")]

    def violations(self) -> list[str]:
        found: list[str] = self.page.evaluate("window.__violations")
        return found


@pytest.fixture
def watched(page: Page, live_server: LiveServer) -> Iterator[Watched]:
    yield Watched(page, live_server)


@pytest.mark.parametrize("path", ["/schema", "/schema/swagger"])
def test_docs_page_renders_the_operations_with_nothing_from_outside(
        page: Page, watched: Watched, path: str,
        tmp_path: Path) -> None:
    response = page.goto(watched.url + path)
    assert response is not None and response.ok
    for method, shown in OPERATIONS:
        expect(page.locator(f".opblock-{method} .opblock-summary-path[data-path='{shown}']")
               ).to_be_visible()
    page.wait_for_load_state("networkidle")
    screenshot(page, tmp_path, f"api-docs{path.replace('/', '-')}.png")
    assert f"{watched.url}/schema/openapi.json" in watched.requested  # the spec
    assert watched.outside() == []
    assert watched.violations() == []


def test_try_it_out_asks_the_service_and_the_history_format_is_shown(
        page: Page, watched: Watched, tmp_path: Path) -> None:
    page.goto(watched.url + "/schema")
    ask = page.locator(".opblock-post").filter(
        has=page.locator(".opblock-summary-path[data-path='/v1/ask']"))
    ask.locator(".opblock-summary").click()
    # The request body's schema, as a reader sees it: the conversation turns' shape.
    ask.get_by_role("tab", name="Schema").first.click()
    body = ask.locator(".opblock-section-request-body")
    body.get_by_role("button", name="history", exact=True).click()
    expect(body).to_contain_text("oldest first")
    expect(body).to_contain_text('[{"role": "user" | "assistant", "content": "..."}]')
    ask.get_by_role("tab", name="Example Value").first.click()
    ask.get_by_role("button", name="Try it out").click()
    ask.locator("textarea.body-param__text").fill(
        '{"question": "which law puts the burden of proof on the victim?"}')
    ask.get_by_role("button", name="Execute").click()
    live = ask.locator(".live-responses-table tbody")
    expect(live.locator(".response-col_status")).to_have_text("200", timeout=60_000)
    expect(live.locator(".microlight").first).to_contain_text('"citations"')
    live.scroll_into_view_if_needed()
    screenshot(page, tmp_path, "api-docs-try-it-out.png")
    assert f"{watched.url}/v1/ask" in watched.requested
    assert watched.outside() == []
    assert watched.violations() == []

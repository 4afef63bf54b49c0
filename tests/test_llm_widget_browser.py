"""The widget shows the sentences of an answer that no source supports (the API's
``unsupported`` spans) as unsupported, in a real browser against the real app. The answer
is the real app's extractive one with an unsupported sentence spliced in through a route,
as the seed index has no LLM behind it here."""

from __future__ import annotations

import json
from typing import Any

import pytest
from browser import *  # noqa: F403  (the fixtures: live_server, page)
from browser import LiveServer, sse_events
from playwright.sync_api import Page, Route, expect

pytestmark = pytest.mark.browser
W = "caseqa-widget"
BURDEN = "which law puts the burden of proof on the victim?"
MADE_UP = "The court fined the shop ten million yuan."


def with_unsupported(body: str) -> tuple[str, dict[str, Any]]:
    """The SSE body with MADE_UP appended to the done answer and marked unsupported."""
    out = []
    done: dict[str, Any] = {}
    for name, data in sse_events(body):
        if name == "done":
            start = len(data["answer"]) + 1
            data["answer"] = f"{data['answer']} {MADE_UP}"
            data["unsupported"] = [[start, start + len(MADE_UP)], [999, 5]]  # one bogus
            done = data
        out.append(f"event: {name}\ndata: {json.dumps(data)}\n\n")
    return "".join(out), done


def test_unsupported_sentences_are_marked(live_server: LiveServer, page: Page) -> None:
    def splice(route: Route) -> None:
        response = route.fetch()
        body, _ = with_unsupported(response.text())
        route.fulfill(response=response, body=body)

    page.route("**/v1/ask", splice)
    page.goto(live_server.url + "/")
    page.locator(f"{W} textarea").fill(BURDEN)
    page.locator(f"{W} textarea").press("Enter")
    article = page.locator(f"{W} article.bot").nth(0)
    expect(article).to_have_attribute("data-status", "done")
    marked = article.locator(".answer .unsupported")
    expect(marked).to_have_count(1)
    expect(marked).to_have_attribute("title", "Not supported by the sources")
    expect(marked).to_contain_text(MADE_UP)
    # the supported part keeps its citation buttons, outside the unsupported span
    expect(article.locator(".answer > button.cite").first).to_be_visible()
    page.reload()  # kept with the conversation
    expect(page.locator(f"{W} article.bot .answer .unsupported")).to_contain_text(MADE_UP)

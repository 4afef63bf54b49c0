"""The chat widget in a real browser (Debian's Chromium) against the real app serving
the seed index: streaming, citations, refusals, errors, markup, reload, another origin."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser import *  # noqa: F403  (the fixtures: live_server, page, server_factory...)
from browser import ForeignSite, LiveServer, ServerFactory, embed_page, screenshot, sse_events
from playwright.sync_api import Page, Request, expect

from qa.answering.base import REFUSAL

pytestmark = pytest.mark.browser

W = "caseqa-widget"
BURDEN = "which law puts the burden of proof on the victim?"
REMEDIES = "what remedies were sought?"
DAMAGES = "What was the amount of damages awarded?"
XSS_DOC = {
    "doc_id": "probe/markup",
    "title": 'Markup probe <img src=x onerror="window.__xss=3">',
    # the astral characters put code points and UTF-16 units out of step before the span
    "text": "Shop rules on facial images 📷 𠮷.\n\nThe shop must delete facial images "
            '<img src=x onerror="window.__xss=1"> within thirty days of collection. The '
            "entrance notice must warn visitors <script>window.__xss=2</script> before any "
            "camera records them.\n\nOther rules concern parking.",
}


def ask(page: Page, question: str) -> dict[str, Any]:
    """Type a question, press Enter, wait for the answer; the `done` event's answer."""
    done_before = page.locator(f"{W} article.bot:not([data-status=streaming])").count()
    with page.expect_response(lambda r: r.url.endswith("/v1/ask")) as response:
        page.locator(f"{W} textarea").fill(question)
        page.locator(f"{W} textarea").press("Enter")
    expect(page.locator(f"{W} article.bot:not([data-status=streaming])")) \
        .to_have_count(done_before + 1)
    events = dict(sse_events(response.value.text()))
    done: dict[str, Any] = events["done"]
    return done


def history_sent(request: Request) -> list[dict[str, str]]:
    body = request.post_data_json
    assert body is not None
    history: list[dict[str, str]] = body["history"]
    return history


def document_text(server: LiveServer, doc_id: str) -> str:
    text: str = server.get(f"/v1/documents/{doc_id}")["text"]
    return text


def check_cited_span(page: Page, server: LiveServer, citation: dict[str, Any]) -> str:
    """The open viewer highlights exactly the document's text at the cited offsets."""
    text = document_text(server, citation["doc_id"])
    cited = text[citation["start"]:citation["end"]]
    expect(page.locator(f"{W} .viewer mark")).to_have_text(cited, use_inner_text=False)
    assert page.locator(f"{W} .viewer mark").text_content() == cited == citation["quote"]
    if citation.get("answer_start") is not None:  # the answer itself, inside the quote
        answer = text[citation["answer_start"]:citation["answer_end"]]
        expect(page.locator(f"{W} .viewer mark .answer-span")).to_have_text(
            answer, use_inner_text=False)
    expect(page.locator(f"{W} .viewer-meta")).to_contain_text(
        f"{citation['start']}–{citation['end']}")
    return text


def test_page_streams_answers_and_opens_the_cited_passage(
        live_server: LiveServer, page: Page, tmp_path: Path) -> None:
    page.goto(live_server.url + "/")
    seed = live_server.get("/v1/documents")["documents"][0]
    expect(page.get_by_role("button", name=f"Read {seed['title']}")).to_be_visible()
    log = page.locator(f"{W} [role=log]")
    expect(log).to_have_attribute("aria-live", "polite")

    first = ask(page, REMEDIES)
    article = page.locator(f"{W} article.bot").nth(0)
    expect(article).to_have_attribute("data-status", "done")
    if first["refused"]:  # the extractive answerer may find no sentence that answers
        expect(article.locator(".refusal")).to_contain_text("The sources do not say")
    else:
        # The answer's text, with each [n] turned into a citation button.
        expect(article.locator(".answer")).to_contain_text(first["answer"].split(" [")[0],
                                                          use_inner_text=False)
        expect(article.locator(".answer button.cite")).to_have_count(
            len(first["citations"]))
    expect(log).to_have_attribute("aria-busy", "false")

    with page.expect_request(lambda r: r.url.endswith("/v1/ask")) as sent:
        second = ask(page, BURDEN)
    assert history_sent(sent.value) == [
        {"role": "user", "content": REMEDIES},
        {"role": "assistant", "content": first["answer"]}]
    assert not second["refused"] and second["citations"]
    article = page.locator(f"{W} article.bot").nth(1)
    expect(article.locator(".sources li")).to_have_count(len(second["citations"]))
    citation = second["citations"][0]

    cite = article.locator("button.cite").first
    cite.click()
    expect(page.locator(f"{W} .viewer-title")).to_be_focused()
    expect(page.locator(f"{W} .viewer-title")).to_have_text(citation["title"])
    text = check_cited_span(page, live_server, citation)
    around = text[max(0, citation["start"] - 100):citation["end"] + 100]
    assert around in (page.locator(f"{W} .viewer .doc-text").text_content() or "")
    screenshot(page, tmp_path, "page-citation.png")

    page.get_by_role("button", name="Whole document").click()
    expect(page.locator(f"{W} .viewer .doc-text")).to_have_text(text, use_inner_text=False)
    check_cited_span(page, live_server, citation)

    page.keyboard.press("Escape")
    expect(page.locator(f"{W} .viewer")).to_be_hidden()
    expect(cite).to_be_focused()


def test_refusal_looks_like_a_refusal(live_server: LiveServer, page: Page) -> None:
    page.goto(live_server.url + "/")
    seed = live_server.get("/v1/documents")["documents"][0]
    read = page.get_by_role("button", name=f"Read {seed['title']}")
    read.click()  # the page lists the documents, each readable whole
    expect(page.locator(f"{W} .viewer .doc-text")).to_have_text(
        document_text(live_server, seed["doc_id"]), use_inner_text=False)
    page.keyboard.press("Escape")
    expect(read).to_be_focused()

    done = ask(page, DAMAGES)
    assert done["refused"] is True and done["answer"] == REFUSAL and not done["citations"]
    article = page.locator(f"{W} article.bot").last
    expect(article.locator(".refusal")).to_be_visible()
    expect(article.locator(".refusal-title")).to_have_text(REFUSAL)
    expect(article.locator(".refusal")).to_have_attribute("role", "note")
    expect(article.locator(".sources")).to_have_count(0)
    assert article.locator(".refusal").evaluate(
        "e => getComputedStyle(e).backgroundColor") != article.evaluate(
        "e => getComputedStyle(e).backgroundColor")


def test_waiting_state_and_stop_button(live_server: LiveServer, foreign_site: ForeignSite,
                                       page: Page, tmp_path: Path) -> None:
    # the foreign site relays the real service's first events slowly, then stalls
    page.goto(foreign_site.page("stall.html", embed_page(
        f"{live_server.url}/widget.js", endpoint=f"{foreign_site.origin}/stall", open="true")))
    page.locator(f"{W} textarea").fill(BURDEN)
    page.locator(f"{W} textarea").press("Enter")
    article = page.locator(f"{W} article.bot")
    expect(article.locator(".waiting")).to_contain_text("Searching the sources")
    screenshot(page, tmp_path, "widget-waiting.png")
    expect(page.locator(f"{W} [role=log]")).to_have_attribute("aria-busy", "true")
    stop = page.get_by_role("button", name="Stop")
    expect(stop).to_be_visible()
    expect(page.locator(f"{W} button.send")).to_be_disabled()
    expect(article.locator(".waiting")).to_contain_text("Reading")
    expect(article.locator(".answer")).to_contain_text("Civil Procedure Law")
    stop.click()
    expect(article).to_have_attribute("data-status", "stopped")
    expect(article.locator(".stopped")).to_contain_text("Stopped")
    expect(article.locator(".answer")).to_contain_text("Civil Procedure Law")
    expect(stop).to_be_hidden()
    expect(page.locator(f"{W} button.send")).to_be_enabled()
    expect(page.locator(f"{W} textarea")).to_be_focused()


def test_a_stopped_service_is_reported(server_factory: ServerFactory, page: Page) -> None:
    server = server_factory()
    page.goto(server.url + "/")
    ask(page, BURDEN)
    server.stop()
    page.locator(f"{W} textarea").fill(BURDEN)
    page.locator(f"{W} textarea").press("Enter")
    failed = page.locator(f"{W} article.bot").nth(1)
    expect(failed).to_have_attribute("data-status", "error")
    expect(failed.get_by_role("alert")).to_contain_text(
        f"Could not reach the service at {server.url}")
    expect(failed.get_by_role("button", name="Try again")).to_be_visible()
    expect(page.locator(f"{W} article.bot").nth(0).locator("button.cite")).not_to_have_count(0)


def test_an_error_answer_shows_its_message(live_server: LiveServer, foreign_site: ForeignSite,
                                           page: Page) -> None:
    expected = live_server.post("/v1/ask", {"question": BURDEN, "doc_ids": ["no/such-doc"]})
    page.goto(foreign_site.page("bad-scope.html", embed_page(
        f"{live_server.url}/widget.js", endpoint=live_server.url, doc_ids="no/such-doc",
        open="true")))
    page.locator(f"{W} textarea").fill(BURDEN)
    page.locator(f"{W} textarea").press("Enter")
    alert = page.locator(f"{W} article.bot").get_by_role("alert")
    expect(alert).to_contain_text(f"({expected['status_code']})")
    expect(alert.locator(".error-message")).to_have_text(expected["error"])
    expect(alert).to_contain_text("Request id:")


def test_markup_in_a_document_is_shown_as_text_and_never_runs(
        server_factory: ServerFactory, foreign_site: ForeignSite, page: Page,
        tmp_path: Path) -> None:
    server = server_factory()
    assert server.post("/v1/documents", {"documents": [XSS_DOC]})["added"] == [
        XSS_DOC["doc_id"]]
    page.goto(foreign_site.page("markup.html", embed_page(
        f"{server.url}/widget.js", endpoint=server.url, doc_ids=XSS_DOC["doc_id"],
        open="true")))
    done = ask(page, "when must the shop delete facial images?")
    # the answer is the time limit; the cited sentence around it holds the markup
    assert done["answer"] == "within thirty days [1]"
    assert '<img src=x onerror="window.__xss=1">' in done["citations"][0]["quote"]
    article = page.locator(f"{W} article.bot")
    expect(article.locator(".source-quote").first).to_contain_text(
        '<img src=x onerror="window.__xss=1">')
    expect(article.locator(".source-title")).to_have_text(XSS_DOC["title"])

    article.locator("button.cite").first.click()
    check_cited_span(page, server, done["citations"][0])
    expect(page.locator(f"{W} .viewer .doc-text")).to_contain_text(
        "<script>window.__xss=2</script>")
    expect(page.locator(f"{W} .viewer-title")).to_have_text(XSS_DOC["title"])
    page.get_by_role("button", name="Whole document").click()
    expect(page.locator(f"{W} .viewer .doc-text")).to_have_text(XSS_DOC["text"],
                                                                use_inner_text=False)
    screenshot(page, tmp_path, "markup-citation.png")
    assert page.evaluate("window.__xss") is None
    assert page.locator(f"{W} img").count() == 0
    assert page.locator(f"{W} script").count() == 0


def test_the_conversation_survives_a_reload(live_server: LiveServer, page: Page) -> None:
    page.goto(live_server.url + "/")
    first = ask(page, BURDEN)
    ask(page, "who must provide evidence of the infringement?")
    page.reload()
    articles = page.locator(f"{W} article.bot")
    expect(articles).to_have_count(2)
    expect(page.locator(f"{W} .msg.user .bubble").first).to_have_text(BURDEN)
    articles.nth(0).locator("button.cite").first.click()
    check_cited_span(page, live_server, first["citations"][0])
    page.get_by_role("button", name="Back to the answer").click()

    with page.expect_request(lambda r: r.url.endswith("/v1/ask")) as sent:
        ask(page, "and which law says so?")
    assert len(history_sent(sent.value)) == 4

    page.get_by_role("button", name="New conversation").click()
    expect(articles).to_have_count(0)
    page.reload()
    expect(page.locator(f"{W} .empty")).to_be_visible()
    expect(articles).to_have_count(0)


def test_embedded_on_another_origin(live_server: LiveServer, foreign_site: ForeignSite,
                                    page: Page, tmp_path: Path) -> None:
    page.goto(foreign_site.page("embed.html", embed_page(
        f"{live_server.url}/widget.js", endpoint=live_server.url,
        title="Ask the court's commentary", placeholder="Type your question…")))
    launcher = page.get_by_role("button", name="Ask the sources")
    expect(launcher).to_be_visible()
    # the page's hostile CSS does not reach in, and the widget's does not leak out
    assert launcher.evaluate("e => getComputedStyle(e).color") == "rgb(255, 255, 255)"
    assert launcher.evaluate("e => getComputedStyle(e).fontFamily") != "serif"
    assert page.locator(".site-button").evaluate(
        "e => getComputedStyle(e).borderTopStyle") == "dashed"

    launcher.click()
    expect(launcher).to_be_hidden()
    panel = page.get_by_role("dialog", name="Ask the court's commentary")
    expect(panel).to_be_visible()
    box = page.get_by_role("textbox", name="Your question")
    expect(box).to_be_focused()
    expect(box).to_have_attribute("placeholder", "Type your question…")
    box.type("first line")
    box.press("Shift+Enter")
    box.type("second line")
    expect(box).to_have_value("first line\nsecond line")
    expect(page.locator(f"{W} .msg")).to_have_count(0)

    done = ask(page, BURDEN)
    expect(page.locator(f"{W} button.cite")).not_to_have_count(0)
    screenshot(page, tmp_path, "widget-open.png")
    page.locator(f"{W} button.cite").first.click()
    check_cited_span(page, live_server, done["citations"][0])
    screenshot(page, tmp_path, "widget-citation.png")

    page.keyboard.press("Escape")
    expect(page.locator(f"{W} button.cite").first).to_be_focused()
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(launcher).to_be_focused()

    page.set_viewport_size({"width": 375, "height": 740})
    launcher.click()
    shape = panel.bounding_box()
    assert shape is not None and shape["width"] <= 375 and shape["width"] >= 360
    composer = page.locator(f"{W} textarea").bounding_box()
    assert composer is not None and composer["y"] + composer["height"] <= 740
    screenshot(page, tmp_path, "widget-375.png")

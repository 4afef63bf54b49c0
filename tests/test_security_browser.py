"""The security headers in a real browser (Debian's Chromium): the chat page works under
the service's content security policy, the widget works on a site whose own policy is
the one README asks embedding sites for, and framing follows security.frame_ancestors."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from browser import *  # noqa: F403  (the fixtures: live_server, foreign_site, page...)
from browser import ForeignSite, LiveServer, app_settings, embed_page
from playwright.sync_api import Page, expect

from qa.settings import SecuritySettings

pytestmark = pytest.mark.browser
W = "caseqa-widget"
#: Reports every violation of a content security policy, from the page and its frames.
WATCH = ("window.__violations = [];"
         "document.addEventListener('securitypolicyviolation',"
         " e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));")


def violations(page: Page) -> list[str]:
    found: list[str] = page.evaluate("window.__violations")
    return found


def ask_anything(page: Page) -> None:
    """A question goes out and an answer (or refusal) comes back and is shown."""
    page.locator(f"{W} textarea").fill("what did the court order?")
    page.locator(f"{W} textarea").press("Enter")
    expect(page.locator(f"{W} article.bot[data-status=done]")).to_have_count(1)


def test_the_page_works_under_its_content_security_policy(live_server: LiveServer,
                                                          page: Page) -> None:
    page.add_init_script(WATCH)
    response = page.goto(live_server.url + "/")
    assert response is not None
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    # The document list (a fetch under connect-src 'self') and an answer both arrive.
    expect(page.get_by_role("button", name=re.compile("^Read "))).to_be_visible()
    ask_anything(page)
    assert violations(page) == []


def test_the_widget_works_on_a_site_with_the_documented_policy(
        live_server: LiveServer, foreign_site: ForeignSite, page: Page) -> None:
    policy = (f"default-src 'none'; script-src {live_server.url}; connect-src "
              f"{live_server.url}; style-src 'unsafe-inline'")
    html = embed_page(f"{live_server.url}/widget.js", endpoint=live_server.url, open="true")
    html = html.replace('<meta charset="utf-8">', '<meta charset="utf-8">\n<meta '
                        f'http-equiv="Content-Security-Policy" content="{policy}">')
    page.add_init_script(WATCH)
    page.goto(foreign_site.page("strict-policy.html", html))
    ask_anything(page)
    assert violations(page) == []


@pytest.fixture
def framable(seed_index: object, foreign_site: ForeignSite) -> Iterator[LiveServer]:
    """A server whose chat page the foreign site may frame."""
    settings = app_settings(seed_index, [foreign_site.origin])  # type: ignore[arg-type]
    settings = settings.model_copy(update={"security": SecuritySettings(
        frame_ancestors=[foreign_site.origin])})
    server = LiveServer(settings).start()
    yield server
    server.stop()


def test_framing_only_where_configured(live_server: LiveServer, framable: LiveServer,
                                       foreign_site: ForeignSite, page: Page) -> None:
    frames = (f'<iframe id="closed" src="{live_server.url}/" width="600" height="400">'
              f'</iframe><iframe id="open" src="{framable.url}/" width="600" height="400">'
              "</iframe>")
    page.goto(foreign_site.page("frames.html", f"<!doctype html><body>{frames}</body>"))
    allowed = page.frame_locator("#open")
    expect(allowed.locator(W)).to_be_attached()
    expect(allowed.locator(f"{W} textarea")).to_be_visible()
    # By now the other frame, from the same kind of server, has loaded too: if framing
    # it were allowed, its widget would be there.
    expect(page.frame_locator("#closed").locator(W)).to_have_count(0)
    assert any(f.url.startswith("chrome-error:") for f in page.frames)

"""The widget's files as the service serves them, and what they must never contain."""

from __future__ import annotations

import re

import httpx
from browser import *  # noqa: F403  (the fixtures: live_server, foreign_site)
from browser import ForeignSite, LiveServer

from qa.answering.base import REFUSAL
from qa.citations import MARKER
from qa.widget import STATIC

WIDGET = (STATIC / "widget.js").read_text(encoding="utf-8")


def test_the_widget_never_parses_data_as_html() -> None:
    sinks = re.findall(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|"
                       r"new Function|DOMParser|createContextualFragment|srcdoc", WIDGET)
    assert sinks == []


def test_the_widget_shares_the_services_sentinels() -> None:
    assert f'const REFUSAL = "{REFUSAL}";' in WIDGET
    assert f"const MARKER = /{MARKER.pattern}/g;" in WIDGET


def test_page_and_script_are_served(live_server: LiveServer) -> None:
    script = httpx.get(f"{live_server.url}/widget.js")
    assert script.status_code == 200
    # One charset, and the file's own name (was "text/javascript; charset=utf-8;
    # charset=utf-8" and filename="": this session's trial).
    assert script.headers["content-type"] == "text/javascript; charset=utf-8"
    assert script.headers["content-disposition"] == 'inline; filename="widget.js"'
    assert script.text == WIDGET
    assert script.headers["cache-control"] == "no-cache"
    page = httpx.get(f"{live_server.url}/")
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.headers["content-disposition"] == 'inline; filename="index.html"'
    assert 'src="/widget.js" data-mode="page"' in page.text
    assert "Content-Security-Policy" in page.text


def test_cors_only_for_the_configured_origin(live_server: LiveServer,
                                              foreign_site: ForeignSite) -> None:
    def preflight(origin: str) -> httpx.Response:
        return httpx.options(f"{live_server.url}/v1/ask", headers={
            "origin": origin, "access-control-request-method": "POST",
            "access-control-request-headers": "content-type, accept"})

    allowed = preflight(foreign_site.origin)
    assert allowed.status_code == 204 or allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == foreign_site.origin
    other = preflight("http://127.0.0.1:9")
    assert other.headers.get("access-control-allow-origin") not in ("*", "http://127.0.0.1:9")

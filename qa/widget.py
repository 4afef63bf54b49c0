"""The chat page and the embeddable widget script, served as static files."""

from __future__ import annotations

from pathlib import Path

from litestar import HttpMethod, get, route
from litestar.handlers import HTTPRouteHandler
from litestar.response import File

from qa.security.policy import policy

STATIC = Path(__file__).parent / "static"
#: Pages embedding the widget should pick up a new version at once: revalidate each time
#: (cheap: the file response carries an ETag and Last-Modified). Litestar adds
#: "; charset=utf-8" to a text/ media type itself.
REVALIDATE = {"Cache-Control": "no-cache"}  # copied per response: never shared


@route("/", http_method=[HttpMethod.GET, HttpMethod.HEAD], include_in_schema=False,
       opt=policy("open", headers="page"))
async def chat_page() -> File:
    """The full-page chat (HEAD: its headers alone, for a link preview or an uptime
    check)."""
    return File(STATIC / "index.html", filename="index.html", content_disposition_type="inline",
                media_type="text/html", headers=dict(REVALIDATE))


@get("/widget.js", include_in_schema=False, opt=policy("open", headers="script"))
async def widget_script() -> File:
    """The widget: one script tag adds a chat button and panel to any page."""
    return File(STATIC / "widget.js", filename="widget.js", content_disposition_type="inline",
                media_type="text/javascript", headers=dict(REVALIDATE))


def widget_routes() -> list[HTTPRouteHandler]:
    """Routes of the page and the widget."""
    return [chat_page, widget_script]

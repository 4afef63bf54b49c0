"""The API docs pages under /schema, served without any outside request.

Swagger UI (``/schema``, ``/schema/swagger``) comes from the files of the
``drf-spectacular-sidecar`` wheel (the official swagger-ui-dist build, released monthly;
its Django requirement is installed but never imported) and is served by
``/schema/assets/{name}``. Litestar's own page templates point at public CDNs (scripts,
Google fonts, a favicon) and put the spec in an inline script; this renders the page
from local URLs with no inline script, so the docs' content security policy
(qa.security.headers) can be ``script-src 'self'``. The wheel's Redoc is not served: it
always fetches its maker's logo from the maker's CDN.
"""

from __future__ import annotations

import functools
import html
import importlib.util
import logging
from pathlib import Path
from typing import Any

from litestar import Request, get
from litestar.exceptions import HTTPException, NotFoundException
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.plugins import JsonRenderPlugin, OpenAPIRenderPlugin, YamlRenderPlugin
from litestar.params import FromPath
from litestar.response import File

from qa.security.policy import policy

log = logging.getLogger("caseqa.app")

ASSETS_URL = "/schema/assets"
#: The wheel whose files these are (found by name, never imported: see _sidecar_static).
SIDECAR = "drf_spectacular_sidecar"
_OWN = Path(__file__).parent / "static"
#: name in the URL -> (where it lives: the sidecar's static folder or qa/static, media type)
_ASSETS: dict[str, tuple[str, str]] = {
    "swagger-ui-bundle.js": ("sidecar:swagger-ui-dist/swagger-ui-bundle.js", "text/javascript"),
    "swagger-ui.css": ("sidecar:swagger-ui-dist/swagger-ui.css", "text/css"),
    "favicon-32x32.png": ("sidecar:swagger-ui-dist/favicon-32x32.png", "image/png"),
    "swagger-init.js": ("own:swagger-init.js", "text/javascript"),
}
_INSTALL = ("reinstall caseqa (pip install -e .): it pins drf-spectacular-sidecar, whose "
            "files these paths are")
_FAVICON = f'<link rel="icon" type="image/png" href="{ASSETS_URL}/favicon-32x32.png">'


class AssetsMissing(RuntimeError):
    """The docs viewer's files are not installed (a broken install)."""


def _sidecar_static() -> Path:
    """The folder of the sidecar wheel's viewer files, found without importing it (its
    ``__init__`` imports Django)."""
    spec = importlib.util.find_spec(SIDECAR)
    if spec is None or not spec.submodule_search_locations:
        raise AssetsMissing(f"the API docs' viewer files are missing: {_INSTALL}")
    return Path(next(iter(spec.submodule_search_locations))) / "static" / SIDECAR


@functools.cache
def served_assets() -> dict[str, tuple[Path, str]]:
    """name -> (file, media type) of each file /schema/assets serves, all checked to
    exist. Raises AssetsMissing (saying how to install them) when one does not."""
    found = {}
    for name, (where, media_type) in _ASSETS.items():
        origin, relative = where.split(":", 1)
        found[name] = ((_sidecar_static() if origin == "sidecar" else _OWN) / relative,
                       media_type)
    missing = [str(path) for path, _ in found.values() if not path.is_file()]
    if missing:
        raise AssetsMissing(f"the API docs' viewer files are missing ({', '.join(missing)}): "
                            f"{_INSTALL}")
    return found


@get(f"{ASSETS_URL}/{{name:str}}", include_in_schema=False, opt=policy("open", headers="docs"),
     sync_to_thread=False)
def docs_asset(name: FromPath[str]) -> File:
    """One file of the docs viewers (a fixed list: nothing else of the disk is reachable)."""
    try:
        path, media_type = served_assets()[name]
    except KeyError:
        raise NotFoundException(f"no docs asset {name!r}") from None
    except AssetsMissing as missing:  # a 500 that names the fix
        raise HTTPException(status_code=500, detail=str(missing)) from missing
    # (Litestar adds "; charset=utf-8" to a text/ type itself: given here too, the header
    # said it twice.)
    return File(path, filename=path.name, content_disposition_type="inline",
                media_type=media_type,
                headers={"Cache-Control": "no-cache"})  # revalidated: ETag, Last-Modified


class LocalSwagger(OpenAPIRenderPlugin):
    """Swagger UI from /schema/assets; it fetches the spec from /schema/openapi.json.

    Litestar's SwaggerRenderPlugin takes local URLs too, but its page starts the viewer
    in an inline script (and adds an oauth2-redirect page, one more inline script)."""

    def __init__(self) -> None:
        super().__init__(path=["/", "/swagger"], favicon=_FAVICON)
        self.js_url = f"{ASSETS_URL}/swagger-ui-bundle.js"
        self.css_url = f"{ASSETS_URL}/swagger-ui.css"
        self.init_url = f"{ASSETS_URL}/swagger-init.js"

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        """The page: the viewer's files, and where its spec is."""
        title = html.escape(openapi_schema["info"]["title"])
        spec_url = html.escape(self.get_openapi_json_route(request))
        return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
                '<meta name="viewport" content="width=device-width, initial-scale=1">'
                f'<title>{title}</title>{self.favicon}'
                f'<link rel="stylesheet" href="{self.css_url}">{self.style}</head>'
                f'<body><div id="swagger-ui" data-spec-url="{spec_url}"></div>'
                f'<script src="{self.js_url}"></script><script src="{self.init_url}"></script>'
                "</body></html>").encode()


def render_plugins() -> list[OpenAPIRenderPlugin]:
    """The docs page and the schema files under /schema (Swagger UI at its root); says
    so at once when the viewer's files are missing (the rest of the service works)."""
    try:
        served_assets()
    except AssetsMissing as missing:
        log.error("%s", missing)
    return [LocalSwagger(), JsonRenderPlugin(), YamlRenderPlugin()]


def docs_routes() -> list[HTTPRouteHandler]:
    """The route of the viewers' files."""
    return [docs_asset]

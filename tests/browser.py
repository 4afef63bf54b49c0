"""Fixtures for the widget's browser tests.

The real app runs under uvicorn on a free loopback port, serving an index of ``seeds/``
built in a temporary folder; a second tiny HTTP server on another loopback port plays a
site that embeds the widget (another origin); Playwright drives Debian's Chromium.
Import the fixtures you use into the test module.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hardening import ThreadServer, free_port

from index.documents import read_paths
from index.ingest import Indexer
from index.settings import IndexSettings
from qa.app import create_app
from qa.settings import Settings

#: What ``from browser import *`` brings into a test module: the fixtures.
# The fixtures are registered once, in conftest.py: a session fixture imported into two
# test modules would be two fixtures, and two Playwright sync sessions cannot share a
# thread. So a star import of this module brings no fixtures.
__all__: list[str] = []

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
#: Screenshots are copied here too, so a person can look at them after a run.
SCREENS = Path("/tmp/caseqa-screens")


class LiveServer(ThreadServer):
    """The real app over ``settings`` under uvicorn in a background thread (``start()``,
    ``stop()``)."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(create_app(settings))

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = httpx.post(self.url + path, json=body, timeout=60)
        result: dict[str, Any] = response.json()
        return result

    def get(self, path: str) -> dict[str, Any]:
        response = httpx.get(self.url + path, timeout=60)
        response.raise_for_status()
        result: dict[str, Any] = response.json()
        return result


class ForeignSite:
    """Another origin: serves pages written by the tests, and a stalling copy of the
    service's stream (``/stall/v1/ask``) for the waiting state and the stop button."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.upstream = ""  # the live service, set once it runs
        site = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, directory=str(site.root), **kwargs)

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                if self.path != "/stall/v1/ask":
                    self.send_error(404)
                    return
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                site.stall(self, body)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.httpd.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def page(self, name: str, html: str) -> str:
        """Write a page and return its URL."""
        (self.root / name).write_text(html, encoding="utf-8")
        return f"{self.origin}/{name}"

    def stall(self, handler: http.server.BaseHTTPRequestHandler, body: bytes) -> None:
        """The real service's passages and answer text, slowly, then no end (≤ 15 s)."""
        response = httpx.post(f"{self.upstream}/v1/ask", content=body, timeout=60,
                              headers={"content-type": "application/json",
                                       "accept": "text/event-stream"})
        blocks = [b for b in response.text.replace("\r\n", "\n").split("\n\n")
                  if b.startswith(("event: passages", "event: delta"))]
        handler.send_response(200)
        handler.send_header("content-type", "text/event-stream")
        handler.send_header("cache-control", "no-cache")
        handler.end_headers()
        try:
            handler.wfile.flush()
            for block in blocks:
                time.sleep(1.0)
                handler.wfile.write(f"{block}\n\n".encode())
                handler.wfile.flush()
            for _ in range(60):
                time.sleep(0.25)
                handler.wfile.write(b": still thinking\n\n")
                handler.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser stopped reading: the stop button works


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of seeds/ built once for the session (the real bundled model)."""
    directory = tmp_path_factory.mktemp("widget") / "index"
    Indexer(IndexSettings(dir=directory)).sync(read_paths([SEEDS]))
    return directory


@pytest.fixture(scope="session")
def foreign_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ForeignSite]:
    """A second loopback origin that embeds the widget."""
    site = ForeignSite(tmp_path_factory.mktemp("foreign-site"))
    site.thread.start()
    yield site
    site.httpd.shutdown()
    site.httpd.server_close()


def app_settings(index_dir: Path, cors_origins: list[str]) -> Settings:
    """The service's settings for an index, allowing browsers from ``cors_origins``."""
    return Settings(index_dir=index_dir).overridden(server={"cors_origins": cors_origins})


@pytest.fixture(scope="session")
def live_server(seed_index: Path, foreign_site: ForeignSite) -> Iterator[LiveServer]:
    """The real app serving the seed index; the foreign site's origin may call it."""
    server = LiveServer(app_settings(seed_index, [foreign_site.origin])).start()
    foreign_site.upstream = server.url
    yield server
    server.stop()


ServerFactory = Callable[[], LiveServer]


@pytest.fixture
def server_factory(seed_index: Path, foreign_site: ForeignSite,
                   tmp_path: Path) -> Iterator[ServerFactory]:
    """Start extra servers, each on its own copy of the seed index (free to change it
    or stop it); all are stopped after the test."""
    started: list[LiveServer] = []

    def start() -> LiveServer:
        copy = tmp_path / f"index-{len(started)}"
        shutil.copytree(seed_index, copy)
        server = LiveServer(app_settings(copy, [foreign_site.origin])).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


# Per module, not per session: a live Playwright sync session keeps an event loop running
# in this thread, which would break every asyncio test that runs after it.
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, driven by Playwright (never Playwright's own build)."""
    missing = [what for what, ok in (
        ("playwright (run .ci/install-browser)", _has_playwright()),
        (f"{CHROMIUM} (run .ci/install-browser)", CHROMIUM.exists())) if not ok]
    if missing:
        pytest.fail("the browser tests need " + " and ".join(missing))
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _has_playwright() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser context (its own sessionStorage) and page at desktop size; the
    test fails if the page throws an uncaught JavaScript error."""
    context = browser.new_context(viewport={"width": 1100, "height": 800})
    context.set_default_timeout(20_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"uncaught JavaScript errors: {errors}"


def screenshot(page: Any, folder: Path, name: str) -> Path:
    """Save a screenshot under the test's folder and copy it to /tmp/caseqa-screens/."""
    path = folder / name
    page.screenshot(path=str(path))
    with contextlib.suppress(OSError):
        SCREENS.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, SCREENS / name)
    return path


def sse_events(body: str) -> list[tuple[str, Any]]:
    """(event, data) pairs of a server-sent events body."""
    events = []
    for block in body.replace("\r\n", "\n").split("\n\n"):
        name, data = "message", []
        for line in block.split("\n"):
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].removeprefix(" "))
        if data:
            events.append((name, json.loads("\n".join(data))))
    return events


def embed_page(script_src: str, **data: str) -> str:
    """A page of another site with the widget's script tag, and hostile CSS that would
    wreck the widget if its styles were not isolated."""
    attributes = " ".join(f'data-{k.replace("_", "-")}="{v}"' for k, v in data.items())
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>A court's page</title>
<style>
  * {{ color: rgb(200, 0, 0) !important; font-family: serif !important;
       letter-spacing: 3px; }}
  button {{ border: 5px dashed green; background: yellow; }}
  mark {{ background: black; }}
  body {{ background: #f3efe6; margin: 0; padding: 24px; }}
</style></head>
<body>
<h1>Court of Example: public notices</h1>
<p class="site-text">This page belongs to another site. It embeds the caseqa widget.</p>
<button class="site-button" type="button">A button of the page</button>
<script src="{script_src}" {attributes} defer></script>
</body></html>
"""

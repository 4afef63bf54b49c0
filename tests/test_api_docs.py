"""The API docs page's HTTP side through the real app: every file it names is the
service's own and is served, the viewer's CSS loads no font or image from elsewhere, the
docs' content security policy names no other host, and the schema documents the
``history`` format. (tests/test_api_docs_browser.py renders the page in Chromium.)"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from qa import api_docs
from qa.app import create_app
from qa.settings import Settings

#: src= and href= values of a page.
LINKS = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']""")
EXPECTED_MEDIA = {".js": "text/javascript", ".css": "text/css", ".png": "image/png"}


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient[Any]]:
    """The real app without its lifespan: the docs routes need no index."""
    yield TestClient(app=create_app(Settings(index_dir=tmp_path / "index")))


@pytest.mark.parametrize("path", ["/schema", "/schema/swagger"])
def test_the_docs_page_names_only_the_services_own_files(client: TestClient[Any],
                                                         path: str) -> None:
    page = client.get(path)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "http:" not in page.text and "https:" not in page.text and "//" not in page.text
    assert "<script>" not in page.text.replace(" ", "")  # no inline script
    links = LINKS.findall(page.text)
    assert {"/schema/assets/swagger-ui-bundle.js", "/schema/assets/swagger-ui.css",
            "/schema/assets/swagger-init.js", "/schema/assets/favicon-32x32.png"} <= set(links)
    for link in links:
        served = client.get(link)
        assert served.status_code == 200, link
        media = EXPECTED_MEDIA[Path(link).suffix]
        # One charset for text, none for an image (the charset was said twice).
        assert served.headers["content-type"] == (
            f"{media}; charset=utf-8" if media.startswith("text/") else media), link
        assert served.headers["content-disposition"] == \
            f'inline; filename="{Path(link).name}"', link
        assert served.headers["x-content-type-options"] == "nosniff"
    assert 'data-spec-url="/schema/openapi.json"' in page.text
    assert client.get("/schema/openapi.json").json()["paths"]["/v1/ask"]


def test_the_viewers_css_loads_no_font_or_image_from_elsewhere(
        client: TestClient[Any]) -> None:
    css = client.get("/schema/assets/swagger-ui.css").text
    assert len(css) > 10_000  # the real stylesheet
    assert "@import" not in css and "@font-face" not in css
    urls = re.findall(r"url\(\s*['\"]?([^'\")]*)", css)
    assert urls and all(url.startswith("data:") for url in urls), urls


def test_the_docs_policy_allows_the_services_own_files_only(
        client: TestClient[Any]) -> None:
    policy = client.get("/schema").headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'"  # no inline script, no eval, no CDN
    assert directives["connect-src"] == "'self'"  # "Try it out" reaches this service only
    assert directives["frame-ancestors"] == "'none'"
    for sources in directives.values():
        assert not re.search(r"https?:|//|\*", sources), sources


@pytest.mark.parametrize("path", ["/schema/assets/app.py", "/schema/assets/..%2Fapp.py",
                                  "/schema/assets/swagger-ui.css.map", "/schema/redoc",
                                  "/schema/elements", "/schema/rapidoc",
                                  "/schema/oauth2-redirect.html"])
def test_nothing_else_is_served_under_schema(client: TestClient[Any],
                                             path: str) -> None:
    # Litestar's other viewers (and Swagger's OAuth page) load from CDNs: not served.
    assert client.get(path).status_code == 404


def test_missing_viewer_files_name_the_fix(client: TestClient[Any],
                                           monkeypatch: pytest.MonkeyPatch,
                                           caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(api_docs, "SIDECAR", "no_such_sidecar_package")
    api_docs.served_assets.cache_clear()
    try:
        with caplog.at_level(logging.ERROR, logger="caseqa.app"):
            create_app(Settings())  # starts (the API works), and says what is wrong
        said = caplog.text
        response = client.get("/schema/assets/swagger-ui.css")
    finally:
        api_docs.served_assets.cache_clear()
    assert "docs' viewer files are missing" in said and "pip install -e ." in said
    assert response.status_code == 500
    assert "drf-spectacular-sidecar" in response.json()["error"]


def test_the_schema_documents_the_history_format(client: TestClient[Any]) -> None:
    schemas = client.get("/schema/openapi.json").json()["components"]["schemas"]
    history = schemas["AskRequest"]["properties"]["history"]
    assert "oldest first" in history["description"]
    assert '[{"role": "user" | "assistant", "content": "..."}]' in history["description"]
    turn = schemas[history["items"]["$ref"].rsplit("/", 1)[1]]
    assert turn["properties"]["role"]["enum"] == ["user", "assistant"]
    assert set(turn["required"]) == {"role", "content"}

"""Fuzzing from the app's own OpenAPI schema (schemathesis) against a real ``caseqa serve``
on loopback with API keys configured: over a thousand generated requests, valid and
invalid, across every route; no 5xx, and every response as the schema describes it."""

from __future__ import annotations

import re
import shutil
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
from hardening import ADMIN_KEY, READ_KEY, SEEDS, Server, keys_setting
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import APIOperation, GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    ignored_auth,
    negative_data_rejection,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from index.documents import read_paths
from index.ingest import Indexer
from index.settings import IndexSettings

#: Generated cases per operation and mode: 7 operations x (100 + 50) > 1,000 requests;
#: /healthz and /readyz take no input, so they have one valid form and no invalid one.
POSITIVE, NEGATIVE = 100, 50
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, response_headers_conformance, ignored_auth]
ADMIN = {"Authorization": f"Bearer {ADMIN_KEY}"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("fuzz")
    settings = IndexSettings(dir=root / "index")
    Indexer(settings).sync(read_paths([SEEDS]))
    with Server(settings.dir, root / "serve.log",
                CASEQA_SECURITY__API_KEYS=keys_setting({"ops": (ADMIN_KEY, "admin"),
                                                        "reader": (READ_KEY, "read")}),
                CASEQA_SECURITY__RATE_PER_MINUTE="0") as running:
        yield running
    shutil.rmtree(root, ignore_errors=True)


def fuzz(server: Server, operation: APIOperation, mode: GenerationMode, examples: int,
         sent: Counter[str]) -> None:
    """Send ``examples`` generated requests to one operation and check each answer."""
    checks = [*CHECKS, negative_data_rejection] if mode is GenerationMode.NEGATIVE else CHECKS

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=examples, deadline=None, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    def run(case: schemathesis.Case) -> None:
        response = case.call(base_url=server.url, headers=ADMIN, timeout=60)
        sent[operation.label] += 1
        active = checks
        if response.status_code == 413:
            # Refused for its size before any validation (a negative case with an
            # over-long field): a rejection all the same, which the check does not know.
            active = [check for check in checks if check is not negative_data_rejection]
        case.validate_response(response, checks=active)

    try:
        run()
    except Unsatisfiable:  # nothing to make invalid
        assert mode is GenerationMode.NEGATIVE and not takes_input(operation)


def takes_input(operation: APIOperation) -> bool:
    """Whether requests to the operation carry anything but an API key."""
    return bool(operation.body) or any(p.location != "header"
                                       for p in operation.iter_parameters())


def served(server: Server) -> dict[str, int]:
    """Requests the server has answered, by status code, from its own metrics."""
    text = httpx.get(f"{server.url}/metrics", headers=ADMIN).text
    counts: Counter[str] = Counter()
    for line in text.splitlines():
        found = re.match(r'caseqa_requests_total\{.*status_code="(\d+)".*\} ([\d.e+]+)', line)
        if found:
            counts[found.group(1)] += int(float(found.group(2)))
    return dict(counts)


def test_generated_requests_across_every_route_get_no_5xx_and_match_the_schema(
        server: Server) -> None:
    before = served(server)
    schema = schemathesis.openapi.from_url(f"{server.url}/schema/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 9
    sent: Counter[str] = Counter()
    for operation in operations:
        started = time.perf_counter()
        fuzz(server, operation, GenerationMode.POSITIVE, POSITIVE, sent)
        fuzz(server, operation, GenerationMode.NEGATIVE, NEGATIVE, sent)
        print(f"{operation.label}: {sent[operation.label]} requests, "
              f"{time.perf_counter() - started:.1f} s")
    after = served(server)
    answered = {code: n - before.get(code, 0) for code, n in after.items()}
    print(f"schemathesis: {sum(sent.values())} generated cases; the server answered "
          f"{sum(answered.values())} requests (with the auth probes): {answered}")
    assert sum(sent.values()) >= 1000
    assert not [code for code in answered if code.startswith("5")], answered
    assert all(sent[op.label] >= (100 if takes_input(op) else 1) for op in operations), sent
    assert "Traceback" not in server.output()
    assert httpx.get(f"{server.url}/readyz").status_code == 200


def test_limits_hold_on_the_real_server(server: Server, tmp_path: Path) -> None:
    # What the test client cannot send: a chunked body with no length, a slow body.
    def chunks() -> Iterator[bytes]:
        yield b'{"query": "'
        for _ in range(40):
            yield b"x" * 65536
        yield b'"}'

    response = httpx.post(f"{server.url}/v1/search", content=chunks(), timeout=60,
                          headers={**ADMIN, "content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["request_id"] == response.headers["x-request-id"]
    response = httpx.post(f"{server.url}/v1/ask", json={"question": "what remedies?"},
                          headers={"X-API-Key": READ_KEY}, timeout=60)
    assert response.status_code == 200
    assert response.headers["content-security-policy"].startswith("default-src 'none'")
    assert "server" not in response.headers  # no version banner

"""Sub-commands beyond ``index``: serve, ask, and eval (registered from ``eval``)."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import textwrap
from collections.abc import Callable
from typing import Any

from qa.errors import QAError
from qa.models import MODES
from qa.settings import Settings


class EvalUnavailable(QAError):
    """The eval package could not be imported."""


AddIndexDir = Callable[[argparse.ArgumentParser], None]
Register = Callable[[Any, type[argparse.HelpFormatter], AddIndexDir], None]


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    """Run the HTTP service until SIGINT or SIGTERM; 0 after such a stop (qa.serving)."""
    from qa.app import create_app
    from qa.security.binding import listen_host
    from qa.serving import serve

    server = settings.server.model_copy(update={
        k: v for k, v in (("host", args.host), ("port", args.port)) if v is not None})
    host, notes = listen_host(settings, server.host, args.allow_remote)
    server = server.model_copy(update={"host": host})
    settings = settings.model_copy(update={"server": server})
    for note in notes:
        print(f"caseqa: {note}", flush=True)
    print(f"caseqa: serving {settings.index.dir} at http://{server.host}:{server.port}/ "
          f"(API docs at /schema)", flush=True)
    return serve(create_app(settings), host=server.host, port=server.port,
                 log_level="warning" if not args.verbose else "info",
                 limit_concurrency=settings.security.max_connections, server_header=False)


def _print_answer(data: dict[str, Any], with_text: bool = True) -> None:
    if with_text:
        print(data["answer"])
    for warning in data.get("warnings", []):
        print(f"warning: {warning}", file=sys.stderr)
    if data["citations"]:
        print()
    for c in data["citations"]:
        pages = c.get("pages") or []
        where = (f"p. {pages[0]}, " if len(pages) == 1 else
                 f"pp. {pages[0]}-{pages[-1]}, " if pages else "")
        print(f"[{c['n']}] {c['title']} ({c['doc_id']}, {where}characters "
              f"{c['start']}-{c['end']})")
        print(textwrap.indent(textwrap.fill(c["quote"], 96), "    "))


async def _ask(args: argparse.Namespace, settings: Settings) -> int:
    from qa.models import Answer, Question
    from qa.service import QAService

    question = Question(args.question, args.k, args.doc_id or None, None, args.mode)
    answer: Answer | None = None
    stream = not args.json and (args.mode or settings.answer.mode) == "llm"
    printed: list[str] = []
    async with QAService.open(settings, create=False) as service:
        async for event in service.ask_stream(question):
            if event.name == "delta" and stream:
                printed.append(event.data)
                print(event.data, end="", flush=True)
            elif event.name == "done":
                answer = event.data
    assert answer is not None
    if args.json:
        print(json.dumps(answer.public(), ensure_ascii=False, indent=2))
    else:
        # After an LLM failure mid-answer the streamed text is replaced by the fallback.
        replaced = stream and answer.mode != "llm" and "".join(printed) != answer.answer
        if stream:
            print("\n\n(replaced by the extractive answer:)" if replaced else "")
        _print_answer(answer.public(), with_text=not stream or replaced)
    return 0


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    """Answer one question in the terminal."""
    return asyncio.run(_ask(args, settings))


def register_serve(sub: Any, fmt: type[argparse.HelpFormatter], index_dir: AddIndexDir) -> None:
    """caseqa serve."""
    p = sub.add_parser(
        "serve", formatter_class=fmt, help="run the HTTP service",
        description="Serve the HTTP API, the chat page (/) and the widget (/widget.js).",
        epilog="examples:\n  caseqa serve\n  caseqa serve --host 0.0.0.0 --port 8080 "
               "--index-dir data/index\n  CASEQA_LLM__BASE_URL=http://127.0.0.1:8080/v1 "
               "caseqa serve\n  CASEQA_SECURITY__API_KEYS='[{\"name\": \"ops\", \"sha256\": "
               "\"...\", \"scope\": \"admin\"}]' caseqa serve --host 0.0.0.0")
    index_dir(p)
    p.add_argument("--host", default=None, help="address (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=None, help="port (default: 8000)")
    p.add_argument("--allow-remote", action="store_true",
                   help="listen beyond loopback even with no API keys configured")
    p.set_defaults(handler=cmd_serve)


def register_ask(sub: Any, fmt: type[argparse.HelpFormatter], index_dir: AddIndexDir) -> None:
    """caseqa ask."""
    p = sub.add_parser(
        "ask", formatter_class=fmt, help="answer a question in the terminal",
        description="Answer a question from the index, with numbered citations and the "
                    "cited passages under the answer.",
        epilog="examples:\n  caseqa ask \"what remedies were sought?\"\n"
               "  caseqa ask --json \"who interpreted the case?\"\n"
               "  caseqa ask --mode llm \"which law puts the burden of proof on the victim?\"")
    p.add_argument("question", help="the question")
    index_dir(p)
    p.add_argument("--k", type=int, default=None,
                   help="passages to retrieve (default: CASEQA_RETRIEVAL__K, 8)")
    p.add_argument("--doc-id", action="append", default=[],
                   help="only search this document (repeatable)")
    p.add_argument("--mode", choices=MODES, default=None,
                   help="answerer (default: extractive, or CASEQA_ANSWER__MODE)")
    p.add_argument("--json", action="store_true", help="print the API's JSON")
    p.set_defaults(handler=cmd_ask)


def _register_eval(sub: Any, fmt: type[argparse.HelpFormatter], index_dir: AddIndexDir) -> None:
    try:
        from eval.cli import register
    except ImportError as exc:  # say so when it is used, never drop the command silently
        reason = f"{type(exc).__name__}: {exc}"
        p = sub.add_parser("eval", formatter_class=fmt, help="evaluate (unavailable: see "
                           "`caseqa eval`)", description=f"caseqa eval cannot start: {reason}",
                           epilog="example:\n  pip install --force-reinstall caseqa")
        p.add_argument("args", nargs=argparse.REMAINDER, help="eval's arguments")

        def unavailable(args: argparse.Namespace, settings: Settings) -> int:
            raise EvalUnavailable(f"caseqa eval cannot start ({reason}); reinstall caseqa "
                                  "(pip install -e . in a checkout) to restore the eval "
                                  "package")

        p.set_defaults(handler=unavailable, index_dir=None)
        return
    register(sub, fmt, index_dir)


def _register_keys(sub: Any, fmt: type[argparse.HelpFormatter], index_dir: AddIndexDir) -> None:
    from qa.security.cli import register_keys

    register_keys(sub, fmt, index_dir)


REGISTRY: dict[str, Register] = {
    "serve": register_serve,
    "ask": register_ask,
    "eval": _register_eval,
    "keys": _register_keys,
}

"""The ``caseqa`` command: index, serve, ask, eval."""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_settings import SettingsError

from index.errors import IndexError_, InputError
from qa.errors import QAError
from qa.settings import Settings

SEEDS = Path("seeds")
Handler = Callable[[argparse.Namespace, Settings], int]


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Examples keep their lines; each option's help says its default itself, once."""


def _index_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--index-dir", type=Path, default=None,
        help="index directory (default: $CASEQA_INDEX_DIR, else data/index)")


def _progress_factory(quiet: bool) -> Any:
    from tqdm import tqdm

    def factory(total: int, what: str) -> Any:
        unit = "text" if what == "sentence vectors" else "chunk"
        return tqdm(total=total, desc=what, unit=unit, disable=quiet, file=sys.stderr)

    return factory


def cmd_index(args: argparse.Namespace, settings: Settings) -> int:
    """Index folders and corpus JSONL files; PDF and Word files that cannot be read, and
    files of a folder that are no document (blank...), are skipped with a message (exit
    status 1), the rest is indexed."""
    from index.documents import read_paths
    from index.ingest import Indexer, rebuild
    from qa.answering.sentence_vectors import refresh_index

    progress = _progress_factory(args.quiet)
    skipped: list[InputError] = []
    limit = settings.index.extract.max_docx_inflated_bytes
    if args.rebuild:
        report = rebuild(settings.index, read_paths(args.paths, skipped, limit),
                         progress=progress)
    else:
        docs = read_paths(args.paths or [SEEDS], skipped, limit)
        report = Indexer(settings.index).sync(docs, prune=args.prune, progress=progress)
    refresh_index(settings, progress)
    print(f"{settings.index.dir}: {report.summary()}")
    for error in skipped:
        print(f"caseqa: skipped {error}", file=sys.stderr)
    return 1 if skipped else 0


def build_parser(handlers: dict[str, Handler] | None = None) -> argparse.ArgumentParser:
    """The argument parser, with an example in every command's help."""
    parser = argparse.ArgumentParser(
        prog="caseqa", formatter_class=_Formatter,
        description="Question answering over legal case commentary, with cited sources.",
        epilog="examples:\n  caseqa index seeds/\n  caseqa serve\n"
               "  caseqa ask \"what remedies were sought?\"\n"
               "  caseqa eval eval/gold/seeds.jsonl")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "index", formatter_class=_Formatter, help="index documents",
        description="Chunk, embed and store documents. Re-running on the same input embeds "
                    "nothing; a changed document is re-embedded alone.",
        epilog="examples:\n  caseqa index seeds/\n  caseqa index judgments/ memo.docx ruling.pdf\n"
               "  caseqa index corpus.jsonl more-docs/ --index-dir data/other\n"
               "  caseqa index --prune seeds/      # also drop documents no longer there\n"
               "  caseqa index --rebuild           # re-chunk and re-embed with new settings")
    p.add_argument("paths", nargs="*", type=Path,
                   help="folders of .txt/.md/.html/.pdf/.docx files, such files, and "
                        "corpus .jsonl files (default: seeds/)")
    _index_dir(p)
    p.add_argument("--prune", action="store_true",
                   help="delete stored documents that are not in the given paths")
    p.add_argument("--rebuild", action="store_true",
                   help="rebuild the whole index with the current settings")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(handler=cmd_index)

    for register in _extra_commands().values():
        register(sub, _Formatter, _index_dir)
    return parser


def _extra_commands() -> dict[str, Callable[..., None]]:
    from qa import commands

    return commands.REGISTRY


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def settings_error(exc: ValidationError | SettingsError) -> str:
    """One line naming each bad ``CASEQA_*`` variable and what it must be (never its value)."""
    if isinstance(exc, SettingsError):  # a value that is not the JSON its field needs
        field = re.search(r'field "(\w+)"', str(exc))
        prefix = f"CASEQA_{field.group(1)}".upper() if field else "CASEQA_"
        names = [k for k, v in sorted(os.environ.items())
                 if k.upper().startswith(prefix) and not _is_json(v)] or [prefix + "*"]
        return (f"{', '.join(names)}: not valid JSON; a list or object setting is written "
                "in JSON, e.g. CASEQA_SERVER__CORS_ORIGINS='[\"https://example.org\"]'")
    problems = []
    for error in exc.errors(include_input=False, include_url=False):
        name = "CASEQA_" + "__".join(str(part).upper() for part in error["loc"]
                                     if isinstance(part, str))
        problems.append(f"{name}: {error['msg']}")
    return "; ".join(problems) + " (fix or unset the variable; `caseqa COMMAND --help` and " \
        "qa/settings.py list them)"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``caseqa`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        settings = Settings().with_index_dir(args.index_dir)
    except (ValidationError, SettingsError) as exc:
        print(f"caseqa: error: {settings_error(exc)}", file=sys.stderr)
        return 2
    try:
        code: int = args.handler(args, settings)
        return code
    except (IndexError_, QAError) as exc:
        print(f"caseqa: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("caseqa: interrupted; the index is as it was before this run", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())

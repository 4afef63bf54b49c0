"""``caseqa keys``: make an API key, or hash one for the settings."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from typing import Any

from qa.security.keys import hash_key, new_key
from qa.settings import Settings


def _name(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9_.-]{1,64}", value):
        raise argparse.ArgumentTypeError("use 1-64 letters, digits, '_', '.' or '-'")
    return value


def _entry(name: str, digest: str, scope: str) -> str:
    return json.dumps({"name": name, "sha256": digest, "scope": scope})


def cmd_new(args: argparse.Namespace, settings: Settings) -> int:
    """Print a fresh key once, and the settings entry holding only its hash."""
    del settings
    key = new_key()
    entry = _entry(args.name, hash_key(key), args.scope)
    print(f"key for {args.name!r} ({args.scope}); give it to its holder, it is stored "
          f"nowhere:\n\n  {key}\n")
    print(f"settings entry (the hash only):\n\n  {entry}\n\ne.g.\n\n  "
          f"CASEQA_SECURITY__API_KEYS='[{entry}]' caseqa serve --host 0.0.0.0")
    return 0


def cmd_hash(args: argparse.Namespace, settings: Settings) -> int:
    """Hash keys read from standard input, one a line (never from the command line, which
    would leave them in the shell's history)."""
    del settings
    for line in sys.stdin:
        key = line.rstrip("\r\n")
        if key:
            digest = hash_key(key)
            print(_entry(args.name, digest, args.scope) if args.name else digest)
    return 0


def register_keys(sub: Any, fmt: type[argparse.HelpFormatter],
                  index_dir: Callable[[argparse.ArgumentParser], None]) -> None:
    """caseqa keys new | hash."""
    del index_dir
    p = sub.add_parser(
        "keys", formatter_class=fmt, help="make or hash API keys",
        description="API keys are stored in the settings as sha256 hashes only "
                    "(CASEQA_SECURITY__API_KEYS). A key is sent as 'Authorization: Bearer KEY'"
                    " or 'X-API-Key: KEY'.",
        epilog="examples:\n  caseqa keys new --name widget --scope read\n"
               "  caseqa keys new --name ops --scope admin\n"
               "  printf '%s\\n' \"$KEY\" | caseqa keys hash\n"
               "  printf %s \"$KEY\" | sha256sum      # the same hash, without caseqa")
    keys = p.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    new = keys.add_parser("new", formatter_class=fmt, help="make a key and its settings entry",
                          epilog="example:\n  caseqa keys new --name widget --scope read")
    new.add_argument("--name", type=_name, default="default",
                     help="who holds the key, logged (default: default)")
    new.add_argument("--scope", choices=["read", "admin"], default="read",
                     help="read: search, ask, read documents; admin: also change documents "
                          "(default: read)")
    new.set_defaults(handler=cmd_new, index_dir=None)
    hashed = keys.add_parser("hash", formatter_class=fmt,
                             help="print the sha256 of keys read from stdin, one a line",
                             epilog="example:\n  printf '%s\\n' \"$KEY\" | caseqa keys hash "
                                    "--name ops --scope admin")
    hashed.add_argument("--name", type=_name, default=None,
                        help="print a settings entry with this name instead of the bare hash")
    hashed.add_argument("--scope", choices=["read", "admin"], default="read",
                        help="scope of the printed entry, with --name (default: read)")
    hashed.set_defaults(handler=cmd_hash, index_dir=None)

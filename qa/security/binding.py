"""Where ``caseqa serve`` may listen: without API keys, loopback only unless told."""

from __future__ import annotations

import ipaddress

from qa.settings import Settings

LOOPBACK = "127.0.0.1"


def is_loopback(host: str) -> bool:
    """Whether only this machine can reach ``host``."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name: it may resolve anywhere


def listen_host(settings: Settings, requested: str, allow_remote: bool) -> tuple[str, list[str]]:
    """The host to bind and what to say about it at start-up."""
    security = settings.security
    notes: list[str] = []
    host = requested
    if security.keys_configured:
        admins = sum(1 for k in security.api_keys if k.scope == "admin")
        notes.append(f"API keys: {len(security.api_keys)} configured ({admins} admin); "
                     + ("reading is open without a key" if security.open_read
                        else "every /v1 route needs a key"))
    elif is_loopback(requested):
        notes.append(f"no API keys are configured: every route, document changes included, "
                     f"is open to anyone on this machine; listening on {requested} only")
    elif allow_remote or security.allow_remote_without_keys:
        notes.append(f"WARNING: no API keys are configured and caseqa listens on {requested}: "
                     "anyone who can reach it can read and change the index")
    else:
        host = LOOPBACK
        notes.append(f"no API keys are configured, so caseqa listens on {LOOPBACK} only, "
                     f"not {requested}: configure keys (`caseqa keys new`, then "
                     "CASEQA_SECURITY__API_KEYS) or pass --allow-remote to serve other "
                     "machines without them")
    if settings.server.log_questions:
        notes.append("questions and answers are written to the log "
                     "(CASEQA_SERVER__LOG_QUESTIONS): they may hold personal information; "
                     "keep those logs no longer than needed")
    return host, notes

"""Run the app under uvicorn until SIGINT or SIGTERM, then end with exit status 0.

uvicorn (since 0.29) shuts down gracefully on SIGINT/SIGTERM and then raises the signal
again, so the process dies of it. Under ``make serve`` that turns every normal stop into
``make: *** [serve] Terminated`` (SIGTERM) or ``... Interrupt`` (Ctrl-C). A server stopped
by a signal has done what was asked: here ``caseqa serve`` then returns 0, and ``make``
(whose direct child it is) stays quiet. Imported by ``caseqa serve`` only, so that other
commands do not pay for importing uvicorn.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from typing import Any

import uvicorn

# What uvicorn's graceful shutdown answers (its HANDLED_SIGNALS on POSIX).
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class _Server(uvicorn.Server):
    """uvicorn's server, without raising the stop signal again after the shutdown."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        """As uvicorn's, minus the final ``signal.raise_signal`` of what was caught."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        original = {sig: signal.signal(sig, self.handle_exit) for sig in STOP_SIGNALS}
        try:
            yield
        finally:
            for sig, handler in original.items():
                signal.signal(sig, handler)


def serve(app: Any, **config: Any) -> int:
    """Serve ``app`` (an ASGI app) with ``uvicorn.Config(app, **config)`` until stopped.

    Returns 0 after a stop by SIGINT or SIGTERM (a second SIGINT forces the shutdown, as
    with uvicorn). A server that cannot start (the port is taken, the app's start-up fails)
    is uvicorn's ``SystemExit(3)``, after it has logged why.
    """
    _Server(uvicorn.Config(app, **config)).run()
    return 0

"""Rate limits (token buckets per caller) and the bound on concurrent answer work."""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from collections import OrderedDict, deque
from collections.abc import Callable

from qa.errors import Overloaded

Clock = Callable[[], float]


class RateLimiter:
    """A token bucket per caller: ``per_minute`` requests a minute, ``burst`` at once.

    Buckets live in the event loop's thread only, so they need no lock. The least
    recently seen callers are forgotten past ``max_callers``, so a flood of addresses
    cannot grow memory without bound (a forgotten caller starts again with a full bucket).
    """

    def __init__(self, per_minute: int, burst: int, clock: Clock = time.monotonic,
                 max_callers: int = 100_000) -> None:
        self.per_minute = per_minute
        self.burst = burst
        self._clock = clock
        self._max_callers = max_callers
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def take(self, caller: str, per_minute: int | None = None) -> float:
        """Spend one request: 0.0 when allowed, else the seconds until the next is."""
        rate = self.per_minute if per_minute is None else per_minute
        if rate <= 0:
            return 0.0
        now = self._clock()
        tokens, then = self._buckets.pop(caller, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - then) * rate / 60.0)
        wait = 0.0
        if tokens >= 1.0:
            tokens -= 1.0
        else:
            wait = (1.0 - tokens) * 60.0 / rate
        self._buckets[caller] = (tokens, now)
        while len(self._buckets) > self._max_callers:
            self._buckets.popitem(last=False)
        return wait

    def __len__(self) -> int:
        return len(self._buckets)


def retry_after(seconds: float) -> int:
    """A Retry-After value: whole seconds, at least one."""
    return max(1, math.ceil(seconds))


class AnswerGate:
    """At most ``slots`` answers at once; up to ``queue`` more wait (FIFO) for at most
    ``wait`` seconds; beyond that, Overloaded (a 503 with Retry-After).

    Written with plain futures so that a slot granted at the instant its waiter times
    out or is cancelled is passed on, never lost, and the cancellation is not swallowed.
    """

    def __init__(self, slots: int, queue: int, wait: float) -> None:
        self.slots = slots
        self.queue = queue
        self.wait = wait
        self._free = slots
        self._waiters: deque[asyncio.Future[None]] = deque()

    @property
    def busy(self) -> int:
        """Slots in use."""
        return self.slots - self._free

    @property
    def waiting(self) -> int:
        """Requests waiting for a slot."""
        return sum(1 for w in self._waiters if not w.done())

    async def acquire(self) -> None:
        """Take a slot, waiting in line if need be; raise Overloaded if the line is full
        or the wait too long."""
        if self._free > 0 and not self.waiting:
            self._free -= 1
            return
        if self.waiting >= self.queue:
            raise Overloaded(f"the service is busy ({self.slots} answers in progress, "
                             f"{self.waiting} waiting): try again shortly",
                             retry_after=retry_after(min(self.wait, 2.0)))
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            # Not wait_for: on 3.11 it can swallow a cancellation that arrives with the slot.
            async with asyncio.timeout(self.wait):
                await waiter
        except BaseException as exc:
            if waiter.done() and not waiter.cancelled():
                self.release()  # granted at the last moment: hand it on
            else:
                waiter.cancel()
            self._discard(waiter)
            if isinstance(exc, TimeoutError):
                raise Overloaded(f"the service is busy: no answer slot within {self.wait:g} s;"
                                 " try again shortly", retry_after=retry_after(self.wait)
                                 ) from None
            raise

    def release(self) -> None:
        """Give a slot back: to the first live waiter, else to the pool."""
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return
        self._free += 1

    def _discard(self, waiter: asyncio.Future[None]) -> None:
        with contextlib.suppress(ValueError):
            self._waiters.remove(waiter)

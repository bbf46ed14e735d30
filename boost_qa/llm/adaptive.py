"""Adaptive concurrency: fewer calls in flight after a 429, slowly more after successes.

Why: a fixed ``--concurrency`` either leaves a generous provider idle or keeps hammering a
strained one with calls that come back 429 and must be retried. AIMD (additive increase,
multiplicative decrease, as TCP and NeMo Data Designer do it) finds the level the provider
sustains: a 429 halves the window (never below 1), and every ``limit`` successes in a row
(about one round trip of calls) add one slot, up to the configured concurrency.

A burst of 429s is one signal, not many: calls sent before the last cut were sent under the
old window, so their 429s do not cut again (once per round trip, as TCP counts losses).

The window is shared by every event loop and thread of a process: the count sits behind a
thread lock and a waiting call is woken on its own loop (``call_soon_threadsafe``), so it
binds to no loop when it is made.
"""

from __future__ import annotations

import asyncio
import threading
import weakref
from collections import deque
from types import TracebackType

_latest: weakref.ref[AdaptiveWindow] | None = None


def latest_window() -> AdaptiveWindow | None:
    """The window that most recently let a call through in this process (for progress)."""
    return None if _latest is None else _latest()


class AdaptiveWindow:
    """A semaphore whose size moves between 1 and ``maximum`` by AIMD.

    Use ``async with window:`` around a call; report its outcome with :meth:`succeeded` or,
    for a 429, :meth:`cut` with the :attr:`generation` read when the attempt was sent.
    """

    def __init__(self, maximum: int) -> None:
        if maximum < 1:
            raise ValueError("maximum must be at least 1")
        self.maximum = maximum
        self.limit = maximum
        self.generation = 0
        """How many cuts so far; an attempt remembers it to tell old 429s from new ones."""
        self.cuts = 0
        self.in_use = 0
        self._successes = 0
        self._lock = threading.Lock()
        self._waiters: deque[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = deque()

    async def __aenter__(self) -> AdaptiveWindow:
        """Take a slot, waiting while the window is full."""
        global _latest
        if _latest is None or _latest() is not self:
            _latest = weakref.ref(self)
        with self._lock:
            if self.in_use < self.limit and not self._waiters:
                self.in_use += 1
                return self
            loop = asyncio.get_running_loop()
            waiter: asyncio.Future[None] = loop.create_future()
            self._waiters.append((loop, waiter))
        try:
            await waiter
        except BaseException:
            with self._lock:
                try:
                    self._waiters.remove((loop, waiter))
                    granted = False
                except ValueError:
                    granted = True  # the slot was handed over as we were cancelled
            if granted:
                self._release()
            raise
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Give the slot back (to the next waiter, if the window has room)."""
        self._release()

    def succeeded(self) -> None:
        """Count one success; grow by one slot after ``limit`` of them."""
        with self._lock:
            self._successes += 1
            if self._successes < self.limit or self.limit >= self.maximum:
                return
            self._successes = 0
            self.limit += 1
            woken = self._hand_over()
        self._wake(woken)

    def cut(self, generation: int) -> bool:
        """Halve the window after a 429, once per round trip; return whether it was cut.

        Args:
            generation: :attr:`generation` when the attempt that got the 429 was sent.
        """
        with self._lock:
            if generation != self.generation:
                return False
            self.generation += 1
            self.cuts += 1
            self.limit = max(1, self.limit // 2)
            self._successes = 0
            return True

    def _release(self) -> None:
        with self._lock:
            self.in_use -= 1
            woken = self._hand_over()
        self._wake(woken)

    def _hand_over(self) -> list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]]:
        """Give free slots to waiters (under the lock); they are woken outside it."""
        woken = []
        while self._waiters and self.in_use < self.limit:
            woken.append(self._waiters.popleft())
            self.in_use += 1
        return woken

    def _wake(self, woken: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]]) -> None:
        try:
            running: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        for loop, waiter in woken:
            if loop is running:  # the usual case: no wake-up write to the loop's self-pipe
                _grant(waiter)
                continue
            try:
                loop.call_soon_threadsafe(_grant, waiter)
            except RuntimeError:  # the waiter's loop is closed: its slot goes to the next one
                self._release()


def _grant(waiter: asyncio.Future[None]) -> None:
    # A cancelled waiter's own handler in __aenter__ sees it was granted and releases.
    if not waiter.done():
        waiter.set_result(None)

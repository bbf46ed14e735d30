"""A request-rate limit for model calls (``calls.max_requests_per_minute`` in a recipe).

Why: providers cap requests per minute per key. Retrying 429s works but wastes calls and
time; pacing the calls keeps a build just under the cap. The concurrency limit cannot do this
alone, since how many calls per minute N calls in flight make depends on the provider's latency.

How: the schedule is a GCRA ("virtual scheduling") limiter that spaces requests ``60 / rpm``
seconds apart: each request reserves the next free slot and waits until it comes. A
reservation is a pure computation on a clock value, so one schedule can sit behind a thread
lock (one process, any number of event loops: :class:`RequestRateLimiter`) or inside a Ray
actor that every worker of a cluster asks for its slot (``boost_qa.pipeline.engines.ray``).
"""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Protocol


class Limiter(Protocol):
    """What the gateway awaits before every request it sends to a provider."""

    async def acquire(self) -> None:
        """Return when the next request may be sent."""
        ...


class RateSchedule:
    """Evenly spaced request slots: at most one request every ``60 / per_minute`` seconds."""

    def __init__(self, per_minute: int) -> None:
        if per_minute < 1:
            raise ValueError("per_minute must be at least 1")
        self.interval = 60.0 / per_minute
        self._next = float("-inf")

    def reserve(self, now: float) -> float:
        """Take the next free slot; return how many seconds to wait for it (0 when free now)."""
        slot = max(now, self._next)
        self._next = slot + self.interval
        return slot - now


class RequestRateLimiter:
    """A :class:`RateSchedule` shared by every event loop and thread of one process."""

    def __init__(self, per_minute: int) -> None:
        self._schedule = RateSchedule(per_minute)
        self._lock = threading.Lock()

    async def acquire(self) -> None:
        """Wait for this request's slot."""
        with self._lock:
            wait = self._schedule.reserve(time.monotonic())
        if wait > 0:
            await asyncio.sleep(wait)

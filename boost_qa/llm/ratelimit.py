"""Request and token rates for model calls: the recipe's caps and the provider's own limits.

Why: providers cap requests *and* tokens per minute per key. Retrying 429s works but wastes
calls and time; pacing the calls keeps a build just under the limits. The concurrency limit
cannot do this alone, since how many calls per minute N calls in flight make depends on the
provider's latency.

What is limited: ``calls.max_requests_per_minute`` and ``calls.max_tokens_per_minute`` in a
recipe are caps; with ``calls.follow_rate_limit_headers`` (the default) the limits a provider
announces in its ``x-ratelimit-*`` headers (:mod:`boost_qa.llm.provider_limits`) apply too, and
the effective rate is the lower of the two. Until the first answer says whether the provider
announces limits, one call goes at a time (a probe), so a provider's small burst is never
overrun by the build's first wave. An announced ``remaining`` of 0 holds every call until the
announced reset.

How: each rate is a GCRA (generic cell rate algorithm) schedule: a token bucket kept as one
number, the time its debt is paid off. A call reserves an estimate of its tokens before it is
sent (prompt characters / 4 + ``max_tokens``, what OpenAI counts against the limit) and settles
with the real usage afterwards, so unused ``max_tokens`` come back. A reservation is a pure
computation on a clock value (:class:`RateBook`), so one book can sit behind a thread lock (one
process, any number of event loops: :class:`ProcessLimiter`) or inside a Ray actor that every
worker of a cluster asks (``boost_qa.pipeline.engines.ray``).
"""

from __future__ import annotations

import asyncio
import math
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from boost_qa.llm.provider_limits import (
    Headers,
    LimitWindow,
    ProviderLimits,
    parse_rate_limit_headers,
)

if TYPE_CHECKING:
    from boost_qa.llm.retry import RetryPolicy
    from boost_qa.types import ChatRequest

PROBE_POLL = 0.02
"""Seconds between looks at the book while the probe call is out."""

CAPACITY_MARGIN = 0.9
"""The share of a provider's announced burst the limiter uses: clocks and rounding differ."""


@dataclass(frozen=True)
class Permit:
    """What one attempt reserved, to settle when its answer (or failure) is back."""

    tokens: int = 0
    probe: bool = False
    charged: bool = False
    """Whether a token schedule existed to take ``tokens`` from (else nothing to refund)."""


class Limiter(Protocol):
    """What the gateway awaits before every attempt it sends to a provider, and settles after."""

    async def acquire(self, tokens: int = 0) -> Permit:
        """Return when the next attempt, expected to use ``tokens``, may be sent."""
        ...

    def settle(self, permit: Permit, used: int | None, headers: Headers = ()) -> None:
        """Account an attempt's real token usage (None: it failed) and the limits it announced."""
        ...


def estimate_tokens(request: ChatRequest) -> int:
    """Tokens a provider counts against the limit when the call arrives: prompt + max_tokens."""
    characters = sum(len(content) for _, content in request.messages)
    return math.ceil(characters / 4) + request.max_tokens


class Schedule:
    """A GCRA rate: ``per_minute`` units a minute, up to ``burst`` of them at once.

    ``burst=None`` spaces the units evenly: a reservation waits until every earlier unit is paid
    off, and the first one goes at once (one request every ``60 / per_minute`` seconds).
    """

    def __init__(self, per_minute: float, burst: float | None = None) -> None:
        if per_minute <= 0:
            raise ValueError("per_minute must be positive")
        self.rate = per_minute / 60.0
        self.burst = burst
        self._paid_off = float("-inf")

    def start(self, now: float, cost: float) -> float:
        """The earliest time (>= ``now``) at which ``cost`` units fit; reserves nothing."""
        paid_off = max(self._paid_off, now)
        burst = cost if self.burst is None else max(self.burst, cost)
        return max(now, paid_off + (cost - burst) / self.rate)

    def take(self, at: float, cost: float) -> None:
        """Reserve ``cost`` units at time ``at``."""
        self._paid_off = max(self._paid_off, at) + cost / self.rate

    def give_back(self, cost: float) -> None:
        """Return units (a negative ``cost`` charges more); idle time is never banked."""
        self._paid_off -= cost / self.rate

    def set_rate(self, per_minute: float, burst: float | None, now: float) -> None:
        """Change rate and burst, keeping the units still owed."""
        owed = max(0.0, self._paid_off - now) * self.rate
        self.rate, self.burst = per_minute / 60.0, burst
        self._paid_off = now + owed / self.rate if owed else self._paid_off

    def owe(self, units: float, now: float) -> None:
        """Make sure at least ``units`` are owed now (a provider said only so much is left)."""
        self._paid_off = max(self._paid_off, now + units / self.rate)


class RateSchedule(Schedule):
    """Evenly spaced request slots: at most one request every ``60 / per_minute`` seconds."""

    def __init__(self, per_minute: int) -> None:
        if per_minute < 1:
            raise ValueError("per_minute must be at least 1")
        super().__init__(per_minute)

    def reserve(self, now: float) -> float:
        """Take the next free slot; return how many seconds to wait for it (0 when free now)."""
        at = self.start(now, 1)
        self.take(at, 1)
        return at - now


class _Rate:
    """One kind (requests or tokens): the recipe's cap, the provider's limit, their schedule."""

    def __init__(self, cap: int | None, share: float) -> None:
        self.cap = cap
        self.share = share
        self.schedule = Schedule(cap) if cap is not None else None

    def observe(self, window: LimitWindow, now: float, first: bool) -> None:
        if window.limit is None or window.limit <= 0:
            return
        limit = window.limit * self.share
        capacity = (window.capacity() or window.limit) * self.share * CAPACITY_MARGIN
        binding = self.cap is None or limit < self.cap
        per_minute = limit if binding else float(self.cap or limit)
        burst = capacity if binding else None
        if self.schedule is None:
            self.schedule = Schedule(per_minute, burst)
        else:
            self.schedule.set_rate(per_minute, burst, now)
        if first and window.remaining is not None:
            # The probe's answer is the only one out: what it says is left is exactly so.
            self.schedule.owe(max(0.0, capacity - window.remaining * self.share), now)


class RateBook:
    """Request and token schedules of one limiter; pure, driven by the caller's clock.

    Args:
        requests_per_minute: The recipe's request cap (None: none).
        tokens_per_minute: The recipe's token cap (None: none).
        follow_provider: Whether announced limits apply (and the first call is a probe).
        share: This limiter's share of the provider's limits (1 / workers when each worker
            has its own limiter; the recipe caps arrive already divided).
    """

    def __init__(
        self,
        *,
        requests_per_minute: int | None = None,
        tokens_per_minute: int | None = None,
        follow_provider: bool = False,
        share: float = 1.0,
    ) -> None:
        self.requests = _Rate(requests_per_minute, share)
        self.tokens = _Rate(tokens_per_minute, share)
        self.follow_provider = follow_provider
        self.learning = follow_provider
        self.provider: ProviderLimits | None = None
        self._probe_out = False
        self._hold_until = float("-inf")

    def reserve(self, now: float, tokens: int) -> tuple[float | None, Permit]:
        """Reserve one request of ``tokens``; return (seconds to wait, permit).

        The wait is None while the probe is out: nothing is reserved, ask again shortly.
        """
        probe = False
        if self.learning:
            if self._probe_out:
                return None, Permit()
            self._probe_out = probe = True
        at = max(now, self._hold_until)
        requests, token_schedule = self.requests.schedule, self.tokens.schedule
        if requests is not None:
            at = max(at, requests.start(now, 1))
        if token_schedule is not None:
            at = max(at, token_schedule.start(now, tokens))
            token_schedule.take(at, tokens)
        if requests is not None:
            requests.take(at, 1)
        return at - now, Permit(tokens, probe, charged=token_schedule is not None)

    def settle(
        self, now: float, permit: Permit, used: int | None, limits: ProviderLimits | None
    ) -> None:
        """Give back what the attempt did not use; take in what the provider announced.

        ``used`` is the answer's prompt + completion tokens, None for a failed attempt (a
        rejected call is not counted by the provider).
        """
        if permit.charged and self.tokens.schedule is not None:
            self.tokens.schedule.give_back(permit.tokens - (used or 0))
        if limits is not None and self.follow_provider:
            self.observe(now, limits)
        if permit.probe:
            self._probe_out = False
            # An answer without limits also ends the learning: this provider announces none.
            # A failure without them (reset, timeout) does not: the next call probes again.
            if used is not None or limits is not None:
                self.learning = False

    def lesson(self) -> tuple[bool, ProviderLimits | None]:
        """Whether the probe has answered, and the limits the provider announced (if any)."""
        return not self.learning, self.provider

    def learn(self, now: float, limits: ProviderLimits | None) -> None:
        """Take another book's lesson (the build's endpoint check): no probe, follow ``limits``."""
        self.learning = False
        if limits is not None and self.follow_provider:
            self.observe(now, limits)

    def observe(self, now: float, limits: ProviderLimits) -> None:
        """Follow a provider's announced limits (min with the caps); hold on ``remaining == 0``."""
        first = self.provider is None
        self.provider = limits
        self.requests.observe(limits.requests, now, first)
        self.tokens.observe(limits.tokens, now, first)
        for window in (limits.requests, limits.tokens):
            if window.remaining is not None and window.remaining < 1 and window.reset:
                self._hold_until = max(self._hold_until, now + window.reset)

    def limits(self) -> tuple[float | None, float | None]:
        """The requests and tokens per minute in force now (None: unlimited)."""
        requests, tokens = self.requests.schedule, self.tokens.schedule
        return (
            None if requests is None else requests.rate * 60.0,
            None if tokens is None else tokens.rate * 60.0,
        )


class ProcessLimiter:
    """A :class:`RateBook` shared by every event loop and thread of one process."""

    def __init__(self, book: RateBook) -> None:
        self.book = book
        self._lock = threading.Lock()

    async def acquire(self, tokens: int = 0) -> Permit:
        """Wait for this attempt's slot in both schedules."""
        while True:
            with self._lock:
                wait, permit = self.book.reserve(time.monotonic(), tokens)
            if wait is None:
                await asyncio.sleep(PROBE_POLL)
                continue
            if wait > 0:
                await asyncio.sleep(wait)
            return permit

    def settle(self, permit: Permit, used: int | None, headers: Headers = ()) -> None:
        """Account the attempt (see :meth:`RateBook.settle`)."""
        limits = parse_rate_limit_headers(headers) if headers else None
        with self._lock:
            self.book.settle(time.monotonic(), permit, used, limits)

    def lesson(self) -> tuple[bool, ProviderLimits | None]:
        """See :meth:`RateBook.lesson`."""
        with self._lock:
            return self.book.lesson()

    def learn(self, limits: ProviderLimits | None) -> None:
        """See :meth:`RateBook.learn`."""
        with self._lock:
            self.book.learn(time.monotonic(), limits)


RequestRateLimiter = ProcessLimiter
"""The former name, from when only requests were limited."""


def book_for(policy: RetryPolicy, *, share: float | None = None) -> RateBook | None:
    """The rate book a ``calls:`` policy asks for; None when nothing is limited or followed."""
    follow = policy.follow_rate_limit_headers
    rpm, tpm = policy.max_requests_per_minute, policy.max_tokens_per_minute
    if rpm is None and tpm is None and not follow:
        return None
    return RateBook(
        requests_per_minute=rpm,
        tokens_per_minute=tpm,
        follow_provider=follow,
        share=policy.provider_share if share is None else share,
    )


def limiter_for(policy: RetryPolicy) -> ProcessLimiter | None:
    """This process's limiter for a ``calls:`` policy (None when there is nothing to limit)."""
    book = book_for(policy)
    return None if book is None else ProcessLimiter(book)

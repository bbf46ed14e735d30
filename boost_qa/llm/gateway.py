"""The one door to the models: cache, bounded concurrency, retries, budget and counters.

Dialogue code never sees LiteLLM; it gets ``Gateway.complete`` as its ``generate`` function
(:data:`boost_qa.dialogue.base.Generate`). The first model call configures LiteLLM
(:func:`boost_qa.llm.litellm_client.configure`).
A gateway outlives event loops (``Dataset.map`` runs each async map in a new loop), so its
concurrency window (:class:`~boost_qa.llm.adaptive.AdaptiveWindow`, halved on a 429, grown
back on successes) serves every loop and thread. Every attempt sent to a provider first waits
for its slot from a rate limiter (:mod:`boost_qa.llm.ratelimit`: the recipe's request and token
caps and the provider's announced limits; one per process, or one shared by a Ray cluster) and
settles with it afterwards.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import os
import random
import threading
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from boost_qa.errors import BudgetExceeded, LLMCallError, ProviderRefused
from boost_qa.llm.adaptive import AdaptiveWindow
from boost_qa.llm.cache import ResponseStore, request_key
from boost_qa.llm.call_loop import PerLoop, call_loop, on_call_loop, run_on_call_loop
from boost_qa.llm.fail_fast import Endpoint, EndpointGate, RefusalCount
from boost_qa.llm.lanes import Lanes
from boost_qa.llm.preflight import Check, Preflight
from boost_qa.llm.provider_limits import exception_rate_limit_headers
from boost_qa.llm.ratelimit import Limiter, Permit, ProcessLimiter, estimate_tokens, limiter_for
from boost_qa.llm.retry import Failure, RetryPolicy, backoff_delay, classify
from boost_qa.redact import redact
from boost_qa.types import CALLS_TO_COME, ChatRequest, ChatResult

Completion = Callable[[ChatRequest, float], Awaitable[ChatResult]]


@dataclass
class CallStats:
    """Counters of one build, shared by all loops and threads of a process."""

    calls: int = 0
    cache_hits: int = 0
    retries: int = 0
    failures: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float = 0.0
    endpoint_checks: int = 0
    """One-token calls that checked an endpoint (:mod:`.preflight`): not a dialogue's calls."""
    in_flight: int = 0
    started: float = field(default_factory=time.monotonic)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def record(self, result: ChatResult) -> None:
        """Count one finished call."""
        with self._lock:
            if result.cached:
                self.cache_hits += 1
            else:
                self.calls += 1
                self.cost += result.cost
            self.prompt_tokens += result.prompt_tokens
            self.completion_tokens += result.completion_tokens

    def record_check(self) -> None:
        """Count one endpoint check, apart: ``calls`` and ``cost`` are the dialogues' own."""
        with self._lock:
            self.endpoint_checks += 1

    def bump(self, name: str, amount: int = 1) -> None:
        """Add to one integer counter."""
        with self._lock:
            setattr(self, name, getattr(self, name) + amount)

    def add(self, counters: Mapping[str, float]) -> None:
        """Add counters of the ``to_dict`` shape (e.g. another process's) to these."""
        with self._lock:
            for name, amount in counters.items():
                setattr(self, name, getattr(self, name) + amount)

    def to_dict(self) -> dict[str, Any]:
        """Counters as plain JSON values."""
        return {
            "calls": self.calls,
            "cache_hits": self.cache_hits,
            "retries": self.retries,
            "failures": self.failures,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "cost": round(self.cost, 6),
        }


class Gateway:
    """Serves ``ChatRequest``s from the cache or the model, within limits."""

    def __init__(
        self,
        *,
        max_concurrency: int = 16,
        retry: RetryPolicy | None = None,
        cache: ResponseStore | None = None,
        max_cost: float | None = None,
        completion: Completion | None = None,
        rng_seed: int | None = None,
        limiter: Limiter | None = None,
        preflight: Preflight | None = None,
    ) -> None:
        self.max_concurrency = max_concurrency
        self.retry = retry or RetryPolicy()
        # A cluster passes its shared limiter; alone, the gateway paces its own requests.
        self.limiter = limiter or limiter_for(self.retry)
        self.cache = cache
        self.max_cost = max_cost
        self.stats = CallStats()
        self._completion = completion
        self.window = AdaptiveWindow(max_concurrency)
        self.refusals = RefusalCount()
        # Endpoints that answered, here or in the build's endpoint check (``preflight``).
        self._opened: set[Endpoint] = set(preflight.opened) if preflight else set()
        self._gates = PerLoop(lambda: EndpointGate(self.refusals, self._opened))
        own_limiter = limiter is None and isinstance(self.limiter, ProcessLimiter)
        if preflight and preflight.limits_known and own_limiter:
            self.limiter.learn(preflight.limits)  # type: ignore[union-attr]
        self._lanes = PerLoop(lambda: Lanes(self._call_and_store, self.window.maximum))
        self._rng = random.Random(rng_seed if rng_seed is not None else os.getpid())

    @property
    def budget_reached(self) -> bool:
        """Whether the cost limit has been reached."""
        return self.max_cost is not None and self.stats.cost >= self.max_cost

    def check_endpoints(self, checks: Sequence[Check]) -> concurrent.futures.Future[None]:
        """Send each endpoint's check call now, on the call loop (see :mod:`.preflight`).

        The future is done when every check has answered or failed. A refusal stops the build
        (:attr:`refusals` raises from then on); any other failure leaves the endpoint to the
        first turn's probe.
        """
        return asyncio.run_coroutine_threadsafe(self._check_all(checks), call_loop())

    def preflight(self) -> Preflight:
        """What this gateway has learnt of its endpoints, for workers in other processes."""
        known, limits = (
            self.limiter.lesson() if isinstance(self.limiter, ProcessLimiter) else (False, None)
        )
        return Preflight(frozenset(self._opened), known, limits)

    async def _check_all(self, checks: Sequence[Check]) -> None:
        await asyncio.gather(*(self._check(request, role) for request, role in checks))

    async def _check(self, request: ChatRequest, role: str) -> None:
        try:
            await self._call_with_retries(request, check=True)
        except LLMCallError as exc:
            if exc.fatal:
                self.refusals.stop(request.model, exc.reason, role)
            return
        except ProviderRefused:
            return
        self.stats.record_check()

    async def complete(self, request: ChatRequest) -> ChatResult:
        """Answer one request: from the cache if stored, else from the model with retries.

        Model calls run on the process's call loop (:mod:`boost_qa.llm.call_loop`), where the
        HTTP clients live; a call from another loop is handed over. A ``completion`` given to
        the gateway runs on the caller's loop. Queued calls with more calls to come after them
        (:data:`~boost_qa.types.CALLS_TO_COME`, read here, in the caller's context) go first.
        """
        serve = self._serve(request, CALLS_TO_COME.get())
        if self._completion is None and not on_call_loop():
            return await run_on_call_loop(serve)
        return await serve

    __call__ = complete

    async def _serve(self, request: ChatRequest, to_come: int) -> ChatResult:
        key = request_key(request) if self.cache is not None else ""
        if self.cache is not None:
            cached = self.cache.get(key)
            if cached is not None:
                self.stats.record(cached)
                return cached
        return await self._lanes.get().run((key, request), to_come)

    async def _call_and_store(self, job: tuple[str, ChatRequest]) -> ChatResult:
        """One call in its slot of the window (a lane's work, see :mod:`.lanes`)."""
        key, request = job
        async with self.window:
            result = await self._call_with_retries(request)
            if self.cache is not None:
                # Committed before the slot is given back and the answer used: a kill loses at
                # most the calls in flight.
                await self.cache.store(key, request, result)
        # Counted before the lane takes its next call, whose budget check reads the cost.
        self.stats.record(result)
        return result

    async def _call_with_retries(self, request: ChatRequest, *, check: bool = False) -> ChatResult:
        """The call with its retries; an endpoint ``check`` is one attempt and counts nothing."""
        self.refusals.check()
        endpoint = (request.model, request.api_base)
        gate = self._gates.get()
        probing = await gate.enter(endpoint)
        try:
            return await self._attempts(request, gate, endpoint if probing else None, check)
        finally:
            if probing:  # frees the probe slot; opens nothing unless an answer already did
                await gate.leave(endpoint, refused=True)

    async def _attempts(
        self, request: ChatRequest, gate: EndpointGate, probe: Endpoint | None, check: bool
    ) -> ChatResult:
        completion = self._completion or (
            _litellm_completion() if self.retry.transport == "auto" else _plain_litellm()
        )
        failure: Failure | None = None
        tokens = estimate_tokens(request) if self.limiter is not None else 0
        attempts = 1 if check else self.retry.max_attempts
        for attempt in range(1, attempts + 1):
            if self.budget_reached:
                raise BudgetExceeded(
                    f"cost limit of ${self.max_cost} reached", attempts=attempt - 1
                )
            permit = await self.limiter.acquire(tokens) if self.limiter is not None else None
            generation = self.window.generation
            outcome: ChatResult | Exception | None = None
            try:
                self.stats.bump("in_flight")
                # A deadline on the running task, not wait_for's extra task per call.
                async with asyncio.timeout(self.retry.timeout + 5):
                    outcome = await completion(request, self.retry.timeout)
            except Exception as exc:  # noqa: BLE001 - every failure is classified below
                failure, outcome = classify(exc), exc
            finally:
                self.stats.bump("in_flight", -1)
                self._settle(permit, generation, outcome, failure)
            if failure is not None and failure.fatal:
                self.stats.bump("failures", 0 if check else 1)
                self.refusals.add(request.model, redact(failure.reason))
                break
            if probe is not None:  # the endpoint answered: it takes full concurrency now
                await gate.leave(probe, refused=False)
                probe = None
            if not isinstance(outcome, ChatResult):
                assert failure is not None
                if not failure.retryable or attempt == attempts:
                    self.stats.bump("failures", 0 if check else 1)
                    break
                self.stats.bump("retries")
                await asyncio.sleep(backoff_delay(attempt, self.retry, failure, self._rng))
                continue
            result = outcome
            if attempt > 1:
                result = ChatResult(**{**result.__dict__, "attempts": attempt})
            return result
        assert failure is not None
        raise LLMCallError(
            redact(failure.reason), attempts=attempt, status=failure.status, fatal=failure.fatal
        )

    def _settle(
        self,
        permit: Permit | None,
        generation: int,
        outcome: ChatResult | Exception | None,
        failure: Failure | None,
    ) -> None:
        """Tell the limiter and the window how an attempt went (None: it was cancelled)."""
        if isinstance(outcome, ChatResult):
            self.window.succeeded()
            if permit is not None and self.limiter is not None:
                used = outcome.prompt_tokens + outcome.completion_tokens
                self.limiter.settle(permit, used, outcome.rate_limit_headers)
            return
        if outcome is not None and failure is not None and failure.status == 429:
            self.window.cut(generation)
        if permit is not None and self.limiter is not None:
            headers = exception_rate_limit_headers(outcome) if outcome is not None else ()
            self.limiter.settle(permit, None, headers)


@functools.cache
def _litellm_completion() -> Completion:
    # Imported lazily: importing litellm costs about a second, and dry runs never need it.
    # completion_for() configures LiteLLM (once per process) before the first call. Cached, as
    # every attempt asks for it; ``complete`` looks up what it calls at each call.
    from boost_qa.llm.litellm_client import completion_for

    return completion_for("auto")


def _plain_litellm() -> Completion:
    from boost_qa.llm.litellm_client import completion_for

    return completion_for("litellm")

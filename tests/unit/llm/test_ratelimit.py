"""``calls.max_requests_per_minute``: the schedule, the gateway's limiter, the recipe field."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
from pydantic import ValidationError

from boost_qa.llm.gateway import Gateway
from boost_qa.llm.ratelimit import RateSchedule, RequestRateLimiter
from boost_qa.llm.retry import RetryPolicy
from boost_qa.types import ChatRequest, ChatResult


def request(text: str) -> ChatRequest:
    return ChatRequest("test/model", (("user", text),), 0.2, 16, 1)


def test_the_schedule_spaces_slots_evenly_and_never_banks_idle_time() -> None:
    schedule = RateSchedule(per_minute=600)  # one slot every 0.1 s
    assert schedule.reserve(10.0) == 0
    assert schedule.reserve(10.0) == pytest.approx(0.1)
    assert schedule.reserve(10.05) == pytest.approx(0.15)
    # After a pause the next request goes at once, but the one after it still waits.
    assert schedule.reserve(20.0) == 0
    assert schedule.reserve(20.0) == pytest.approx(0.1)
    with pytest.raises(ValueError):
        RateSchedule(per_minute=0)


def test_the_gateway_paces_every_attempt_across_event_loops_and_threads() -> None:
    sent: list[float] = []
    failed_once: set[str] = set()

    async def completion(req: ChatRequest, timeout: float) -> ChatResult:
        sent.append(time.monotonic())
        text = req.messages[-1][1]
        if text.endswith("0") and text not in failed_once:  # one retry, paced like the rest
            failed_once.add(text)
            raise ConnectionError("reset")
        return ChatResult(content="ok")

    retry = RetryPolicy(max_attempts=3, base_delay=0, max_delay=0, max_requests_per_minute=1200)
    gateway = Gateway(completion=completion, retry=retry, max_concurrency=16)
    assert isinstance(gateway.limiter, RequestRateLimiter)

    def run(prefix: str) -> None:  # each thread has its own event loop, as Dataset.map does
        async def calls() -> None:
            await asyncio.gather(*(gateway.complete(request(f"{prefix}{i}")) for i in range(5)))

        asyncio.run(calls())

    threads = [threading.Thread(target=run, args=(p,)) for p in "ab"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(sent) == 12 and gateway.stats.retries == 2 and gateway.stats.calls == 10
    gaps = [b - a for a, b in zip(sorted(sent), sorted(sent)[1:], strict=False)]
    assert min(gaps) >= 0.05 - 0.01  # 1200 a minute: one every 50 ms, whatever the loop


def test_without_a_rate_there_is_no_limiter() -> None:
    assert Gateway().limiter is None


def test_the_recipe_field_is_validated() -> None:
    assert RetryPolicy().max_requests_per_minute is None
    assert RetryPolicy(max_requests_per_minute=60).max_requests_per_minute == 60
    with pytest.raises(ValidationError):
        RetryPolicy(max_requests_per_minute=0)

"""Rate limits: the schedules, the rate book (caps, provider limits), the gateway's limiter."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
from pydantic import ValidationError

from boost_qa.llm.gateway import Gateway
from boost_qa.llm.provider_limits import LimitWindow, ProviderLimits
from boost_qa.llm.ratelimit import (
    Permit,
    RateBook,
    RateSchedule,
    RequestRateLimiter,
    Schedule,
    book_for,
    estimate_tokens,
)
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

    retry = RetryPolicy(
        max_attempts=3,
        base_delay=0,
        max_delay=0,
        max_requests_per_minute=1200,
        follow_rate_limit_headers=False,
    )
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


def test_without_a_rate_or_header_following_there_is_no_limiter() -> None:
    assert Gateway(retry=RetryPolicy(follow_rate_limit_headers=False)).limiter is None
    assert Gateway().limiter is not None  # headers are followed by default


def test_the_recipe_field_is_validated() -> None:
    assert RetryPolicy().max_requests_per_minute is None
    assert RetryPolicy(max_requests_per_minute=60).max_requests_per_minute == 60
    with pytest.raises(ValidationError):
        RetryPolicy(max_requests_per_minute=0)
    assert RetryPolicy(max_tokens_per_minute=9000).max_tokens_per_minute == 9000
    with pytest.raises(ValidationError):
        RetryPolicy(max_tokens_per_minute=0)
    # The engines' share is no recipe value: it never reaches a dump of the calls section.
    assert "provider_share" not in RetryPolicy(provider_share=0.5).model_dump()


def test_a_call_is_estimated_as_providers_count_it() -> None:
    # OpenAI counts about 4 characters a token for the prompt, plus all of max_tokens.
    req = ChatRequest("m", (("system", "x" * 10), ("user", "y" * 7)), 0.2, 100, 1)
    assert estimate_tokens(req) == 5 + 100


def test_a_burst_goes_at_once_then_the_rate_holds() -> None:
    schedule = Schedule(per_minute=600, burst=30)  # 10 units a second, 30 at once
    assert schedule.start(0.0, 20) == 0
    schedule.take(0.0, 20)
    assert schedule.start(0.0, 10) == 0
    schedule.take(0.0, 10)
    assert schedule.start(0.0, 10) == pytest.approx(1.0)  # wait for 10 to refill
    schedule.give_back(5)  # the last call used 5 less than reserved
    assert schedule.start(0.0, 10) == pytest.approx(0.5)
    # A call bigger than the burst waits for a full bucket instead of never going.
    assert Schedule(600, burst=10).start(0.0, 50) == 0


def test_token_cap_reserves_the_estimate_and_settles_with_real_usage() -> None:
    book = RateBook(tokens_per_minute=6000)  # 100 tokens a second, evenly spaced
    wait, permit = book.reserve(0.0, 200)
    assert wait == 0 and permit.charged and permit.tokens == 200
    wait, _ = book.reserve(0.0, 200)
    assert wait == pytest.approx(2.0)  # the first call's 200 are paid off
    book.settle(0.1, permit, 50, None)  # it used 50: 150 come back
    wait, _ = book.reserve(0.1, 100)
    assert wait == pytest.approx(0.5 + 2.0 - 0.1 - 0.0)  # after the second's 200 and 50
    # A failed attempt gives everything back.
    book = RateBook(tokens_per_minute=6000)
    _, permit = book.reserve(0.0, 300)
    book.settle(0.0, permit, None, None)
    assert book.reserve(0.0, 300)[0] == 0


def limits(**windows: LimitWindow) -> ProviderLimits:
    return ProviderLimits(
        requests=windows.get("requests", LimitWindow()), tokens=windows.get("tokens", LimitWindow())
    )


def test_first_call_is_a_probe_and_the_provider_limit_follows() -> None:
    book = RateBook(follow_provider=True)
    wait, probe = book.reserve(0.0, 100)
    assert wait == 0 and probe.probe
    assert book.reserve(0.0, 100)[0] is None  # everyone else waits for the probe's answer
    # The answer: 6000 tokens a minute, a bucket of 1000 of which 900 are left.
    tokens = LimitWindow(limit=6000, remaining=900, reset=1.0)
    book.settle(0.5, probe, 80, limits(tokens=tokens))
    assert not book.learning and book.limits() == (None, 6000)
    # The bucket holds 900 + 1 s x 100 = 1000, used with a 10% margin: 900, all left now.
    assert book.reserve(0.5, 800)[0] == pytest.approx(0)
    assert book.reserve(0.5, 100)[0] == pytest.approx(0)
    assert book.reserve(0.5, 100)[0] == pytest.approx(1.0)


def test_the_recipe_cap_wins_when_lower_and_the_provider_when_lower() -> None:
    book = RateBook(tokens_per_minute=600, requests_per_minute=60, follow_provider=True)
    _, probe = book.reserve(0.0, 10)
    book.settle(0.0, probe, 10, limits(tokens=LimitWindow(limit=6000), requests=LimitWindow(30)))
    assert book.limits() == (30, 600)


def test_a_share_divides_the_announced_limits() -> None:
    book = RateBook(follow_provider=True, share=0.5)
    _, probe = book.reserve(0.0, 10)
    book.settle(0.0, probe, 10, limits(tokens=LimitWindow(limit=6000)))
    assert book.limits() == (None, 3000)


def test_nothing_left_holds_every_call_until_the_reset() -> None:
    book = RateBook(follow_provider=True)
    _, probe = book.reserve(0.0, 10)
    book.settle(0.0, probe, 10, limits(requests=LimitWindow(limit=100, remaining=0, reset=2.5)))
    assert book.reserve(1.0, 10)[0] == pytest.approx(1.5)


def test_an_answer_without_limits_ends_the_probing_a_failure_does_not() -> None:
    book = RateBook(follow_provider=True)
    _, probe = book.reserve(0.0, 10)
    book.settle(0.0, probe, None, None)  # a reset connection says nothing
    wait, probe = book.reserve(0.0, 10)
    assert wait == 0 and probe.probe and book.reserve(0.0, 10)[0] is None
    book.settle(0.0, probe, 10, None)  # an answer without headers: nothing announced
    assert not book.learning and book.limits() == (None, None)
    assert book.reserve(0.0, 10) == (0, Permit(10, False, False))


def test_the_policy_says_what_is_limited() -> None:
    assert book_for(RetryPolicy(follow_rate_limit_headers=False)) is None
    book = book_for(RetryPolicy(max_tokens_per_minute=60, provider_share=0.25))
    assert book is not None and book.follow_provider and book.tokens.share == 0.25

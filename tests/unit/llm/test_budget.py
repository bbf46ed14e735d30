"""The gateway's budget with an in-process completion (moved from the gateway e2e tests)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from boost_qa.errors import BudgetExceeded, LLMCallError
from boost_qa.llm.cache import RequestCache
from boost_qa.llm.gateway import Gateway
from boost_qa.llm.retry import RetryPolicy
from boost_qa.types import ChatRequest, ChatResult
from tests.helpers.requests import request

FAST = RetryPolicy(max_attempts=3, base_delay=0.01, max_delay=0.1, timeout=5)


@pytest.mark.parametrize(("max_cost", "allowed"), [(0.0, 0), (2.0, 2), (2.5, 3)])
def test_the_budget_stops_uncached_calls(tmp_path: Path, max_cost: float, allowed: int) -> None:
    made: list[ChatRequest] = []

    async def priced(req: ChatRequest, timeout: float) -> ChatResult:
        made.append(req)
        return ChatResult(content=f"answer {len(made)}", cost=1.0)

    cache = RequestCache(tmp_path / "cache")
    gateway = Gateway(completion=priced, cache=cache, max_cost=max_cost, retry=FAST)

    async def run() -> None:
        for i in range(allowed):
            await gateway.complete(request(None, f"question {i}"))
        assert gateway.stats.cost == pytest.approx(float(allowed))
        assert gateway.budget_reached
        with pytest.raises(BudgetExceeded) as info:
            await gateway.complete(request(None, "one question too many"))
        assert isinstance(info.value, LLMCallError) and info.value.attempts == 0
        # Answers already paid for are still served from the cache.
        if allowed:
            replay = await gateway.complete(request(None, "question 0"))
            assert replay.cached and replay.content == "answer 1"

    asyncio.run(run())
    assert len(made) == allowed
    assert gateway.stats.calls == allowed
    assert gateway.stats.cost == pytest.approx(float(allowed))
    cache.close()

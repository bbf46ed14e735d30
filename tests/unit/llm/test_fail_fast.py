"""Refusals no retry can fix stop the gateway after a few calls, not one doomed call per row."""

from __future__ import annotations

import asyncio

import pytest

from boost_qa.errors import LLMCallError, ProviderRefused
from boost_qa.llm.fail_fast import STOP_AFTER
from boost_qa.llm.gateway import Gateway
from boost_qa.llm.retry import RetryPolicy, classify
from boost_qa.types import ChatRequest, ChatResult

FAST = RetryPolicy(max_attempts=3, base_delay=0.0, max_delay=0.0, timeout=5)


class Answer(Exception):
    """An HTTP error answer, as LiteLLM and the direct transport raise them."""

    def __init__(self, status_code: int, message: str = "nope") -> None:
        self.status_code = status_code
        super().__init__(message)


def req(i: int, model: str = "openai/m") -> ChatRequest:
    return ChatRequest(
        model=model, messages=(("user", f"q{i}"),), temperature=0, max_tokens=8, seed=i
    )


class Server:
    """Counts calls and the most calls it had in flight at once."""

    def __init__(self, fail: Exception | None = None, latency: float = 0.01) -> None:
        self.fail = fail
        self.latency = latency
        self.calls = 0
        self.in_flight = 0
        self.max_in_flight = 0

    async def __call__(self, request: ChatRequest, timeout: float) -> ChatResult:
        self.calls += 1
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.latency)
            if self.fail is not None:
                raise self.fail
            return ChatResult(content="ok")
        finally:
            self.in_flight -= 1


async def run_all(gateway: Gateway, n: int, model: str = "openai/m") -> list[object]:
    return await asyncio.gather(
        *(gateway.complete(req(i, model)) for i in range(n)), return_exceptions=True
    )


@pytest.mark.parametrize("status", [401, 403, 404])
def test_a_refusing_provider_stops_after_a_few_calls(status: int) -> None:
    server = Server(fail=Answer(status, "Incorrect API key provided"))
    gateway = Gateway(max_concurrency=64, retry=FAST, completion=server)
    outcomes = asyncio.run(run_all(gateway, 1000))
    assert server.calls == STOP_AFTER  # one probe at a time, never the whole window
    assert server.max_in_flight == 1
    stops = [o for o in outcomes if isinstance(o, ProviderRefused)]
    assert len(stops) == 1000 - (STOP_AFTER - 1)
    refused = [o for o in outcomes if isinstance(o, LLMCallError)]
    assert len(refused) == STOP_AFTER - 1 and all(o.fatal for o in refused)
    assert "openai/m" in str(stops[0]) and f"HTTP {status}" in str(stops[0])


def test_an_exhausted_quota_is_a_refusal_but_a_rate_limit_is_not() -> None:
    quota = classify(Answer(429, "You exceeded your current quota, please check your billing"))
    assert quota.fatal and not quota.retryable
    limit = classify(Answer(429, "Rate limit reached for requests"))
    assert limit.retryable and not limit.fatal


def test_an_answering_endpoint_gets_full_concurrency_after_its_first_answer() -> None:
    server = Server()
    gateway = Gateway(max_concurrency=16, retry=FAST, completion=server)
    outcomes = asyncio.run(run_all(gateway, 100))
    assert all(isinstance(o, ChatResult) for o in outcomes)
    assert server.calls == 100 and server.max_in_flight == 16


def test_a_server_error_opens_the_endpoint_too() -> None:
    # A 500 is an answer: the key and the model are fine, so other calls need not wait (the
    # rate limiter's own probe for announced limits is off here: a 500 announces none).
    server = Server(fail=Answer(500))
    policy = FAST.model_copy(update={"follow_rate_limit_headers": False})
    gateway = Gateway(max_concurrency=8, retry=policy, completion=server)
    outcomes = asyncio.run(run_all(gateway, 20))
    assert all(isinstance(o, LLMCallError) and not o.fatal for o in outcomes)
    assert server.calls == 20 * FAST.max_attempts and server.max_in_flight > 1


def test_each_model_is_probed_on_its_own() -> None:
    server = Server()
    gateway = Gateway(max_concurrency=8, retry=FAST, completion=server)

    async def both() -> None:
        await asyncio.gather(run_all(gateway, 10, "openai/a"), run_all(gateway, 10, "openai/b"))

    asyncio.run(both())
    assert server.calls == 20


def test_the_refusal_survives_pickling_for_worker_processes() -> None:
    import pickle

    error = ProviderRefused("openai/m", "HTTP 401: AuthenticationError: bad key", 3).for_speaker(
        "teacher"
    )
    again = pickle.loads(pickle.dumps(error))
    assert str(again) == str(error) and again.speaker == "teacher"
    assert "the teacher's model openai/m" in str(again)

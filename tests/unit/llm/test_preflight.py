"""The endpoint check: one one-token call per endpoint, so the first wave need not wait."""

from __future__ import annotations

import asyncio
import pickle

import pytest

from boost_qa.dialogue.registry import endpoints
from boost_qa.dialogue.settings import GenerationSettings
from boost_qa.errors import ProviderRefused
from boost_qa.llm.gateway import Gateway
from boost_qa.llm.preflight import CHECK_PROMPT, Preflight, check_request, endpoints_to_check
from boost_qa.llm.retry import RetryPolicy
from boost_qa.types import ChatRequest, ChatResult

FAST = RetryPolicy(max_attempts=3, base_delay=0.0, max_delay=0.0, timeout=5)
MODEL = "openai/m"
LIMIT_HEADERS = (
    ("x-ratelimit-limit-requests", "600"),
    ("x-ratelimit-remaining-requests", "599"),
    ("x-ratelimit-reset-requests", "100ms"),
)


class Answer(Exception):
    """An HTTP error answer, as LiteLLM and the direct transport raise them."""

    def __init__(self, status_code: int, message: str = "nope") -> None:
        self.status_code = status_code
        super().__init__(message)


class Server:
    """Answers after a short sleep; counts how many calls went out before the first answer."""

    def __init__(self, fail: Exception | None = None, headers: tuple = ()) -> None:
        self.fail = fail
        self.headers = headers
        self.requests: list[ChatRequest] = []
        self.answered = 0
        self.sent_before_first_answer = 0

    async def __call__(self, request: ChatRequest, timeout: float) -> ChatResult:
        self.requests.append(request)
        if request.max_tokens != 1 and not self.answered:
            self.sent_before_first_answer += 1
        await asyncio.sleep(0.02)
        if self.fail is not None:
            raise self.fail
        if request.max_tokens != 1:
            self.answered += 1
        return ChatResult(content="ok", prompt_tokens=3, rate_limit_headers=self.headers)


def req(i: int) -> ChatRequest:
    return ChatRequest(
        model=MODEL, messages=(("user", f"q{i}"),), temperature=0, max_tokens=8, seed=i
    )


def run_all(gateway: Gateway, n: int) -> list[object]:
    async def calls() -> list[object]:
        return await asyncio.gather(*(gateway.complete(req(i)) for i in range(n)))

    return asyncio.run(calls())


def check(gateway: Gateway, role: str = "teacher") -> None:
    gateway.check_endpoints([(check_request(MODEL, None), role)]).result(timeout=10)


def test_without_a_check_the_first_call_goes_alone() -> None:
    server = Server()
    run_all(Gateway(max_concurrency=16, retry=FAST, completion=server), 16)
    assert server.sent_before_first_answer == 1  # the fail-fast probe


def test_a_checked_endpoint_takes_full_concurrency_from_the_first_call() -> None:
    server = Server()
    gateway = Gateway(max_concurrency=16, retry=FAST, completion=server)
    check(gateway)
    run_all(gateway, 16)
    assert server.sent_before_first_answer == 16
    check_call = server.requests[0]
    assert check_call.max_tokens == 1 and check_call.messages == (("user", CHECK_PROMPT),)
    # The check is counted apart: calls are the dialogues' calls.
    assert gateway.stats.calls == 16 and gateway.stats.endpoint_checks == 1


def test_a_worker_gateway_takes_the_check_it_did_not_make() -> None:
    server = Server(headers=LIMIT_HEADERS)
    parent = Gateway(max_concurrency=16, retry=FAST, completion=server)
    check(parent)
    lesson = pickle.loads(pickle.dumps(parent.preflight()))  # it travels to other processes
    assert lesson.opened == {(MODEL, None)} and lesson.limits_known
    assert lesson.limits is not None and lesson.limits.requests.limit == 600
    worker = Gateway(max_concurrency=8, retry=FAST, completion=server, preflight=lesson)
    assert not worker.limiter.book.learning  # type: ignore[union-attr]
    assert worker.limiter.book.limits()[0] == pytest.approx(600)  # type: ignore[union-attr]
    run_all(worker, 8)
    assert server.sent_before_first_answer == 8
    assert worker.stats.endpoint_checks == 0  # the parent made it


def test_a_lesson_without_limits_only_ends_the_limiter_probe() -> None:
    worker = Gateway(
        retry=FAST, completion=Server(), preflight=Preflight(frozenset(), limits_known=True)
    )
    assert not worker.limiter.book.learning  # type: ignore[union-attr]
    assert worker.limiter.book.limits() == (None, None)  # type: ignore[union-attr]
    unlearnt = Gateway(retry=FAST, completion=Server(), preflight=Preflight())
    assert unlearnt.limiter.book.learning  # type: ignore[union-attr]


@pytest.mark.parametrize("status", [401, 403, 404])
def test_a_refused_check_stops_the_build_at_once(status: int) -> None:
    server = Server(fail=Answer(status, "Incorrect API key provided"))
    gateway = Gateway(max_concurrency=16, retry=FAST, completion=server)
    check(gateway, role="teacher")
    with pytest.raises(ProviderRefused) as stop:
        gateway.refusals.check()
    assert len(server.requests) == 1  # no retry, no second call
    assert "the teacher's model openai/m was refused 1 time(s)" in str(stop.value)
    assert f"HTTP {status}" in str(stop.value)
    with pytest.raises(ProviderRefused):
        run_all(gateway, 4)
    assert len(server.requests) == 1
    assert gateway.stats.failures == 0 and gateway.stats.endpoint_checks == 0


@pytest.mark.parametrize("fault", [Answer(500), Answer(429, "Rate limit reached"), TimeoutError()])
def test_a_check_that_fails_otherwise_counts_nothing_and_stops_nothing(fault: Exception) -> None:
    server = Server(fail=fault)
    gateway = Gateway(max_concurrency=4, retry=FAST, completion=server)
    check(gateway)
    gateway.refusals.check()  # no stop
    assert len(server.requests) == 1  # one attempt: the build's first turn probes instead
    stats = gateway.stats.to_dict()
    assert stats["calls"] == stats["retries"] == stats["failures"] == 0
    assert gateway.stats.endpoint_checks == 0


def test_only_lean_route_endpoints_not_answered_before_are_checked() -> None:
    found = endpoints_to_check(
        {
            ("openai/m", "http://127.0.0.1:9/v1"): "teacher",
            ("openai/cached", "http://127.0.0.1:9/v1"): "student_a",
            ("local/smollm2", None): "dull_student",
            ("anthropic/claude-3-5-haiku-latest", None): "smart_student",
        },
        answered_before={"openai/cached"},
    )
    assert [(r.model, r.api_base, role) for r, role in found] == [
        ("openai/m", "http://127.0.0.1:9/v1", "teacher")
    ]


def test_a_config_checks_the_endpoints_of_the_scenarios_it_runs() -> None:
    settings = GenerationSettings(
        scenarios={"error_correction": 1.0, "debate": 0.0, "analogy": 0.0},
        models={"weak": "openai/weak", "mid": "openai/mid", "strong": "openai/strong"},
        roles={"student_a": {"model": "openai/debater", "api_base": "http://other:1/v1"}},
    )
    # Debate's students are not asked, so their endpoint is not checked.
    assert endpoints(settings) == {
        ("openai/strong", None): "teacher",
        ("openai/weak", None): "dull_student",
    }
    debate = settings.model_copy(update={"scenarios": {"debate": 1.0}})
    assert endpoints(debate)[("openai/debater", "http://other:1/v1")] == "student_a"


def test_choosing_the_endpoints_to_check_prints_nothing_for_models_litellm_cannot_route(
    capsys: pytest.CaptureFixture[str],
) -> None:
    checks = endpoints_to_check({("local/smollm2", None): "teacher", (MODEL, None): "student"})
    assert [role for _, role in checks] == ["student"]  # the embedded model is not an endpoint
    out, err = capsys.readouterr()
    assert "Provider List" not in out + err  # LiteLLM's help text, printed before configure()

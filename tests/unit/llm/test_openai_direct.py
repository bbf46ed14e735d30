"""Which calls take the lean path, and that LiteLLM still maps the parameters for it."""

from __future__ import annotations

import litellm
import pytest

from boost_qa.llm import openai_direct
from boost_qa.llm.openai_direct import direct_route, http_error, request_body
from boost_qa.llm.retry import classify
from boost_qa.types import ChatRequest


@pytest.fixture(autouse=True)
def _fresh_routes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(openai_direct, "_routes", {})
    monkeypatch.setenv("OPENAI_API_KEY", "sk-unit-test")


def req(model: str, **changes: object) -> ChatRequest:
    fields: dict[str, object] = {
        "model": model,
        "messages": (("system", "s"), ("user", "u")),
        "temperature": 0.3,
        "max_tokens": 20,
        "seed": 42,
        "api_base": "http://127.0.0.1:9/v1",
        **changes,
    }
    return ChatRequest(**fields)  # type: ignore[arg-type]


def test_openai_compatible_models_take_the_lean_path() -> None:
    route = direct_route(req("openai/my-model"))
    assert route is not None
    assert route.url == "http://127.0.0.1:9/v1/chat/completions"
    assert route.model == "my-model" and route.provider == "openai"
    assert ("Authorization", "Bearer sk-unit-test") in route.headers
    vllm = direct_route(req("hosted_vllm/llama", api_base="http://127.0.0.1:8/v1/"))
    assert vllm is not None and vllm.url == "http://127.0.0.1:8/v1/chat/completions"


@pytest.mark.parametrize(
    "request_",
    [
        req("anthropic/claude-3-5-haiku-latest", api_base=None),
        req("azure/my-deployment"),
        req("openai/m", extra=(("stream", True),)),
        req("openai/m", extra=(("extra_headers", {"x": "y"}),)),
        req("no-such-provider/m"),
    ],
)
def test_everything_else_goes_through_litellm(request_: ChatRequest) -> None:
    assert direct_route(request_) is None


def test_global_litellm_headers_or_callbacks_send_calls_through_litellm(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(litellm, "headers", {"X-Tenant": "a"})
    assert direct_route(req("openai/m")) is None


def test_litellm_maps_the_parameters_and_the_seed_is_per_call() -> None:
    route = direct_route(req("openai/o3-mini"))
    assert route is not None
    body = request_body(route, req("openai/o3-mini"))
    assert body["max_completion_tokens"] == 20 and "max_tokens" not in body  # LiteLLM's mapping
    assert body["seed"] == 42 and body["model"] == "o3-mini"
    again = request_body(route, req("openai/o3-mini", seed=7))
    assert again["seed"] == 7  # the mapping is cached per shape, the seed is not
    plain = direct_route(req("openai/m"))
    assert plain is not None
    stops = request_body(plain, req("openai/m", sampling=(("stop", ("\nA:",)), ("top_p", 0.9))))
    assert stops["stop"] == ["\nA:"] and stops["top_p"] == 0.9 and stops["temperature"] == 0.3
    assert stops["messages"] == [
        {"role": "system", "content": "s"},
        {"role": "user", "content": "u"},
    ]


@pytest.mark.parametrize(
    ("status", "name", "retryable", "fatal"),
    [
        (401, "AuthenticationError", False, True),
        (404, "NotFoundError", False, True),
        (400, "BadRequestError", False, False),
        (429, "RateLimitError", True, False),
        (503, "ServiceUnavailableError", True, False),
    ],
)
def test_errors_are_named_and_classified_as_litellm_s(
    status: int, name: str, retryable: bool, fatal: bool
) -> None:
    error = http_error(status, f"Error code: {status} - x", {"retry-after": "2"})
    failure = classify(error)
    assert type(error).__name__ == name
    assert failure.reason.startswith(f"HTTP {status}: {name}: ")
    assert (failure.retryable, failure.fatal, failure.status) == (retryable, fatal, status)
    assert failure.retry_after == 2.0


def test_a_reply_that_only_thought_is_an_empty_turn_and_other_textless_replies_are_broken() -> None:
    from boost_qa.llm.openai_direct import reply_content

    assert reply_content("  27.  ", None, "stop") == "27."
    assert reply_content(None, "Let me think about 48 / 2...", "length") == ""
    assert reply_content(None, None, "length") == ""  # cut off before any text
    with pytest.raises(ValueError, match="no text content"):
        reply_content(None, None, "stop")
    with pytest.raises(ValueError, match=r"no text content \(list\)"):
        reply_content([{"type": "image"}], None, "stop")

"""Reading a provider's announced rate limits from its response headers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from boost_qa.llm.provider_limits import (
    LimitWindow,
    exception_rate_limit_headers,
    parse_duration,
    parse_rate_limit_headers,
    rate_limit_headers,
)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("1s", 1.0), ("6m0s", 360.0), ("20ms", 0.02), ("1h2m3.5s", 3723.5), ("0.5", 0.5)],
)
def test_openai_reset_durations(text: str, seconds: float) -> None:
    assert parse_duration(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["", "soon", "1x", "5s later"])
def test_what_is_no_duration_is_none(text: str) -> None:
    assert parse_duration(text) is None


def test_litellm_headers_are_filtered_lower_cased_and_unprefixed() -> None:
    # What LiteLLM 1.106 puts in `_hidden_params["additional_headers"]`: OpenAI's six bare,
    # every raw header again with `llm_provider-`.
    hidden = {
        "x-ratelimit-limit-tokens": "6000",
        "llm_provider-x-ratelimit-limit-tokens": "6000",
        "llm_provider-X-RateLimit-Remaining-Tokens": "5900",
        "llm_provider-content-type": "application/json",
        "llm_provider-anthropic-ratelimit-requests-limit": "50",
        "request-id": "abc",
    }
    assert rate_limit_headers(hidden) == (
        ("anthropic-ratelimit-requests-limit", "50"),
        ("x-ratelimit-limit-tokens", "6000"),
        ("x-ratelimit-remaining-tokens", "5900"),
    )
    assert rate_limit_headers(None) == () == rate_limit_headers({"server": "x"})


def test_openai_limits_are_parsed() -> None:
    limits = parse_rate_limit_headers(
        {
            "x-ratelimit-limit-requests": "500",
            "x-ratelimit-remaining-requests": "499",
            "x-ratelimit-reset-requests": "120ms",
            "x-ratelimit-limit-tokens": "60000",
            "x-ratelimit-remaining-tokens": "59000",
            "x-ratelimit-reset-tokens": "1s",
        }
    )
    assert limits is not None
    assert limits.requests == LimitWindow(500, 499, 0.12)
    assert limits.tokens == LimitWindow(60000, 59000, 1.0)
    # OpenAI refills a whole minute's bucket: what is left plus what refills by the reset.
    assert limits.tokens.capacity() == 60000
    assert LimitWindow(6000, 900, 1.0).capacity() == 1000  # a small burst, as a server says
    assert LimitWindow(6000).capacity() == 6000 and LimitWindow().capacity() is None


def test_anthropic_limits_with_rfc3339_resets() -> None:
    now = datetime(2026, 1, 1, 0, 0, 0, tzinfo=UTC).timestamp()
    limits = parse_rate_limit_headers(
        [
            ("anthropic-ratelimit-tokens-limit", "80000"),
            ("anthropic-ratelimit-tokens-remaining", "0"),
            ("anthropic-ratelimit-tokens-reset", "2026-01-01T00:00:30Z"),
        ],
        now=now,
    )
    assert limits is not None and limits.tokens == LimitWindow(80000, 0, 30.0)
    assert limits.requests == LimitWindow()


def test_headers_without_limits_are_none() -> None:
    assert parse_rate_limit_headers({"content-type": "x"}) is None
    assert parse_rate_limit_headers({"x-ratelimit-limit-tokens": "lots"}) is None


def test_a_failure_carries_its_headers() -> None:
    class RateLimitError(Exception):
        litellm_response_headers = {"x-ratelimit-remaining-requests": "0", "retry-after": "2"}

    assert exception_rate_limit_headers(RateLimitError()) == (
        ("x-ratelimit-remaining-requests", "0"),
    )
    assert exception_rate_limit_headers(ValueError()) == ()

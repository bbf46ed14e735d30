"""The rate limits a provider announces in its response headers.

Why: a recipe's ``calls.max_requests_per_minute`` / ``max_tokens_per_minute`` are guesses; the
provider knows its limits and says them on every answer. OpenAI (and the many servers that copy
its wire format) send ``x-ratelimit-{limit,remaining,reset}-{requests,tokens}``, with resets as
Go-style durations (``1s``, ``6m0s``, ``20ms``); Anthropic sends
``anthropic-ratelimit-{requests,tokens}-{limit,remaining,reset}`` with resets as RFC 3339 times.

Every transport hands the headers of an answer (or of a failure) to
:func:`rate_limit_headers`, which keeps only the rate-limit ones, lower-cased; the limiter reads
them with :func:`parse_rate_limit_headers`. Both take any header mapping: LiteLLM's
``additional_headers`` (raw headers prefixed ``llm_provider-``), an ``httpx.Headers``, a dict.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

Headers = tuple[tuple[str, str], ...]
"""Rate-limit headers as ``ChatResult.rate_limit_headers`` keeps them: lower-cased pairs."""

_PREFIXES = ("x-ratelimit-", "anthropic-ratelimit-")
_LITELLM_PREFIX = "llm_provider-"
_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ms|h|m|s)")


@dataclass(frozen=True)
class LimitWindow:
    """One announced limit (requests or tokens): per minute, what is left, when it is full."""

    limit: float | None = None
    remaining: float | None = None
    reset: float | None = None
    """Seconds until ``remaining`` is back at ``limit``."""

    def capacity(self) -> float | None:
        """How much the provider lets through at once: what is left plus what refills by reset.

        OpenAI's bucket holds a whole minute (capacity = limit); a server with a smaller burst
        says so through ``remaining`` and ``reset``, so the limiter copies its bucket.
        """
        if self.limit is None:
            return None
        if self.remaining is None or self.reset is None:
            return self.limit
        return min(self.limit, self.remaining + self.reset * self.limit / 60.0)


@dataclass(frozen=True)
class ProviderLimits:
    """What one answer said about the requests and the tokens per minute left to this key."""

    requests: LimitWindow
    tokens: LimitWindow


def rate_limit_headers(headers: Mapping[str, Any] | None) -> Headers:
    """The rate-limit headers of an answer, lower-cased, without LiteLLM's ``llm_provider-``."""
    if not headers:
        return ()
    found: dict[str, str] = {}
    try:
        items = list(headers.items())
    except AttributeError:
        return ()
    for name, value in items:
        key = str(name).lower()
        key = key.removeprefix(_LITELLM_PREFIX)
        if key.startswith(_PREFIXES) and value is not None:
            found[key] = str(value)
    return tuple(sorted(found.items()))


def exception_rate_limit_headers(exc: BaseException) -> Headers:
    """The rate-limit headers of a failed call (a 429 carries them), as for an answer."""
    # LiteLLM rebuilds `exc.response` without the provider's headers and keeps them in
    # `litellm_response_headers`; plain httpx/openai errors carry them on the response.
    for headers in (
        getattr(exc, "litellm_response_headers", None),
        getattr(getattr(exc, "response", None), "headers", None),
        getattr(exc, "headers", None),
    ):
        found = rate_limit_headers(headers) if isinstance(headers, Mapping) else ()
        if found:
            return found
    return ()


def parse_rate_limit_headers(
    headers: Mapping[str, str] | Iterable[tuple[str, str]], *, now: float | None = None
) -> ProviderLimits | None:
    """The limits that rate-limit headers announce; None when they announce none.

    Args:
        headers: Any header mapping or pairs (raw, LiteLLM-prefixed or already filtered).
        now: The wall-clock time (``time.time()``) to measure RFC 3339 resets from.
    """
    pairs = headers.items() if isinstance(headers, Mapping) else headers
    values = dict(rate_limit_headers(dict(pairs)))
    if not values:
        return None
    wall = time.time() if now is None else now
    requests = _window(values, "requests", wall)
    tokens = _window(values, "tokens", wall)
    if requests == tokens == LimitWindow():
        return None
    return ProviderLimits(requests=requests, tokens=tokens)


def parse_duration(text: str) -> float | None:
    """Seconds in an OpenAI reset value: ``1s``, ``6m0s``, ``20ms``, ``1h2m3.5s`` or ``0.5``."""
    text = text.strip().lower()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    parts = _DURATION.findall(text)
    if not parts or "".join(n + u for n, u in parts) != text:
        return None
    scale = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001}
    return sum(float(number) * scale[unit] for number, unit in parts)


def _window(values: Mapping[str, str], kind: str, wall: float) -> LimitWindow:
    openai = (f"x-ratelimit-{field}-{kind}" for field in ("limit", "remaining", "reset"))
    anthropic = (f"anthropic-ratelimit-{kind}-{field}" for field in ("limit", "remaining", "reset"))
    for limit_key, remaining_key, reset_key in (tuple(openai), tuple(anthropic)):
        if limit_key in values or remaining_key in values:
            return LimitWindow(
                limit=_number(values.get(limit_key)),
                remaining=_number(values.get(remaining_key)),
                reset=_reset(values.get(reset_key), wall),
            )
    return LimitWindow()


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value >= 0 else None


def _reset(text: str | None, wall: float) -> float | None:
    if text is None:
        return None
    seconds = parse_duration(text)
    if seconds is not None:
        return seconds
    try:  # Anthropic: the moment the bucket is full again, e.g. 2026-01-01T00:00:30Z
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return max(0.0, moment.timestamp() - wall)

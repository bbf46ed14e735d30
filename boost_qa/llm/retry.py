"""Which failures are worth retrying, and how long to wait before the next try.

Failures are classified by what happened on the wire (HTTP status, timeout, reset connection,
unparseable body), never by one provider's exception classes: every LiteLLM backend maps its
errors onto exceptions that carry a ``status_code``, and transport errors carry none.
"""

from __future__ import annotations

import asyncio
import json
import random
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

RETRYABLE_STATUS = frozenset({408, 409, 425, 429})
FATAL_STATUS = frozenset({401, 403, 404})
"""Answers no retry and no other row can fix: a bad key, no access, an unknown model or URL."""
QUOTA_MARKERS = ("insufficient_quota", "exceeded your current quota", "billing")
"""How providers say a 429 is an exhausted quota or credit, not a rate limit."""


class RetryPolicy(BaseModel):
    """How often and how patiently a failed call is tried again, and how fast calls may go.

    This is a recipe's ``calls:`` section.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_attempts: int = Field(6, ge=1, description="tries per call, the first included")
    base_delay: float = Field(0.5, ge=0, description="seconds before the first retry")
    max_delay: float = Field(30.0, ge=0, description="cap on one wait, Retry-After included")
    timeout: float = Field(120.0, gt=0, description="seconds one call may take")
    max_requests_per_minute: int | None = Field(
        None, ge=1, description="requests sent per minute across the whole build (None: no cap)"
    )
    transport: Literal["auto", "litellm"] = Field(
        "auto",
        description="auto: OpenAI-compatible endpoints on boost-qa's lean path (LiteLLM still "
        "resolves, maps and prices), others through litellm.acompletion; litellm: every call "
        "through litellm.acompletion",
    )
    mode: Literal["online", "batch"] = Field("online", description="batch: provider batch APIs")
    batch_poll_seconds: float = Field(60.0, gt=0, description="longest wait between batch polls")
    max_tokens_per_minute: int | None = Field(
        None,
        ge=1,
        description="prompt + completion tokens per minute across the whole build (None: no cap)",
    )
    follow_rate_limit_headers: bool = Field(
        True,
        description="also keep under the limits a provider announces in x-ratelimit-* headers",
    )
    provider_share: float = Field(
        1.0,
        gt=0,
        le=1,
        exclude=True,
        description="set by engines, not recipes: one worker's share of the announced limits",
    )


@dataclass(frozen=True)
class Failure:
    """A classified failure: whether to retry, why, and what the server asked for."""

    retryable: bool
    reason: str
    status: int | None = None
    retry_after: float | None = None
    fatal: bool = False
    """No call to this endpoint can succeed (bad key, unknown model, no quota): stop the build."""


def classify(exc: BaseException) -> Failure:
    """Classify an exception raised by a model call."""
    status = _status_of(exc)
    name = type(exc).__name__
    detail = _short(str(exc))
    if status is not None:
        retryable = status in RETRYABLE_STATUS or status >= 500
        # LiteLLM reports transport trouble as HTTP-like errors (a client timeout as 408, a
        # reset connection or an unparseable 200 body as 500); the exceptions it chained tell
        # what really happened, so the failure record says that instead of a status never sent.
        kind = _transport_kind(exc)
        if kind is None:
            kind = "connection error" if "connection error" in detail.lower() else f"HTTP {status}"
        quota = status == 429 and any(m in detail.lower() for m in QUOTA_MARKERS)
        fatal = (status in FATAL_STATUS and kind.startswith("HTTP")) or quota
        return Failure(
            retryable and not fatal,
            f"{kind}: {name}: {detail}",
            status,
            _retry_after(exc),
            fatal=fatal,
        )
    if isinstance(exc, asyncio.TimeoutError | TimeoutError) or "Timeout" in name:
        return Failure(True, f"timeout: {name}", 408)
    if isinstance(exc, ConnectionError | OSError) or "Connection" in name:
        return Failure(True, f"connection error: {name}: {detail}")
    if isinstance(exc, json.JSONDecodeError | ValueError | KeyError | IndexError | TypeError):
        return Failure(True, f"malformed response: {name}: {detail}")
    return Failure(False, f"{name}: {detail}")


def backoff_delay(attempt: int, policy: RetryPolicy, failure: Failure, rng: random.Random) -> float:
    """Exponential backoff with full jitter; a server's Retry-After is a lower bound."""
    exponential = min(policy.max_delay, policy.base_delay * (2 ** (attempt - 1)))
    delay = rng.uniform(0, exponential)
    if failure.retry_after is not None:
        delay = max(delay, failure.retry_after)
    return min(delay, policy.max_delay)


def _transport_kind(exc: BaseException) -> str | None:
    """Name the transport failure among ``exc``'s causes, if one of them is one."""
    seen = {id(exc)}
    cause = exc.__cause__ or exc.__context__
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        # A cause with a status is the HTTP layer (a real error answer), not the transport.
        if _status_of(cause) is None:
            name = type(cause).__name__
            if isinstance(cause, json.JSONDecodeError):
                return "malformed response"
            if isinstance(cause, asyncio.TimeoutError | TimeoutError) or "Timeout" in name:
                return "timeout"
            if isinstance(cause, ConnectionError) or "Connection" in name or "Connect" in name:
                return "connection error"
        cause = cause.__cause__ or cause.__context__
    return None


def _status_of(exc: BaseException) -> int | None:
    for attr in ("status_code", "status"):
        value = getattr(exc, attr, None)
        if isinstance(value, int) and 100 <= value < 600:
            return value
    return None


def _retry_after(exc: BaseException) -> float | None:
    # LiteLLM rebuilds `exc.response` without the provider's headers; it keeps them in
    # `litellm_response_headers`. Plain httpx/openai errors carry them on the response.
    for headers in (
        getattr(exc, "litellm_response_headers", None),
        getattr(getattr(exc, "response", None), "headers", None),
        getattr(exc, "headers", None),
    ):
        value = _header(headers)
        if value is not None:
            return value
    return None


def _header(headers: object) -> float | None:
    if not headers:
        return None
    try:
        value = headers.get("retry-after") or headers.get("Retry-After")  # type: ignore[attr-defined]
    except AttributeError:
        return None
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"

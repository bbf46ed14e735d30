"""A lean transport for OpenAI-compatible chat endpoints, with LiteLLM deciding everything else.

Why: ``litellm.acompletion`` spends about 3 ms of CPU per call building logging and response
objects, so one process tops out near 300 calls per second however fast the endpoint is. This
transport posts the request LiteLLM would post on one persistent aiohttp session and reads the
answer itself (about a tenth of that CPU). LiteLLM still does what it is for:

* it resolves the provider, model name, API key and base URL (``litellm.get_llm_provider`` and
  the same key and base order as ``litellm.completion``);
* it maps the sampling parameters for that provider and model (``get_optional_params``, e.g.
  ``max_completion_tokens`` for reasoning models);
* it prices the usage from its price map (``litellm.cost_per_token``).

Only the plain case takes this path (:func:`direct_route`): providers in
:data:`DIRECT_PROVIDERS`, no extra request arguments but an API key, no global LiteLLM headers,
callbacks or organisation. Everything else goes through ``litellm.acompletion`` unchanged, and
``calls.transport: litellm`` in a recipe sends every call there. Rows, usage and cache keys are
the same on both paths (``tests/e2e/llm/test_transports.py``).

Errors keep the shape :mod:`boost_qa.llm.retry` classifies: an HTTP error carries
``status_code`` and the answer's headers (so Retry-After still works), a broken connection is a
``ConnectionError``, a timeout a ``TimeoutError`` and an unparseable body a ``ValueError``.
"""

from __future__ import annotations

import asyncio
import json
import os
import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp
import litellm
import orjson
from litellm.utils import get_optional_params

from boost_qa.llm.call_loop import register_closer
from boost_qa.llm.provider_limits import rate_limit_headers
from boost_qa.types import ChatRequest, ChatResult

DIRECT_PROVIDERS = frozenset({"openai", "hosted_vllm"})
"""LiteLLM providers whose chat call is a plain OpenAI ``/chat/completions`` POST."""

_SEED_MARK = -7_777_777
"""A placeholder seed: parameter mappings are cached per request shape, the seed set per call."""


class ProviderHTTPError(Exception):
    """A non-2xx answer, shaped like LiteLLM's errors: ``status_code``, ``headers``, message."""

    def __init__(self, status_code: int, message: str, headers: Mapping[str, str]) -> None:
        self.status_code = status_code
        self.headers = dict(headers)
        super().__init__(message)


def http_error(status: int, message: str, headers: Mapping[str, str]) -> ProviderHTTPError:
    """The error for an answer with ``status``, named as LiteLLM (and OpenAI's SDK) name it."""
    name = _ERROR_NAMES.get(status, "InternalServerError" if status >= 500 else "APIError")
    kind = _error_types.get(name)
    if kind is None:
        kind = _error_types[name] = type(name, (ProviderHTTPError,), {"__module__": __name__})
    return kind(status, message, headers)


_error_types: dict[str, type[ProviderHTTPError]] = {}


_ERROR_NAMES = {
    400: "BadRequestError",
    401: "AuthenticationError",
    403: "PermissionDeniedError",
    404: "NotFoundError",
    408: "Timeout",
    409: "ConflictError",
    422: "UnprocessableEntityError",
    429: "RateLimitError",
    503: "ServiceUnavailableError",
}


@dataclass(frozen=True)
class Route:
    """Where and how one model's calls go: resolved once per model and base URL."""

    url: str
    model: str
    provider: str
    headers: tuple[tuple[str, str], ...]


_routes: dict[tuple[str, str | None, str | None], Route | None] = {}
_params: dict[tuple[Any, ...], dict[str, Any]] = {}
_prices: dict[tuple[str, str], tuple[float, float] | None] = {}
_sessions: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, aiohttp.ClientSession] = (
    weakref.WeakKeyDictionary()
)


def direct_route(request: ChatRequest) -> Route | None:
    """The direct route for ``request``, or None when LiteLLM must make the call."""
    extra = dict(request.extra)
    api_key = extra.pop("api_key", None)
    if extra:
        return None
    cache_key = (request.model, request.api_base, api_key)
    if cache_key not in _routes:
        _routes[cache_key] = _resolve(request.model, request.api_base, api_key)
    return _routes[cache_key]


def _resolve(model: str, api_base: str | None, api_key: str | None) -> Route | None:
    if _litellm_customised():
        return None
    try:
        name, provider, dynamic_key, dynamic_base = litellm.get_llm_provider(
            model=model, api_base=api_base, api_key=api_key
        )
    except Exception:  # noqa: BLE001 - LiteLLM will raise the same error, with its message
        return None
    if provider not in DIRECT_PROVIDERS:
        return None
    base = api_base or dynamic_base
    key = api_key or dynamic_key
    if provider == "openai":  # the order litellm.completion uses for the openai provider
        if os.environ.get("OPENAI_ORGANIZATION") or litellm.organization:
            return None
        base = (
            base
            or litellm.api_base
            or litellm.get_secret_str("OPENAI_BASE_URL")
            or litellm.get_secret_str("OPENAI_API_BASE")
            or "https://api.openai.com/v1"
        )
        key = (
            key or litellm.api_key or litellm.openai_key or litellm.get_secret_str("OPENAI_API_KEY")
        )
    if not base:
        return None
    headers = {"Content-Type": "application/json"}
    if key:
        headers["Authorization"] = f"Bearer {key}"
    return Route(
        url=base.rstrip("/") + "/chat/completions",
        model=name,
        provider=provider,
        headers=tuple(headers.items()),
    )


def _litellm_customised() -> bool:
    """Whether the user set LiteLLM up in a way only its own call path honours."""
    return bool(
        litellm.headers
        or litellm.callbacks
        or litellm.success_callback
        or litellm.failure_callback
        or litellm.input_callback
        or litellm.model_alias_map
    )


def request_body(route: Route, request: ChatRequest) -> dict[str, Any]:
    """The JSON body LiteLLM would send for ``request`` on ``route``."""
    sampling = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in request.sampling)
    shape = (route.provider, route.model, request.temperature, request.max_tokens, sampling)
    params = _params.get(shape)
    if params is None:
        kwargs: dict[str, Any] = {k: list(v) if isinstance(v, tuple) else v for k, v in sampling}
        mapped = get_optional_params(
            model=route.model,
            custom_llm_provider=route.provider,
            temperature=request.temperature,
            max_tokens=request.max_tokens,
            seed=_SEED_MARK,
            drop_params=True,
            **kwargs,
        )
        params = dict(mapped)
        extra_body = params.pop("extra_body", None) or {}
        params.update(extra_body)
        _params[shape] = params
    body: dict[str, Any] = {"model": route.model, "messages": request.as_messages(), **params}
    if body.get("seed") == _SEED_MARK:
        body["seed"] = request.seed
    return body


async def direct_complete(route: Route, request: ChatRequest, timeout: float) -> ChatResult:
    """Make one call on ``route``; retries belong to the gateway."""
    body = orjson.dumps(request_body(route, request))
    session = _session()
    try:
        async with session.post(
            route.url,
            data=body,
            headers=dict(route.headers),
            timeout=aiohttp.ClientTimeout(total=timeout),
        ) as response:
            raw = await response.read()
            if response.status >= 400:
                raise http_error(
                    response.status, _error_message(response.status, raw), response.headers
                )
            headers = response.headers
    except TimeoutError:  # aiohttp's timeouts are also ClientErrors: keep them timeouts
        raise
    except aiohttp.ClientError as exc:
        raise ConnectionError(f"{type(exc).__name__}: {exc}") from exc
    # A truncated body raises orjson's JSONDecodeError (a json.JSONDecodeError): "malformed".
    data = orjson.loads(raw)
    return _result(route, data, headers)


def reply_content(content: Any, reasoning: Any, finish_reason: Any) -> str:
    """The reply's text; "" when a reasoning model only thought (its text is null).

    A server that separates the thinking (vLLM's reasoning parser, DeepSeek's API) answers a
    reply cut off while thinking with ``content: null`` and the thinking beside it. That is a
    turn to ask again with a new seed (the turn guards say why), not a broken response to retry
    as it is. Any other reply without text is broken.
    """
    if isinstance(content, str):
        return content.strip()
    if content is None and (isinstance(reasoning, str) or finish_reason == "length"):
        return ""
    raise ValueError(f"response has no text content ({type(content).__name__})")


def _result(route: Route, data: dict[str, Any], headers: Mapping[str, str]) -> ChatResult:
    choice = data["choices"][0]
    message = choice["message"]
    content = reply_content(
        message.get("content"),
        message.get("reasoning_content", message.get("reasoning")),
        choice.get("finish_reason"),
    )
    usage = data.get("usage") or {}
    prompt_tokens = int(usage.get("prompt_tokens") or 0)
    completion_tokens = int(usage.get("completion_tokens") or 0)
    return ChatResult(
        content=content,
        prompt_tokens=prompt_tokens,
        completion_tokens=completion_tokens,
        cost=_cost(route, usage, prompt_tokens, completion_tokens),
        finish_reason=choice.get("finish_reason"),
        rate_limit_headers=rate_limit_headers(headers),
    )


def _cost(route: Route, usage: dict[str, Any], prompt_tokens: int, completion_tokens: int) -> float:
    """LiteLLM's price for the usage; per-token prices are looked up once per model."""
    details = usage.get("prompt_tokens_details") or {}
    if details.get("cached_tokens") or usage.get("completion_tokens_details", {}).get(
        "audio_tokens"
    ):
        # Discounted or special tokens: let LiteLLM read the whole usage object.
        try:
            prompt_cost, completion_cost = litellm.cost_per_token(
                model=route.model,
                custom_llm_provider=route.provider,
                usage_object=litellm.Usage(**usage),
            )
            return float(prompt_cost + completion_cost)
        except Exception:  # noqa: BLE001 - unpriced models cost nothing, as on LiteLLM's path
            return 0.0
    prices = _unit_prices(route)
    if prices is None:
        return _exact_cost(route, prompt_tokens, completion_tokens)
    return prices[0] * prompt_tokens + prices[1] * completion_tokens


def _unit_prices(route: Route) -> tuple[float, float] | None:
    """Per-token prices when the model's price is linear (no tiers); (0, 0) when unpriced."""
    key = (route.provider, route.model)
    if key not in _prices:
        try:
            info = litellm.get_model_info(route.model, custom_llm_provider=route.provider)
        except Exception:  # noqa: BLE001 - unpriced (local, self-hosted, test) models
            _prices[key] = (0.0, 0.0)
            return _prices[key]
        tiered = any("above_" in name for name in info)
        _prices[key] = (
            None
            if tiered
            else (
                float(info.get("input_cost_per_token") or 0.0),
                float(info.get("output_cost_per_token") or 0.0),
            )
        )
    return _prices[key]


def _exact_cost(route: Route, prompt_tokens: int, completion_tokens: int) -> float:
    try:
        prompt_cost, completion_cost = litellm.cost_per_token(
            model=route.model,
            custom_llm_provider=route.provider,
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
        )
    except Exception:  # noqa: BLE001
        return 0.0
    return float(prompt_cost + completion_cost)


def _error_message(status: int, raw: bytes) -> str:
    try:
        error = json.loads(raw).get("error")
        message = error.get("message") if isinstance(error, dict) else error
    except (ValueError, AttributeError):
        message = None
    text = message if isinstance(message, str) and message else raw.decode("utf-8", "replace")
    return f"Error code: {status} - {text}"


def _session() -> aiohttp.ClientSession:
    """The running loop's session (the call loop's, in a build), made on first use."""
    loop = asyncio.get_running_loop()
    session = _sessions.get(loop)
    if session is None or session.closed:
        connector = aiohttp.TCPConnector(limit=0, ttl_dns_cache=300)
        session = aiohttp.ClientSession(
            connector=connector, cookie_jar=aiohttp.DummyCookieJar(), json_serialize=json.dumps
        )
        _sessions[loop] = session
        register_closer(session.close)
    return session

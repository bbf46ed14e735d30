"""LiteLLM behind one explicit set-up call, :func:`configure`, and one call function.

Importing this module changes no LiteLLM setting. What must happen before ``litellm`` itself
loads (refuse a compromised release, default ``LITELLM_LOCAL_MODEL_COST_MAP`` so LiteLLM reads
its bundled price map instead of downloading one) is done by the package, ``boost_qa.llm``,
before any of its modules is imported. Every process that makes model
calls (a build, a worker process, a Ray actor) calls :func:`configure` once before its first
call; the gateway does so on its first call.
"""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

import litellm

from boost_qa.llm.openai_direct import direct_complete, direct_route, reply_content
from boost_qa.llm.provider_limits import rate_limit_headers
from boost_qa.llm.providers import register_extra_providers, register_providers
from boost_qa.types import ChatRequest, ChatResult

Completion = Callable[[ChatRequest, float], Awaitable[ChatResult]]

_configured = False
_configure_lock = threading.Lock()


def configure() -> None:
    """Set LiteLLM up for boost-qa: lean settings, our providers, lean logging.

    The first call in a process does the work; later calls return at once. Providers named by
    ``BOOST_QA_PROVIDERS`` (see :func:`~boost_qa.llm.providers.register_extra_providers`) are
    registered here too, e.g. the scripted test model.
    """
    global _configured
    if _configured:
        return
    with _configure_lock:
        if _configured:
            return
        litellm.telemetry = False
        litellm.suppress_debug_info = True
        litellm.drop_params = True
        register_providers()
        register_extra_providers()
        lean_logging()
        _configured = True


def _drop_logging(async_coroutine: Coroutine[Any, Any, Any]) -> None:
    async_coroutine.close()


def lean_logging() -> None:
    """Skip LiteLLM's per-call async success logging when nobody listens to it.

    The logging worker costs CPU on every call, and ``Dataset.map`` closes its event loop under
    the worker's pending task, which prints "Task was destroyed" noise at the end of every map.
    With callbacks configured (LITELLM callbacks, Langfuse, ...) logging stays on.
    """
    from litellm.litellm_core_utils.logging_worker import GLOBAL_LOGGING_WORKER

    if litellm.callbacks or litellm.success_callback or litellm._async_success_callback:
        return
    GLOBAL_LOGGING_WORKER.ensure_initialized_and_enqueue = _drop_logging  # type: ignore[method-assign]


def token_cost(model: str, prompt_tokens: int, completion_tokens: int) -> float:
    """LiteLLM's price in USD for these token counts; 0 for models without a price.

    Local, self-hosted and test models have no price, and cost nothing.
    """
    configure()
    try:
        prompt_cost, completion_cost = litellm.cost_per_token(
            model=model, prompt_tokens=prompt_tokens, completion_tokens=completion_tokens
        )
        return float(prompt_cost + completion_cost)
    except Exception:  # noqa: BLE001 - models without a price (local, self-hosted) cost nothing
        return 0.0


def completion_for(transport: str = "auto") -> Completion:
    """The call function for a ``calls.transport`` setting (see :mod:`.openai_direct`)."""
    configure()
    if transport == "litellm":
        return litellm_complete
    return complete


async def complete(request: ChatRequest, timeout: float) -> ChatResult:
    """One call: on the lean path when the endpoint is plain OpenAI-compatible, else LiteLLM's."""
    route = direct_route(request)
    if route is None:
        return await litellm_complete(request, timeout)
    return await direct_complete(route, request, timeout)


async def litellm_complete(request: ChatRequest, timeout: float) -> ChatResult:
    """Make one call through ``litellm.acompletion``; retries belong to the gateway."""
    kwargs = {k: list(v) if isinstance(v, tuple) else v for k, v in request.sampling}
    kwargs.update(request.extra)
    if request.api_base:
        kwargs["api_base"] = request.api_base
    response = await litellm.acompletion(
        model=request.model,
        messages=request.as_messages(),
        temperature=request.temperature,
        max_tokens=request.max_tokens,
        seed=request.seed,
        timeout=timeout,
        num_retries=0,
        max_retries=0,
        **kwargs,
    )
    choice = response.choices[0]
    content = reply_content(
        choice.message.content,
        getattr(choice.message, "reasoning_content", None),
        getattr(choice, "finish_reason", None),
    )
    usage = getattr(response, "usage", None)
    return ChatResult(
        content=content,
        prompt_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
        completion_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
        cost=_cost(response),
        finish_reason=getattr(choice, "finish_reason", None),
        rate_limit_headers=_rate_limit_headers(response),
    )


def _rate_limit_headers(response: object) -> tuple[tuple[str, str], ...]:
    # LiteLLM keeps the provider's headers in `additional_headers`: OpenAI's rate-limit ones
    # bare, every raw header again prefixed `llm_provider-` (Anthropic's among them).
    hidden = getattr(response, "_hidden_params", None) or {}
    return rate_limit_headers(hidden.get("additional_headers"))


def _cost(response: object) -> float:
    hidden = getattr(response, "_hidden_params", {}) or {}
    cost = hidden.get("response_cost")
    # LiteLLM prices every response it returns and stores None when the model has no price
    # (local, self-hosted, test models). Asking again costs about as much CPU as the rest of
    # our per-call work together (a failed price look-up), and gives the same answer.
    if cost is None and "response_cost" not in hidden:
        try:
            cost = litellm.completion_cost(completion_response=response)
        except Exception:  # noqa: BLE001 - unknown models (local, self-hosted) cost nothing
            cost = 0.0
    return float(cost or 0.0)

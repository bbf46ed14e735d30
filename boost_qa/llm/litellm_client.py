"""LiteLLM, set up once: offline price map, lean settings, our custom providers."""

from __future__ import annotations

import os

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

from boost_qa.llm.safety import check_litellm  # noqa: E402 - must run before litellm loads

check_litellm()

from collections.abc import Coroutine  # noqa: E402
from typing import Any  # noqa: E402

import litellm  # noqa: E402
from litellm.litellm_core_utils.logging_worker import GLOBAL_LOGGING_WORKER  # noqa: E402

from boost_qa.llm.providers import register_providers  # noqa: E402
from boost_qa.types import ChatRequest, ChatResult  # noqa: E402

litellm.telemetry = False
litellm.suppress_debug_info = True
litellm.drop_params = True
register_providers()


def _drop_logging(async_coroutine: Coroutine[Any, Any, Any]) -> None:
    async_coroutine.close()


def lean_logging() -> None:
    """Skip LiteLLM's per-call async success logging when nobody listens to it.

    The logging worker costs CPU on every call, and ``Dataset.map`` closes its event loop under
    the worker's pending task, which prints "Task was destroyed" noise at the end of every map.
    With callbacks configured (LITELLM callbacks, Langfuse, ...) logging stays on.
    """
    if litellm.callbacks or litellm.success_callback or litellm._async_success_callback:
        return
    GLOBAL_LOGGING_WORKER.ensure_initialized_and_enqueue = _drop_logging  # type: ignore[method-assign]


lean_logging()


def configure() -> None:
    """Set LiteLLM up for boost-qa: lean settings, our providers, lean logging (idempotent).

    Every process that makes model calls (the build, a worker process, a Ray actor) calls this
    once before its first call.
    """
    litellm.telemetry = False
    litellm.suppress_debug_info = True
    litellm.drop_params = True
    register_providers()
    lean_logging()


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
    content = choice.message.content
    if not isinstance(content, str):
        raise ValueError(f"response has no text content ({type(content).__name__})")
    usage = getattr(response, "usage", None)
    return ChatResult(
        content=content.strip(),
        prompt_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
        completion_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
        cost=_cost(response),
        finish_reason=getattr(choice, "finish_reason", None),
    )


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

"""A provider's batch API through LiteLLM: the wire body of a request, files, batches, prices.

Why here: only ``llm/`` imports LiteLLM. The batch engine (``pipeline/engines/batch.py``)
decides what goes into which batch; this module knows how LiteLLM talks to the provider.

The body of a batch line must be exactly what an online call would send, or the provider
answers (and prices) a different request. So :func:`wire_body` asks LiteLLM itself: it runs
``litellm.acompletion`` for the request against an in-memory HTTP transport that records the
JSON body and never touches the network. Every parameter mapping LiteLLM applies online
(``max_tokens`` names, dropped parameters, the model name without its provider prefix) is
therefore the same in the batch file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import httpx

from boost_qa.types import ChatRequest

BATCH_PROVIDERS = ("openai",)
"""LiteLLM providers whose OpenAI-compatible files and batches API this module drives."""

_CAPTURED_REPLY = {
    "id": "captured",
    "object": "chat.completion",
    "created": 0,
    "model": "captured",
    "choices": [
        {"index": 0, "message": {"role": "assistant", "content": "."}, "finish_reason": "stop"}
    ],
    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
}


def _litellm() -> Any:
    """LiteLLM, set up (imported lazily: it takes a second, and planning never needs it)."""
    # litellm_client first: it makes LiteLLM read its bundled price map, not download one.
    from boost_qa.llm.litellm_client import configure

    configure()
    import litellm

    return litellm


def provider_of(model: str) -> str:
    """LiteLLM's provider for a model string (``openai/gpt-4o-mini`` -> ``openai``)."""
    litellm = _litellm()
    try:
        _, provider, _, _ = litellm.get_llm_provider(model=model)
    except Exception:  # noqa: BLE001 - an unknown model has no provider, said by the caller
        return ""
    return str(provider)


def supports_batches(model: str) -> bool:
    """Whether batch mode can send this model's calls (its provider's batch API is driven)."""
    return provider_of(model) in BATCH_PROVIDERS


@dataclass(frozen=True)
class WireRequest:
    """What an online call would send: the endpoint path and the JSON body."""

    url: str
    body: dict[str, Any]


async def wire_body(request: ChatRequest) -> WireRequest:
    """The path and body ``litellm_complete`` would send for ``request`` (nothing is sent)."""
    import openai

    litellm = _litellm()
    captured: list[httpx.Request] = []

    def record(sent: httpx.Request) -> httpx.Response:
        captured.append(sent)
        return httpx.Response(200, json=_CAPTURED_REPLY)

    base = request.api_base or "https://api.openai.com/v1"
    async with httpx.AsyncClient(transport=httpx.MockTransport(record)) as http:
        client = openai.AsyncOpenAI(api_key="captured", base_url=base, http_client=http)
        kwargs = {k: list(v) if isinstance(v, tuple) else v for k, v in request.sampling}
        kwargs.update(request.extra)
        await litellm.acompletion(
            model=request.model,
            messages=request.as_messages(),
            temperature=request.temperature,
            max_tokens=request.max_tokens,
            seed=request.seed,
            api_base=base,
            client=client,
            num_retries=0,
            max_retries=0,
            **kwargs,
        )
    sent = captured[-1]
    return WireRequest(url=sent.url.path, body=json.loads(sent.content))


def batch_cost(model: str, prompt_tokens: int, completion_tokens: int) -> float:
    """LiteLLM's batch price in USD (``*_cost_per_token_batches``); 0 for unpriced models."""
    litellm = _litellm()
    from litellm.cost_calculator import batch_cost_calculator

    usage = litellm.Usage(
        prompt_tokens=prompt_tokens,
        completion_tokens=completion_tokens,
        total_tokens=prompt_tokens + completion_tokens,
    )
    try:
        prompt_cost, completion_cost = batch_cost_calculator(usage=usage, model=model)
    except Exception:  # noqa: BLE001 - models without a price (local, self-hosted) cost nothing
        return 0.0
    return float(prompt_cost + completion_cost)


@dataclass(frozen=True)
class BatchInfo:
    """A batch as the provider reports it."""

    id: str
    status: str
    input_file_id: str
    output_file_id: str | None
    error_file_id: str | None
    total: int
    completed: int
    failed: int


class BatchClient:
    """Files and batches of one provider endpoint (``api_base``), through LiteLLM.

    LiteLLM's own retries are off (``max_retries=0``): the batch engine retries with the
    build's ``calls:`` policy, like every other call.
    """

    def __init__(self, provider: str, api_base: str | None, *, timeout: float) -> None:
        """One endpoint's client; ``api_base`` None means the provider's default."""
        self.provider = provider
        self.api_base = api_base
        self.timeout = timeout

    def _kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {
            "custom_llm_provider": self.provider,
            "timeout": self.timeout,
            "max_retries": 0,
        }
        if self.api_base:
            kwargs["api_base"] = self.api_base
        return kwargs

    async def upload(self, data: bytes, filename: str) -> str:
        """Upload a batch input file; return its file id."""
        litellm = _litellm()
        created = await litellm.acreate_file(
            file=(filename, data, "application/jsonl"), purpose="batch", **self._kwargs()
        )
        return str(created.id)

    async def create(self, input_file_id: str, endpoint: str, metadata: dict[str, str]) -> str:
        """Start a batch over an uploaded file; return the batch id."""
        litellm = _litellm()
        batch = await litellm.acreate_batch(
            completion_window="24h",
            endpoint=endpoint,  # type: ignore[arg-type]
            input_file_id=input_file_id,
            metadata=metadata,
            **self._kwargs(),
        )
        return str(batch.id)

    async def retrieve(self, batch_id: str) -> BatchInfo:
        """The batch's state and files now."""
        litellm = _litellm()
        batch = await litellm.aretrieve_batch(batch_id=batch_id, **self._kwargs())
        counts = batch.request_counts
        return BatchInfo(
            id=str(batch.id),
            status=str(batch.status),
            input_file_id=str(batch.input_file_id),
            output_file_id=batch.output_file_id,
            error_file_id=batch.error_file_id,
            total=int(getattr(counts, "total", 0) or 0),
            completed=int(getattr(counts, "completed", 0) or 0),
            failed=int(getattr(counts, "failed", 0) or 0),
        )

    async def content(self, file_id: str) -> bytes:
        """A file's bytes (a batch's output or error file)."""
        litellm = _litellm()
        response = await litellm.afile_content(file_id=file_id, **self._kwargs())
        return bytes(response.content)  # type: ignore[union-attr]

    async def cancel(self, batch_id: str) -> None:
        """Ask the provider to stop a batch."""
        litellm = _litellm()
        await litellm.acancel_batch(batch_id=batch_id, **self._kwargs())


async def close_clients() -> None:
    """Close and forget the HTTP clients LiteLLM cached on this event loop.

    The batch engine runs its waves in an event loop of its own; clients left in LiteLLM's
    cache would be closed after that loop ends ("Event loop is closed" noise) or reused, broken,
    by the next loop.
    """
    litellm = _litellm()
    from litellm.llms.custom_httpx.async_client_cleanup import close_litellm_async_clients

    await close_litellm_async_clients()  # type: ignore[no-untyped-call]
    litellm.in_memory_llm_clients_cache.flush_cache()

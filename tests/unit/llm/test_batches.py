"""The LiteLLM side of batch mode: the wire body of a request, and the batch price."""

from __future__ import annotations

import asyncio

import pytest

from boost_qa.llm.batches import batch_cost, supports_batches, wire_body
from boost_qa.llm.litellm_client import token_cost
from boost_qa.types import ChatRequest


def test_the_wire_body_is_what_litellm_sends_online() -> None:
    request = ChatRequest(
        model="openai/gpt-4o-mini",
        messages=(("system", "be brief"), ("user", "2+2?")),
        temperature=0.3,
        max_tokens=20,
        seed=5,
        api_base="http://127.0.0.1:9/v1",
        sampling=(("stop", ("Teacher:",)),),
    )
    wire = asyncio.run(wire_body(request))
    assert wire.url == "/v1/chat/completions"
    assert wire.body == {
        "model": "gpt-4o-mini",
        "messages": [
            {"role": "system", "content": "be brief"},
            {"role": "user", "content": "2+2?"},
        ],
        "temperature": 0.3,
        "max_tokens": 20,
        "seed": 5,
        "stop": ["Teacher:"],
    }


def test_the_batch_price_is_litellms_batch_rate() -> None:
    online = token_cost("openai/gpt-4o-mini", 1000, 500)
    assert online > 0
    assert batch_cost("openai/gpt-4o-mini", 1000, 500) == pytest.approx(online / 2)
    assert batch_cost("openai/no-such-model-xyz", 1000, 500) == 0.0


def test_only_openai_compatible_providers_are_batched() -> None:
    assert supports_batches("openai/gpt-4o-mini")
    assert not supports_batches("local/smollm2")

"""A chat request as the gateway tests send it, shared by both test tiers."""

from __future__ import annotations

from typing import Any

from boost_qa.types import ChatRequest


def request(api_base: str | None, text: str = "What is 2 + 2?", **changes: Any) -> ChatRequest:
    """A small teacher request; ``changes`` override any field."""
    fields: dict[str, Any] = {
        "model": "openai/test-model",
        "messages": (("system", "You are a teacher."), ("user", text)),
        "temperature": 0.2,
        "max_tokens": 32,
        "seed": 1,
        "api_base": api_base,
        **changes,
    }
    return ChatRequest(**fields)

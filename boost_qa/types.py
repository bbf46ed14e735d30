"""Plain data shapes shared by every layer; imports nothing from boost_qa."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Literal

ChatRole = Literal["system", "user", "assistant"]
Message = dict[str, str]

CALLS_TO_COME: ContextVar[int] = ContextVar("boost_qa_calls_to_come", default=0)
"""How many more calls the caller expects to make after the one it is making (a dialogue's
turns still to come). Set around each model call by the dialogue stage; the gateway serves
queued calls with more to come first (see ``boost_qa.llm.lanes``). It never changes a response."""

SCENARIOS: tuple[str, ...] = ("error_correction", "debate", "analogy")
"""The three MASTER scenarios (paper ablation codes ME, DB, EP)."""


@dataclass(frozen=True)
class ChatRequest:
    """One fully rendered model call: everything that determines its response."""

    model: str
    messages: tuple[tuple[str, str], ...]
    temperature: float
    max_tokens: int
    seed: int
    api_base: str | None = None
    # Further sampling parameters (stop, top_p, penalties), part of the cache key when given.
    sampling: tuple[tuple[str, Any], ...] = ()
    # Not part of the cache key: where the call goes and how it is authenticated.
    extra: tuple[tuple[str, Any], ...] = ()

    def as_messages(self) -> list[Message]:
        """Return the messages in OpenAI chat format."""
        return [{"role": role, "content": content} for role, content in self.messages]

    def key_payload(self) -> dict[str, Any]:
        """What the request cache hashes: model, rendered messages, sampling and seed."""
        payload: dict[str, Any] = {
            "model": self.model,
            "messages": [list(m) for m in self.messages],
            "temperature": self.temperature,
            "max_tokens": self.max_tokens,
            "seed": self.seed,
        }
        if self.sampling:  # absent when unused, so older cache entries keep their keys
            payload["sampling"] = {
                k: list(v) if isinstance(v, tuple) else v for k, v in self.sampling
            }
        return payload


@dataclass(frozen=True)
class ChatResult:
    """The text a model returned, with what it cost."""

    content: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float = 0.0
    cached: bool = False
    attempts: int = 1
    finish_reason: str | None = None
    """"stop", or "length" when the reply hit ``max_tokens`` (None when unknown)."""
    rate_limit_headers: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    """The answer's lower-cased ``x-ratelimit-*`` headers, for the rate limiter; never cached."""


@dataclass(frozen=True)
class Turn:
    """One turn of a dialogue: who spoke, on which chat side, and what."""

    speaker: str
    role: ChatRole
    content: str


@dataclass
class Usage:
    """Token, cost and call counts, summed over the calls of a dialogue."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float = 0.0
    calls: int = 0
    cached_calls: int = 0
    retries: int = 0

    def add(self, result: ChatResult) -> None:
        """Count one call's result."""
        self.prompt_tokens += result.prompt_tokens
        self.completion_tokens += result.completion_tokens
        self.cost += result.cost
        self.calls += 1
        self.cached_calls += int(result.cached)
        self.retries += max(result.attempts - 1, 0)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON- and Arrow-friendly dict."""
        return {
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "cost": self.cost,
            "calls": self.calls,
            "cached_calls": self.cached_calls,
            "retries": self.retries,
        }


@dataclass
class Dialogue:
    """A dialogue being built: turns so far plus what produced them."""

    scenario: str
    turns: list[Turn] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    models: dict[str, tuple[str, float]] = field(default_factory=dict)
    # One record per agent turn: {turn, speaker, attempts, rejected: [reasons], accepted}.
    attempts: list[dict[str, Any]] = field(default_factory=list)

    def say(self, speaker: str, role: ChatRole, content: str) -> None:
        """Append one turn."""
        self.turns.append(Turn(speaker, role, content))

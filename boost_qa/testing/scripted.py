"""A scripted model behind LiteLLM, for tests and demos without any real model.

Not registered in production processes: name its hook in ``BOOST_QA_PROVIDERS``
(``BOOST_QA_PROVIDERS=boost_qa.testing.scripted:register``) and ``configure()`` registers it.

``scripted/<name>`` answers from a per-name queue of canned replies, or else with a
deterministic reply derived from the request (so reruns give identical dialogues). Failures can
be queued to exercise retries. Every request is logged, so tests can check what each agent saw.
"""

from __future__ import annotations

import hashlib
import threading
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import boost_qa.llm  # noqa: F401 - offline price map and the safety check, before litellm

# isort: split
import litellm
from litellm.llms.custom_llm import CustomLLM
from litellm.utils import custom_llm_setup

SCRIPTED_PROVIDER = "scripted"


class ScriptedFailure(Exception):
    """An injected failure with an HTTP status and, for 429s, a Retry-After header."""

    def __init__(self, status: int, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status_code = status
        self.headers = {"retry-after": str(retry_after)} if retry_after is not None else {}


@dataclass(frozen=True)
class LoggedRequest:
    """What one scripted call received."""

    model: str
    messages: list[dict[str, str]]
    params: dict[str, Any]

    @property
    def text(self) -> str:
        """All message contents joined, for 'did this agent see X' checks."""
        return "\n".join(m["content"] for m in self.messages)


Reply = str | Callable[[list[dict[str, str]]], str]


_WORDS = (
    "first", "count", "the", "apples", "then", "add", "both", "parts", "carefully", "so",
    "we", "check", "each", "step", "twice", "because", "half", "of", "it", "remains",
    "next", "multiply", "by", "three", "and", "compare", "totals", "again", "which", "gives",
)  # fmt: skip


def default_reply(name: str, messages: list[dict[str, str]], seed: object) -> str:
    """A deterministic, plausible reply: same request, same text; other requests, other words.

    The words are drawn from the request's hash, so two different turns share no long run of
    words (the turn guards reject a turn that copies an earlier one); a teacher states no number,
    so the leak guard never rejects one by chance and call counts stay exact.
    """
    digest = hashlib.sha256(repr((name, messages, seed)).encode()).digest()
    number = int.from_bytes(digest[:3], "big") % 100
    reasoning = " ".join(_WORDS[b % len(_WORDS)] for b in digest[3:15])
    if "teacher" in name:  # a guiding turn states no number: it could be the result by chance
        return f"As the {name.replace('_', ' ')}, I guide you: {reasoning}. Check each step."
    return f"As the {name.replace('_', ' ')}, I reason: {reasoning}. The answer is {number}."


class ScriptedModel(CustomLLM):
    """Canned replies per model name, failures on demand, a log of every request."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        """Forget scripts, queued failures and the request log."""
        with self._lock:
            self.replies: defaultdict[str, deque[Reply]] = defaultdict(deque)
            self.failures: deque[tuple[Callable[[str], bool], int, str, float | None]] = deque()
            self.log: list[LoggedRequest] = []

    def script(self, name: str, replies: list[Reply]) -> None:
        """Queue replies for ``scripted/<name>``; after they run out, default replies follow."""
        with self._lock:
            self.replies[name].extend(replies)

    def fail(
        self,
        times: int = 1,
        *,
        status: int = 500,
        message: str = "scripted failure",
        when: Callable[[str], bool] = lambda name: True,
        retry_after: float | None = None,
    ) -> None:
        """Make the next ``times`` calls matching ``when(name)`` fail with an HTTP status."""
        with self._lock:
            for _ in range(times):
                self.failures.append((when, status, message, retry_after))

    def requests_for(self, name: str) -> list[LoggedRequest]:
        """The logged requests sent to ``scripted/<name>``."""
        return [r for r in self.log if r.model == name]

    def _answer(self, model: str, messages: list[dict[str, str]], params: dict[str, Any]) -> str:
        name = model.split("/", 1)[-1]
        with self._lock:
            self.log.append(LoggedRequest(name, messages, dict(params)))
            for i, (when, status, message, retry_after) in enumerate(self.failures):
                if when(name):
                    del self.failures[i]
                    raise ScriptedFailure(status, message, retry_after)
            queue = self.replies.get(name)
            reply = queue.popleft() if queue else None
        if reply is None:
            return default_reply(name, messages, params.get("seed"))
        return reply(messages) if callable(reply) else reply

    def completion(self, *args: Any, **kwargs: Any) -> litellm.ModelResponse:
        """Answer synchronously."""
        return self._respond(*args, **kwargs)

    async def acompletion(self, *args: Any, **kwargs: Any) -> litellm.ModelResponse:
        """Answer asynchronously (no real waiting)."""
        return self._respond(*args, **kwargs)

    def _respond(
        self, model: str, messages: list[dict[str, str]], *args: Any, **kwargs: Any
    ) -> Any:
        params = dict(kwargs.get("optional_params") or {})
        text = self._answer(model, messages, params)
        response = kwargs.get("model_response") or litellm.ModelResponse()
        response.choices[0].message.content = text  # type: ignore[union-attr]
        response.choices[0].finish_reason = "stop"
        response.model = f"{SCRIPTED_PROVIDER}/{model}"
        prompt_tokens = sum(len(m["content"]) for m in messages) // 4
        response.usage = litellm.Usage(  # type: ignore[attr-defined]
            prompt_tokens=prompt_tokens,
            completion_tokens=len(text) // 4,
            total_tokens=prompt_tokens + len(text) // 4,
        )
        return response


SCRIPTED = ScriptedModel()
"""The process-wide scripted model that ``scripted/<name>`` routes to."""


def register() -> None:
    """Make ``scripted/<name>`` routable (the ``BOOST_QA_PROVIDERS`` hook); idempotent."""
    if all(entry["provider"] != SCRIPTED_PROVIDER for entry in litellm.custom_provider_map):
        litellm.custom_provider_map.append(
            {"provider": SCRIPTED_PROVIDER, "custom_handler": SCRIPTED}
        )
    custom_llm_setup()  # type: ignore[no-untyped-call]

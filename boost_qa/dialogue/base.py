"""The scenario contract and the stage every scenario plays on.

A scenario is a short async script: it asks the stage for fixed turns (rendered templates)
and agent turns (model calls) in order. The stage owns prompt rendering, per-turn seeds and the
injected ``generate`` function, so scenarios never touch models, caches or retries.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import xxhash

from boost_qa.dialogue.prompts import PromptLibrary
from boost_qa.dialogue.settings import GenerationSettings
from boost_qa.errors import LLMCallError
from boost_qa.types import ChatRequest, ChatResult, ChatRole, Dialogue

Generate = Callable[[ChatRequest], Awaitable[ChatResult]]


@dataclass(frozen=True)
class SeedView:
    """The fields of a seed row a scenario may use."""

    id: str
    question: str
    reference_answer: str
    context: str | None = None
    analog_question: str | None = None
    analog_answer: str | None = None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> SeedView:
        """Build from a seed row (extra columns are ignored)."""
        return cls(
            id=row["id"],
            question=row["question"],
            reference_answer=row["reference_answer"],
            context=row.get("context"),
            analog_question=row.get("analog_question"),
            analog_answer=row.get("analog_answer"),
        )


class TurnFailed(Exception):
    """A turn could not be produced; carries where the dialogue stopped."""

    def __init__(self, turn: int, speaker: str, reason: str) -> None:
        self.turn = turn
        self.speaker = speaker
        self.reason = reason
        super().__init__(f"turn {turn} ({speaker}): {reason}")


def derive_seed(*parts: object) -> int:
    """A stable 31-bit integer from any parts, for sampling seeds and seeded choices."""
    return xxhash.xxh64_intdigest("\x1f".join(map(str, parts)).encode()) & 0x7FFFFFFF


class Stage:
    """Renders turns for one dialogue and asks the model for agent turns."""

    def __init__(
        self,
        seed: SeedView,
        dialogue: Dialogue,
        *,
        settings: GenerationSettings,
        prompts: PromptLibrary,
        generate: Generate,
        labels: Mapping[str, str],
    ) -> None:
        self.seed = seed
        self.dialogue = dialogue
        self.settings = settings
        self.prompts = prompts
        self.generate = generate
        self.labels = labels

    def fixed(self, speaker: str, role: ChatRole, template: str, **variables: Any) -> str:
        """Add a turn rendered from a template alone (no model call)."""
        text = self.prompts.render(template, **variables)
        self.dialogue.say(speaker, role, text)
        return text

    async def agent(self, speaker: str, template: str, *, task: str = "", **variables: Any) -> str:
        """Ask ``speaker``'s model for its next turn and return the text (not yet added)."""
        role = self.settings.role(speaker)
        me = self.labels[speaker]
        others = sorted({label for label in self.labels.values() if label != me})
        system = self.prompts.render(
            template, me=me, others=others, language=self.settings.language, **variables
        )
        transcript = [
            {"label": self.labels.get(t.speaker, t.speaker), "content": t.content}
            for t in self.dialogue.turns
            if t.role != "system"
        ]
        user = self.prompts.render(
            "_transcript.j2", me=me, task=task, transcript=transcript, context=self.seed.context
        )
        turn = len(self.dialogue.turns)
        request = ChatRequest(
            model=role.model,
            messages=(("system", system), ("user", user)),
            temperature=role.temperature,
            max_tokens=role.max_tokens,
            seed=derive_seed(self.seed.id, self.dialogue.scenario, turn, self.settings.seed),
            api_base=role.api_base,
        )
        try:
            result = await self.generate(request)
        except LLMCallError as exc:
            raise TurnFailed(turn, speaker, exc.reason) from exc
        self.dialogue.usage.add(result)
        self.dialogue.models[speaker] = (role.model, role.temperature)
        return clean_reply(result.content, me)

    async def say(self, speaker: str, template: str, *, task: str = "", **variables: Any) -> str:
        """Ask for ``speaker``'s turn and add it on the assistant or user side."""
        text = await self.agent(speaker, template, task=task, **variables)
        self.dialogue.say(speaker, "user" if speaker == "teacher" else "assistant", text)
        return text


def clean_reply(text: str, label: str) -> str:
    """Strip whitespace and a leading copy of the speaker's own label; keep everything else."""
    text = text.strip()
    for prefix in (f"{label}:", f"**{label}:**", f"{label} :"):
        if text.lower().startswith(prefix.lower()):
            text = text[len(prefix) :].lstrip()
    return text


class Scenario(ABC):
    """One MASTER teaching scenario: who speaks, and in which order."""

    name: ClassVar[str]
    roles: ClassVar[tuple[str, ...]]
    labels: ClassVar[Mapping[str, str]]

    def __init__(self, settings: GenerationSettings) -> None:
        self.settings = settings

    @abstractmethod
    async def play(self, stage: Stage) -> None:
        """Run the script on ``stage``; each agent turn is one model call."""

    @abstractmethod
    def expected_calls(self, seed: SeedView) -> int:
        """How many model calls one dialogue of this scenario makes."""

    def templates(self) -> list[str]:
        """Names of the templates this scenario renders, for fingerprints and the card."""
        return sorted({"_rules.j2", "_transcript.j2", *self._templates()})

    @abstractmethod
    def _templates(self) -> list[str]: ...

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

from boost_qa.dialogue.guards import TurnBrief, check_turn, stop_sequences
from boost_qa.dialogue.prompts import PromptLibrary
from boost_qa.dialogue.settings import GenerationSettings
from boost_qa.errors import LLMCallError, ProviderRefused
from boost_qa.text.echo import instruction_text
from boost_qa.types import CALLS_TO_COME, ChatRequest, ChatResult, ChatRole, Dialogue

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
    # A repair round asks anew from this turn on (``boost-qa repair``); 0 in a build.
    repair_from: int = 0
    repair_round: int = 0

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
            repair_from=int(row.get("repair_from") or 0),
            repair_round=int(row.get("repair_round") or 0),
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


def retry_temperature(temperature: float, attempt: int) -> float:
    """The role's temperature, then at least 0.5, 0.65, 0.8, ...: a retry must differ."""
    if attempt == 0:
        return temperature
    return max(temperature, round(0.5 + 0.15 * (attempt - 1), 2))


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
        expected_calls: int = 0,
    ) -> None:
        self.seed = seed
        self.dialogue = dialogue
        self.settings = settings
        self.prompts = prompts
        self.generate = generate
        self.labels = labels
        self.expected_calls = expected_calls
        """The scenario's count for this seed: what ``CALLS_TO_COME`` is reckoned from."""
        self._runs: dict[str, frozenset[int]] = {}  # TurnBrief.runs, per dialogue

    def turn_seed(self, turn: int, attempt: int) -> int:
        """The sampling seed of one attempt at one turn.

        The first attempt keeps the turn's own seed; later attempts, and every turn from
        ``seed.repair_from`` on in a repair round, get new ones. So a rebuild or a repair
        replays all earlier requests from the cache and asks anew only where it must.
        """
        parts: list[object] = [self.seed.id, self.dialogue.scenario, turn, self.settings.seed]
        if attempt:
            parts.append(attempt)
        if self.seed.repair_round and turn >= self.seed.repair_from:
            parts += ["repair", self.seed.repair_round]
        return derive_seed(*parts)

    def fixed(self, speaker: str, role: ChatRole, template: str, **variables: Any) -> str:
        """Add a turn rendered from a template alone (no model call)."""
        text = self.prompts.render(template, **self._domain(), **variables)
        self.dialogue.say(speaker, role, text)
        return text

    def _domain(self) -> dict[str, str]:
        return {"domain": self.settings.domain}

    async def agent(
        self,
        speaker: str,
        template: str,
        *,
        cue: str = "",
        guard: tuple[tuple[str, str | None], ...] = (),
        solves: bool = False,
        **variables: Any,
    ) -> str:
        """Ask ``speaker``'s model for its next turn and return the text (not yet added).

        The model sees its persona (``template``) as the system prompt and the dialogue from its
        own side: its earlier turns as ``assistant``, everyone else's as ``user`` (named when
        several others speak). ``cue`` is the user message when nobody has spoken to it yet.
        Each reply passes the turn guards (``boost_qa.dialogue.guards``); a rejected one is
        asked again with a new seed, up to ``generation.turn_attempts``. ``guard`` lists the
        (reference, question) pairs a guiding turn must not give away; ``solves`` marks a turn
        that must contain an answer (a number in math, code in code).
        """
        role = self.settings.role(speaker)
        me = self.labels[speaker]
        others = sorted({label for label in self.labels.values() if label != me})
        system = self.prompts.render(
            template,
            me=me,
            others=others,
            language=self.settings.language,
            context=self.seed.context,
            **self._domain(),
            **variables,
        )
        conversation = self._conversation(me, cue)
        turn = len(self.dialogue.turns)
        data = [self.seed.context, *variables.values(), *(c for _, c in conversation)]
        # What it must not copy: every earlier turn, with the posed questions taken out.
        posed = (self.seed.question, self.seed.analog_question)
        earlier = [
            instruction_text(t.content, posed) for t in self.dialogue.turns if t.role != "system"
        ]
        brief = TurnBrief(
            own_labels=(me,),
            instructions=instruction_text(system, (str(d) for d in data if isinstance(d, str))),
            max_tokens=role.max_tokens,
            length_limit=self.settings.length_limit,
            earlier_turns=tuple(earlier),
            runs=self._runs,
            answers=self.settings.domain if solves else None,
            # Prose references hold stray numbers: the leak guard reads math and code only. A
            # number the dialogue has already said is not given away by saying it again.
            must_not_reveal=tuple(
                (reference, "\n".join(filter(None, [question, *earlier])))
                for reference, question in guard
            )
            if self.settings.domain in ("math", "code")
            else (),
        )
        sampling: dict[str, Any] = dict(role.sampling)
        sampling["stop"] = tuple(stop_sequences(me, others, role.stop))
        record: dict[str, Any] = {"turn": turn, "speaker": speaker, "attempts": 0, "rejected": []}
        self.dialogue.attempts.append(record)
        to_come = max(self.expected_calls - len(self.dialogue.attempts), 0)
        verdict = None
        for attempt in range(self.settings.turn_attempts):
            request = ChatRequest(
                model=role.model,
                messages=(("system", system), *conversation),
                temperature=retry_temperature(role.temperature, attempt),
                max_tokens=role.max_tokens,
                seed=self.turn_seed(turn, attempt),
                api_base=role.api_base,
                sampling=tuple(sorted(sampling.items())),
            )
            token = CALLS_TO_COME.set(to_come)
            try:
                result = await self.generate(request)
            except LLMCallError as exc:
                raise TurnFailed(turn, speaker, exc.reason) from exc
            except ProviderRefused as exc:  # stops the build: say whose turn it was
                raise exc.for_speaker(speaker) from None
            finally:
                CALLS_TO_COME.reset(token)
            self.dialogue.usage.add(result)
            self.dialogue.models[speaker] = (role.model, role.temperature)
            record["attempts"] += 1
            verdict = check_turn(
                result.content,
                brief,
                finish_reason=result.finish_reason,
                completion_tokens=result.completion_tokens,
            )
            if verdict.accepted:
                record["accepted"] = True
                return verdict.text
            record["rejected"].append(verdict.reason)
        record["accepted"] = False
        reasons = "; ".join(record["rejected"])
        if self.settings.bad_turns == "fail" or verdict is None or not verdict.text:
            raise TurnFailed(turn, speaker, f"every attempt was rejected: {reasons}")
        return verdict.text  # kept as asked, flagged through the attempts column

    def _conversation(self, me: str, cue: str) -> tuple[tuple[str, str], ...]:
        """The dialogue so far as ``me`` sees it, ending on a user message."""
        turns = [t for t in self.dialogue.turns if t.role != "system"]
        speakers = {self.labels.get(t.speaker, t.speaker) for t in turns} - {me}
        named = len(speakers) > 1
        out: list[list[str]] = []
        for turn in turns:
            label = self.labels.get(turn.speaker, turn.speaker)
            role = "assistant" if label == me else "user"
            text = f"{label}: {turn.content}" if named and role == "user" else turn.content
            if out and out[-1][0] == role:
                out[-1][1] += f"\n\n{text}"
            else:
                out.append([role, text])
        if not out or out[-1][0] != "user":
            out.append(["user", cue or "Your turn."])
        return tuple((role, text) for role, text in out)

    async def say(
        self,
        speaker: str,
        template: str,
        *,
        cue: str = "",
        guard: tuple[tuple[str, str | None], ...] = (),
        solves: bool = False,
        **variables: Any,
    ) -> str:
        """Ask for ``speaker``'s turn and add it on the assistant or user side."""
        text = await self.agent(speaker, template, cue=cue, guard=guard, solves=solves, **variables)
        self.dialogue.say(speaker, "user" if speaker == "teacher" else "assistant", text)
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
        return sorted({"_rules.j2", "_subject.j2", *self._templates()})

    @abstractmethod
    def _templates(self) -> list[str]: ...

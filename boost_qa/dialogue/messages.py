"""Trainer-ready ``messages`` from a multi-party MASTER dialogue.

A MASTER dialogue has several speakers, and debate puts three students in a row. Chat templates
want one user and one assistant taking turns, and trainers learn only from assistant turns. So
the dialogue is folded into messages that strictly alternate ``user``/``assistant`` after an
optional ``system`` turn, start with ``user`` and end with ``assistant``:

- Teacher turns are ``user``; a student turn stays ``assistant`` unless it sits in a run of
  consecutive student turns (debate). In such a run the students the recipe trains on
  (``train_on``) stay ``assistant`` and the others move to the user side; with none of them
  trained, only the run's last turn stays ``assistant``.
- Neighbouring turns that land on the same side become one message. Its parts keep their order
  and each opens with its speaker's label ("Student A: ..."), so no text is lost, reordered, or
  merged without its speaker. A turn moved off its own side carries its label too.
- Every message has ``name`` (the speakers behind it, joined by ``-``) and ``weight`` (1 on an
  assistant message with a trained speaker, else 0): the keys of OpenAI's fine-tuning format.
- A source system prompt is kept as a ``system`` message, folded into the first user message,
  or left to the row's ``context`` column only (``system: column``), per the recipe.

Default debate shape: one user message (the teacher's question, then A and B by name) and
student C's answer as the assistant message.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from boost_qa.types import Turn

SystemPolicy = Literal["keep", "fold", "column"]
STUDENT_ROLES = (
    "dull_student",
    "smart_student",
    "student_a",
    "student_b",
    "student_c",
    "diligent_student",
)
DEFAULT_TRAIN_ON = ("smart_student", "student_c", "diligent_student")
"""The turns that end each scenario with the right reasoning; see ``ChatShape``."""


class ChatShape(BaseModel):
    """How a dialogue becomes ``messages``: which student turns are learned, where system goes.

    The default trains on the corrected solution (smart student), the settling answer (student
    C) and the diligent student's solutions: the turns that carry right reasoning. The dull
    student's answer is wrong on purpose and debaters A and B are weak on purpose; they stay in
    the messages as context with weight 0. ``train_on: all`` trains on every student turn, as
    the paper did.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    train_on: list[str] | Literal["all"] = Field(default_factory=lambda: list(DEFAULT_TRAIN_ON))
    system: SystemPolicy = "keep"

    @field_validator("train_on")
    @classmethod
    def _known(cls, value: list[str] | str) -> list[str] | str:
        if isinstance(value, str):
            return value
        unknown = sorted(set(value) - set(STUDENT_ROLES))
        if unknown:
            raise ValueError(
                f"unknown student role(s) {unknown}; known: {list(STUDENT_ROLES)} or 'all'"
            )
        return sorted(set(value), key=STUDENT_ROLES.index)

    def learns(self, speaker: str) -> bool:
        """Whether turns of ``speaker`` are trained on."""
        if self.train_on == "all":
            return speaker in STUDENT_ROLES
        return speaker in self.train_on


@dataclass(frozen=True)
class _Placed:
    turn: Turn
    side: str  # "user" or "assistant"


def to_messages(
    turns: Sequence[Turn], shape: ChatShape, labels: Mapping[str, str]
) -> list[dict[str, Any]]:
    """Fold a dialogue's turns into alternating chat messages with ``name`` and ``weight``.

    ``labels`` gives each speaker's display name ("Student A"); raises ``ValueError`` when the
    dialogue does not open with a user-side turn or has no assistant-side turn.
    """
    system = [t for t in turns if t.role == "system"]
    body = [t for t in turns if t.role != "system"]
    placed = _place(body, shape)
    if not placed or placed[0].side != "user":
        raise ValueError("a dialogue must open with a user-side (teacher) turn")
    messages = [_message(group, shape, labels) for group in _groups(placed)]
    if messages[-1]["role"] != "assistant":
        raise ValueError("a dialogue must end with an assistant-side (student) turn")
    text = "\n\n".join(t.content for t in system)
    if system and shape.system == "keep":
        messages.insert(0, {"role": "system", "content": text, "name": "system", "weight": 0})
    elif system and shape.system == "fold":
        first = messages[0]
        messages[0] = {
            **first,
            "content": f"{text}\n\n{first['content']}",
            "name": f"system-{first['name']}",
        }
    return messages


def _place(body: Sequence[Turn], shape: ChatShape) -> list[_Placed]:
    """Choose a side for every turn (see the module docstring)."""
    placed: list[_Placed] = []
    start = 0
    while start < len(body):
        end = start
        while end + 1 < len(body) and body[end + 1].role == body[start].role:
            end += 1
        run = body[start : end + 1]
        if body[start].role != "assistant" or len(run) == 1:
            placed += [_Placed(t, "assistant" if t.role == "assistant" else "user") for t in run]
        else:
            learned = [shape.learns(t.speaker) for t in run]
            sides = ["assistant" if hit else "user" for hit in learned]
            if not any(learned) or end == len(body) - 1:
                sides[-1] = "assistant"  # the run keeps its assistant slot; a dialogue ends on one
            placed += [_Placed(t, side) for t, side in zip(run, sides, strict=True)]
        start = end + 1
    return placed


def _groups(placed: Sequence[_Placed]) -> list[list[_Placed]]:
    groups: list[list[_Placed]] = []
    for item in placed:
        if groups and groups[-1][-1].side == item.side:
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


def _message(
    group: Sequence[_Placed], shape: ChatShape, labels: Mapping[str, str]
) -> dict[str, Any]:
    side = group[0].side
    label_all = len(group) > 1 or any(_natural_side(p.turn) != p.side for p in group)
    parts = [
        f"{labels.get(p.turn.speaker, p.turn.speaker)}: {p.turn.content}"
        if label_all
        else p.turn.content
        for p in group
    ]
    speakers = list(dict.fromkeys(p.turn.speaker for p in group))
    learned = side == "assistant" and any(shape.learns(p.turn.speaker) for p in group)
    return {
        "role": side,
        "content": "\n\n".join(parts),
        "name": "-".join(speakers),
        "weight": int(learned),
    }


def _natural_side(turn: Turn) -> str:
    return "assistant" if turn.role == "assistant" else "user"


def roles_alternate(messages: Sequence[Mapping[str, Any]]) -> bool:
    """Whether roles go [system] user, assistant, ..., assistant: what every template takes."""
    roles = [m.get("role") for m in messages]
    if roles and roles[0] == "system":
        roles = roles[1:]
    if not roles or len(roles) % 2:
        return False
    return all(role == ("user" if i % 2 == 0 else "assistant") for i, role in enumerate(roles))

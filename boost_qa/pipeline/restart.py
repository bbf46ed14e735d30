"""Which rows ``boost-qa repair`` rebuilds, and the turn each one restarts from.

A row is **flagged** when one of the chosen flag columns says it is bad (``BAD_VALUES``:
``well_formed`` False, ``final_correct`` False, the others True); a flag column the release
lacks (older builds) is skipped, and ``final_correct`` None (unverifiable) is not bad.

Its **restart turn** is the first failing turn, an index into the row's ``dialogue`` (the index
``Stage`` gives each turn, the system turn included). Only turns a model wrote count: not the
system turn, nor a teacher turn rendered from a template alone (the posed question of error
correction and debate; when a row has ``attempts``, its records name the model-written turns).
The first failing turn is the earliest of them that is bad in any of these ways:

1. its ``attempts`` record has ``accepted`` False: every try was rejected and the last was kept
   (``generation.bad_turns: keep``);
2. the turn guards (``boost_qa.dialogue.guards.check_turn``, with the speaker's label, the
   earlier turns, an answer required of student turns) reject its text, or would cut it because
   it writes another speaker's turn. Guiding teacher turns must not give their reference away
   (``boost_qa.text.leaks.leak``): error correction's correction (the seed's reference),
   analogy's approach (the model's text after the verbatim question in the first teacher turn;
   the seed's reference) and its praise (the text before "Here is a similar problem"; the
   analogue's answer);
3. it is the turn at which ``role_confusion``, ``degenerate``, ``prompt_echo`` or
   ``answer_leak`` (the flags' own criteria, ``boost_qa.stats.quality``) first holds on the
   dialogue up to it, so a restart never comes after the turn that set one of those flags.

When no turn is bad in those ways (a row flagged only for ``final_correct`` or
``near_duplicate``, or for its script), the restart turn is the last one: the final student
answer is asked again.

Turns before the restart replay their build requests from the request cache; from it on every
turn gets new sampling seeds (``SeedView.repair_from`` and ``repair_round``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from boost_qa.dialogue.guards import TurnBrief, check_turn
from boost_qa.dialogue.registry import SCENARIO_CLASSES
from boost_qa.errors import RecipeError
from boost_qa.stats import quality

BAD_VALUES: dict[str, bool] = {
    "well_formed": False,
    "role_confusion": True,
    "answer_leak": True,
    "degenerate": True,
    "prompt_echo": True,
    "final_correct": False,
    "near_duplicate": True,
}
"""Each flag a repair can act on, and the value that marks a row bad."""
DEFAULT_FLAGS = (
    "well_formed",
    "role_confusion",
    "answer_leak",
    "degenerate",
    "prompt_echo",
    "final_correct",
)
"""Not ``near_duplicate``: asking the last turn again rarely makes a dialogue less alike."""
POSED = frozenset({"error_correction", "debate"})
"""Scenarios whose first teacher turn is a template (the question), never a model's."""
_SIMILAR_PROBLEM = re.compile(r"here\s+is\s+a\s+similar\s+problem", re.IGNORECASE)

Turns = list[dict[str, Any]]


@dataclass(frozen=True)
class Restart:
    """Where a flagged row is asked again, and why there."""

    turn: int
    speaker: str
    reason: str


def parse_flags(values: Iterable[str]) -> tuple[str, ...]:
    """Flag names from ``--flags`` values (comma-separated, repeatable); the defaults if none.

    Raises:
        RecipeError: A name is not a flag a repair knows (the message lists them).
    """
    names = [name.strip() for value in values for name in value.split(",") if name.strip()]
    if not names:
        return DEFAULT_FLAGS
    unknown = sorted(set(names) - set(BAD_VALUES))
    if unknown:
        raise RecipeError("--flags", f"unknown flag(s) {unknown}; known: {', '.join(BAD_VALUES)}")
    return tuple(dict.fromkeys(names))


def bad_flags(row: Mapping[str, Any], flags: Iterable[str]) -> list[str]:
    """The chosen flags that mark ``row`` bad; a flag the row has no column for is skipped."""
    return [name for name in flags if name in row and row[name] is BAD_VALUES[name]]


def restart_turn(row: Mapping[str, Any], domain: str) -> Restart:
    """The first failing turn of a row (see the module docstring)."""
    turns: Turns = [dict(t) for t in row.get("dialogue") or []]
    if not turns:
        return Restart(0, "", "the row has no turns")
    records = _records(row.get("attempts"))
    for index in _model_turns(turns, records, str(row.get("scenario") or "")):
        record = records.get(index) if records else None
        reason = _rejected(record) or _guard_problem(row, turns, index, domain)
        reason = reason or _flag_problem(row, turns, index)
        if reason:
            return Restart(index, str(turns[index]["speaker"]), reason)
    last = len(turns) - 1
    return Restart(
        last, str(turns[last]["speaker"]), "no bad turn: the final answer is asked again"
    )


def _records(value: Any) -> dict[int, Mapping[str, Any]] | None:
    """The ``attempts`` column by turn; None when the row has none (older releases)."""
    if not value:
        return None
    return {int(record["turn"]): record for record in value}


def _model_turns(
    turns: Turns, records: Mapping[int, Mapping[str, Any]] | None, scenario: str
) -> list[int]:
    """Indices of the turns a model wrote, in order."""
    if records:
        return sorted(i for i in records if 0 <= i < len(turns))
    spoken = [i for i, t in enumerate(turns) if t["role"] != "system"]
    return spoken[1:] if scenario in POSED else spoken


def _rejected(record: Mapping[str, Any] | None) -> str | None:
    if record is None or record.get("accepted") is not False:
        return None
    reasons = list(record.get("rejected") or [])
    last = f": {reasons[-1]}" if reasons else ""
    return f"kept after {record.get('attempts')} rejected attempt(s){last}"


def _guard_problem(row: Mapping[str, Any], turns: Turns, index: int, domain: str) -> str | None:
    """What the turn guards say of the model's text of one turn, as ``Stage.agent`` asks it."""
    speaker = str(turns[index]["speaker"])
    scenario = str(row.get("scenario") or "")
    cls = SCENARIO_CLASSES.get(scenario)
    label = cls.labels.get(speaker, speaker) if cls else speaker
    text, guard = _model_part(row, turns, index)
    brief = TurnBrief(
        own_labels=(label,),
        earlier_turns=tuple(str(t["content"]) for t in turns[1:index] if t["role"] != "system"),
        answers=None if speaker == "teacher" else domain,
        must_not_reveal=guard,
    )
    verdict = check_turn(text, brief)
    if not verdict.accepted:
        return verdict.reason
    return "; ".join(verdict.notes) or None


def _model_part(
    row: Mapping[str, Any], turns: Turns, index: int
) -> tuple[str, tuple[tuple[str, str | None], ...]]:
    """The text of a turn the model wrote, and the (reference, question) it must keep back."""
    text = str(turns[index]["content"] or "")
    scenario, speaker = row.get("scenario"), turns[index]["speaker"]
    seed = (str(row.get("reference_answer") or ""), row.get("question"))
    if speaker != "teacher" or scenario not in ("error_correction", "analogy"):
        return text, ()
    if scenario == "error_correction":
        return text, (seed,)
    earlier = sum(1 for t in turns[:index] if t["speaker"] == "teacher")
    if earlier == 0:  # "Let's look at this problem together: <question> <approach>"
        question = str(row.get("question") or "").strip()
        found = text.find(question) if question else -1
        return (text[found + len(question) :] if found >= 0 else text), (seed,)
    marker = _SIMILAR_PROBLEM.search(text)  # "<praise> Here is a similar problem ..."
    praise = text[: marker.start()] if marker else re.split(r"\n\s*\n", text)[0]
    return praise, ((str(row.get("analog_answer") or ""), row.get("analog_question")),)


FlagCheck = Callable[[Mapping[str, Any], Sequence[dict[str, Any]], list[str]], bool]


def _split(turns: Sequence[Mapping[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
    messages = [{"role": t["role"], "content": t["content"]} for t in turns]
    return messages, [str(t["speaker"]) for t in turns]


def _answer_leak(
    row: Mapping[str, Any], messages: Sequence[dict[str, Any]], who: list[str]
) -> bool:
    return quality.answer_leak(
        messages,
        who,
        str(row.get("scenario") or ""),
        row.get("reference_answer"),
        row.get("question"),
        analog_question=row.get("analog_question"),
        analog_answer=row.get("analog_answer"),
    )


TURN_FLAGS: dict[str, FlagCheck] = {
    "role_confusion": lambda row, messages, who: quality.role_confusion(messages, who),
    "degenerate": lambda row, messages, who: quality.degenerate(
        messages, who, (row.get("question"), row.get("analog_question"))
    ),
    "prompt_echo": lambda row, messages, who: quality.prompt_echo(messages, who),
    "answer_leak": _answer_leak,
}
"""Flags that hold as soon as one turn is bad, so the turn that makes them hold is to blame."""


def _flag_problem(row: Mapping[str, Any], turns: Turns, index: int) -> str | None:
    """The first per-turn flag that holds up to this turn and did not before it."""
    upto, before = _split(turns[: index + 1]), _split(turns[:index])
    for name, check in TURN_FLAGS.items():
        if check(row, *upto) and not check(row, *before):
            return f"sets {name}"
    return None

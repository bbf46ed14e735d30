"""Per-row quality flags of MASTER dialogues.

They answer: is the script right, does anyone break role, does the teacher give the answer
away, does the last student get it right, and is the dialogue a near copy of another one.

Each check is a pure function of one row's columns; ``quality_flags`` runs them all over a
config's rows and adds the cross-row ``near_duplicate`` flag (see ``boost_qa.stats.dedup``).
The exact criterion of each check is in its docstring; answers are read with
``boost_qa.stats.answers`` and numbers with ``boost_qa.stats.numbers``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from boost_qa.stats.answers import answer_matches, read_reference
from boost_qa.stats.dedup import THRESHOLD, near_duplicates
from boost_qa.stats.numbers import find_numbers

FLAG_NAMES = ("well_formed", "role_confusion", "answer_leak", "final_correct", "near_duplicate")
Turn = tuple[str, str]  # (speaker, role)
_DEBATE_ROUND = [("student_a", "assistant"), ("student_b", "assistant")]
SCRIPTS: dict[str, list[list[Turn]]] = {
    "error_correction": [
        [
            ("teacher", "user"),
            ("dull_student", "assistant"),
            ("teacher", "user"),
            ("smart_student", "assistant"),
        ]
    ],
    "debate": [
        [("teacher", "user"), *_DEBATE_ROUND * rounds, ("student_c", "assistant")]
        for rounds in (1, 2)
    ],
    "analogy": [
        [
            ("teacher", "user"),
            ("diligent_student", "assistant"),
            ("teacher", "user"),
            ("diligent_student", "assistant"),
        ]
    ],
}
"""The (speaker, role) sequences each scenario may have, after an optional system turn."""

OWN_LABELS: dict[str, frozenset[str]] = {
    "teacher": frozenset({"teacher"}),
    "dull_student": frozenset({"student", "dull student"}),
    "smart_student": frozenset({"student", "smart student"}),
    "diligent_student": frozenset({"student", "diligent student"}),
    "student_a": frozenset({"student a"}),
    "student_b": frozenset({"student b"}),
    "student_c": frozenset({"student c"}),
}
_LABEL_WORDS = r"(?:(?:dull|smart|diligent)\s+)?student(?:\s+[abc])?|teacher|assistant|user"
_LABEL = re.compile(
    rf"(?:^[ \t>#*_\-\[]*|(?<=[.!?])[ \t]+(?:\*\*|__|\[)?)"
    rf"(?P<label>{_LABEL_WORDS})[ \t]*(?:\*\*|__|\])?[ \t]*:",
    re.IGNORECASE | re.MULTILINE,
)
_SIMILAR_PROBLEM = re.compile(r"here\s+is\s+a\s+similar\s+problem", re.IGNORECASE)
_COUNTING_NOUN = re.compile(r"\s+(?:steps?|parts?|ways?|stages?|approaches)\b", re.IGNORECASE)
_OPERATION = re.compile(
    r"\d\s*(?:[-+*/×÷xX·]|times|plus|minus|divided\s+by|multiplied\s+by)\s*[($€£]?\d",
    re.IGNORECASE,
)


def well_formed(
    messages: Sequence[Mapping[str, Any]], speakers: Sequence[str], scenario: str
) -> bool:
    """Whether the turns follow the scenario's script exactly.

    Criterion: ``messages`` and ``speakers`` have the same, non-zero length; every message has
    string ``role`` and ``content`` and no content is empty or whitespace; an optional first turn
    is ``system`` (speaker and role); the remaining (speaker, role) pairs equal one of
    ``SCRIPTS[scenario]``: error_correction teacher/user, dull_student/assistant, teacher/user,
    smart_student/assistant; debate teacher/user, then student_a and student_b (assistant) for
    one or two rounds, then student_c/assistant; analogy teacher/user, diligent_student/assistant,
    teacher/user, diligent_student/assistant. An unknown scenario is not well formed.
    """
    if not messages or len(messages) != len(speakers):
        return False
    turns: list[Turn] = []
    for message, speaker in zip(messages, speakers, strict=True):
        role, content = message.get("role"), message.get("content")
        if not isinstance(role, str) or not isinstance(content, str) or not content.strip():
            return False
        turns.append((speaker, role))
    if turns[0] == ("system", "system"):
        turns = turns[1:]
    return turns in SCRIPTS.get(scenario, [])


def speaker_labels(text: str) -> list[tuple[int, str]]:
    """Speaker labels that open a line (or follow a sentence end) in ``text``: (offset, label)."""
    return [
        (match.start("label"), " ".join(match["label"].lower().split()))
        for match in _LABEL.finditer(text)
    ]


def role_confusion(messages: Sequence[Mapping[str, Any]], speakers: Sequence[str]) -> bool:
    """Whether any non-system turn plays another role or writes several turns.

    Criterion: a turn contains a speaker label (Teacher, Student, Student A/B/C, Dull/Smart/
    Diligent Student, Assistant, User; case-insensitive; optionally wrapped in ``**``/``__``/
    ``[]``; followed by ``:``) at the start of a line, or right after a sentence end (``. ``,
    ``! ``, ``? ``) inside a line. The only label allowed is a single copy of the turn's own
    label (``OWN_LABELS``) as the very first words of the turn; any other label, a second
    label, or the own label later in the turn (the turn replies to itself) is confusion.
    """
    for message, speaker in zip(messages, speakers, strict=False):
        text = str(message.get("content") or "")
        if message.get("role") == "system" or speaker == "system":
            continue
        labels = speaker_labels(text)
        if not labels:
            continue
        offset, label = labels[0]
        own_opening = offset == len(text) - len(text.lstrip(" \t\n>#*_-["))
        if len(labels) > 1 or not own_opening or label not in OWN_LABELS.get(speaker, ()):
            return True
    return False


def answer_leak(
    messages: Sequence[Mapping[str, Any]],
    speakers: Sequence[str],
    scenario: str,
    reference_answer: str | None,
    question: str | None = None,
) -> bool:
    """Whether a guiding teacher turn reveals the final result.

    Criterion: the final number of ``reference_answer`` (``answers.reference_number``) is
    looked for in the guiding text: error_correction's second teacher turn (the correction);
    analogy's first teacher turn after the verbatim ``question`` (the whole turn when the
    question is not found) and the second teacher turn before "Here is a similar problem" (its
    first paragraph when that phrase is missing). It leaks when that text has (a) a calculation
    ``a op b [op c ...] = R`` whose result R is the final number (op: + - * / x × ÷ ·, times,
    plus, minus, divided by, multiplied by), or (b) the final number as a number in digits or
    words (``numbers.find_numbers``), except when the question itself states that number, and
    except a number directly followed by steps/parts/ways/stages/approaches. Debate rows, other
    scenarios and references without a final number never leak.
    """
    if scenario not in ("error_correction", "analogy") or not reference_answer:
        return False
    reference = read_reference(reference_answer)
    if reference is None or reference.kind != "number" or reference.number is None:
        return False
    final = reference.number
    in_question = bool(question) and any(
        m.value == final for m in find_numbers(question or "", allow_one=True)
    )
    for segment in guiding_segments(messages, speakers, scenario, question):
        if _calculation_leak(segment, final):
            return True
        if not in_question and _mentions(segment, final):
            return True
    return False


def guiding_segments(
    messages: Sequence[Mapping[str, Any]],
    speakers: Sequence[str],
    scenario: str,
    question: str | None = None,
) -> list[str]:
    """The parts of the teacher turns that must guide without giving the result away."""
    teacher = [
        str(m.get("content") or "")
        for m, s in zip(messages, speakers, strict=False)
        if s == "teacher" and m.get("role") != "system"
    ]
    if scenario == "error_correction":
        return teacher[1:2]
    if scenario != "analogy":
        return []
    segments = []
    if teacher:
        first, asked = teacher[0], (question or "").strip()
        found = first.find(asked) if asked else -1
        segments.append(first[found + len(asked) :] if found >= 0 else first)
    if len(teacher) > 1:
        second = teacher[1]
        marker = _SIMILAR_PROBLEM.search(second)
        segments.append(second[: marker.start()] if marker else re.split(r"\n\s*\n", second)[0])
    return segments


def _mentions(text: str, final: Fraction) -> bool:
    return any(
        m.value == final and not _COUNTING_NOUN.match(text, m.end) for m in find_numbers(text)
    )


def _calculation_leak(text: str, final: Fraction) -> bool:
    for equals in re.finditer(r"=", text):
        right = find_numbers(text[equals.end() : equals.end() + 24], allow_one=True)
        if not right or right[0].start > 3 or right[0].value != final:
            continue
        if _OPERATION.search(text[max(0, equals.start() - 80) : equals.start()]):
            return True
    return False


def final_correct(
    messages: Sequence[Mapping[str, Any]],
    scenario: str,
    reference_answer: str | None,
    analog_answer: str | None = None,
) -> bool | None:
    """Whether the last assistant turn's final answer agrees with the reference.

    Criterion: the reference is ``analog_answer`` for analogy rows, else ``reference_answer``;
    it is read as code, a number or text (``answers.read_reference``). Numbers: the student's
    last stated answer (``answers.stated_answer``) must equal the reference's final number
    exactly (``27 == 27.00 == $27 == 27%``, ``3/4 == 0.75``, ``1,000 == 1000``). Code: True when
    the turn defines every name the reference's code defines, False when it defines none of
    them, else None. Text: True when normalised-token F1 >= 0.5 (or a reference of at most five
    tokens occurs verbatim), False when F1 < 0.2, else None. None also when there is no
    assistant turn, no reference, or no answer can be extracted.
    """
    reference = read_reference(analog_answer if scenario == "analogy" else reference_answer)
    last = next(
        (str(m.get("content") or "") for m in reversed(messages) if m.get("role") == "assistant"),
        "",
    )
    if reference is None or not last.strip():
        return None
    return answer_matches(last, reference)


def dialogue_text(messages: Sequence[Mapping[str, Any]]) -> str:
    """All turn texts of a dialogue joined by newlines (system turns included)."""
    return "\n".join(str(m.get("content") or "") for m in messages)


def as_messages(value: Any) -> list[dict[str, Any]]:
    """Messages as a list of dicts; a JSON string of that list is accepted too."""
    if isinstance(value, str):
        value = json.loads(value)
    return [dict(m) for m in value or []]


def dialogue_turns(row: Mapping[str, Any]) -> list[dict[str, Any]]:
    """A row's multi-party turns (speaker, role, content), which every flag reads.

    From the ``dialogue`` column; for rows without one (releases before it, plain chat data)
    from ``messages`` with ``speakers`` (else each message's ``name``, else ``?``).
    """
    if row.get("dialogue") is not None:
        return as_messages(row["dialogue"])
    speakers = list(row.get("speakers") or [])
    return [
        {
            "speaker": speakers[i] if i < len(speakers) else m.get("name") or "?",
            "role": m.get("role"),
            "content": m.get("content"),
        }
        for i, m in enumerate(as_messages(row.get("messages")))
    ]


def row_flags(row: Mapping[str, Any]) -> dict[str, bool | None]:
    """The four per-row flags of one row (everything but ``near_duplicate``)."""
    turns = dialogue_turns(row)
    messages = [{"role": t["role"], "content": t["content"]} for t in turns]
    speakers = [str(t["speaker"]) for t in turns]
    scenario = str(row.get("scenario") or "")
    return {
        "well_formed": well_formed(messages, speakers, scenario),
        "role_confusion": role_confusion(messages, speakers),
        "answer_leak": answer_leak(
            messages, speakers, scenario, row.get("reference_answer"), row.get("question")
        ),
        "final_correct": final_correct(
            messages, scenario, row.get("reference_answer"), row.get("analog_answer")
        ),
    }


def quality_flags(
    rows: Sequence[Mapping[str, Any]], *, threshold: float = THRESHOLD
) -> list[dict[str, bool | None]]:
    """Every flag of every row; ``near_duplicate`` compares the rows with each other."""
    flags = [row_flags(row) for row in rows]
    texts = [dialogue_text(dialogue_turns(r)) for r in rows]
    duplicates = near_duplicates(texts, threshold=threshold)
    for flag, duplicate in zip(flags, duplicates, strict=True):
        flag["near_duplicate"] = duplicate
    return flags


def flag_rates(flags: Sequence[Mapping[str, bool | None]]) -> dict[str, Any]:
    """Counts and rates of each flag over rows; ``final_correct`` splits true/false/unknown."""
    total = len(flags)

    def rate(count: int) -> float | None:
        return round(count / total, 4) if total else None

    counts: dict[str, Any] = {
        name: sum(1 for f in flags if f.get(name) is True)
        for name in FLAG_NAMES
        if name != "final_correct"
    }
    verdicts = [f.get("final_correct") for f in flags]
    counts["final_correct"] = {
        "true": verdicts.count(True),
        "false": verdicts.count(False),
        "unknown": sum(1 for v in verdicts if v is None),
    }
    rates: dict[str, Any] = {n: rate(c) for n, c in counts.items() if n != "final_correct"}
    rates["final_correct"] = {k: rate(v) for k, v in counts["final_correct"].items()}
    return {"rows": total, "rates": rates, "counts": counts}

"""Per-row quality flags of MASTER dialogues.

They answer: is the script right and is every turn a real turn (no other speaker's lines, no
echoed prompt, no loop), does anyone break role, does the teacher give the answer away, does
the last student get it right, is the dialogue a near copy of another one, and, as in MathDial
(Macina et al., 2023), does the teacher tell the answer before the students find it
(``telling``) and at which student answer they first find it (``success_at``).

Each check is a pure function of one row's columns; ``quality_flags`` runs them all over a
config's rows and adds the cross-row ``near_duplicate`` flag (see ``boost_qa.stats.dedup``).
The exact criterion of each check is in its docstring; turns are read with ``boost_qa.text``
(labels, echoes, repetition, leaks), answers with ``boost_qa.text.answers`` and numbers with
``boost_qa.text.numbers``, the same functions the turn guards use while a dialogue is written.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Self

from boost_qa.stats.dedup import THRESHOLD, near_duplicates
from boost_qa.text import echo, repetition
from boost_qa.text.answers import Reference, answer_matches, choice_options, read_reference
from boost_qa.text.control_tokens import holds_control_token
from boost_qa.text.labels import (
    addresses_itself,
    cut_at_next_speaker,
    other_turn,
    speaker_labels,
    strip_own_label,
)
from boost_qa.text.leaks import leak_beyond
from boost_qa.text.reasoning import holds_reasoning

FLAG_NAMES = (
    "well_formed",
    "role_confusion",
    "answer_leak",
    "degenerate",
    "prompt_echo",
    "final_correct",
    "near_duplicate",
    "telling",
    "success_at",
)
"""Every per-row flag, in column order; ``success_at`` is an int, the others bools (or None)."""
SUCCESS_K = (1, 2, 3)
"""The k of the Success@k rates in reports."""
ECHO_SPAN = echo.SPAN
"""Words in a row shared with the prompts' fixed wording that make ``prompt_echo``.

Longer than the turn guards' ``echo.SPAN``: the flag reads every prompt's whole wording, which
has sentences a turn is asked to say ("the result is right but the reasoning is incomplete")."""
Flag = bool | int | None
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
SEED_ANSWERERS: dict[str, tuple[frozenset[str], int | None]] = {
    "error_correction": (frozenset({"dull_student", "smart_student"}), None),
    "debate": (frozenset({"student_a", "student_b", "student_c"}), None),
    "analogy": (frozenset({"diligent_student"}), 1),
}
"""Per scenario: the speakers whose turns answer the seed question, and how many turns do.

Error correction: dull, then smart; debate: A, B, [A, B], C; analogy: only the diligent
student's first turn (the second answers the analogue).
"""
_SIMILAR_PROBLEM = re.compile(r"here\s+is\s+a\s+similar\s+problem", re.IGNORECASE)


@cache
def scaffolding() -> str:
    """The fixed wording of the package's agent prompts, with and without the speakers' names.

    ``PromptLibrary().instructions()``, and each persona as its speakers read it
    (``PromptLibrary.personas``).
    """
    from boost_qa.dialogue.prompts import PromptLibrary
    from boost_qa.dialogue.registry import SCENARIO_CLASSES

    library = PromptLibrary()
    labels = {name: sorted(set(kind.labels.values())) for name, kind in SCENARIO_CLASSES.items()}
    return "\n".join([library.instructions(), *library.personas(labels)])


def spoken_turns(
    messages: Sequence[Mapping[str, Any]], speakers: Sequence[str]
) -> list[tuple[str, str]]:
    """(speaker, text) of every non-system turn, in order."""
    return [
        (speaker, str(message.get("content") or ""))
        for message, speaker in zip(messages, speakers, strict=False)
        if message.get("role") != "system" and speaker != "system"
    ]


def follows_script(
    messages: Sequence[Mapping[str, Any]], speakers: Sequence[str], scenario: str
) -> bool:
    """Whether the turns follow the scenario's script exactly.

    Criterion: ``messages`` and ``speakers`` have the same, non-zero length; every message has
    string ``role`` and ``content`` and no content is empty, whitespace or only the turn's own
    label (``Teacher:``); an optional first turn is ``system`` (speaker and role); the remaining
    (speaker, role) pairs equal one of ``SCRIPTS[scenario]``: error_correction teacher/user,
    dull_student/assistant, teacher/user, smart_student/assistant; debate teacher/user, then
    student_a and student_b (assistant) for one or two rounds, then student_c/assistant; analogy
    teacher/user, diligent_student/assistant, teacher/user, diligent_student/assistant. An
    unknown scenario does not.
    """
    if not messages or len(messages) != len(speakers):
        return False
    turns: list[Turn] = []
    for message, speaker in zip(messages, speakers, strict=True):
        role, content = message.get("role"), message.get("content")
        if not isinstance(role, str) or not isinstance(content, str) or not content.strip():
            return False
        if not strip_own_label(content, tuple(OWN_LABELS.get(speaker, ()))).strip():
            return False  # only its own label ("Teacher:"): an empty turn
        turns.append((speaker, role))
    if turns[0] == ("system", "system"):
        turns = turns[1:]
    return turns in SCRIPTS.get(scenario, [])


def carries_other_turns(messages: Sequence[Mapping[str, Any]], speakers: Sequence[str]) -> bool:
    """Whether any non-system turn writes lines of another turn.

    Criterion: ``boost_qa.text.labels.other_turn`` finds a label in the turn: a later line opens
    with a speaker label (``Teacher:``, ``Student B:``, ``User:``, ... or the turn's own label
    again), or the turn opens with a label that is not its own (``OWN_LABELS``), or the turn
    speaks to its own speaker by name, a reply written for it with no label ("Yes, you're
    right, Student B" in Student B's turn: ``addresses_itself``). A single leading copy of the
    own label is fine; labels inside fenced code blocks do not count.
    """
    return any(
        other_turn(text, own := tuple(OWN_LABELS.get(speaker, ()))) is not None
        or addresses_itself(text, own) is not None
        for speaker, text in spoken_turns(messages, speakers)
    )


def thinks_aloud(messages: Sequence[Mapping[str, Any]], speakers: Sequence[str]) -> bool:
    """Whether any non-system turn carries a reasoning model's private thinking.

    Criterion: a ``<think>``-style tag, opening or closing (``boost_qa.text.reasoning``): the
    turn guards take such blocks out, so a stored turn with one came from elsewhere.
    """
    return any(holds_reasoning(text) for _, text in spoken_turns(messages, speakers))


def control_tokens(messages: Sequence[Mapping[str, Any]], speakers: Sequence[str]) -> bool:
    """Whether any non-system turn carries a chat format's control token as text.

    Criterion: ``boost_qa.text.control_tokens`` finds one outside fenced code (``<|im_end|>``,
    ``<|eot_id|>``, ``<end_of_turn>``, ``[/INST]``, ...): a trainer's tokenizer reads it as a
    turn boundary, and what follows it is usually another turn.
    """
    return any(holds_control_token(text) for _, text in spoken_turns(messages, speakers))


def guards_passed(attempts: Sequence[Mapping[str, Any]] | None) -> bool | None:
    """Whether every generated turn passed its turn guards, per the row's ``attempts`` column.

    Criterion: False when any record (``{turn, speaker, attempts, rejected, accepted}``) has
    ``accepted`` other than True (the turn was kept after its last rejected attempt); True
    otherwise; None without the column (rows built before it: no information).
    """
    if attempts is None:
        return None
    return all(record.get("accepted") is True for record in attempts)


def well_formed(
    messages: Sequence[Mapping[str, Any]],
    speakers: Sequence[str],
    scenario: str,
    *,
    attempts: Sequence[Mapping[str, Any]] | None = None,
    seeds: Iterable[str | None] = (),
    instructions: str | None = None,
) -> bool:
    """Whether the row is a real dialogue of its scenario, turn by turn.

    Criterion: the turns follow the script (``follows_script``), and no non-system turn carries
    another turn's lines (``carries_other_turns``), a reasoning model's thinking
    (``thinks_aloud``) or a chat format's control token (``control_tokens``), echoes the
    prompts (``prompt_echo``) or is degenerate (``degenerate``, with the ``seeds`` texts), and
    ``attempts`` (when given) shows no turn that never passed its guards (``guards_passed``).
    """
    return (
        follows_script(messages, speakers, scenario)
        and not carries_other_turns(messages, speakers)
        and not thinks_aloud(messages, speakers)
        and not control_tokens(messages, speakers)
        and not prompt_echo(messages, speakers, instructions)
        and not degenerate(messages, speakers, seeds)
        and guards_passed(attempts) is not False
    )


def role_confusion(messages: Sequence[Mapping[str, Any]], speakers: Sequence[str]) -> bool:
    """Whether any non-system turn plays another role or writes several turns.

    Criterion: a turn contains a speaker label (Teacher, Student, Student A/B/C, Dull/Smart/
    Diligent Student, Assistant, User; case-insensitive; optionally wrapped in ``**``/``__``/
    ``[]``; followed by ``:``) at the start of a line, or right after a sentence end (``. ``,
    ``! ``, ``? ``) inside a line, outside fenced code (``boost_qa.text.labels``). The only label
    allowed is a single copy of the turn's own label (``OWN_LABELS``) as the very first words of
    the turn; any other label, a second label, or the own label later in the turn (the turn
    replies to itself) is confusion, and so is a turn that speaks to its own speaker by name
    (``addresses_itself``: another speaker's reply, written with no label).
    """
    for speaker, text in spoken_turns(messages, speakers):
        if addresses_itself(text, tuple(OWN_LABELS.get(speaker, ()))):
            return True
        labels = speaker_labels(text)
        if not labels:
            continue
        offset, label = labels[0]
        own_opening = offset == len(text) - len(text.lstrip(" \t\n>#*_-["))
        if len(labels) > 1 or not own_opening or label not in OWN_LABELS.get(speaker, ()):
            return True
    return False


def degenerate(
    messages: Sequence[Mapping[str, Any]],
    speakers: Sequence[str],
    seeds: Iterable[str | None] = (),
) -> bool:
    """Whether any non-system turn loops (teacher turns included).

    Criterion: ``boost_qa.text.repetition.degenerate`` holds for the turn's text with the first
    verbatim copy of each ``seeds`` text (the row's question and analogue question: data, not
    generated) cut out: a line of 3+ words three times or more, repeats making half of 4+
    lines, a 6-word phrase four times or more, or under half of the 4-word sequences distinct
    (the last two from 20 words on).
    """
    data = [seed.strip() for seed in seeds if seed and seed.strip()]
    for _, text in spoken_turns(messages, speakers):
        for seed in data:
            text = text.replace(seed, "\n", 1)
        if repetition.degenerate(text):
            return True
    return False


def prompt_echo(
    messages: Sequence[Mapping[str, Any]],
    speakers: Sequence[str],
    instructions: str | None = None,
) -> bool:
    """Whether any non-system turn repeats prompt scaffolding.

    Criterion: ``boost_qa.text.echo.echoed(turn, instructions)``: the turn contains a
    scaffolding marker (``echo.MARKERS``: "The conversation so far", "Now write the next reply
    of", "Rules for your reply", ...) or a run of ``ECHO_SPAN`` (12) words of the instructions.
    ``instructions`` defaults to the fixed wording of the package's agent prompts
    (``scaffolding()``), without the data a prompt carries, so quoting the question, the
    teacher or another student is no echo.
    """
    wording = scaffolding() if instructions is None else instructions
    return any(
        echo.echoed(text, wording, span=ECHO_SPAN) for _, text in spoken_turns(messages, speakers)
    )


@dataclass(frozen=True)
class Guidance:
    """A part of a teacher turn that must guide without giving an answer away."""

    text: str
    reference: str | None
    """The answer it must not give away."""
    question: str | None
    """The question that answer belongs to: numbers it states are no leak."""
    worked: tuple[str, ...] = ()
    """The own words (``own_words``) of the student turns that answered it before this text."""


def guidance(
    messages: Sequence[Mapping[str, Any]],
    speakers: Sequence[str],
    scenario: str,
    reference_answer: str | None,
    question: str | None = None,
    *,
    analog_question: str | None = None,
    analog_answer: str | None = None,
) -> list[Guidance]:
    """The guiding parts of a row's teacher turns, each with the answer it must keep back.

    error_correction: the second teacher turn (the correction), after the dull student's answer.
    analogy: the first teacher turn after the verbatim ``question`` (the whole turn when it is
    not found: the approach); the second teacher turn before "Here is a similar problem" (its
    first paragraph when that phrase is missing: the praise), for the seed's answer after the
    student's first turn and for the analogue's answer (numbers the seed question, its
    reference, the analogue question or an earlier turn state are no leak there); and the rest
    of that turn with the
    verbatim ``analog_question`` cut out, for the analogue's answer. Debate has none (the
    teacher only poses the question).
    """
    turns = spoken_turns(messages, speakers)
    teacher = [(i, text) for i, (speaker, text) in enumerate(turns) if speaker == "teacher"]
    answered = _seed_answer_indices(turns, scenario)

    def before(index: int) -> tuple[str, ...]:
        return tuple(own_words(*turns[i]) for i in answered if i < index)

    if scenario == "error_correction" and len(teacher) > 1:
        index, correction = teacher[1]
        return [Guidance(correction, reference_answer, question, before(index))]
    if scenario != "analogy" or not teacher:
        return []
    first, asked = teacher[0][1], (question or "").strip()
    found = first.find(asked) if asked else -1
    parts = [
        Guidance(first[found + len(asked) :] if found >= 0 else first, reference_answer, question)
    ]
    if len(teacher) > 1:
        index, second = teacher[1]
        marker = _SIMILAR_PROBLEM.search(second)
        praise = second[: marker.start()] if marker else re.split(r"\n\s*\n", second)[0]
        posed = second[len(praise) :]
        if analog_question and analog_question.strip():
            posed = posed.replace(analog_question.strip(), "\n")
        # The praise speaks of the solved seed problem: its numbers, and any number the
        # dialogue has already said, are no analogue leak.
        said = [text for _, text in turns[:index]]
        seed_context = "\n".join(
            t for t in (question, reference_answer, analog_question, *said) if t
        )
        parts += [
            Guidance(praise, reference_answer, question, before(index)),
            Guidance(praise, analog_answer, seed_context),
            Guidance(posed, analog_answer, analog_question),
        ]
    return parts


def gives_away(part: Guidance) -> str | None:
    """Why a guiding part gives its answer away (``boost_qa.text.leaks.leak_beyond``), or None."""
    return leak_beyond(part.text, part.reference, part.question, "\n\n".join(part.worked))


def answer_leak(
    messages: Sequence[Mapping[str, Any]],
    speakers: Sequence[str],
    scenario: str,
    reference_answer: str | None,
    question: str | None = None,
    *,
    analog_question: str | None = None,
    analog_answer: str | None = None,
) -> bool:
    """Whether a guiding teacher turn gives the result, the steps or the fixed code away.

    Criterion: some part of ``guidance`` (error correction: the correction; analogy: the
    approach after the verbatim question, the praise, and the posing of the analogue) leaks its
    answer by ``boost_qa.text.leaks.leak_beyond``: for a numeric reference, (a) a calculation
    ``a op b [op c ...] = R`` whose R is the final number, or the final number in digits or words
    (not when the question states it, nor as "3 steps"/"two ways"), or (b) every intermediate
    result of the reference the students had not already computed, as calculation results; for
    a code reference, (c) a fenced block that defines a reference function with a real body or
    repeats half of the reference's lines, unless it only quotes the student's code. The
    analogue's parts are judged against ``analog_answer`` and ``analog_question``. Debate rows
    and open (text) references never leak.
    """
    parts = guidance(
        messages,
        speakers,
        scenario,
        reference_answer,
        question,
        analog_question=analog_question,
        analog_answer=analog_answer,
    )
    return any(gives_away(part) for part in parts)


def readable(reference_answer: str | None) -> Reference | None:
    """The reference when its answer can be checked exactly, else None (open text).

    A number, code or a multiple-choice option's letter can be checked exactly.
    """
    reference = read_reference(reference_answer)
    if reference is None or (reference.kind == "text" and reference.letter is None):
        return None
    return reference


def telling(
    messages: Sequence[Mapping[str, Any]],
    speakers: Sequence[str],
    scenario: str,
    reference_answer: str | None,
    question: str | None = None,
    *,
    analog_question: str | None = None,
    analog_answer: str | None = None,
) -> bool | None:
    """Telling (MathDial): the teacher states an answer before the students have found it.

    Criterion: some part of ``guidance`` gives its answer away (as in ``answer_leak``) while no
    student turn before it that answers the same question (``Guidance.worked``, own words only)
    states the correct answer (``answers.answer_matches`` is True). None when the seed's
    reference has no readable answer (``readable``: open text references); debate rows are
    False (the teacher only poses the question).
    """
    if readable(reference_answer) is None:
        return None
    parts = guidance(
        messages,
        speakers,
        scenario,
        reference_answer,
        question,
        analog_question=analog_question,
        analog_answer=analog_answer,
    )
    return any(gives_away(part) and not _found(part) for part in parts)


def _found(part: Guidance) -> bool:
    reference = read_reference(part.reference)
    return reference is not None and any(
        answer_matches(text, reference) is True for text in part.worked
    )


def seed_answers(
    messages: Sequence[Mapping[str, Any]], speakers: Sequence[str], scenario: str
) -> list[str]:
    """The own words of the student turns that answer the seed question (``SEED_ANSWERERS``)."""
    turns = spoken_turns(messages, speakers)
    return [own_words(*turns[i]) for i in _seed_answer_indices(turns, scenario)]


def own_words(speaker: str, text: str) -> str:
    """A turn without a leading own label and cut before any line that opens another turn.

    A turn written as a chat transcript (``User: <the question>`` then ``Assistant: ...``)
    speaks through its first assistant: those are its own words, not the user line.
    """
    body = strip_own_label(text, tuple(OWN_LABELS.get(speaker, ())))
    transcript = _TRANSCRIPT.match(body)
    if transcript is not None:
        body = body[transcript.end() :]
    return cut_at_next_speaker(body)[0]


_TRANSCRIPT = re.compile(
    r"\A\s*(?:user|human)\s*:[^\n]*\n(?:[^\n]*\n)*?\s*(?:assistant|ai|bot|gpt|model)\s*:[ \t]*",
    re.IGNORECASE,
)
"""A turn that opens as a chat transcript: up to its first assistant's words."""


def _seed_answer_indices(turns: Sequence[tuple[str, str]], scenario: str) -> list[int]:
    who, limit = SEED_ANSWERERS.get(scenario, (frozenset(), 0))
    indices = [i for i, (speaker, _) in enumerate(turns) if speaker in who]
    return indices if limit is None else indices[:limit]


def success_at(
    messages: Sequence[Mapping[str, Any]],
    speakers: Sequence[str],
    scenario: str,
    reference_answer: str | None,
    question: str | None = None,
) -> int | None:
    """Success@k (MathDial): at which student answer to the seed question it is first right.

    Criterion: the 1-based index, among ``seed_answers`` (error_correction: dull, smart;
    debate: A, B, [A, B], C; analogy: the first diligent turn; each turn's ``own_words``), of
    the first turn whose stated answer equals the ``readable`` reference
    (``answers.answer_matches`` is True: the last stated number, or every defined name for
    code, the reference's answer name for open text). None when no turn is right, or when the
    reference has no readable answer. ``question`` defaults to the dialogue's first turn.
    """
    reference = readable(reference_answer)
    if reference is None:
        return None
    options = posed_options(messages)
    asked = question if question is not None else _first_turn(messages)
    for index, text in enumerate(seed_answers(messages, speakers, scenario), start=1):
        if answer_matches(text, reference, options, asked) is True:
            return index
    return None


def _first_turn(messages: Sequence[Mapping[str, Any]]) -> str:
    first = next((m for m in messages if m.get("role") != "system"), None)
    return str(first.get("content") or "") if first is not None else ""


def _posing_turn(messages: Sequence[Mapping[str, Any]]) -> str:
    """The turn that poses what the last assistant turn answers (the analogy's new problem)."""
    last = max((i for i, m in enumerate(messages) if m.get("role") == "assistant"), default=0)
    before = [m for m in messages[:last] if m.get("role") not in ("assistant", "system")]
    return str(before[-1].get("content") or "") if before else ""


def posed_options(messages: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """The multiple-choice options of the seed question, as the dialogue's first turn poses it."""
    first = next((m for m in messages if m.get("role") != "system"), None)
    return choice_options(str(first.get("content") or "")) if first is not None else {}


def final_correct(
    messages: Sequence[Mapping[str, Any]],
    scenario: str,
    reference_answer: str | None,
    analog_answer: str | None = None,
    question: str | None = None,
) -> bool | None:
    """Whether the last assistant turn's final answer agrees with the reference.

    Criterion: the reference is ``analog_answer`` for analogy rows, else ``reference_answer``;
    it is read as code, a number or text (``answers.read_reference``). Numbers: the student's
    last stated answer (``answers.stated_answer``) must equal the reference's final number
    exactly (``27 == 27.00 == $27 == 27%``, ``3/4 == 0.75``, ``1,000 == 1000``). Code: True when
    the turn defines every name the reference's code defines, False when it defines none of
    them, else None. Text: True when normalised-token F1 >= 0.5 (or a reference of at most five
    tokens occurs verbatim, or the turn names the reference's answer name, the first name the
    question does not say), False when F1 < 0.2, else None. None also when there is no
    assistant turn, no reference, or no answer can be extracted. ``question`` is the one the
    reference answers (analogy: the analog question); it defaults to the dialogue's first turn
    (analogy: the turn that poses the new problem).
    """
    reference = read_reference(analog_answer if scenario == "analogy" else reference_answer)
    last = next(
        (str(m.get("content") or "") for m in reversed(messages) if m.get("role") == "assistant"),
        "",
    )
    if reference is None or not last.strip():
        return None
    options = posed_options(messages) if scenario != "analogy" else {}
    if question is None:
        question = _posing_turn(messages) if scenario == "analogy" else _first_turn(messages)
    return answer_matches(last, reference, options, question)


def dialogue_text(messages: Sequence[Mapping[str, Any]]) -> str:
    """All turn texts of a dialogue joined by newlines (system turns included)."""
    return "\n".join(str(m.get("content") or "") for m in messages)


def as_messages(value: Any) -> list[dict[str, Any]]:
    """Messages as a list of dicts; a JSON string of that list is accepted too."""
    if isinstance(value, str):
        value = json.loads(value)
    return [dict(m) for m in value or []]


def attempt_records(value: Any) -> list[dict[str, Any]] | None:
    """A row's ``attempts`` column as a list of dicts (a JSON string too); None when absent."""
    return None if value is None else as_messages(value)


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


def row_flags(row: Mapping[str, Any], *, instructions: str | None = None) -> dict[str, Flag]:
    """Every per-row flag of one row (everything but ``near_duplicate``).

    Reads ``dialogue`` (or ``messages`` + ``speakers``), ``scenario``, ``question``,
    ``reference_answer``, ``analog_question``, ``analog_answer`` and, when present,
    ``attempts``; ``instructions`` defaults to ``scaffolding()``.
    """
    turns = dialogue_turns(row)
    messages = [{"role": t["role"], "content": t["content"]} for t in turns]
    speakers = [str(t["speaker"]) for t in turns]
    scenario = str(row.get("scenario") or "")
    reference, question = row.get("reference_answer"), row.get("question")
    analog = {
        "analog_question": row.get("analog_question"),
        "analog_answer": row.get("analog_answer"),
    }
    seeds = (question, analog["analog_question"])
    return {
        "well_formed": well_formed(
            messages,
            speakers,
            scenario,
            attempts=attempt_records(row.get("attempts")),
            seeds=seeds,
            instructions=instructions,
        ),
        "role_confusion": role_confusion(messages, speakers),
        "answer_leak": answer_leak(messages, speakers, scenario, reference, question, **analog),
        "degenerate": degenerate(messages, speakers, seeds),
        "prompt_echo": prompt_echo(messages, speakers, instructions),
        "final_correct": final_correct(
            messages,
            scenario,
            reference,
            analog["analog_answer"],
            analog["analog_question"] if scenario == "analogy" else question,
        ),
        "telling": telling(messages, speakers, scenario, reference, question, **analog),
        "success_at": success_at(messages, speakers, scenario, reference, question),
    }


def quality_flags(
    rows: Sequence[Mapping[str, Any]],
    *,
    threshold: float = THRESHOLD,
    instructions: str | None = None,
) -> list[dict[str, Flag]]:
    """Every flag of every row, in ``FLAG_NAMES`` order; ``near_duplicate`` compares rows."""
    flags = [row_flags(row, instructions=instructions) for row in rows]
    texts = [dialogue_text(dialogue_turns(r)) for r in rows]
    duplicates = near_duplicates(texts, threshold=threshold)
    return [
        {name: {**flag, "near_duplicate": duplicate}[name] for name in FLAG_NAMES}
        for flag, duplicate in zip(flags, duplicates, strict=True)
    ]


BOOLEAN_FLAGS = tuple(
    name for name in FLAG_NAMES if name not in ("final_correct", "telling", "success_at")
)
"""The flags counted as a plain rate of True over all rows."""


class FlagCounts:
    """Counts of every flag over rows, added one row at a time and mergeable (``flag_rates``)."""

    def __init__(self) -> None:
        self.rows = 0
        self.true: Counter[str] = Counter()
        self.verdicts: dict[str, Counter[str]] = {
            "final_correct": Counter(),
            "telling": Counter(),
        }
        self.success: Counter[str] = Counter()

    def update(self, flags: Mapping[str, Flag]) -> None:
        """Count one row's flags."""
        self.rows += 1
        for name in BOOLEAN_FLAGS:
            if flags.get(name) is True:
                self.true[name] += 1
        for name, counter in self.verdicts.items():
            value = flags.get(name)
            if value is None:
                counter["unknown"] += 1
            elif value is True or value is False:
                counter[str(value).lower()] += 1
        if flags.get("telling") is not None:
            reached = flags.get("success_at")
            for k in SUCCESS_K:
                if isinstance(reached, int) and reached <= k:
                    self.success[str(k)] += 1

    def merge(self, other: Self) -> Self:
        """Add another counter's rows."""
        self.rows += other.rows
        self.true.update(other.true)
        for name, counter in self.verdicts.items():
            counter.update(other.verdicts[name])
        self.success.update(other.success)
        return self

    def finalize(self) -> dict[str, Any]:
        """``{"rows", "rates", "counts"}`` as ``flag_rates`` documents them."""
        total = self.rows

        def rate(count: int, of: int = total) -> float | None:
            return round(count / of, 4) if of else None

        counts: dict[str, Any] = {name: self.true[name] for name in BOOLEAN_FLAGS}
        rates: dict[str, Any] = {name: rate(count) for name, count in counts.items()}
        for name, counter in self.verdicts.items():
            counts[name] = {key: counter[key] for key in ("true", "false", "unknown")}
        rates["final_correct"] = {k: rate(v) for k, v in counts["final_correct"].items()}
        known = counts["telling"]["true"] + counts["telling"]["false"]
        rates["telling"] = rate(counts["telling"]["true"], known)
        success = {str(k): self.success[str(k)] for k in SUCCESS_K}
        counts["success_at"] = {"rows": known, **success}
        rates["success_at"] = {k: rate(v, known) for k, v in success.items()}
        return {"rows": total, "rates": rates, "counts": counts}


def flag_rates(flags: Iterable[Mapping[str, Flag]]) -> dict[str, Any]:
    """Counts and rates of each flag over rows.

    ``final_correct`` splits true/false/unknown over all rows. ``telling`` is the rate of True
    among rows with a readable answer (``telling`` not None), ``success_at`` the rate of those
    rows with ``success_at <= k`` for k in ``SUCCESS_K`` (keys "1", "2", "3").
    """
    counts = FlagCounts()
    for flag in flags:
        counts.update(flag)
    return counts.finalize()

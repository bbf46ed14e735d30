"""Speaker labels inside a turn: where a reply starts writing another speaker's lines.

A label is a speaker name followed by a colon at the start of a line, or right after a sentence
end inside a line: ``Teacher:``, ``Student B:``, ``**Smart Student:**``, ``[Student]:``,
``User:``, ``Assistant:`` (case-insensitive; ``**``/``__``/``[]`` wrappers allowed); at a
line's start also without the colon, as transcripts write it: ``[Student B] I agree``,
``Teacher - Good try!``, ``Student B says: ...``. Dialogues
in other languages label turns in their own words, so the teacher and student names of Chinese,
Japanese, German, French and Spanish count too (``老师：``, ``学生B：``, ``Lehrer:``, ``Élève :``),
read as the English names they stand for (``LABEL_TRANSLATIONS``), and so are other English
names for the roles: ``Tutor:``, ``Instructor:``, ``Pupil:``, ``Human:``, ``AI:``. Lines
inside a closed fenced code block (between two lines opening with three backticks) are code,
not turns: ``user: root`` in a YAML example is no label. Nor are quoted and listed lines: a
blockquote (``> Teacher: Which operation ...?``) cites what was said, and a bullet
(``- **Student A:** 84``) sums a speaker up, as capable models do when they compare positions,
and so does a bold label followed by what the speaker did (``**Student A:** added all four
scores → 85``).
"""

from __future__ import annotations

import re
from functools import lru_cache

LABEL_TRANSLATIONS = {
    "老师": "teacher", "教师": "teacher", "学生": "student", "同学": "student", "生徒": "student",
    "lehrer": "teacher", "lehrerin": "teacher", "schüler": "student", "schülerin": "student",
    "professeur": "teacher", "enseignant": "teacher", "enseignante": "teacher",
    "élève": "student", "étudiant": "student", "étudiante": "student",
    "profesor": "teacher", "profesora": "teacher", "estudiante": "student",
    "alumno": "student", "alumna": "student",
    "tutor": "teacher", "instructor": "teacher", "mentor": "teacher",
    "pupil": "student", "learner": "student", "human": "user", "ai": "assistant",
}  # fmt: skip
"""Teacher and student in other languages, and other English names for the roles (``Tutor:``,
``Pupil:``, the ``Human:``/``AI:`` of chat transcripts), as the label each one stands for."""
_CJK_NAMES = "|".join(name for name in LABEL_TRANSLATIONS if name[0] >= "\u3000")
_OTHER_NAMES = "|".join(name for name in LABEL_TRANSLATIONS if name[0] < "\u3000")
_ENGLISH = ("teacher", "student", "assistant", "user", "dull", "smart", "diligent")
_LONGEST_FIRST = sorted(LABEL_TRANSLATIONS, key=len, reverse=True)
_LABEL_WORDS = (
    r"(?:(?:dull|smart|diligent)\s+)?student(?:\s+[abc])?|teacher|assistant|user|"
    rf"(?:{_CJK_NAMES})[ \t]*[abcABC]?(?![\w])|(?:{_OTHER_NAMES})(?:\s+[abc])?"
)
_COLON = r"[ \t]*(?:\*\*|__|\])?[ \t]*[:：]"
# A bold label and a fragment that reports what the speaker did is a summary line, not a
# turn: "**Student A:** added all four scores → 85 ✅", as capable models compare positions.
# It opens with a lower-case verb in the past (``added``, ``took``) or a reporting verb
# (``argues``; not ``indeed``), and has no first person. Role play speaks in the label's
# voice ("**Student B:** I think ...", "**Teacher:** hi").
_REPORTING = (
    r"(?-i:[a-z]+(?<!e)ed|agreed|took|got|made|found|gave|said|thought|chose|forgot|kept|left|put|set|did|"
    r"ran|went|wrote|read|saw|split|built|spent|understood|mixed|"
    r"argues|claims|says|thinks|believes|uses|adds|takes|gets|finds|forgets|ignores|treats|"
    r"assumes|counts|divides|multiplies|subtracts|computes|confuses|misreads|agrees|disagrees)"
)
_SUMMARY = (
    r"(?!(?:(?<=\*\*[:：])|(?<=__[:：])|[ \t]*(?:\*\*|__))[ \t]*"
    rf"{_REPORTING}\b(?![^\n]*\b(?:(?-i:I)|I'm|I've|I'd|my|me|we|our|us)\b))"
)
# A line's start, unless the line is a blockquote (``>``) or a bullet (``-``, ``*``, ``+``).
_LINE_START = r"^(?![ \t]*(?:>|[-*+][ \t]))[ \t]*(?P<mark>#{1,6}[ \t]*|\*\*|__)?[ \t#*_\-\[]*"
# A line that opens with a label and no colon, as transcripts and stage directions write it:
# ``[Student B] I agree``, ``Teacher - Good try!``, ``Student B says: That's wrong``, or a
# heading that is only the name (``### Teacher``, ``**Student B**``; not over a list, which
# sums a speaker up: ``**Student A**`` then ``- added 15 and 6``). Only at a line's start,
# and the bracket and dash only before a capital: ``Student A - 84`` in a tally, or a label
# inside a sentence, is no turn.
_LOOSE = (
    r"(?:\][ \t]+(?=(?-i:[A-Z]))|[ \t]+[-–—][ \t]+(?=(?-i:[A-Z]))"
    r"|[ \t]+(?:says|replies|answers|responds|asks|writes)[ \t]*[:：]"
    r"|(?(mark)[ \t]*(?:\*\*|__)?[ \t]*$(?!\n[ \t]*(?:[-*+|]|\d+[.)])[ \t])|(?!)))"
)
LABEL = re.compile(
    rf"(?:(?P<line>{_LINE_START})|(?<=[.!?])[ \t]+(?:\*\*|__|\[)?|(?<=[。！？])[ \t]*)"
    rf"(?P<label>{_LABEL_WORDS})(?:{_COLON}{_SUMMARY}|(?(line){_LOOSE}|(?!)))",
    re.IGNORECASE | re.MULTILINE,
)
_LINE_LABEL = re.compile(
    rf"{_LINE_START}(?P<label>{_LABEL_WORDS})(?:{_COLON}{_SUMMARY}|{_LOOSE})(?:\*\*|__)?",
    re.IGNORECASE | re.MULTILINE,
)
_FENCE_LINE = re.compile(r"^[ \t]*```", re.MULTILINE)


def speaker_labels(text: str) -> list[tuple[int, str]]:
    """Labels that open a line or follow a sentence end: (offset, lower-cased label)."""
    code = fenced_spans(text)
    return [
        (match.start("label"), _name(match))
        for match in LABEL.finditer(text)
        if not _inside(match.start("label"), code)
    ]


def strip_own_label(text: str, labels: tuple[str, ...]) -> str:
    """Drop a leading copy of the speaker's own label ("Student A: ..."); keep the rest."""
    text = text.strip()
    match = _LINE_LABEL.match(text)
    if match and _name(match) in {x.lower() for x in labels}:
        return text[match.end() :].lstrip()
    return text


def leading_label(text: str) -> str | None:
    """The speaker label ``text`` opens with (after any own label was stripped), or None."""
    match = _LINE_LABEL.match(text)
    return _name(match) if match else None


def cut_at_next_speaker(text: str) -> tuple[str, str | None]:
    """The reply up to the first later line that opens a speaker's turn, and that label.

    A model that goes on writing ("Teacher: ...", or its own label again for a second turn) has
    ended its own turn there; what follows is not its to say. A label on the first line with
    text, and labels inside fenced code blocks, do not cut.
    """
    if "\n" not in text:  # one line: a label can only open it
        return text, None
    code: list[tuple[int, int]] | None = None  # the fenced blocks, found when needed
    for match in _LINE_LABEL.finditer(text):
        if match.start() == 0 or not text[: match.start()].strip():
            continue
        code = fenced_spans(text) if code is None else code
        if _inside(match.start("label"), code):
            continue
        return text[: match.start()].rstrip(), _name(match)
    return text, None


def other_turn(text: str, own_labels: tuple[str, ...]) -> str | None:
    """The label with which ``text`` writes a turn that is not its own, or None.

    Criterion: after one leading copy of an own label (``strip_own_label``) is dropped, the
    text opens with a label (``leading_label``: another speaker's, or its own a second time),
    or a later line opens with a label (``cut_at_next_speaker``). Labels inside fenced code do
    not count.
    """
    body = strip_own_label(text, own_labels)
    return leading_label(body) or cut_at_next_speaker(body)[1]


_ACKNOWLEDGE = (
    r"(?:yes|yeah|no|right|wrong|correct|incorrect|true|agreed|thanks|thank\s+you|good|great|"
    r"nice|well\s+done|good\s+job|exactly|okay|ok|sure|sorry|fair\s+point|good\s+point)"
)


def addresses_itself(text: str, own_labels: tuple[str, ...]) -> str | None:
    """Where ``text`` speaks to its own speaker by name: another speaker's reply, unlabelled.

    A debater who writes "Student A, do you agree?" and then "Yes, you're right, Student B, I
    added..." in its own turn (as Student B) has answered for its partner. Criterion: one of
    ``own_labels`` (but the bare "student", which a teacher calls every student) after an
    acknowledgement ("right, Student B", "Thanks, Teacher!"), or opening a sentence that
    speaks to it ("Student B, you ..."). Fenced code does not count.
    """
    lowered = text.lower()
    names = [
        name
        for label in own_labels
        if (name := " ".join(label.lower().split())) != "student" and name in lowered
    ]  # most turns never name their own speaker: no pattern to run
    if not names:
        return None
    body = _without_code(text) if "```" in text else text
    for name in names:
        found = _self_address(name).search(body)
        if found:
            return found.group().strip()
    return None


@lru_cache(maxsize=64)
def _self_address(name: str) -> re.Pattern[str]:
    spoken = re.escape(name).replace("\\ ", r"\s+")
    return re.compile(
        rf"\b{_ACKNOWLEDGE}[,!]?\s+{spoken}\b(?=\s*(?:[,.!?;]|$))"
        rf"|(?:^|(?<=[.!?]\s)|(?<=\n))\s*{spoken},\s+(?:you|your|you're|do\s+you|can\s+you)\b",
        re.IGNORECASE | re.MULTILINE,
    )


def cut_at_marker(text: str, markers: tuple[str, ...]) -> tuple[str, str | None]:
    """The reply up to the first line that begins with a scaffolding marker, and that marker."""
    lowered = text.lower()
    pattern = _marker_pattern(markers)
    # One line: only its start can open a marker (``match`` does not try every character).
    found = pattern.search(lowered) if "\n" in lowered else pattern.match(lowered)
    if found is None:
        return text, None
    assert found.lastindex is not None
    return text[: found.start()].rstrip(), markers[found.lastindex - 1]


@lru_cache(maxsize=16)
def _marker_pattern(markers: tuple[str, ...]) -> re.Pattern[str]:
    r"""One pattern for all markers: the earliest line wins, then the earlier marker.

    The same as searching marker by marker because no marker starts with a character the
    line prefix ``[ \t*_>#]*`` can take, so a line has one prefix and the alternation tries
    the markers in order there.
    """
    if any(marker[:1] in " \t*_>#" for marker in markers):
        raise ValueError("a scaffolding marker cannot start with a line-prefix character")
    alternatives = "|".join(f"({re.escape(marker.lower())})" for marker in markers)
    return re.compile(rf"(?:^|\n)[ \t*_>#]*(?:{alternatives})")


def fenced_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each closed fenced code block; an unclosed last fence is not code."""
    fences = [match.start() for match in _FENCE_LINE.finditer(text)]
    return [(fences[i], fences[i + 1]) for i in range(0, len(fences) - 1, 2)]


def _without_code(text: str) -> str:
    for start, end in reversed(fenced_spans(text)):
        text = text[:start] + "\n" + text[end:]
    return text


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < offset < end for start, end in spans)


def _name(match: re.Match[str]) -> str:
    """The label as one lower-cased English name: ``Student  B`` and ``学生B`` are ``student b``."""
    label = " ".join(match["label"].lower().split())
    if label.startswith(_ENGLISH):
        return label
    for name in _LONGEST_FIRST:  # profesora before profesor
        if label.startswith(name):
            english = LABEL_TRANSLATIONS[name]
            suffix = label[len(name) :].strip()
            return f"{english} {suffix}" if suffix else english
    return label

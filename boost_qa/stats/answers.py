r"""Read the final answer out of a reference solution or a student turn, and compare answers.

A reference is one of three kinds, tried in this order:

- **code**: its code defines at least one name (``def f(``, ``class C:``/``class C(``,
  ``function f(``; fenced blocks only when there are any, else lines of the whole text);
  answers are compared by the names they define.
- **number**: a final number can be extracted (``#### N``, then ``\boxed{N}``, then
  ``Final answer: N``, else the last number in the text; see ``boost_qa.stats.numbers`` for what
  counts as a number).
- **text**: anything else; answers are compared by normalised-token F1.

A student's answer is the *last stated* one: every ``Final answer: X``, ``#### X``,
``\boxed{X}`` and ``the answer is X`` / ``answer: X`` statement is found and the last one in the
text wins; a later sentence with a correction cue (wait, actually, sorry, mistake, ...) and a
number overrides it. With no statement, the last number of the last paragraph that has one is
taken. Numbers right after ``not``, ``instead of`` or ``rather than`` are never the answer.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

from boost_qa.stats.numbers import Mention, find_numbers

F1_TRUE = 0.5
F1_FALSE = 0.2
SHORT_REFERENCE_TOKENS = 5

_HASHES = re.compile(r"####\s*")
_FINAL = re.compile(r"final\s+answer\s*(?:is\s*|:|=|-)?\s*", re.IGNORECASE)
_ANSWER_IS = re.compile(
    r"\banswer\s*(?:(?:is|should\s+be|would\s+be|will\s+be|=)\b\s*|:\s*)", re.IGNORECASE
)
_BOXED = re.compile(r"\\boxed\s*\{")
_CUE = re.compile(
    r"\b(?:wait|actually|oops|sorry|mistake|correction|instead|recalculat\w*|re-?check\w*)\b|"
    r"\bno,",
    re.IGNORECASE,
)
_DENIED = re.compile(r"(?:\bnot|n't|\binstead\s+of|\brather\s+than)\s*$", re.IGNORECASE)
_FENCE = re.compile(r"```[^\n]*\n(.*?)```", re.DOTALL)
_DEFINED = re.compile(
    r"^\s*(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(|^\s*class\s+([A-Za-z_]\w*)\s*[(:]|"
    r"\bfunction\s+([A-Za-z_$][\w$]*)\s*\(",
    re.MULTILINE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)|\n+")
_ARTICLES = {"a", "an", "the"}


@dataclass(frozen=True)
class Reference:
    """What a reference answer says, in the form its kind is compared in."""

    kind: Literal["number", "code", "text"]
    number: Fraction | None = None
    names: frozenset[str] = field(default_factory=frozenset)
    text: str = ""


def read_reference(text: str | None) -> Reference | None:
    """Classify a reference answer (code, number or text); None when it is empty."""
    if not text or not text.strip():
        return None
    names = defined_names(text)
    if names:
        return Reference("code", names=names, text=text)
    number = reference_number(text)
    if number is not None:
        return Reference("number", number=number, text=text)
    return Reference("text", text=text)


def reference_number(text: str) -> Fraction | None:
    r"""The final number of a reference: ``#### N``, ``\boxed{N}``, ``Final answer: N``, or last."""
    for statements in (_after(text, _HASHES), _boxed(text), _after(text, _FINAL)):
        values = [value for _, value in statements if value is not None]
        if values:
            return values[-1]
    mentions = _asserted(text, find_numbers(text))
    return mentions[-1].value if mentions else None


def stated_answer(text: str) -> Fraction | None:
    """The last number a student states as its answer (see the module docstring)."""
    statements = [
        (end, value)
        for end, value in _after(text, _HASHES)
        + _boxed(text)
        + _after(text, _FINAL)
        + _after(text, _ANSWER_IS)
        if value is not None
    ]
    if statements:
        end, value = max(statements, key=lambda s: s[0])
        corrected = _correction(text[end:])
        return value if corrected is None else corrected
    for paragraph in reversed(re.split(r"\n\s*\n", text)):
        mentions = _asserted(paragraph, find_numbers(paragraph))
        if mentions:
            return mentions[-1].value
    return None


def _after(text: str, marker: re.Pattern[str]) -> list[tuple[int, Fraction | None]]:
    """For each marker match: where its value ends, and the first number in its sentence."""
    found: list[tuple[int, Fraction | None]] = []
    for match in marker.finditer(text):
        span = text[match.end() : match.end() + 120]
        span = _SENTENCE_END.split(span, maxsplit=1)[0]
        mentions = _asserted(span, find_numbers(span, allow_one=True))
        if mentions:
            found.append((match.end() + mentions[0].end, mentions[0].value))
        else:
            found.append((match.end(), None))
    return found


def _boxed(text: str) -> list[tuple[int, Fraction | None]]:
    found: list[tuple[int, Fraction | None]] = []
    for match in _BOXED.finditer(text):
        depth, index = 1, match.end()
        while index < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[index], 0)
            index += 1
        content = _unlatex(text[match.end() : index - 1])
        mentions = find_numbers(content, allow_one=True)
        found.append((index, mentions[-1].value if mentions else None))
    return found


def _unlatex(text: str) -> str:
    text = re.sub(r"\\d?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}", r"\1/\2", text)
    text = re.sub(r"\\text\s*\{([^{}]*)\}", r"\1", text)
    return text.replace("\\$", "$").replace("\\%", "%").replace("\\,", "").replace("\\!", "")


def _correction(rest: str) -> Fraction | None:
    """The last number of the last later sentence that corrects an earlier answer."""
    value = None
    for sentence in _SENTENCE_END.split(rest):
        if _CUE.search(sentence):
            mentions = _asserted(sentence, find_numbers(sentence, allow_one=True))
            if mentions:
                value = mentions[-1].value
    return value


def _asserted(text: str, mentions: list[Mention]) -> list[Mention]:
    """Drop numbers that are denied: ``not 25``, ``instead of 25``, ``rather than 25``."""
    return [m for m in mentions if not _DENIED.search(text[max(0, m.start - 16) : m.start])]


def defined_names(text: str) -> frozenset[str]:
    """Names defined by code in ``text`` (``def``, ``class``, ``function``), fenced code first."""
    blocks = _FENCE.findall(text)
    source = "\n".join(blocks) if blocks else text
    return frozenset(name for groups in _DEFINED.findall(source) for name in groups if name)


def normalised_tokens(text: str) -> list[str]:
    """Lowercased word tokens without punctuation and without articles (SQuAD-style)."""
    return [t for t in re.findall(r"\w+", text.lower()) if t not in _ARTICLES]


def token_f1(prediction: str, reference: str) -> float:
    """Bag-of-tokens F1 between two texts over ``normalised_tokens``."""
    pred, ref = normalised_tokens(prediction), normalised_tokens(reference)
    common = sum((Counter(pred) & Counter(ref)).values())
    if not common:
        return 0.0
    precision, recall = common / len(pred), common / len(ref)
    return 2 * precision * recall / (precision + recall)


def text_matches(prediction: str, reference: str) -> bool | None:
    """True (F1 >= 0.5 or a short reference found verbatim), False (F1 < 0.2), else None."""
    ref = normalised_tokens(reference)
    pred = normalised_tokens(prediction)
    if not ref or not pred:
        return None
    if len(ref) <= SHORT_REFERENCE_TOKENS and _contains(pred, ref):
        return True
    score = token_f1(prediction, reference)
    if score >= F1_TRUE:
        return True
    return False if score < F1_FALSE else None


def _contains(tokens: list[str], run: list[str]) -> bool:
    width = len(run)
    return any(tokens[i : i + width] == run for i in range(len(tokens) - width + 1))


def answer_matches(student_turn: str, reference: Reference) -> bool | None:
    """Whether a final student turn agrees with the reference (None: cannot tell)."""
    if reference.kind == "number":
        value = stated_answer(student_turn)
        return None if value is None else value == reference.number
    if reference.kind == "code":
        names = defined_names(student_turn)
        if reference.names <= names:
            return True
        return False if not reference.names & names else None
    return text_matches(student_turn, reference.text)

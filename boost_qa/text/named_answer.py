"""An open-text answer that names what the reference names (``It is Canberra.``).

Why: token F1 compares whole sentences, so a right answer in few words (``They absorb CO₂.``,
``That was Aldrin, the lunar module pilot``) scores low against a full-sentence reference
(``Buzz Aldrin was the second person to walk on the Moon, right after Neil Armstrong.``).
Trivia, reading-comprehension and science references mostly answer with a name, a term or a
year, so the reference's *answer name* is what to look for.

The answer name is the reference's first run of capitalised words, acronyms or numbers that
the question does not already say (a word that opens a sentence does not count; particles such
as ``da`` and ``van`` may sit inside a run). A turn names it when a word of the run appears in
the turn as a name of its own: the capitalised words around it belong to the run too
(``Aldrin`` and ``Buzz Aldrin`` name ``Buzz Aldrin``; ``Atlantic Ocean`` does not name
``Pacific Ocean``, nor ``New Delhi`` ``New York``), and it is not denied (``not Canberra``,
``Canberra is not``), and the sentence names nothing else that neither the reference nor the
question names (``The largest city in the US is Los Angeles.``). The last sentence that names
it, denies it or names something else decides.

Only references of at most ``LONGEST_REFERENCE`` words and fewer than ``LIST_OF_NAMES`` new
names are read: a longer one explains rather than answers, and one with more names lists
them. Only ever a reason to say *right*: a turn that does not name it is left to token F1.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_SENTENCE_END = re.compile(r"(?:[.!?:;\n]|^\s*[-*•]|\n\s*[-*•])\s*$")
"""What may stand before a word that opens a sentence: an end of sentence, or a list bullet."""
LIST_OF_NAMES = 3
"""New names in a reference that lists rather than names (``the Rocky Mountains, the
Appalachians and the Sierra Nevada``): one of them is not the answer."""
LONGEST_REFERENCE = 30
"""Words of the longest reference read for a name: a longer one explains rather than answers,
and its first name is rarely what the question asks for."""
_PARTICLES = frozenset(
    {"da", "de", "di", "del", "della", "van", "von", "der", "den", "du", "la", "le", "al", "bin"}
)
_DENIED_BEFORE = re.compile(
    r"(?:\bnot|n['’]t|\bnever|\binstead\s+of|\brather\s+than)\s+(?:(?:the|a|an)\s+)?$",
    re.IGNORECASE,
)
_DENIED_AFTER = re.compile(
    r"^\W*(?:(?:is|was|are|were|did|does)\s+(?:not|never)\b|(?:is|was|are|were|did|does)n['’]t\b)",
    re.IGNORECASE,
)
_SENTENCES = re.compile(r"[^.!?\n]+[.!?]*")


class AnswerName(NamedTuple):
    """The reference's answer name, as lowercase words.

    A mention holds one of ``core`` and may hold ``extra`` beside it: the word that opens the
    sentence (``Buzz``), a word of the question inside the name (``Ocean``), particles.
    """

    core: frozenset[str]
    extra: frozenset[str] = frozenset()
    known: frozenset[str] = frozenset()
    """Every word of the reference and the question: a name outside them is another answer."""


def answer_name(reference: str, question: str) -> AnswerName:
    """The reference's first name that the question does not say (empty ``core``: none)."""
    reference, asked = _plain(reference), {_bare(w) for w in _words(_plain(question))}
    words = _positions(reference)
    if len(words) > LONGEST_REFERENCE:
        return AnswerName(frozenset())
    runs: list[tuple[list[str], list[str]]] = []  # (core, extra) of each new name in turn
    open_run = False
    for index, (start, word) in enumerate(words):
        low = _bare(word)
        named = _is_name(word) and not _opens_sentence(reference, start)
        if named and low not in asked:
            if not open_run:
                runs.append(([], []))
                if index and _joins(reference, words, index - 1, index, opening=True):
                    runs[-1][1].append(_bare(words[index - 1][1]))  # "Buzz" of "Buzz Aldrin"
            runs[-1][0].append(low)
            open_run = True
        elif open_run and (named or low in _PARTICLES):  # "Ocean" of "Pacific Ocean", "da"
            runs[-1][1].append(low)
        else:
            open_run = False
    if not runs or len(runs) >= LIST_OF_NAMES:
        return AnswerName(frozenset())
    core, extra = runs[0]
    known = asked | {_bare(w) for _, w in words}
    return AnswerName(frozenset(core), frozenset(extra) | _PARTICLES, frozenset(known))


def names_answer(turn: str, name: AnswerName) -> bool:
    """Whether the turn's last sentence that names ``name`` (or denies it) says it."""
    if not name.core:
        return False
    verdict = False
    for sentence in _SENTENCES.findall(_plain(turn)):
        mentions = _mentions(sentence, name)
        if _names_another(sentence, name):
            verdict = False  # "The largest city in the US is Los Angeles": US is not the answer
            continue
        for start, end in mentions:
            denied = _DENIED_BEFORE.search(sentence[:start]) or _DENIED_AFTER.search(sentence[end:])
            verdict = not denied
    return verdict


def _names_another(sentence: str, name: AnswerName) -> bool:
    """Whether the sentence names, undenied, what neither the reference nor the question names."""
    return any(
        _is_name(word)
        and not _opens_sentence(sentence, start)
        and _bare(word) not in name.known
        and not _DENIED_BEFORE.search(sentence[:start])
        for start, word in _positions(sentence)
    )


def _mentions(sentence: str, name: AnswerName) -> list[tuple[int, int]]:
    """Spans of the runs of name words in ``sentence`` that hold no other capitalised word."""
    words = _positions(sentence)
    spans = []
    index = 0
    while index < len(words):
        start, word = words[index]
        if _bare(word) not in name.core:
            index += 1
            continue
        first = last = index
        while first > 0 and _joins(sentence, words, first - 1, first):
            first -= 1
        while last + 1 < len(words) and _joins(sentence, words, last + 1, last):
            last += 1
        run = [_bare(w) for _, w in words[first : last + 1]]
        if all(w in name.core or w in name.extra for w in run):
            end = words[last][0] + len(words[last][1])
            spans.append((words[first][0], end))
        index = last + 1
    return spans


def _joins(
    text: str, words: list[tuple[int, str]], index: int, other: int, *, opening: bool = False
) -> bool:
    """Whether ``words[index]`` belongs to the name of its neighbour ``words[other]``.

    It does when it is capitalised (or holds a digit), only spaces stand between the two, and
    it does not open a sentence (with ``opening``, it may).
    """
    start, word = words[index]
    left = min(index, other)
    gap = text[words[left][0] + len(words[left][1]) : words[left + 1][0]]
    return gap.isspace() and _is_name(word) and (opening or not _opens_sentence(text, start))


def _is_name(word: str) -> bool:
    if any(c.isdigit() for c in word):
        return True
    return len(word) > 1 and any(c.isupper() for c in word)  # not "I", nor "A" of "option A"


def _opens_sentence(text: str, start: int) -> bool:
    before = text[:start]
    return not before.strip() or bool(_SENTENCE_END.search(before))


def _positions(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in _WORD.finditer(text)]


def _bare(word: str) -> str:
    """Lowercase, without a possessive (``Australia's`` is ``australia``)."""
    low = word.lower()
    return low[:-2] if low.endswith(("'s", "’s")) else low


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _plain(text: str) -> str:
    """NFKC (``CO₂`` is ``CO2``), without markdown emphasis."""
    return unicodedata.normalize("NFKC", text).replace("**", "").replace("__", "")

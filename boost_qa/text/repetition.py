"""Degenerate repetition: a reply that loops on the same line or phrase.

Criteria (``degenerate`` returns the first that holds):

- a line of at least ``MIN_LINE_WORDS`` words appears ``LINE_REPEATS`` times or more, or so
  does a sentence of that many words (a short turn saying one sentence over and over);
- with at least ``MIN_LINES`` such lines, repeats make up half of them or more;
- ``COUNTED_REPEATS`` lines in a row are one line but for a single number that counts up by
  one (``The answer is 21.``, ``The answer is 22.``, ...; ``Step 3: add them.``, ``Step 4: add
  them.``): a loop with a counter. A table of values (``Day 2: 30 minutes``) has two numbers a
  line, and is no loop;
- with at least ``MIN_WORDS`` words, one ``PHRASE``-word phrase occurs ``PHRASE_REPEATS`` times
  or more and its copies make up ``PHRASE_SHARE`` of the words, or fewer than ``MIN_DISTINCT``
  of the 4-word sequences are distinct. Only phrases and sequences with a word that has a letter
  count, so runs of numbers (``0 0 0 0`` in an array, a table of values) are not loops.

Short lines (``}``, ``return x``, list markers) never count, so code and lists pass. Lines are
compared by their words (case and punctuation ignored).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from itertools import accumulate
from operator import itemgetter

from boost_qa.text.echo import words

MIN_LINE_WORDS = 3
LINE_REPEATS = 3
MIN_LINES = 6
"""Lines of a text before "half of them are repeats" counts (one repeated pair in four
short lines is not a loop)."""
COUNTED_REPEATS = 5
MIN_WORDS = 20
PHRASE = 6
PHRASE_REPEATS = 4
PHRASE_SHARE = 1 / 3
"""The share of a turn's words its repeated phrase must make up: a long, wordy answer that says
"the number of pages she has left" four times is not a loop."""
MIN_DISTINCT = 0.5
SEQUENCE = 4
"""Words in the sequences of which too few are distinct."""

_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?\n]\s*")
"""Where sentences (and lines) end; ``3.5`` splits too, into pieces too short to count."""
_LETTER = re.compile(r"[^\W\d_]")
_SHORTEST_GRAM = min(SEQUENCE, PHRASE)
_LETTERLESS_RUN = b"\x01" * _SHORTEST_GRAM
"""``_SHORTEST_GRAM`` tokens in a row with no letter, as flags (one byte per token)."""


def degenerate(text: str) -> str | None:
    """Why ``text`` is degenerate, or None (see the module docstring)."""
    return (
        repeated_line(text)
        or counted_line(text)
        or repeated_sentence(text)
        or repeated_phrase(text)
    )


_NUMBER = re.compile(r"\d+")


def counted_line(text: str) -> str | None:
    """``COUNTED_REPEATS`` lines in a row that differ only in one number counting up by one."""
    if text.count("\n") + 1 < COUNTED_REPEATS:
        return None
    run, last = 0, ("", -1)
    for line in text.splitlines():
        numbers = _NUMBER.findall(line)
        shape = _norm(_NUMBER.sub("#", line)) if len(numbers) == 1 else ""
        if len(shape.split()) < MIN_LINE_WORDS or not _LETTER.search(shape):
            run, last = 0, ("", -1)
            continue
        value = int(numbers[0])
        run = run + 1 if last == (shape, value - 1) else 1
        last = (shape, value)
        if run >= COUNTED_REPEATS:
            return f"a line repeated {run} times with a counter: {shape[:60]!r}"
    return None


def repeated_line(text: str) -> str | None:
    """A line of ``MIN_LINE_WORDS``+ words seen ``LINE_REPEATS`` times, or mostly repeated lines."""
    if text.count("\n") + 1 < min(LINE_REPEATS, MIN_LINES):  # too few lines for either
        return None
    lines = [_norm(line) for line in text.splitlines()]
    lines = [line for line in lines if len(line.split()) >= MIN_LINE_WORDS]
    counts = Counter(lines)
    if not counts:
        return None
    line, times = counts.most_common(1)[0]
    if times >= LINE_REPEATS:
        return f"a line repeated {times} times: {line[:60]!r}"
    repeated = sum(n for n in counts.values() if n > 1)
    if len(lines) >= MIN_LINES and repeated * 2 >= len(lines):
        return f"{repeated} of {len(lines)} lines are repeats"
    return None


def repeated_sentence(text: str) -> str | None:
    """A sentence of ``MIN_LINE_WORDS``+ words (one with a letter) seen ``LINE_REPEATS`` times."""
    sentences = _SENTENCE_END.split(text)
    if len(sentences) < LINE_REPEATS:
        return None
    # Most replies repeat no sentence at all: count the raw sentences first (C only), and read
    # words only when some sentence, as written, is there often enough.
    if max(Counter(s.strip().lower() for s in sentences).values()) < LINE_REPEATS:
        return None
    counts = Counter(  # not echo.words: its cache is for whole turns, not their sentences
        sentence
        for sentence in (tuple(_WORD.findall(s.lower())) for s in sentences)
        if len(sentence) >= MIN_LINE_WORDS and any(_LETTER.search(w) for w in sentence)
    )
    if not counts:
        return None
    sentence, times = counts.most_common(1)[0]
    if times >= LINE_REPEATS:
        return f"a sentence repeated {times} times: {' '.join(sentence)[:60]!r}"
    return None


def repeated_phrase(text: str) -> str | None:
    """A ``PHRASE``-word phrase seen ``PHRASE_REPEATS`` times, or too few distinct 4-grams."""
    tokens = words(text)
    if len(tokens) < MIN_WORDS:
        return None
    wordy = _wordy(tokens)
    return _repeated_phrase(tokens, wordy) or _few_distinct(tokens, wordy)


def _repeated_phrase(tokens: Sequence[str], wordy: list[int] | None) -> str | None:
    # A phrase seen PHRASE_REPEATS times makes PHRASE_REPEATS - 1 duplicates: count only then.
    # Phrases with distinct first words are distinct, which bounds the duplicates without
    # building the phrases (prose rarely gets past it).
    starts = len(tokens) - PHRASE + 1
    if wordy is None and starts - len(set(tokens[:starts])) < PHRASE_REPEATS - 1:
        return None
    grams = _wordy_grams(tokens, PHRASE, wordy)
    if len(grams) - len(set(grams)) < PHRASE_REPEATS - 1:
        return None
    phrase, times = max(Counter(grams).items(), key=itemgetter(1))  # the first most common
    if times >= PHRASE_REPEATS and times * PHRASE >= PHRASE_SHARE * len(tokens):
        return f"a phrase repeated {times} times: {' '.join(phrase)!r}"
    return None


def _few_distinct(tokens: Sequence[str], wordy: list[int] | None) -> str | None:
    # As above, distinct first words are a floor for the distinct 4-grams: when that floor
    # is high enough, the 4-grams need not be built.
    starts = len(tokens) - SEQUENCE + 1
    if wordy is None and len(set(tokens[:starts])) / starts >= MIN_DISTINCT:
        return None
    grams = _wordy_grams(tokens, SEQUENCE, wordy)
    if len(grams) < MIN_WORDS:
        return None
    distinct = len(set(grams)) / len(grams)
    if distinct < MIN_DISTINCT:
        return f"only {distinct:.0%} of its 4-word sequences are distinct"
    return None


def _wordy(tokens: Sequence[str]) -> list[int] | None:
    """How many of the first ``i`` tokens hold a letter, for every ``i`` (a prefix sum).

    None when no ``_SHORTEST_GRAM`` tokens in a row lack a letter (most prose: its numbers
    stand alone), so every sequence checked holds a letter and none needs checking.
    """
    # Without "_", a token lacks a letter exactly when it is all digits (``\d`` is isdecimal).
    if "_" not in "".join(tokens) and _LETTERLESS_RUN not in bytes(map(str.isdecimal, tokens)):
        return None
    flags = [
        0 if token.isdecimal() else 1 if token.isalpha() else 1 if _LETTER.search(token) else 0
        for token in tokens
    ]
    return list(accumulate(flags, initial=0))


def _wordy_grams(
    tokens: Sequence[str], size: int, wordy: list[int] | None
) -> list[tuple[str, ...]]:
    """The ``size``-token sequences of ``tokens`` that hold at least one word with a letter."""
    grams = zip(*(tokens[k:] for k in range(size)), strict=False)
    if wordy is None:
        return list(grams)
    return [gram for i, gram in enumerate(grams) if wordy[i + size] > wordy[i]]


def _norm(line: str) -> str:
    return " ".join(_WORD.findall(line.lower()))

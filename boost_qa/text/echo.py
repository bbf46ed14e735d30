"""Prompt echo: a reply that repeats the instructions it was given instead of answering.

Small models copy their prompt ("The conversation so far:", "You are Student A, a student
with only a partial grasp...", the rules). An echo is a run of ``SPAN`` words of the reply that
also appears in the instructions, or a line that is a known scaffolding marker. Quoting the
question or another speaker is not an echo: only instruction text counts, with the data the
prompt carried (question, answers, earlier turns) taken out of it first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

SPAN = 12
"""Words in a row shared with the instructions that make an echo."""

MARKERS = (
    "The conversation so far",
    "Now write the next reply of",
    "Reply with that one turn only",
    "Rules for your reply",
    "Background for this conversation",
    "Standard answer to check your work against",
    "Standard answer (for you only",
)
"""Scaffolding lines of boost-qa prompts, current and earlier: a reply never needs them."""

_WORD = re.compile(r"\w+")


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """Lower-cased word tokens; cached, as three guards read every turn's words."""
    return tuple(_WORD.findall(text.lower()))


def instruction_text(prompt: str, data: Iterable[str | None]) -> str:
    """The prompt with the data it carries (question, answers, turns) cut out."""
    for value in sorted((d for d in data if d), key=len, reverse=True):
        prompt = prompt.replace(value.strip(), "\n")
    return prompt


def echoed(reply: str, instructions: str, *, span: int = SPAN) -> str | None:
    """The first ``span``-word run of ``reply`` found in ``instructions``, or a marker, else None.

    Criterion: ``reply`` contains one of ``MARKERS`` anywhere (case-insensitive), or ``span``
    consecutive words of it (``words``) occur consecutively in ``instructions``.
    """
    lowered = reply.lower()
    for marker in MARKERS:
        if marker.lower() in lowered:
            return marker
    grams = _instruction_grams(instructions, span)
    tokens = words(reply)
    for run in zip(*(tokens[k:] for k in range(span)), strict=False):  # the first one wins
        if run in grams:
            return " ".join(run)
    return None


@lru_cache(maxsize=8)
def _instruction_grams(instructions: str, size: int) -> frozenset[tuple[str, ...]]:
    """The word runs of an instruction text, kept for the next turns judged against it."""
    return frozenset(_ngrams(words(instructions), size))


def _ngrams(tokens: Sequence[str], size: int) -> set[tuple[str, ...]]:
    return set(zip(*(tokens[k:] for k in range(size)), strict=False))

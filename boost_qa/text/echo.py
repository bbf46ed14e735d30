"""Prompt echo: a reply that repeats the instructions it was given instead of answering.

Small models copy their prompt ("The conversation so far:", "You are Student A, a student
with only a partial grasp...", the rules). An echo is a run of ``SPAN`` words of the reply that
also appears in the instructions, or a line that is a known scaffolding marker. Words are
compared in one grammatical person, so a persona recited in the first person ("I'm a slow
pupil... I rush") echoes the prompt that said it in the second ("You are a slow pupil... you
rush"). Quoting the
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
    "correct solution, to check",
    "correct solution, for you only",
    "never mention that you were given it",
    "the student must never see it",
    "takes place under this system prompt",
)
"""Scaffolding lines of boost-qa prompts, current and earlier: a reply never needs them."""
_LOWERED_MARKERS = tuple(marker.lower() for marker in MARKERS)
PROMPT_TALK = (
    "my instructions:",
    "my instructions say",
    "my instructions are",
    "according to my instructions",
    "as per my instructions",
    "my system prompt",
    "i was instructed to",
    "i have been instructed to",
    "note to self:",
    "only my own reply",
    "stay in character",
    "without breaking character",
)
"""Words in which a reply talks about its own prompt ("My instructions: I am Student B, I must
answer in a single paragraph..."): an echo in other words, whatever they paraphrase. Not
"system prompt" or "instructions" alone, which a question about chat APIs or recipes uses.
Notes a reply makes to itself about its own form ("(Note to self: only my own reply, one turn,
no name in front)") are the rules paraphrased, and count too."""

INSTRUCTION_TEXTS = 256
"""Instruction texts whose words are kept: one per persona and turn template of a recipe, and
a build plays every template's turns at once (eight were too few for the built-in recipe)."""

_WORD = re.compile(r"\w+")
_ASCII_WORDS = bytes(
    byte if byte < 128 and (chr(byte).isalnum() or chr(byte) == "_") else ord(" ")
    for byte in range(256)
).lower()
"""A ``bytes.translate`` table: ASCII to lower case, and every byte ``\\w`` does not match
(in ASCII text) to a space."""


_ONE_PERSON = {
    "you": "i", "me": "i", "your": "my", "yours": "mine", "yourself": "myself",
    "am": "be", "are": "be", "m": "be", "re": "be",
}  # fmt: skip
"""Second person to first, and the forms of "to be" that go with them (``I'm``: i, m)."""


def _one_person(tokens: Sequence[str]) -> tuple[str, ...]:
    return tuple([_ONE_PERSON.get(token, token) for token in tokens])


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """Lower-cased word tokens; cached, as three guards read every turn's words."""
    if text.isascii():  # the same tokens, split by bytes.translate (several times faster)
        return tuple(text.encode("ascii").translate(_ASCII_WORDS).decode("ascii").split())
    return tuple(_WORD.findall(text.lower()))


def instruction_text(prompt: str, data: Iterable[str | None]) -> str:
    """The prompt with the data it carries (question, answers, turns) cut out."""
    for value in sorted((d for d in data if d), key=len, reverse=True):
        prompt = prompt.replace(value.strip(), "\n")
    return prompt


def echoed(reply: str, instructions: str, *, span: int = SPAN) -> str | None:
    """The first ``span``-word run of ``reply`` found in ``instructions``, or a marker, else None.

    Criterion: ``reply`` contains one of ``MARKERS`` or ``PROMPT_TALK`` anywhere
    (case-insensitive), or ``span``
    consecutive words of it (``words``) occur consecutively in ``instructions``, both read in
    one grammatical person (``_ONE_PERSON``).
    """
    lowered = reply.lower()
    for marker, lowered_marker in zip(MARKERS, _LOWERED_MARKERS, strict=True):
        if lowered_marker in lowered:
            return marker
    for talk in PROMPT_TALK:
        if talk in lowered:
            return talk
    tokens = words(reply)
    if not _may_share_run(tokens, _vocabulary(instructions), span):
        return None
    person = _one_person(tokens)
    grams = _instruction_grams(instructions, span)
    runs = zip(*(person[k:] for k in range(span)), strict=False)
    for start, run in enumerate(runs):  # the first one wins, shown as the reply wrote it
        if run in grams:
            return " ".join(tokens[start : start + span])
    return None


def _may_share_run(tokens: Sequence[str], vocabulary: frozenset[str], span: int) -> bool:
    """Whether ``span`` tokens in a row are all in ``vocabulary``, as a shared run's must be.

    A few set lookups in C: most replies share no run, and need no runs built to know it.
    """
    return b"\x01" * span in bytes(map(vocabulary.__contains__, tokens))


@lru_cache(maxsize=INSTRUCTION_TEXTS)
def _vocabulary(text: str) -> frozenset[str]:
    """The words of an instruction text, kept for the next turns judged against it.

    In one person (``_ONE_PERSON``), and with every word that reads as one of them: a reply's
    own words can then be looked up as they are, and only a reply that may share a run is read
    in one person.
    """
    vocabulary = set(_one_person(words(text)))
    return frozenset(vocabulary | {w for w, one in _ONE_PERSON.items() if one in vocabulary})


@lru_cache(maxsize=INSTRUCTION_TEXTS)
def _instruction_grams(instructions: str, size: int) -> frozenset[tuple[str, ...]]:
    """The word runs of an instruction text, kept for the next turns judged against it."""
    return frozenset(_ngrams(_one_person(words(instructions)), size))


def _ngrams(tokens: Sequence[str], size: int) -> set[tuple[str, ...]]:
    return set(zip(*(tokens[k:] for k in range(size)), strict=False))

"""Turn guards: check each agent turn as it is written, so bad turns are regenerated, not kept.

A model's reply goes through ``check_turn`` before it joins the dialogue:

0. **Unthink.** A reasoning model's thinking (``<think>...</think>`` and its kin,
   ``boost_qa.text.reasoning``) is taken out: it is a draft, not what the speaker says. A reply
   that is only thinking, or is cut off inside it, is rejected.
1. **Cut.** The reply ends where it starts another speaker's turn: at a chat format's control
   token written out as text (``<|im_end|>``, ``<|eot_id|>``, ``<end_of_turn>``:
   ``boost_qa.text.control_tokens``), at the first later line that opens with a speaker label
   ("Teacher:", "Student B:", or its own label again), or with a scaffolding marker ("The
   conversation so far"). The model was also asked to stop there (``stop_sequences``); the cut
   catches providers and models that ignore it.
2. **Reject**, with the reason recorded, a turn that is:
   - empty, or only a label;
   - an echo of the prompt or its rules (``boost_qa.text.echo``);
   - degenerate repetition (``boost_qa.text.repetition``);
   - written as another speaker (it opens with another speaker's label), or answering for
     another speaker with no label: it speaks to its own speaker by name ("Yes, you're right,
     Student B" in Student B's turn);
   - a copy of an earlier turn (half or more of its 10-word runs appear in one earlier
     turn; the question the teacher posed does not count);
   - cut off at the length limit (``finish_reason == "length"`` before any cut) or far over
     ``max_tokens``, when the recipe's ``length_limit`` is ``reject``; with ``trim`` the reply
     is cut back to its last full sentence instead (rejected when none is left);
   - a solving turn with no answer in it: no number in math, no code in code;
   - for a guiding teacher turn, one that gives the result away (``boost_qa.text.leaks``).

Every check is a pure function of the reply and what the turn was told; the stage retries a
rejected turn with a new derived seed (``generation.turn_attempts``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from boost_qa.text.control_tokens import cut_at_control_token
from boost_qa.text.echo import MARKERS, echoed, words
from boost_qa.text.labels import (
    addresses_itself,
    cut_at_marker,
    cut_at_next_speaker,
    leading_label,
    strip_own_label,
)
from boost_qa.text.leaks import leak
from boost_qa.text.numbers import states_a_number
from boost_qa.text.reasoning import without_reasoning
from boost_qa.text.repetition import degenerate

MAX_STOPS = 4
"""OpenAI-compatible APIs take at most four stop sequences."""
OVER_LIMIT = 1.5
"""A reply this many times over ``max_tokens`` ignored the limit (some servers do)."""


@dataclass(frozen=True)
class TurnBrief:
    """What a turn was told, which the guards judge its reply against."""

    own_labels: tuple[str, ...]
    instructions: str = ""
    max_tokens: int = 0
    length_limit: str = "reject"  # reject | trim | keep
    earlier_turns: tuple[str, ...] = ()
    answers: str | None = None  # a solving turn must answer: "math" (a number) or "code"
    # Guiding teacher turns: (reference, question) pairs the turn must not give away.
    must_not_reveal: tuple[tuple[str, str | None], ...] = ()
    # The word runs of turns already judged, shared by one dialogue's briefs: each turn is
    # compared with every later one. Per dialogue, not a global cache: a build plays thousands
    # of dialogues at once, turn by turn, so a global cache of any affordable size is evicted
    # before a dialogue's next turn.
    runs: dict[str, frozenset[int]] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )


@dataclass(frozen=True)
class Verdict:
    """A reply after the guards: the text to keep, or why it was rejected."""

    text: str
    reason: str | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def accepted(self) -> bool:
        """Whether the turn may join the dialogue."""
        return self.reason is None


def stop_sequences(own: str, others: Sequence[str], extra: Sequence[str] = ()) -> list[str]:
    """Where the model must stop: another speaker's label (or its own again) at a line start.

    Recipe stops come first, then other speakers, its own label, and a scaffolding marker,
    up to ``MAX_STOPS``.
    """
    wanted = [*extra, *(f"\n{label}:" for label in others), f"\n{own}:", f"\n{MARKERS[0]}"]
    return list(dict.fromkeys(wanted))[:MAX_STOPS]


def check_turn(
    reply: str,
    brief: TurnBrief,
    *,
    finish_reason: str | None = None,
    completion_tokens: int = 0,
) -> Verdict:
    """Cut the reply to one turn and judge it (see the module docstring)."""
    unthought = without_reasoning(reply)
    notes: tuple[str, ...] = ()
    if unthought.blocks:
        if unthought.cut_off:
            return Verdict(
                text="",
                reason="cut off inside its reasoning block (raise max_tokens, or turn the "
                "model's thinking off)",
            )
        if not unthought.text:
            return Verdict(text="", reason="only a reasoning block, no turn")
        notes += ("reasoning block removed",)
    text, token = cut_at_control_token(unthought.text)
    if token is not None:
        if not text.strip():
            return Verdict(text="", reason=f"only a chat-template token ({token})")
        notes += (f"cut at a chat-template token ({token})",)
    text = strip_own_label(text, brief.own_labels)
    impostor = leading_label(text)
    if impostor:
        return Verdict(text="", reason=f"speaks as {impostor}")
    text, label = cut_at_next_speaker(text)
    spoken_to = addresses_itself(text, brief.own_labels)
    if spoken_to:
        return Verdict(text="", reason=f"answers for another speaker ({spoken_to!r})")
    text, marker = cut_at_marker(text, MARKERS)
    if marker and not text.strip():
        return Verdict(text="", reason=f"echoes the prompt ({marker!r})")
    if label:
        notes += (f"cut at another turn ({label}:)",)
    if marker:
        notes += (f"cut at scaffolding ({marker!r})",)
    cut = bool(label or marker or token)
    if brief.length_limit == "trim" and not cut and finish_reason == "length":
        trimmed = last_full_sentence(text)
        notes += ("trimmed to its last full sentence",) if trimmed else ()
        text = trimmed or ""
        cut = True
    # Judged as kept: stripped, the text is the string later turns pass as an earlier turn,
    # so the word runs ``copies`` caches for it now serve them too.
    text = text.strip()
    reason = _reject(text, brief, cut=cut, finish_reason=finish_reason, tokens=completion_tokens)
    return Verdict(text=text, reason=reason, notes=notes)


_SENTENCE_END = re.compile(r"(?:[.!?][\"')\]]*|```)(?=\s|$)")


def last_full_sentence(text: str) -> str:
    """``text`` up to the end of its last complete sentence (or closed code block), or ""."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    if text.count("```") % 2:  # an unclosed code block: keep only what precedes it
        opened = text.rfind("```")
        ends = [e for e in ends if e <= opened]
    return text[: ends[-1]].rstrip() if ends else ""


COPY_SPAN = 10


def copies(
    text: str, earlier: Sequence[str], known: dict[str, frozenset[int]] | None = None
) -> bool:
    """Whether half or more of ``text``'s ``COPY_SPAN``-word runs come from one earlier turn.

    ``known`` keeps the runs of the texts it has seen (``TurnBrief.runs``), this one included.
    """
    if not earlier:
        return False
    known = {} if known is None else known
    runs = _turn_runs(text, known)
    if not runs:
        return False
    return any(len(runs & _turn_runs(other, known)) * 2 >= len(runs) for other in earlier)


_SPAN_STARTS = tuple(slice(k, None) for k in range(COPY_SPAN))


def _turn_runs(text: str, known: dict[str, frozenset[int]]) -> frozenset[int]:
    """``text``'s runs, as the hashes of their word tuples.

    Hashes, not the tuples: kept tuples are objects the garbage collector must trace (a
    reply's runs once cost more in collections than in building them). Two different runs
    with one 64-bit hash, in texts of a few hundred words, are not a concern.
    """
    runs = known.get(text)
    if runs is None:
        # As zip builds them (in C): tokens[i : i + COPY_SPAN] for every start i.
        tokens = words(text)
        windows = zip(*map(tokens.__getitem__, _SPAN_STARTS), strict=False)
        runs = known[text] = frozenset(map(hash, windows))
    return runs


def gives_no_answer(text: str, domain: str) -> bool:
    """Whether a solving turn lacks what an answer needs: a number (math) or code (code)."""
    if domain == "math":
        return not states_a_number(text)
    if domain == "code":
        return "```" not in text and not re.search(
            r"^\s*(?:def|class|import|from|return)\b", text, re.M
        )
    return False


def _reject(
    text: str, brief: TurnBrief, *, cut: bool, finish_reason: str | None, tokens: int
) -> str | None:
    if not text.strip() or not strip_own_label(text, brief.own_labels).strip():
        if finish_reason == "length" and not cut:
            return "empty turn: max_tokens ran out before any text (a reasoning model's thinking?)"
        return "empty turn"
    echo = echoed(text, brief.instructions) if brief.instructions else None
    if echo:
        return f"echoes the prompt ({echo!r})"
    loop = degenerate(text)
    if loop:
        return f"degenerate: {loop}"
    if copies(text, brief.earlier_turns, brief.runs):
        return "copies an earlier turn"
    if brief.length_limit == "reject" and not cut:
        if finish_reason == "length":
            return "cut off at the length limit"
        if brief.max_tokens and tokens > OVER_LIMIT * brief.max_tokens:
            return f"{tokens} tokens, far over max_tokens {brief.max_tokens}"
    if brief.answers and gives_no_answer(text, brief.answers):
        return "gives no answer" if brief.answers == "math" else "gives no code"
    for reference, question in brief.must_not_reveal:
        found = leak(text, reference, question)
        if found:
            return f"gives the answer away: {found}"
    return None

r"""A reasoning model's private thinking inside its reply: what is not part of the turn.

Reasoning models write their thinking into the reply's text when the server does not separate
it (LiteLLM puts it in ``reasoning_content`` only where the provider or server's reasoning
parser does): DeepSeek-R1 and QwQ wrap it in ``<think>...</think>``; Qwen3 with thinking off
still opens its reply with an empty ``<think>\n\n</think>``; R1-distilled models under their
own chat template write only the closing ``</think>`` (the template opened the block); others
use ``<thinking>``, ``<reasoning>``, ``<thought>``, ``<seed:think>``, ``[THINK]...[/THINK]``
(Magistral), ``◁think▷...◁/think▷`` or ``<|begin_of_thought|>...<|end_of_thought|>``
(OpenThoughts, whose answer then sits between ``<|begin_of_solution|>`` tags, which go too).
The thinking is a draft the speaker never said: kept in a turn, it puts a second
voice, and usually the whole solution, into a turn a student is trained to say, and chat
templates that drop thinking from earlier turns (Qwen3's, DeepSeek-R1's) render the row other
than it is stored.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_NAMES = r"think|thinking|reasoning|thought|seed:think"
_OPEN = re.compile(
    rf"<(?:{_NAMES})(?:\s[^<>]*)?>|\[THINK\]|◁think▷|<\|begin_of_thought\|>", re.IGNORECASE
)
_CLOSE = re.compile(rf"</(?:{_NAMES})\s*>|\[/THINK\]|◁/think▷|<\|end_of_thought\|>", re.IGNORECASE)
_SOLUTION_TAG = re.compile(r"<\|(?:begin|end)_of_solution\|>")


class Unthought(NamedTuple):
    """A reply with its reasoning blocks taken out."""

    text: str
    blocks: int
    """How many reasoning blocks (or stray closing tags' preambles) were taken out."""
    cut_off: bool
    """Whether the reply ended inside a block it opened: it never got to say its turn."""


def without_reasoning(reply: str) -> Unthought:
    """``reply`` without its reasoning blocks, and what was taken out (see the module docstring).

    A closing tag before any opening tag ends a block the chat template opened: everything
    before it goes. A block that never closes runs to the end of the reply.
    """
    if not _may_hold(reply):
        return Unthought(reply, 0, False)
    text, blocks = reply, 0
    first_open = _OPEN.search(text)
    first_close = _CLOSE.search(text)
    if first_close and (first_open is None or first_close.start() < first_open.start()):
        text, blocks = text[first_close.end() :], 1
    while (opened := _OPEN.search(text)) is not None:
        closed = _CLOSE.search(text, opened.end())
        blocks += 1
        if closed is None:
            return Unthought(text[: opened.start()].strip(), blocks, True)
        text = text[: opened.start()] + text[closed.end() :]
    if blocks:
        text = _SOLUTION_TAG.sub("", text).strip()
    return Unthought(text, blocks, False)


def holds_reasoning(text: str) -> bool:
    """Whether ``text`` carries a reasoning block or one of its tags."""
    return _may_hold(text) and bool(_OPEN.search(text) or _CLOSE.search(text))


def _may_hold(text: str) -> bool:
    """Whether a tag's name is in ``text`` at all: most turns have none, and skip the patterns."""
    lowered = text.lower()
    return "think" in lowered or "reason" in lowered or "thought" in lowered

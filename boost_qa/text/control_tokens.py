r"""Chat-template control tokens written out as text: where a reply ran past its own turn.

A model whose server does not stop at its end-of-turn token (a GGUF with the wrong EOS, a base
model, ``skip_special_tokens`` off, a template that does not match the model) writes the token
as text and carries on with the next turn: ``...72.<|im_end|>\n<|im_start|>user\nTeacher:
...``. What follows the token is another turn, and the token itself, left in a row, is read by
a trainer's tokenizer as the end of a turn: the loss mask no longer matches the messages.

The tokens are those of the chat formats in use: ChatML (``<|im_start|>``, ``<|im_end|>``),
Llama 3 (``<|eot_id|>``, ``<|start_header_id|>``), Phi (``<|end|>``, ``<|user|>``), Gemma
(``<start_of_turn>``, ``<end_of_turn>``), Mistral (``[INST]``, ``[/INST]``, and ``</s>`` where
a turn ends with it), Granite, Command R, gpt-oss (``<|start|>``, ``<|channel|>``,
``<|return|>``), DeepSeek's full-width ``<｜end▁of▁sentence｜>`` and ``<|endoftext|>``. Tokens
inside fenced code are code (a tokenizer tutorial), not a runaway turn.
"""

from __future__ import annotations

import re

from boost_qa.text.labels import fenced_spans

_BAR_TOKENS = (
    "im_start|im_end|im_sep|endoftext|end_of_text|begin_of_text|eot_id|eom_id|start_header_id"
    "|end_header_id|user|assistant|system|end|start|message|channel|return|call|constrain"
    "|start_of_role|end_of_role|START_OF_TURN_TOKEN|END_OF_TURN_TOKEN|CHATBOT_TOKEN|USER_TOKEN"
    "|SYSTEM_TOKEN"
)
CONTROL_TOKEN = re.compile(
    rf"<\|(?:{_BAR_TOKENS})\|>"
    r"|<｜[^｜<>\n]{1,40}｜>"  # DeepSeek: <｜end▁of▁sentence｜>, <｜User｜>
    r"|</?(?:start|end)_of_turn>"
    r"|\[/?INST\]"
    r"|</s>(?=\s*(?:$|<s>|\[INST\]))"
)
"""A control token of a chat format, written out as text."""
_LEADING_HEADER = re.compile(
    r"\A\s*(?:<\|im_start\|>|<start_of_turn>)assistant\s*\n"
    r"|\A\s*<\|start_header_id\|>assistant<\|end_header_id\|>\s*"
    r"|\A\s*<\|assistant\|>\s*"
)


_NEEDLES = ("<|", "<｜", "_of_turn>", "INST]", "</s>")
"""A piece of every control token: text with none of them has no token (most turns)."""


def _outside_code(text: str) -> list[re.Match[str]]:
    fenced = fenced_spans(text)
    return [
        m
        for m in CONTROL_TOKEN.finditer(text)
        if not any(start <= m.start() < end for start, end in fenced)
    ]


def cut_at_control_token(text: str) -> tuple[str, str | None]:
    """``text`` up to its first control token (outside code), and that token, or None.

    A leading assistant header (``<|im_start|>assistant``: the model wrote its own turn's
    opening) is dropped first: what follows it is the turn.
    """
    if not any(needle in text for needle in _NEEDLES):
        return text, None
    text = _LEADING_HEADER.sub("", text, count=1)
    found = _outside_code(text)
    if not found:
        return text, None
    return text[: found[0].start()].rstrip(), found[0].group()


def holds_control_token(text: str) -> bool:
    """Whether ``text`` carries a chat format's control token outside fenced code."""
    return any(needle in text for needle in _NEEDLES) and bool(_outside_code(text))

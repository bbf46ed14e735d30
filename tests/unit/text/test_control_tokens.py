"""Chat-template control tokens a runaway reply writes out as text."""

from __future__ import annotations

import pytest

from boost_qa.text.control_tokens import cut_at_control_token, holds_control_token

TURN = "48 + 24 = 72 clips.\nFinal answer: 72"


@pytest.mark.parametrize(
    ("tail", "token"),
    [
        ("<|im_end|>\n<|im_start|>user\nTeacher: Well done!", "<|im_end|>"),  # ChatML
        ("<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nGood.", "<|eot_id|>"),  # Llama 3
        ("<|end|>\n<|user|>\nGood.", "<|end|>"),  # Phi-3
        ("<end_of_turn>\n<start_of_turn>user\nGood.", "<end_of_turn>"),  # Gemma
        ("</s>[INST] Good. [/INST]", "</s>"),  # Mistral
        ("<｜end▁of▁sentence｜><｜User｜>Good.", "<｜end▁of▁sentence｜>"),  # DeepSeek
        ("<|endoftext|>Human: next question", "<|endoftext|>"),
        ("<|return|>", "<|return|>"),  # gpt-oss
        ("<|end_of_text|>", "<|end_of_text|>"),  # Granite
        ("<|END_OF_TURN_TOKEN|><|START_OF_TURN_TOKEN|><|USER_TOKEN|>Hi", "<|END_OF_TURN_TOKEN|>"),
    ],
)
def test_a_runaway_reply_ends_at_its_first_control_token(tail: str, token: str) -> None:
    assert cut_at_control_token(TURN + tail) == (TURN, token)
    assert holds_control_token(TURN + tail)


@pytest.mark.parametrize(
    "reply",
    [
        f"<|im_start|>assistant\n{TURN}",
        f"<start_of_turn>assistant\n{TURN}",
        f"<|start_header_id|>assistant<|end_header_id|>\n\n{TURN}",
        f"<|assistant|>\n{TURN}",
    ],
)
def test_a_leading_assistant_header_is_dropped(reply: str) -> None:
    assert cut_at_control_token(reply) == (TURN, None)


@pytest.mark.parametrize(
    "text",
    [
        TURN,
        "Use <s>strikethrough</s> for the old value, then write 72.",  # HTML, not Mistral's EOS
        "A list [1, 2] and a < b | c > d; the [INSTRUCTIONS] block.",
        "```python\ntok.add_special_tokens({'eos_token': '<|im_end|>'})\n```\nThat adds it.",
        "Compare <|not_a_token|> with <thinking>.",
    ],
)
def test_text_and_code_that_mention_tokens_are_left_alone(text: str) -> None:
    assert cut_at_control_token(text) == (text, None)
    assert not holds_control_token(text)

"""A reasoning model's thinking, as reasoning models write it into their replies."""

from __future__ import annotations

import pytest

from boost_qa.text.reasoning import holds_reasoning, without_reasoning

ANSWER = "May is 48 / 2 = 24 clips, so 48 + 24 = 72 in all.\nFinal answer: 72"


@pytest.mark.parametrize(
    "reply",
    [
        f"<think>\nHalf of 48 is 24. Teacher: would add. So 72.\n</think>\n\n{ANSWER}",  # R1, QwQ
        f"<think>\n\n</think>\n\n{ANSWER}",  # Qwen3 with thinking off
        f"Okay, the student wants 72, I should check.\n</think>\n\n{ANSWER}",  # R1-distill
        f"<thinking>draft</thinking>\n{ANSWER}",
        f"<reasoning>draft</reasoning>{ANSWER}",
        f"<seed:think>draft</seed:think>{ANSWER}",
        f"[THINK]draft[/THINK]\n{ANSWER}",  # Magistral
        f"◁think▷draft◁/think▷{ANSWER}",
        f"<|begin_of_thought|>\ndraft\n<|end_of_thought|>\n\n{ANSWER}",
        "<|begin_of_thought|>\ndraft\n<|end_of_thought|>\n\n<|begin_of_solution|>\n\n"
        f"{ANSWER}\n\n<|end_of_solution|>",  # OpenThoughts, Bespoke-Stratos
        f"<THINK>draft</THINK>{ANSWER}",
    ],
)
def test_every_kind_of_thinking_comes_out(reply: str) -> None:
    unthought = without_reasoning(reply)
    assert unthought.text == ANSWER
    assert unthought.blocks == 1 and not unthought.cut_off
    assert holds_reasoning(reply) and not holds_reasoning(unthought.text)


def test_blocks_between_paragraphs_come_out_and_the_rest_stays_in_order() -> None:
    reply = "First 48 / 2 = 24.<think>is it?</think> Then 48 + 24 = 72.<think>ok</think>"
    unthought = without_reasoning(reply)
    assert unthought.text == "First 48 / 2 = 24. Then 48 + 24 = 72."
    assert unthought.blocks == 2


def test_a_reply_cut_off_inside_its_thinking_said_nothing() -> None:
    unthought = without_reasoning("<think>\nLet me work out 48 / 2 and then")
    assert unthought == ("", 1, True)
    assert without_reasoning("</think>Sure. <think>but wait").cut_off


@pytest.mark.parametrize(
    "text",
    [
        ANSWER,
        "I think 72 is right. Thinking about it twice, 48 + 24 = 72.",
        "Use a list [1, 2, 3] and compare a < b > c.",
        "Wrap it in <div class='x'>72</div>.",
        "[THINKING] is not a tag, nor is <thinker>.",
    ],
)
def test_plain_text_is_left_alone(text: str) -> None:
    assert without_reasoning(text) == (text, 0, False)
    assert not holds_reasoning(text)

"""Degenerate repetition: loops are caught; code, lists and normal prose pass."""

from __future__ import annotations

import pytest

from boost_qa.text.repetition import (
    degenerate,
    repeated_line,
    repeated_phrase,
    repeated_sentence,
)

# real turns of the embedded SmolLM2 model, before the turn guards
REAL_SCAFFOLD = "The conversation so far:\n\n" * 22 + "The conversation so far:"
REAL_LABELS = "Student: \n" * 38 + "Student:"
REAL_PARAGRAPH = (
    "Your answer:\n\nThe loop is indeed a one-turn loop with a list comprehension. But the list "
    "comprehension is for the nested list comprehension, so it's just a nested list "
    "comprehension. So the output\n\n"
) * 3
REAL_BULLETS = "- You're a Teacher, a teacher.\n" + (
    "- I'm going to talk about how to approach a problem.\n" * 7
)
REAL_QUESTION_LOOP = (
    "I'm not Student. I'm a student. How do you get the answer?\n\nThe answer is not a response, "
    "but the student. How do you get the answer?\n\nHere is a new response:\n\n"
) * 3

CODE = (
    "Here is the fix:\n```js\nfunction clamp(x, lo, hi) {\n  if (x < lo) {\n    return lo;\n  }\n"
    "  if (x > hi) {\n    return hi;\n  }\n  if (x === x) {\n    return x;\n  }\n  return x;\n}\n"
    "```\nEach branch returns one bound, and the last line returns x itself."
)
STEPS = (
    "1. The factory makes 250 toys each day.\n2. There are 4 days.\n3. Each day adds the same "
    "amount.\n4. So the total is 250 * 4 = 1000 toys.\nFinal answer: 1000"
)
ZEROS = (
    "Start from a grid of zeros and fill it in row by row as the loop goes:\n\n"
    "grid = [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]\n\n"
    "Then each cell gets the sum of its neighbours from the previous step."
)


@pytest.mark.parametrize(
    "text", [REAL_SCAFFOLD, REAL_LABELS, REAL_PARAGRAPH, REAL_BULLETS, REAL_QUESTION_LOOP]
)
def test_real_loops_are_degenerate(text: str) -> None:
    assert degenerate(text)


@pytest.mark.parametrize(
    "text",
    [
        CODE,
        STEPS,
        ZEROS,
        "As you said, the first step is to halve 48.",
        "Natalia sold 48 clips in April. Natalia sold 24 clips in May. Natalia sold 72 in all.",
    ],
)
def test_code_lists_and_prose_pass(text: str) -> None:
    assert degenerate(text) is None


def test_each_criterion() -> None:
    assert repeated_line("a b c\na b c\nA, B; C!") == "a line repeated 3 times: 'a b c'"
    pairs = "one two three\nfour five six\nseven eight nine\n"
    assert repeated_line(pairs * 2)  # every line twice
    assert repeated_line("one two three\nfour five six\none two three\nfour five six") is None
    # (fewer than MIN_LINES lines: one repeated pair in a short text is no loop)
    assert repeated_line("}\n}\n}\n}\nreturn x\nreturn x\nreturn x") is None  # short lines
    assert repeated_phrase(REAL_LABELS) is not None
    assert repeated_phrase("student " * 19) is None  # under MIN_WORDS
    assert repeated_phrase("0 0 0 0 " * 20) is None  # numbers alone are no loop
    # a wordy answer that reuses a phrase four times, among many other words, is no loop
    wordy = (
        "Now I need the number of pages she has left. The book has 120 pages, so the number of "
        "pages she has left is 120 - 36 = 84. Tomorrow she wants to read half of the number of "
        "pages she has left, so she should read 84 / 2 = 42 pages. The other 42 pages will "
        "still be unread after tomorrow, which I can check: 42 + 42 = 84, exactly the number "
        "of pages she has left before tomorrow. So my final answer is 42 pages, half of what "
        "remains in the book once yesterday and today are counted together."
    )
    assert repeated_phrase(wordy) is None
    assert repeated_phrase("the number of pages she has left " * 4 + "so 42.") is not None


def test_a_short_turn_saying_one_sentence_over_and_over() -> None:
    loop = "Think about equal groups. Think about equal groups. Think about equal groups."
    assert repeated_line(loop) is None and repeated_phrase(loop) is None  # one line, 12 words
    assert repeated_sentence(loop) == "a sentence repeated 3 times: 'think about equal groups'"
    assert degenerate(loop) is not None
    # Steps that share words, short sentences and numbers alone are no loop.
    assert repeated_sentence("Add 9 and 3. Then add 9 and 3 again. Good, add 9 and 3.") is None
    assert repeated_sentence("Yes. Yes. Yes.") is None
    assert repeated_sentence("1 2 3.\n1 2 3.\n1 2 3.") is None


def test_a_line_repeated_with_a_counter_is_a_loop() -> None:
    from boost_qa.text.repetition import counted_line

    counter = "15 + 6 = 21\n" + "".join(f"The answer is {n}.\n" for n in range(21, 27))
    assert counted_line(counter) == "a line repeated 5 times with a counter: 'the answer is'"
    steps = "\n".join(f"Step {n}: add the numbers together." for n in range(1, 6))
    assert degenerate(steps)
    # a table of values, a list that counts what differs, four lines: no loop
    table = "\n".join(f"Day {n}: {15 * n} minutes" for n in range(1, 8))
    varied = "\n".join(f"{n}. Add the {w} numbers" for n, w in enumerate("abcdef", 1))
    four = "\n".join(f"Week {n}: she saves money" for n in range(1, 5))
    for clean in (table, varied, four):
        assert counted_line(clean) is None, clean

"""Numbers and final answers: every way of writing the same value compares equal."""

from __future__ import annotations

from fractions import Fraction

import pytest

from boost_qa.text.answers import (
    answer_matches,
    read_reference,
    stated_answer,
    text_matches,
    token_f1,
)
from boost_qa.text.numbers import find_numbers, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("27", 27),
        ("27.0", 27),
        ("27.00", 27),
        ("$27", 27),
        ("27%", 27),
        ("1,000", 1000),
        ("3/4", Fraction(3, 4)),
        ("0.75", Fraction(3, 4)),
        ("-5", -5),
        ("twenty-seven", 27),
        ("seventy two", 72),
        ("one hundred", 100),
        ("a thousand", 1000),
        ("one hundred and five", 105),
        ("nine hundred ninety-nine thousand nine hundred ninety-nine", 999_999),
        ("zero", 0),
    ],
)
def test_parse_number(text: str, value: object) -> None:
    assert parse_number(text) == value


def test_what_is_not_a_number() -> None:
    assert find_numbers("1. Add the apples\n2. Count them") == []
    assert find_numbers("Step 1: read. In 1st place.") == []
    assert find_numbers("One way to see it") == []  # the lone word 'one' is a pronoun here
    assert [m.value for m in find_numbers("10 - 5 and 10-5")] == [10, 5, 10, 5]
    assert [m.value for m in find_numbers("it fell to -5")] == [-5]
    assert [m.value for m in find_numbers("6/3 = 2")] == [6, 3, 2]


@pytest.mark.parametrize(
    ("reference", "kind", "number"),
    [
        ("9 * 3 = 27\n#### 27", "number", 27),
        (r"so $\boxed{\frac{3}{4}}$", "number", Fraction(3, 4)),
        ("Final answer: $1,000", "number", 1000),
        ("He has 5 apples, then 27 apples.", "number", 27),
        (
            "...about 20.03% of the votes, short of the threshold of 51%.",
            "number",
            Fraction("20.03"),
        ),
        (r"The side is $\boxed{2\sqrt{3}}$.", "text", None),
        ("The three primary colors are red, blue and yellow.", "text", None),
        ("```python\ndef add(a, b):\n    return a + b\n```", "code", None),
        ("def remove_occ(s, ch):\n    return s", "code", None),
    ],
)
def test_read_reference(reference: str, kind: str, number: object) -> None:
    parsed = read_reference(reference)
    assert parsed is not None
    assert (parsed.kind, parsed.number) == (kind, number)


def test_read_reference_empty() -> None:
    assert read_reference(None) is None
    assert read_reference("  ") is None


@pytest.mark.parametrize(
    ("turn", "value"),
    [
        ("The answer is 27.", 27),
        ("So she has $27.00 left.", 27),
        ("Final answer: 27. Hmm, no, the answer is 30.", 30),
        ("The answer is 27. Wait, actually I think it is 30.", 30),
        ("Final answer: 27. Actually, let me double-check: 3 x 9 = 27.", 27),
        ("So the total is 27, not 25.", 27),
        ("The factory makes 1,000 toys in 4 days.", 1000),
        ("Working.\n\nSo she has 27 apples.\n\nI hope this helps!", 27),
        (r"Therefore \(\boxed{48}\).", 48),
        ("I am not sure yet, let me think before I give an answer.", None),
        ("I do not know.", None),
    ],
)
def test_stated_answer(turn: str, value: object) -> None:
    assert stated_answer(turn) == value


def test_text_and_code_answers() -> None:
    assert token_f1("the capital is Paris", "Paris is the capital") == 1.0
    assert text_matches("Rome, of course.", "Rome") is True
    assert text_matches("I like pizza a lot", "The capital of Italy is Rome.") is False
    code = read_reference("```python\ndef add(a, b):\n    return a + b\n```")
    assert code is not None
    assert answer_matches("```python\ndef add(x, y):\n    return x + y\n```", code) is True
    assert answer_matches("```python\ndef plus(x, y):\n    return x + y\n```", code) is False

"""Numbers and final answers: every way of writing the same value compares equal."""

from __future__ import annotations

from fractions import Fraction

import pytest

from boost_qa.text.answers import (
    answer_matches,
    choice_options,
    chosen_letter,
    read_reference,
    stated_answer,
    text_matches,
    token_f1,
)
from boost_qa.text.numbers import find_numbers, in_plain_digits, parse_number


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
    assert find_numbers("x2 and H2O, v1.5") == []
    assert [m.value for m in find_numbers(r"$\boxed{1{,}000}$ and 12{,}5")] == [1000, 12, 5]


def test_minus_and_negative_in_words() -> None:
    def values(text: str) -> list[Fraction]:
        return [m.value for m in find_numbers(text)]

    assert values("The temperature is now minus five degrees.") == [-5]
    assert values("It is negative 3, or negative two thirds.") == [-3, Fraction(-2, 3)]
    assert parse_number("minus five") == -5
    # after a number, minus subtracts
    assert values("twelve minus five is seven") == [12, 5, 7]
    assert values("12 minus 5 = 7, and (3 + 2) minus 4") == [12, 5, 7, 3, 2, 4]
    assert values("adminus 5") == [5]


def test_mixed_numbers_scientific_notation_and_a_half() -> None:
    def values(text: str) -> list[Fraction]:
        return [m.value for m in find_numbers(text)]

    assert values("It needs 1 1/2 cups, then 2 3/4 more.") == [Fraction(3, 2), Fraction(11, 4)]
    assert values("5-3/4 and 3 4/2") == [5, Fraction(3, 4), 3, 4, 2]  # a difference; no fraction
    assert values(r"6 × 10^6 km, 6 \times 10^{6}, 3·10⁻² and 1.5e3") == [
        6_000_000,
        6_000_000,
        Fraction(3, 100),
        1500,
    ]
    assert values("4 x 10 = 40, the 2e step") == [4, 10, 40, 2]
    assert values("one and a half cups, two and a quarter hours") == [
        Fraction(3, 2),
        Fraction(9, 4),
    ]


def test_the_reference_written_the_european_way() -> None:
    assert in_plain_digits("Die Fabrik stellt 1.000 her, oder 1 000.", Fraction(1000)) == (
        "Die Fabrik stellt 1000 her, oder 1000."
    )
    assert in_plain_digits("Il faut 7,5 kg, pas 7,55, et 1 000.", Fraction(15, 2)) == (
        "Il faut 7.5 kg, pas 7,55, et 1 000."
    )
    assert in_plain_digits("10,0 m et -2,50", Fraction(10)) == "10 m et -2,50"
    assert in_plain_digits("a list: 7,5,6", Fraction(15, 2)) == "a list: 7,5,6"
    french = read_reference("2 * 3,75 = 7,5\n#### 7.5")
    assert french is not None and answer_matches("Réponse finale : 7,5 €", french) is True
    assert answer_matches("Réponse finale : 7,6 €", french) is False


def test_a_european_form_is_found_whatever_its_grouping() -> None:
    # in_plain_digits looks for a form's head before it compiles or runs the form's pattern:
    # every grouping of every kind of value must still be rewritten.
    separators = [".", " ", "'", "\u00a0", "\u202f", "\u2009", ""]
    for value in (
        Fraction(0),
        Fraction(7),
        Fraction(15, 2),
        Fraction(999),
        Fraction(1000),
        Fraction(12345),
        Fraction(24691, 2),
        Fraction(1234567),
        Fraction(-1000),
    ):
        whole, fraction = int(abs(value)), abs(value) - int(abs(value))
        decimals = f"{float(fraction):.12g}".split(".")[1] if fraction else "0"
        for separator in separators:
            grouped = f"{whole:,}".replace(",", separator) if separator else str(whole)
            written = ("-" if value < 0 else "") + f"{grouped},{decimals}"
            plain = in_plain_digits(f"so {written} kg", value)
            assert [m.value for m in find_numbers(plain)] == [value], (value, written, plain)
        if whole >= 1000 and not fraction:
            for separator in separators[:-1]:
                grouped = f"{whole:,}".replace(",", separator)
                written = ("-" if value < 0 else "") + grouped
                plain = in_plain_digits(f"so {written} kg", value)
                assert [m.value for m in find_numbers(plain)] == [value], (value, written)
    assert in_plain_digits("SEVENTH place, or 7TH", Fraction(7), ordinals=True) == "7 place, or 7"


def test_money_in_words_and_places_as_ordinals() -> None:
    assert [m.value for m in find_numbers("seven dollars and fifty cents")] == [Fraction(15, 2)]
    assert [m.value for m in find_numbers("5 dollars and 3 apples")] == [5, 3]
    place = read_reference("5 + 2 = 7, so Mia finished 7th.\n#### 7")
    assert place is not None
    for answer in ("Mia finished seventh.", "So she is 7th.", "Final answer: 7th"):
        assert answer_matches(answer, place) is True, answer
    assert (
        answer_matches("Mia finished third.", place) is None
    )  # only the reference's place is read
    # an ordinal that names a share, or a hint's step, is not the place
    assert in_plain_digits("a seventh of it, two sevenths", Fraction(7), ordinals=True) == (
        "a seventh of it, two sevenths"
    )
    assert in_plain_digits("Look at the seventh step.", Fraction(7)) == "Look at the seventh step."


def test_shares_in_words() -> None:
    assert [m.value for m in find_numbers("three quarters of it")] == [Fraction(3, 4)]
    assert [m.value for m in find_numbers("two-thirds, one half")] == [
        Fraction(2, 3),
        Fraction(1, 2),
    ]
    assert find_numbers("the third step, in the fourth week") == []  # ordinals, no number before


def test_numbers_set_against_chinese_and_japanese_words() -> None:
    # No space between a number and the words around it: 是27, 27块, 合計で27個.
    assert [m.value for m in find_numbers("正确答案是27块")] == [27]
    assert [m.value for m in find_numbers("合計で27個です")] == [27]
    assert [m.value for m in find_numbers("第3步：9乘以3等于27。")] == [9, 3, 27]  # 第3: step 3


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
        ("It is either 27 or 28, I am not completely sure.", None),
        # Closing sentences that check the answer do not replace it.
        ("Sara has $27 left. To verify, 27 + 18 = 45.", 27),
        ("The sale price is $15.\nCheck: 15 is 75% of 20.", 15),
        ("She has 27 left.\n\nLet me check: 27 + 18 = 45.", 27),
        ("Let me check: 9 * 3 = 27.", 27),  # nothing but a check: its number is the answer
        (r"So the factory makes $\boxed{1{,}000}$ toys.", 1000),
        ("所以她还剩27元。", 27),
        # A number that compares is not the answer, unless it is all there is.
        ("The baker makes 27 cookies, which is 15 more than my first answer of 12.", 27),
        ("She has 27 apples, 3 times as many as Tom.", 27),
        ("So she has 15 more apples than Tom.", 15),
        ("The temperature is now minus five degrees.", -5),
    ],
)
def test_stated_answer(turn: str, value: object) -> None:
    assert stated_answer(turn) == value


def test_a_share_in_percent_meets_a_fraction_or_decimal_reference() -> None:
    pizza = read_reference(r"He ate $\frac{6}{8} = \boxed{\frac{3}{4}}$ of it.")
    assert pizza is not None
    assert answer_matches("6 / 8 = 0.75, so Tom ate 75% of the pizza.", pizza) is True
    assert answer_matches("He ate 75 percent of it.", pizza) is True
    assert answer_matches("He ate 70% of it.", pizza) is False
    discount = read_reference("The discount is 5 / 20 = 25%.\n#### 25")
    assert discount is not None
    assert answer_matches("So the discount is 25%.", discount) is True  # GSM8K's bare percent


def test_thousands_grouped_by_dots() -> None:
    assert parse_number("1.000.000") == 1_000_000
    assert parse_number("1.000") == 1  # alone, a decimal
    german = "Ich muss multiplizieren: 250 · 4 = 1.000. Die Fabrik stellt 1.000 Spielzeuge her."
    reference = read_reference("250 * 4 = 1000 Spielzeuge.\n#### 1000")
    assert reference is not None and answer_matches(german, reference) is True
    one = read_reference("#### 1")
    assert one is not None and answer_matches("It is 1.000 exactly.", one) is True
    assert answer_matches("Die Fabrik stellt 1.001 her.", reference) is False


def test_text_and_code_answers() -> None:
    assert token_f1("the capital is Paris", "Paris is the capital") == 1.0
    assert text_matches("Rome, of course.", "Rome") is True
    assert text_matches("I like pizza a lot", "The capital of Italy is Rome.") is False
    code = read_reference("```python\ndef add(a, b):\n    return a + b\n```")
    assert code is not None
    assert answer_matches("```python\ndef add(x, y):\n    return x + y\n```", code) is True
    assert answer_matches("```python\ndef plus(x, y):\n    return x + y\n```", code) is False
    assert answer_matches("Here it is: def add(a, b): return a + b", code) is True
    assert answer_matches("I would undef add(a) first.", code) is False  # defines nothing


def test_multiple_choice_answers_by_letter() -> None:
    question = "A baker bakes 9 trays of 3 cookies. How many?\n(A) 12  (B) 27  (C) 30  (D) 93"
    options = choice_options(question)
    assert options == {"A": "12", "B": "27", "C": "30", "D": "93"}
    assert choice_options("Options:\nA. 12\nB. 27\nC. 30") == {"A": "12", "B": "27", "C": "30"}
    assert choice_options("A student has 3 apples. B is for banana.") == {}
    reference = read_reference("9 * 3 = 27\n#### 27")
    assert reference is not None
    for turn in ("So the answer is B.", "I choose (B).", "Final answer: (B) 27"):
        assert answer_matches(turn, reference, options) is True, turn
    assert answer_matches("So the answer is (A).", reference, options) is False
    assert answer_matches("So the answer is B.", reference) is None  # no options: no letter


def test_a_lettered_choice_reference_is_its_option() -> None:
    options = choice_options("Which is a liquid?\n\n(A) ice\n(B) water\n(C) steam\n(D) sand")
    reference = read_reference("(B) water")
    assert reference is not None and (reference.kind, reference.text) == ("text", "water")
    assert answer_matches("The answer is B.", reference, options) is True
    assert answer_matches("It is water, of course.", reference, options) is True
    assert answer_matches("The answer is (C).", reference, options) is False


def test_a_lettered_reference_is_a_choice() -> None:
    water = read_reference("(B) water")
    assert water is not None and water.letter == "B" and water.text == "water"
    assert answer_matches("Ice is solid, so the answer is B.", water) is True
    assert answer_matches("I pick option C.", water) is False
    assert answer_matches("(A) is wrong and (C) is wrong, so (B).", water) is True
    assert answer_matches("The answer is B, not (C) steam.", water) is True
    assert answer_matches("答案：B", water) is True
    # a line listing the options chooses nothing; the option's text still answers
    assert answer_matches("(A) ice\n(B) water\n(C) steam\nIt is water.", water) is True
    assert chosen_letter("Option A can't be right; the answer is D.") == "D"


def test_hedged_truncated_and_range_answers() -> None:
    assert stated_answer("So the answer is 23 or 21.") is None
    assert stated_answer("The answer is 3/4 or 0.75") == Fraction(3, 4)
    assert stated_answer("The answer is 27, or 27 cookies.") == 27
    # cut off inside a calculation: its numbers are operands (bold is not an operator)
    assert stated_answer("First 3 × 12 = 36, then 36 − 9 =") is None
    assert stated_answer("donc je calcule 90 ×") is None
    assert stated_answer("So she has **29**") == 29
    # the end of a range is context, as its start is
    assert stated_answer("1989 − 1961 = 28, so it stood 28 years, from 1961 to 1989.") == 28
    assert stated_answer("It went from 4 to -5 degrees.") == -5


def test_a_bare_answer_key_letter_is_a_choice() -> None:
    # ARC and CommonsenseQA give the answer key alone: "B"
    options = choice_options("What does blood carry?\n(A) light (B) oxygen (C) sound (D) heat")
    key = read_reference("B")
    assert key is not None and key.letter == "B"
    assert answer_matches("So the answer is (B).", key, options) is True
    assert answer_matches("The answer is C.", key, options) is False
    assert answer_matches("Blood carries oxygen to the cells.", key, options) is True
    assert answer_matches("Blood carries oxygen to the cells.", key) is None  # no options known
    assert read_reference("Vitamin B").letter is None  # type: ignore[union-attr]


def test_a_closing_sentence_that_offers_two_answers_states_none() -> None:
    assert stated_answer("So the family pays either 31 or 34 dollars.") is None
    assert stated_answer("It is 36 or 216, depending on how you count.") is None
    assert stated_answer("He ate 3/4 or 0.75 of the pizza.") == Fraction(3, 4)
    assert stated_answer("She has 5 apples or so, and 27 pears in all.") == 27


def test_a_closing_clause_about_someone_else_that_restates_the_question_is_not_the_answer() -> None:
    given = frozenset({Fraction(3), Fraction(12), Fraction(9)})  # 3 packs of 12, 9 to his sister
    said = "So Mark has 27 pencils left and his sister has 9."
    assert stated_answer(said, given) == 27
    assert stated_answer(said) == 9  # without the question the clause cannot be told apart
    assert stated_answer("Mark keeps 27, while Anna gets 9.", given) == 27
    assert stated_answer("So Mark has 27 left, and the sister got only 9.", given) == 27
    # the same subject going on, a number the question does not state, no earlier number
    assert stated_answer("He had 27 and has 9 left.", given) == 9
    assert stated_answer("So Mark has 27 and his sister has 14.", given) == 14
    assert stated_answer("So his sister has 9.", given) == 9
    assert stated_answer("He gives 9 away. His sister has 9.", given) == 9  # another sentence
    question = "Mark buys 3 packs of 12 pencils and gives 9 to his sister. How many are left?"
    reference = read_reference("#### 27")
    assert reference is not None
    assert answer_matches(said, reference, question=question) is True
    assert answer_matches(said, reference) is False
    # asked about the sister, whose 9 the question states: the clause is the answer
    sisters = read_reference("#### 9")
    assert sisters is not None
    assert answer_matches(said, sisters, question=question) is True


def test_a_clause_that_checks_the_answer_is_not_the_answer() -> None:
    assert stated_answer("So y = 7, and checking: 4(7) - 5 = 23.") == 7
    assert stated_answer("So x = 6 (check: 3(6) + 7 = 25).") == 6
    assert stated_answer("We get 27; verifying, 27 - 9 = 18.") == 27
    assert stated_answer("Check: 3 + 4 = 7, so the total is 9.") == 9


def test_a_turn_cut_off_inside_a_table_row_states_no_answer() -> None:
    table = "| Batches | Sugar | Total |\n|---|---|---|\n| 1 | 3/4 cup | 3/4 cup |\n"
    assert stated_answer(table + "| 2 | 3/4 cup |") is None  # cut before the total
    assert stated_answer(table + "| 2 | 3/4 cup | 1 1/2 cups |") == Fraction(3, 2)
    assert stated_answer(table + "| 2 | 3/4 cup | 1 1/2 cups |\n\nSo 6 batches need 4.5.") == (
        Fraction(9, 2)
    )

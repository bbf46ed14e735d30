"""Number words of other languages, read as digits only where the text is in that language."""

from __future__ import annotations

from fractions import Fraction

import pytest

from boost_qa.text.answers import answer_matches, read_reference
from boost_qa.text.leaks import leak
from boost_qa.text.number_words import in_digits
from boost_qa.text.numbers import states_a_number


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("La respuesta es treinta y cuatro euros.", "La respuesta es 34 euros."),
        ("Die Antwort ist siebenundzwanzig.", "Die Antwort ist 27."),
        ("Il y a vingt-sept biscuits.", "Il y a 27 biscuits."),
        ("Ci sono ventisette biscotti.", "Ci sono 27 biscotti."),
        ("São vinte e sete biscoitos dos alunos.", "São 27 biscoitos dos alunos."),
        # articles stay words
        ("Ein Blech hat drei Kekse.", "Ein Blech hat 3 Kekse."),
    ],
)
def test_number_words_of_other_languages_become_digits(text: str, digits: str) -> None:
    assert in_digits(text) == digits


@pytest.mark.parametrize(
    "english",
    [
        "He walked six miles once, and then once more.",  # Spanish miles/once, French six
        "On Sept 5 he had six cents, a quart of milk and none left.",
        "So 27 cookies.",
        "",
    ],
)
def test_english_text_is_left_alone(english: str) -> None:
    assert in_digits(english) == english


def test_answers_and_leaks_in_other_languages() -> None:
    reference = read_reference("9 * 3 = 27\n#### 27")
    assert reference is not None
    assert answer_matches("Also sind es siebenundzwanzig Kekse.", reference) is True
    assert answer_matches("Son veintiocho galletas.", reference) is False
    assert leak("Die Antwort ist siebenundzwanzig.", "9 * 3 = 27\n#### 27") is not None
    # a solving turn that answers in words states a number
    assert states_a_number("La respuesta es treinta y cuatro.")
    assert not states_a_number("No lo sé.")
    assert Fraction(34) == Fraction(int(in_digits("treinta y cuatro")))

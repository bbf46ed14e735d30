"""The reference's answer name, and turns that name it, deny it or name something else."""

from __future__ import annotations

import pytest

from boost_qa.text.answers import answer_matches, read_reference
from boost_qa.text.named_answer import answer_name, names_answer

CANBERRA = ("The capital of Australia is Canberra.", "What is the capital of Australia?")
ALDRIN = (
    "Buzz Aldrin was the second person to walk on the Moon, right after Neil Armstrong.",
    "Who was the second person to walk on the Moon?",
)


@pytest.mark.parametrize(
    ("reference", "question", "name"),
    [
        (*CANBERRA, ("canberra",)),
        (*ALDRIN, ("aldrin",)),  # "Buzz" opens the sentence: it may stand beside "Aldrin"
        (
            "Pride and Prejudice was written by Jane Austen and published in 1813.",
            "Who wrote the novel Pride and Prejudice?",
            ("jane", "austen"),  # Pride and Prejudice is asked, so it is not the answer
        ),
        (
            "Plants take in carbon dioxide (CO2) from the air for photosynthesis.",
            "What gas do plants take in from the air for photosynthesis?",
            ("co2",),
        ),
        ("It was painted by Leonardo da Vinci.", "Who painted it?", ("leonardo", "vinci")),
        (
            "The Battle of Hastings was fought in 1066.",
            "When was the Battle of Hastings?",
            ("1066",),
        ),
        ("Photosynthesis makes glucose from light.", "What is photosynthesis?", ()),  # no name
        (
            "They are the Rocky Mountains, the Appalachians and the Sierra Nevada.",
            "Name the three main mountain ranges of the United States.",
            (),  # a list: one of its names is not the answer
        ),
        ("I think the answer is Paris, as I said.", "Capital of France?", ("paris",)),  # not I
        ("Cellular respiration " * 12 + "makes ATP.", "What does it make?", ()),  # too long
    ],
)
def test_the_answer_name_is_the_first_name_the_question_does_not_say(
    reference: str, question: str, name: tuple[str, ...]
) -> None:
    assert answer_name(reference, question).core == frozenset(name)


@pytest.mark.parametrize(
    ("turn", "named"),
    [
        ("I confused the largest city with the capital. It is Canberra.", True),
        ("canberra", True),
        ("I think it is Canberra, Australia's capital.", True),
        ("It is not Sydney but Canberra.", True),
        ("It is Sydney.", False),
        ("It is Sydney, not Canberra.", False),  # denied
        ("Canberra isn't the capital; Sydney is.", False),
        ("Canberra is not the capital. Sydney is.", False),
        ("Sydney, I said before. No wait: it is Canberra.", True),  # the last naming sentence
        ("You said Canberra. I still think it is Sydney.", False),
    ],
)
def test_a_turn_names_the_answer_unless_it_denies_it(turn: str, named: bool) -> None:
    assert names_answer(turn, answer_name(*CANBERRA)) is named


@pytest.mark.parametrize(
    ("turn", "named"),
    [
        ("That was Aldrin, the lunar module pilot.", True),
        ("It was Buzz Aldrin.", True),
        ("It was Neil Armstrong.", False),  # a name of the reference, not its answer
        ("It was Aldrin Smith.", False),  # inside another name
    ],
)
def test_a_word_of_the_name_counts_only_as_a_name_of_its_own(turn: str, named: bool) -> None:
    assert names_answer(turn, answer_name(*ALDRIN)) is named


def test_another_name_that_shares_a_word_is_not_the_answer() -> None:
    ocean = answer_name("The largest ocean is the Pacific Ocean.", "Which ocean is the largest?")
    assert names_answer("The Pacific Ocean.", ocean)
    assert not names_answer("The Atlantic Ocean.", ocean)
    city = answer_name("The largest city in the US is New York City.", "Which is the largest?")
    assert city.core == {"us"}  # a name of the context comes first: it is no answer
    assert not names_answer("The largest city in the US is Los Angeles.", city)
    city = answer_name("The largest city in the US is New York City.", "Which US city is largest?")
    assert names_answer("It's New York.", city)
    assert not names_answer("It is New Delhi.", city)


def test_answer_matches_reads_the_name_only_with_the_question() -> None:
    reference = read_reference(CANBERRA[0])
    assert reference is not None and reference.kind == "text"
    turn = "Oh, I mixed the biggest city up with the seat of government. It is Canberra."
    assert answer_matches(turn, reference) is not True  # token F1 alone
    assert answer_matches(turn, reference, question=CANBERRA[1]) is True
    assert answer_matches("It is Sydney.", reference, question=CANBERRA[1]) is not True

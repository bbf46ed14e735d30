"""Times of day as answers: every way of writing the same time compares equal."""

from __future__ import annotations

from fractions import Fraction

import pytest

from boost_qa.text.answers import answer_matches, read_reference
from boost_qa.text.clock import clock_minutes, clocks_as_minutes, duration_unit, durations_in
from boost_qa.text.leaks import leak

MOVIE_REF = "1:45 pm + 1 hour = 2:45 pm, and 45 minutes more is 3:30 pm.\n#### 3:30 pm"


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("3:30 pm", 930),
        ("15:30", 930),
        ("3:30 p.m.", 930),
        ("3.30 pm", 930),
        ("3 PM", 900),
        ("12:15 p.m.", 735),
        ("12:05 am", 5),
        ("3:30", 210),
        ("3.30", None),  # a decimal
        ("2:90 pm", None),
        ("27:00", None),
    ],
)
def test_clock_minutes(text: str, minutes: int | None) -> None:
    assert clock_minutes(text) == minutes


def test_times_in_a_turn() -> None:
    turn = "It ends at 3:30 pm. In 24-hour time: 15:30, or 3:30 on the clock. Ratio 2:1."
    assert clocks_as_minutes(turn, Fraction(930)) == (
        "It ends at 930. In 24-hour time: 930, or 930 on the clock. Ratio 2:1."
    )


def test_a_time_of_day_reference() -> None:
    reference = read_reference(MOVIE_REF)
    assert reference is not None and reference.clock and reference.number == 930
    assert answer_matches("So it ends at 15:30.", reference) is True
    assert answer_matches("Final answer: 3:30 p.m.", reference) is True
    assert answer_matches("Final answer: 2:90 pm", reference) is not True
    assert answer_matches("It ends at 4:30 pm.", reference) is False
    assert leak("Carry the minutes: it ends at half past three, 3:30 pm.", MOVIE_REF) is not None
    assert leak("Minutes only go up to 59: carry sixty of them into an hour.", MOVIE_REF) is None


def test_durations_in_the_references_unit() -> None:
    bus = read_reference("45 * 2 = 90 minutes.\n#### 90")
    assert bus is not None and bus.unit == "m"
    for answer in (
        "Final answer: 1 hour 30 minutes",
        "45 + 45 minutes in all, which is an hour and a half.",
        "So she rides for 1.5 hours.",
        "It takes 90 minutes.",
    ):
        assert answer_matches(answer, bus) is True, answer
    assert answer_matches("Final answer: 1 hour 20 minutes", bus) is False
    assert durations_in("2 hours, 15 minutes and 30 seconds; half an hour", "m") == "135.5; 30"
    assert durations_in("It takes 90 minutes.", "m") == "It takes 90 minutes."
    assert duration_unit("12 * 7 = 84 pages\n#### 84", Fraction(84)) is None


def test_duration_phrases_are_found_as_written() -> None:
    from boost_qa.text.clock import duration_phrases

    text = "It took 1 hour 30 minutes, then half an hour, then an hour and a half, then 5 days."
    assert duration_phrases(text) == [
        "1 hour 30 minutes",
        "half an hour",
        "an hour and a half",
    ]

"""Where a repair restarts a row, and which flags it repairs (moved from the repair e2e tests)."""

from __future__ import annotations

from typing import Any

import pytest

from boost_qa.errors import RecipeError
from boost_qa.pipeline.restart import DEFAULT_FLAGS, parse_flags, restart_turn


def test_flags_default_and_dedupe():
    assert parse_flags(()) == DEFAULT_FLAGS
    assert parse_flags(["answer_leak,degenerate", "answer_leak"]) == ("answer_leak", "degenerate")
    with pytest.raises(RecipeError, match="known: well_formed"):
        parse_flags(["telling"])


def _row(scenario: str, turns: list[tuple[str, str, str]], **extra: Any) -> dict[str, Any]:
    return {
        "scenario": scenario,
        "question": "Tom has 2 apples and buys 3 more. How many now?",
        "reference_answer": "2 + 3 = 5. #### 5",
        "dialogue": [{"speaker": s, "role": r, "content": c} for s, r, c in turns],
        **extra,
    }


CORRECTION = [
    ("teacher", "user", "Here is a problem for you.\n\nTom has 2 apples and buys 3 more."),
    ("dull_student", "assistant", "Tom has 2 and 3 so 2 - 3 = 1. The answer is 1."),
    ("teacher", "user", "Your subtraction is the wrong operation; think about buying."),
    ("smart_student", "assistant", "Buying adds apples: 2 + 3 = 5. The answer is 5."),
]


def test_restart_is_the_last_turn_when_no_turn_is_bad():
    restart = restart_turn(_row("error_correction", CORRECTION), "math")
    assert (restart.turn, restart.speaker) == (3, "smart_student")


def test_restart_skips_the_posed_question_and_finds_a_leaking_correction():
    turns = list(CORRECTION)
    turns[2] = ("teacher", "user", "Add them instead: 2 + 3 = 5.")
    restart = restart_turn(_row("error_correction", turns), "math")
    assert (restart.turn, restart.speaker) == (2, "teacher")
    assert "gives the answer away" in restart.reason


def test_restart_finds_a_turn_that_writes_another_speakers_lines():
    turns = list(CORRECTION)
    turns[1] = ("dull_student", "assistant", "It is 1.\nTeacher: are you sure?\nStudent: yes.")
    restart = restart_turn(_row("error_correction", turns), "math")
    assert restart.turn == 1 and "another turn" in restart.reason


def test_restart_follows_the_attempts_record_of_a_kept_bad_turn():
    attempts = [
        {"turn": 1, "speaker": "dull_student", "attempts": 1, "rejected": [], "accepted": True},
        {"turn": 2, "speaker": "teacher", "attempts": 3, "rejected": ["x"] * 3, "accepted": False},
        {"turn": 3, "speaker": "smart_student", "attempts": 1, "rejected": [], "accepted": True},
    ]
    restart = restart_turn(_row("error_correction", CORRECTION, attempts=attempts), "math")
    assert restart.turn == 2 and "3 rejected attempt(s): x" in restart.reason


def test_restart_reads_the_analogy_approach_inside_the_first_teacher_turn():
    row = _row(
        "analogy",
        [
            ("system", "system", "Be brief."),
            (
                "teacher",
                "user",
                "Let's look at this problem together:\n\n"
                "Tom has 2 apples and buys 3 more. How many now?\n\nCount them: 2 + 3 = 5.",
            ),
            ("diligent_student", "assistant", "2 + 3 = 5. The answer is 5."),
            ("teacher", "user", "Well done.\n\nHere is a similar problem for you to try:\n\nQ?"),
            ("diligent_student", "assistant", "The answer is 9."),
        ],
        analog_question="Q?",
        analog_answer="4 + 5 = 9. #### 9",
    )
    restart = restart_turn(row, "math")
    assert (restart.turn, restart.speaker) == (1, "teacher")
    assert "gives the answer away" in restart.reason

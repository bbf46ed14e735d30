"""A turn's own words: what the statistics read a student's answer from."""

from __future__ import annotations

from boost_qa.stats.quality import own_words


def test_a_chat_transcript_speaks_through_its_first_assistant() -> None:
    turn = (
        "User: How many pencils does Mark have left?\nAssistant: 36 - 9 = 27. Mark has 27 left."
        "\nUser: Thank you!\nAssistant: You're welcome!"
    )
    assert own_words("smart_student", turn) == "36 - 9 = 27. Mark has 27 left."


def test_a_user_line_without_an_assistant_is_the_turn_itself() -> None:
    turn = "User: this is how I read it.\n36 - 9 = 27, so 27 pencils."
    assert own_words("smart_student", turn) == turn
    labelled = "Smart Student: 36 - 9 = 27.\nTeacher: Well done!"
    assert own_words("smart_student", labelled) == "36 - 9 = 27."

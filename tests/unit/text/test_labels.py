"""Speaker labels: where a turn starts writing another speaker's lines."""

from __future__ import annotations

import pytest

from boost_qa.text.echo import MARKERS
from boost_qa.text.labels import (
    cut_at_marker,
    cut_at_next_speaker,
    fenced_spans,
    other_turn,
    speaker_labels,
    strip_own_label,
)

# real (SmolLM2, before the guards): a dull student that goes on as the teacher
REAL_TEACHER_LINE = (
    "I'm not Student. I'm a student. Here's a new task for you:\n\n"
    "Teacher: You have a task. Tell me what it is.\n\n"
    "You're not Student. I'm a student. How do you get the answer?"
)
# real: a student writing empty turns of its own label
REAL_STUDENT_LINES = "Student: \nStudent: \nStudent: \nStudent:"
# real: student A starts a second turn of its own
REAL_SECOND_TURN = (
    "Natalia sold 48/5, so she sold 48/5 clips.\n\nThis is the final answer.\n\nStudent A:\n\n"
    "This is the final answer, and it will also be the final answer."
)
YAML_ANSWER = (
    "Set the user on the service:\n\n```yaml\nservices:\n  app:\n    image: app\n"
    '    user: "1000:1000"\n```\n\nThen restart it.'
)


def test_speaker_labels_at_line_starts_and_after_sentence_ends() -> None:
    assert speaker_labels("Teacher: hi\n**Student B:** yes") == [(0, "teacher"), (14, "student b")]
    assert speaker_labels("The price is 15 dollars. Student B: I agree!") == [(25, "student b")]
    assert speaker_labels("[Smart  Student]: ok") == [(1, "smart student")]
    assert speaker_labels("the student's answer: 5 degrees") == []
    assert speaker_labels("Note: a fraction.\nHint: simplify.") == []


def test_labels_inside_fenced_code_are_code() -> None:
    assert speaker_labels(YAML_ANSWER) == []
    assert cut_at_next_speaker(YAML_ANSWER) == (YAML_ANSWER, None)
    assert other_turn(YAML_ANSWER, ("student",)) is None
    # an unclosed fence is not code: a model cut off mid-block can still be caught
    assert cut_at_next_speaker("Here:\n```\nTeacher: go on")[1] == "teacher"


def test_quoted_and_listed_lines_are_no_turns() -> None:
    summary = "Both positions:\n- **Student A:** 12 * 7 = 84\n* Student B: 19\n+ Teacher: ok"
    assert speaker_labels(summary) == []
    assert cut_at_next_speaker(summary) == (summary, None)
    quote = "> Teacher: Which operation takes money away?\n\nSubtraction: 45 - 18 = 27."
    assert speaker_labels(quote) == [] and other_turn(quote, ("student",)) is None
    # bold is not a bullet, and a label after the quote or list still opens a turn
    assert speaker_labels("**Teacher:** hi") == [(2, "teacher")]
    assert cut_at_next_speaker(f"{summary}\nStudent A: no, 19.")[1] == "student a"


def test_a_bold_label_that_reports_what_a_speaker_did_sums_up() -> None:
    summary = (
        "**Student A:** added all four scores and divided by 4 → 85 ✅\n"
        "**Student B:** took the midpoint of the highest and lowest → 84 ❌\n"
        "__Student A__: argues that every score counts\n\nStudent A's reasoning holds."
    )
    assert speaker_labels(summary) == []
    assert other_turn(summary, ("student c",)) is None
    # in the speaker's own voice, in upper case, or not bold, it is still role play
    for line in (
        "**Student B:** added it, and I think that is right.",
        "**Student B:** Added it.",
        "Student B: added it.",
        "**Teacher:** indeed, well done.",
        "**Student B:** yes",
    ):
        assert other_turn(f"I agree.\n{line}", ("student a",)) is not None, line


def test_other_english_names_for_the_roles() -> None:
    assert [name for _, name in speaker_labels("Tutor: hi\nPupil: ok\nHuman: x\nAI: y")] == [
        "teacher",
        "student",
        "user",
        "assistant",
    ]
    assert cut_at_next_speaker("My answer is 5.\nInstructor: Good.") == (
        "My answer is 5.",
        "teacher",
    )
    assert speaker_labels("Maintain: x. The mentor said so.") == []


def test_fenced_spans() -> None:
    text = "a\n```py\nx = 1\n```\nb\n```\nopen"
    spans = fenced_spans(text)
    assert len(spans) == 1 and text[spans[0][0] : spans[0][1]].startswith("```py")


def test_strip_own_label() -> None:
    assert strip_own_label("Student A: 12 * 7 = 84.", ("Student A",)) == "12 * 7 = 84."
    assert strip_own_label("**Teacher:** Look again.", ("teacher",)) == "Look again."
    assert strip_own_label("Teacher: Look again.", ("Student",)) == "Teacher: Look again."
    assert strip_own_label("  As you said, halve 48.  ", ("Student",)) == "As you said, halve 48."


def test_cut_at_next_speaker() -> None:
    assert cut_at_next_speaker(REAL_TEACHER_LINE) == (
        "I'm not Student. I'm a student. Here's a new task for you:",
        "teacher",
    )
    assert cut_at_next_speaker(REAL_SECOND_TURN)[1] == "student a"
    # the first line's label is the turn's own business; later ones cut
    assert cut_at_next_speaker(REAL_STUDENT_LINES) == ("Student:", "student")
    assert cut_at_next_speaker("Student: 250 * 4 = 1000 toys.") == (
        "Student: 250 * 4 = 1000 toys.",
        None,
    )


@pytest.mark.parametrize(
    ("text", "own", "found"),
    [
        (REAL_TEACHER_LINE, ("student",), "teacher"),
        (REAL_STUDENT_LINES, ("student",), "student"),
        (REAL_SECOND_TURN, ("student a",), "student a"),
        ("Assistant: 60 * 2 = 120.\nUser: Thanks!", ("student",), "assistant"),
        ("[Student A]: -5.\n[Student B]: I disagree.", ("student a",), "student b"),
        ("Student: I should multiply. 250 * 4 = 1000 toys.", ("student",), None),
        ("As you said, the first step is to halve 48.", ("student",), None),
        ("1. Read the problem.\n2. Multiply: 250 * 4 = 1000.", ("student",), None),
        (YAML_ANSWER, ("student",), None),
    ],
)
def test_other_turn(text: str, own: tuple[str, ...], found: str | None) -> None:
    assert other_turn(text, own) == found


def test_cut_at_marker() -> None:
    text = "12 * 7 = 84.\n\nNow write the next reply of Student B: your solution."
    assert cut_at_marker(text, MARKERS) == ("12 * 7 = 84.", "Now write the next reply of")
    assert cut_at_marker("**The conversation so far:**\nx", MARKERS) == (
        "",
        "The conversation so far",
    )
    assert cut_at_marker("As you said, the first step is to halve 48.", MARKERS)[1] is None


def test_labels_in_other_languages_read_as_the_english_names() -> None:
    reply = "9 + 3 = 12块。\n老师：做得好！\n学生B：谢谢老师！"
    assert speaker_labels(reply) == [(13, "teacher"), (21, "student b")]
    assert speaker_labels("Lehrer: Gut.\nÉlève : merci.\nProfesora: bien.") == [
        (0, "teacher"),
        (13, "student"),
        (28, "teacher"),
    ]
    assert speaker_labels("两位同学都对：12 × 7 = 84页。") == []  # "both classmates are right:"
    assert strip_own_label("老师：你的方法不对。", ("teacher",)) == "你的方法不对。"


def test_line_start_labels_without_a_colon() -> None:
    # transcripts and stage directions: a bracket, a dash before a capital, "says:"
    assert speaker_labels("Final answer: 4\n\nTeacher - Good try! But think again.") == [
        (17, "teacher")
    ]
    assert speaker_labels("72\n\n[Student B] I agree with Student A.") == [(5, "student b")]
    assert speaker_labels("21\n\nStudent B says: That's wrong.") == [(4, "student b")]
    # a tally, a label inside a sentence, a quoted claim: no turn
    assert speaker_labels("Student A - 84\nStudent B - 27") == []
    assert speaker_labels("As Student B says: the total is 72.") == []
    assert speaker_labels("I agree. Teacher - hi") == []
    assert other_turn("Student A: 27\n\n[Student B] Yes.", ("student a",)) == "student b"


def test_a_turn_that_speaks_to_its_own_speaker_answers_for_another() -> None:
    from boost_qa.text.labels import addresses_itself

    own = ("Student B",)
    partner = (
        "I subtract: 36 − 9 = 27. Student A, do you agree?\n\nYes, you're right, Student B, "
        "I added the 9 instead."
    )
    assert addresses_itself(partner, own) == "right, Student B"
    assert addresses_itself("Good point.\nStudent B, you should check 36.", own) == (
        "Student B, you"
    )
    assert addresses_itself("Thanks, Teacher! 27.", ("Teacher",)) == "Thanks, Teacher"
    # speaking to the partner, naming oneself, or code: not a reply written for another
    for clean in (
        "Student A, you're right that 4 × 9 = 36.",
        "As Student B, I think 27 is right: Student A added instead.",
        "I agree with you, Student A.",
        "```python\nprint('Thanks, Student B!')\n```\n27",
    ):
        assert addresses_itself(clean, own) is None, clean
    # a teacher calls every student "Student": the bare name is never one's own in this sense
    assert addresses_itself("Good job, Student.", ("Student",)) is None


def test_a_heading_that_is_only_a_name_opens_a_turn() -> None:
    reply = "15 × 6 = 90.\nFinal answer: 90\n\n### Teacher\nWell done! That's correct."
    assert cut_at_next_speaker(reply) == ("15 × 6 = 90.\nFinal answer: 90", "teacher")
    assert speaker_labels("**Student B**\nI think it is 90.") == [(2, "student b")]
    # a heading over a summary, or one with more words than the name, is no turn
    summary = "Compare:\n\n**Student A**\n- added 15 and 6\n\n**Student B**\n- multiplied"
    assert speaker_labels(summary) == []
    assert speaker_labels("### Teacher feedback\nGood.\n\n## Teacher's note\nok") == []

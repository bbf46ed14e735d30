"""Prompt echo: replies that repeat their instructions or the prompt's scaffolding."""

from __future__ import annotations

from boost_qa.text.echo import MARKERS, SPAN, echoed, instruction_text, words

RULES = (
    "You are Student B, a student with only a partial grasp of this subject, discussing a "
    "problem with Student A. Give your own complete solution in one paragraph without line "
    "breaks. If Student A has already answered, say where you agree or disagree and why, but "
    "never copy their solution.\nWrite only your own reply as Student B, in English: one turn, "
    "with no name or label in front of it."
)
QUESTION = "Lily reads 12 pages every day. How many pages does she read in one week?"
PROMPT = f"{RULES}\n\nThe problem:\n{QUESTION}\n\nStudent A said: She reads 12 * 7 = 84 pages."
# real (SmolLM2, before the guards)
REAL_LOOP = "The conversation so far:\n\nThe conversation so far:\n\nThe conversation so far:"
REAL_NEXT = (
    "Natalia sold 48/5 clips.\n\nThis is the final answer.\n\nNow write the next reply of "
    "Student B: your solution. Reply with that one turn only."
)
REAL_RULES = "Samsung S22 Ultra...\n\nThe rules for your reply:\n- You're a Teacher, a teacher."


def test_words() -> None:
    assert words("Don't STOP: 12*7!") == ("don", "t", "stop", "12", "7")


def test_instruction_text_cuts_the_data_out() -> None:
    instructions = instruction_text(PROMPT, [QUESTION, "She reads 12 * 7 = 84 pages.", None])
    assert QUESTION not in instructions and "84" not in instructions
    assert "Give your own complete solution" in instructions


def test_markers_are_echoes_anywhere() -> None:
    assert echoed(REAL_LOOP, "") == "The conversation so far"
    assert echoed(REAL_NEXT, "") == "Now write the next reply of"
    assert echoed(REAL_RULES, "") == "Rules for your reply"
    assert all(echoed(f"x {m.upper()} y", "") == m for m in MARKERS)


def test_the_shipped_templates_headers_are_markers() -> None:
    # The headers the persona templates put above the data, as a reply echoes them (reworded a
    # little, so no long run of the prompt's words is left); no instruction text is needed.
    for reply in (
        "A correct solution, to check my work against (never mention I was given it): 27.",
        "The correct solution, for you only: 27 cookies.",
        "(never mention that you were given it) The answer is 27.",
        "The correct solution (the student must never see it): 27.",
        "This conversation takes place under this system prompt: be brief.",
    ):
        assert echoed(reply, "") is not None, reply


def test_a_run_of_instruction_words_is_an_echo() -> None:
    instructions = instruction_text(PROMPT, [QUESTION])
    reply = (
        "Give your own complete solution in one paragraph without line breaks. If Student A "
        "has already answered, 12 * 7 = 84 pages."
    )
    assert echoed(reply, instructions) == " ".join(words(reply)[:SPAN])
    short = " ".join(words(RULES)[: SPAN - 1])
    assert echoed(short, instructions) is None
    assert echoed(short, instructions, span=SPAN - 1) == short


def test_quoting_the_question_the_teacher_or_a_student_is_no_echo() -> None:
    instructions = instruction_text(PROMPT, [QUESTION, "She reads 12 * 7 = 84 pages."])
    for reply in (
        "As you said, the first step is to halve 48.",
        f"The question was: {QUESTION} She reads 12 * 7 = 84 pages.",
        "Student A said: She reads 12 * 7 = 84 pages. I agree, it is 84 pages.",
        'You told us: "Work through it one step at a time, list your steps briefly." OK.',
    ):
        assert echoed(reply, instructions) is None, reply


def test_a_persona_recited_in_the_first_person_is_an_echo() -> None:
    recited = (
        "I'm Student B, a student with only a partial grasp of this subject, discussing a "
        "problem with Student A. So: 12 * 7 = 84."
    )
    assert echoed(recited, RULES) == "i m student b a student with only a partial grasp of"
    # the same words in the first person, no longer the prompt's: no echo
    own = "I am not sure I have a grasp of this; I think 12 * 7 = 84 pages in one week."
    assert echoed(own, RULES) is None


def test_a_reply_that_talks_about_its_own_prompt_echoes_it() -> None:
    talk = "My instructions: I am Student B, I must agree or disagree. I agree: 84 pages."
    assert echoed(talk, RULES) == "my instructions:"
    assert echoed("I was instructed to keep it short, so: 84.", RULES) == "i was instructed to"
    # a question about chat APIs, or a teacher's own instructions to the class, is no echo
    assert echoed("Put the rules in the system prompt of the API call.", RULES) is None
    assert echoed("Follow the instructions in the recipe: 84.", RULES) is None


def test_a_note_a_reply_makes_to_itself_about_its_form_echoes_the_rules() -> None:
    note = "(Note to self: only my own reply, one turn.) I added instead of multiplying: 27."
    assert echoed(note, RULES) == "note to self:"
    assert echoed("I'll stay in character: 84 pages.", RULES) == "stay in character"
    # a character in a story, a note in a recipe: no talk about the reply's own form
    assert echoed("The actor broke character and laughed; he read 84 pages.", RULES) is None
    assert echoed("Note that 12 * 7 = 84, so she reads 84 pages.", RULES) is None

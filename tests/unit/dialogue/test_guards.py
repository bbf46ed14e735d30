"""Turn guards on real bad turns (the embedded model's own output) and on clean turns."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from boost_qa.dialogue.guards import (
    TurnBrief,
    check_turn,
    copies,
    gives_no_answer,
    last_full_sentence,
    stop_sequences,
)
from boost_qa.dialogue.prompts import PromptLibrary
from boost_qa.dialogue.settings import GenerationSettings
from boost_qa.llm.gateway import Gateway
from boost_qa.transform import MasterTransform

REFERENCE = "Natalia sold 48/2 = 24 clips in May. Natalia sold 48+24 = 72 clips altogether. #### 72"
QUESTION = "Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. How many clips did Natalia sell altogether in April and May?"
# What a debater is told (rendered, as the stage gives it to the guards), plus every prompt's
# fixed wording.
INSTRUCTIONS = (
    PromptLibrary().render(
        "debate/student.j2",
        me="Student A",
        others=["Student B", "Student C", "Teacher"],
        partner="Student B",
        language="English",
        context=None,
        domain="math",
    )
    + PromptLibrary().instructions()
)

# Real turns written by SmolLM2-135M in the demo release before the guards existed.
ECHO_LOOP = "The conversation so far:\n\nThe conversation so far:\n\nThe conversation so far:\n\nThe conversation so far:"
SCAFFOLD_TAIL = (
    "Natalia sold clips to 48 of her friends in April, and she sold half as many clips in May.\n\n"
    "Natalia sold 48/5 clips.\n\nNow write the next reply of Student B: your solution. Reply with that one turn only."
)
OTHER_SPEAKER = (
    "I'm not Student. I'm a student. Here's a new task for you:\n\n"
    "Teacher: You have a task. Tell me what it is.\n\nYou're not Student. I'm a student."
)
REPEATS = "\n\n".join(
    ["Your answer:", "The loop is indeed a one-turn loop with a list comprehension. So the output"]
    * 4
)
PERSONA_ECHO = "You are Student A, a student with only a partial grasp of math, discussing a problem with Student B. I think 48 + 24 = 72."


def brief(**changes: Any) -> TurnBrief:
    values: dict[str, Any] = {"own_labels": ("Student",), "instructions": INSTRUCTIONS}
    values.update(changes)
    return TurnBrief(**values)


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        ("", "empty turn"),
        ("Student:", "empty turn"),
        ("  **Student:**  ", "empty turn"),
        (ECHO_LOOP, "echoes the prompt ('The conversation so far')"),
        (PERSONA_ECHO, "echoes the prompt"),
        (REPEATS, "degenerate"),
    ],
)
def test_bad_turns_are_rejected(reply: str, reason: str) -> None:
    verdict = check_turn(reply, brief())
    assert not verdict.accepted
    assert verdict.reason is not None and verdict.reason.startswith(reason)


def test_a_turn_that_runs_into_scaffolding_is_cut_there() -> None:
    verdict = check_turn(SCAFFOLD_TAIL, brief())
    assert verdict.accepted
    assert verdict.text.endswith("Natalia sold 48/5 clips.")
    assert verdict.notes == ("cut at scaffolding ('Now write the next reply of')",)


def test_a_turn_that_writes_another_speakers_lines_is_cut_before_them() -> None:
    verdict = check_turn(OTHER_SPEAKER, brief())
    assert verdict.text == "I'm not Student. I'm a student. Here's a new task for you:"
    assert verdict.notes == ("cut at another turn (teacher:)",)
    second = check_turn("Student: 48 + 24 = 72.\nStudent: and again 72.", brief())
    assert second.text == "48 + 24 = 72." and second.accepted  # its own label again: a 2nd turn


@pytest.mark.parametrize(
    "reply",
    [
        "As you said, the first step is to halve 48.",
        f"The question was: {QUESTION} I will halve 48 first, then add the two months.",
        "```python\ndef f(x):\n    if x:\n        return x\n    return x\n}\n}\n}\n```\nThat handles both cases.",
        "1. Halve 48.\n2. Add April and May.\n3. Check the sum.",
        "Teacher said to check the units: so 24 cm plus 48 cm.",
    ],
)
def test_clean_turns_pass(reply: str) -> None:
    assert check_turn(reply, brief(answers=None)).reason is None


def test_length_limit_policies() -> None:
    cut = "First 48 / 2 = 24. Then 48 + 24 = 72. So the answer is"
    assert check_turn(cut, brief(), finish_reason="length").reason == "cut off at the length limit"
    trimmed = check_turn(cut, brief(length_limit="trim"), finish_reason="length")
    assert trimmed.accepted and trimmed.text == "First 48 / 2 = 24. Then 48 + 24 = 72."
    assert (
        check_turn("and then we", brief(length_limit="trim"), finish_reason="length").reason
        == "empty turn"
    )
    assert check_turn(cut, brief(length_limit="keep"), finish_reason="length").text == cut
    # A reply cut at another speaker ended on its own: the length limit does not matter.
    assert check_turn("48 / 2 = 24.\nTeacher: good", brief(), finish_reason="length").accepted
    far = check_turn("Fine answer.", brief(max_tokens=100), completion_tokens=400)
    assert far.reason == "400 tokens, far over max_tokens 100"


def test_guiding_turns_must_not_give_the_answer_away() -> None:
    guard = ((REFERENCE, QUESTION),)
    assert check_turn("Add April and May: 48 + 24 = 72.", brief(must_not_reveal=guard)).reason == (
        "gives the answer away: works out the result (72)"
    )
    assert check_turn("So they sold 72 in all.", brief(must_not_reveal=guard)).reason == (
        "gives the answer away: states the result (72)"
    )
    assert check_turn(
        "May is 48 / 2 = 24; now you finish it.", brief(must_not_reveal=guard)
    ).reason == ("gives the answer away: computes every step but the last (24)")
    assert check_turn(
        "Half as many means divide April's clips by two.", brief(must_not_reveal=guard)
    ).accepted


def test_a_reasoning_models_thinking_is_taken_out_of_the_turn() -> None:
    reply = "<think>\nHalf of 48 is 24, total 72.\nTeacher: check it.\n</think>\n\n48 + 24 = 72."
    verdict = check_turn(reply, brief())
    assert verdict.accepted and verdict.text == "48 + 24 = 72."
    assert verdict.notes == ("reasoning block removed",)
    # the thinking is no part of the turn: a leak inside it is not judged, the turn is
    guard = ((REFERENCE, QUESTION),)
    hint = "<think>They sold 72 in all.</think>Half as many means divide April's clips by two."
    assert check_turn(hint, brief(must_not_reveal=guard)).accepted
    cut = check_turn("<think>\nLet me add 48 and", brief(), finish_reason="length")
    assert cut.reason is not None and cut.reason.startswith("cut off inside its reasoning block")
    assert check_turn("<think>72</think>\n", brief()).reason == "only a reasoning block, no turn"


def test_a_runaway_reply_is_cut_at_its_end_of_turn_token() -> None:
    reply = "48 + 24 = 72.<|im_end|>\n<|im_start|>user\nTeacher: Well done, now try 7 * 8."
    verdict = check_turn(reply, brief(), finish_reason="length")
    assert verdict.accepted and verdict.text == "48 + 24 = 72."
    assert verdict.notes == ("cut at a chat-template token (<|im_end|>)",)
    assert check_turn("<|eot_id|>", brief()).reason == "only a chat-template token (<|eot_id|>)"


def test_a_turn_that_answers_for_its_partner_is_rejected() -> None:
    reply = "36 - 9 = 27. Student A, do you agree?\n\nYes, you're right, Student B. 27."
    verdict = check_turn(reply, brief(own_labels=("Student B",)))
    assert verdict.reason == "answers for another speaker ('right, Student B')"
    assert check_turn(
        "Student A, you added: 36 - 9 = 27.", brief(own_labels=("Student B",))
    ).accepted


def test_a_copy_of_an_earlier_turn_is_rejected() -> None:
    earlier = "Natalia sold clips to 48 of her friends in April, and she sold half as many clips in May. She sold a total of 20 / (3 x 5) = 16/7 clips."
    assert copies(earlier, [QUESTION, earlier])
    assert check_turn(earlier, brief(earlier_turns=(earlier,))).reason == "copies an earlier turn"
    assert not copies("I disagree: half of 48 is 24, so 48 + 24 = 72.", [earlier])


def test_solving_turns_must_answer() -> None:
    assert gives_no_answer("I'm glad I could help!", "math")
    assert not gives_no_answer("So it is 72.", "math")
    assert gives_no_answer("Use a list comprehension.", "code")
    assert not gives_no_answer("```python\nflat = [x for s in nested for x in s]\n```", "code")
    assert not gives_no_answer("Canberra, as a compromise.", "general")


def test_last_full_sentence() -> None:
    assert last_full_sentence("One. Two! Three") == "One. Two!"
    assert last_full_sentence("no end") == ""
    assert last_full_sentence('He said "go." And') == 'He said "go."'
    assert (
        last_full_sentence("Here:\n```python\nx = 1\n```\nThen we")
        == "Here:\n```python\nx = 1\n```"
    )
    assert last_full_sentence("Code. ```python\nx = 1.") == "Code."


def test_stop_sequences_name_other_speakers_first_and_fit_the_api() -> None:
    stops = stop_sequences("Student A", ["Student B", "Student C", "Teacher"])
    assert stops == ["\nStudent B:", "\nStudent C:", "\nTeacher:", "\nStudent A:"]
    assert stop_sequences("Teacher", ["Student"], ["<|end|>"]) == [
        "<|end|>", "\nStudent:", "\nTeacher:", "\nThe conversation so far",
    ]  # fmt: skip


def run(rows: list[dict[str, Any]], settings: GenerationSettings) -> list[dict[str, Any]]:
    transform = MasterTransform(settings, generate=Gateway().complete)
    return [asyncio.run(transform.engine.run_row(row)) for row in rows]


def test_a_rejected_turn_is_asked_again_and_recorded(
    scripted, scripted_roles, seed_rows, cache_dir
):
    from boost_qa.llm.cache import RequestCache

    scripted.script("dull_student", [ECHO_LOOP, REPEATS, "I add them: 2 + 3 = 6. Final answer: 6"])
    settings = GenerationSettings(roles=scripted_roles, scenarios={"error_correction": 1})
    cache = RequestCache(cache_dir)
    transform = MasterTransform(settings, generate=Gateway(cache=cache).complete)
    [row] = [asyncio.run(transform.engine.run_row(seed_rows[0]))]
    assert row["failure"] is None
    assert row["dialogue"][1]["content"] == "I add them: 2 + 3 = 6. Final answer: 6"
    [dull] = [a for a in row["attempts"] if a["speaker"] == "dull_student"]
    assert dull["attempts"] == 3 and dull["accepted"] is True
    assert [r.split(" (")[0].split(":")[0] for r in dull["rejected"]] == [
        "echoes the prompt",
        "degenerate",
    ]
    # Each attempt is its own request (a new seed): a rebuild replays all three from the cache.
    seeds = [r.params["seed"] for r in scripted.requests_for("dull_student")]
    assert len(set(seeds)) == 3
    calls = len(scripted.log)
    again = MasterTransform(settings, generate=Gateway(cache=cache).complete)
    [replayed] = [asyncio.run(again.engine.run_row(seed_rows[0]))]
    assert len(scripted.log) == calls  # no model call
    assert replayed["dialogue"] == row["dialogue"] and replayed["attempts"] == row["attempts"]
    cache.close()


@pytest.mark.parametrize(("policy", "failed"), [("fail", True), ("keep", False)])
def test_when_every_attempt_fails_the_recipe_decides(
    scripted, scripted_roles, seed_rows, policy, failed
):
    scripted.script("dull_student", [ECHO_LOOP, "Teacher: hi, I am the teacher now.", REPEATS])
    settings = GenerationSettings(
        roles=scripted_roles, scenarios={"error_correction": 1}, turn_attempts=3, bad_turns=policy
    )
    [row] = run(seed_rows[:1], settings)
    assert (row["failure"] is not None) == failed
    if failed:
        assert row["failure"]["speaker"] == "dull_student"
        assert row["failure"]["reason"].startswith("every attempt was rejected: echoes the prompt")
    else:
        [dull] = [a for a in row["attempts"] if a["speaker"] == "dull_student"]
        assert dull["accepted"] is False and len(dull["rejected"]) == 3

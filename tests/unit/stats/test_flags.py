"""Each quality flag on real failing turns and on clean turns that must pass.

The real turns are excerpts of what the embedded SmolLM2 model wrote before the turn guards
(old release format: ``messages`` + ``speakers``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import datasets
import pytest

from boost_qa.pipeline.quality import (
    FLAG_COLUMNS,
    FLAG_FEATURES,
    QualityPolicy,
    apply_quality,
    drop_reasons,
)
from boost_qa.release.statistics import row_flags as folder_flags
from boost_qa.stats.card import stats_markdown
from boost_qa.stats.headline import HEADLINE
from boost_qa.stats.quality import (
    FLAG_NAMES,
    carries_other_turns,
    control_tokens,
    degenerate,
    flag_rates,
    guards_passed,
    guidance,
    prompt_echo,
    quality_flags,
    row_flags,
    scaffolding,
    seed_answers,
    success_at,
    telling,
    thinks_aloud,
    well_formed,
)
from tests.helpers.labelled import (
    ATTEMPTS_FAILED,
    ATTEMPTS_OK,
    CLIPS,
    CLIPS_REF,
    MUFFINS,
    PAGES,
    PAGES_REF,
    analogy,
    debate,
    ec,
    labels,
)
from tests.helpers.stats_release import write_release

EC_SPEAKERS = ["teacher", "dull_student", "teacher", "smart_student"]
LOOP = "The conversation so far:\n\n" * 22 + "The conversation so far:"
NEXT_REPLY = (
    "Natalia sold 48/5 clips.\n\nThis is the final answer.\n\nNow write the next reply of "
    "Student B: your solution. Reply with that one turn only."
)
TEACHER_LINE = (
    "I'm not Student. I'm a student. Here's a new task for you:\n\nTeacher: You have a task. "
    "Tell me what it is."
)
STUDENT_LINES = "Student: \n" * 38 + "Student:"
CLEAN = ec(
    CLIPS,
    CLIPS_REF,
    "May is half of April: 48 / 2 = 24 clips. Altogether 48 - 24 = 24 clips.\nFinal answer: 24",
    "As you said, the first step is to halve 48. 'Altogether' asks you to combine the months.",
    "Combining means adding: 48 + 24 = 72 clips.\nFinal answer: 72",
    **labels(sa=2),
)


def turns(*texts: str) -> list[dict[str, str]]:
    roles = ["user", "assistant", "user", "assistant"]
    return [{"role": roles[i % 4], "content": t} for i, t in enumerate(texts)]


def with_smart(text: str) -> dict[str, Any]:
    row = {k: v for k, v in CLEAN.items() if k != "labels"}
    row["messages"] = [*CLEAN["messages"][:3], {"role": "assistant", "content": text}]
    return row


# --- well_formed: the script, other speakers' lines, echo, loops, attempts -----------------


@pytest.mark.parametrize("text", [TEACHER_LINE, STUDENT_LINES, "Assistant: 72.\nUser: Thanks!"])
def test_other_speakers_lines_are_not_well_formed(text: str) -> None:
    row = with_smart(text)
    assert carries_other_turns(row["messages"], row["speakers"])
    assert not well_formed(row["messages"], row["speakers"], "error_correction")


@pytest.mark.parametrize(
    "text",
    ["<think>\nHalf of 48 is 24.\n</think>\n\n48 + 24 = 72.", "Hmm.\n</think>\n48 + 24 = 72."],
)
def test_a_turn_that_carries_a_models_thinking_is_not_well_formed(text: str) -> None:
    row = with_smart(text)
    assert thinks_aloud(row["messages"], row["speakers"])
    assert not well_formed(row["messages"], row["speakers"], "error_correction")
    assert not thinks_aloud(with_smart("48 + 24 = 72.")["messages"], row["speakers"])


@pytest.mark.parametrize(
    "text", ["48 + 24 = 72.<|im_end|>\n<|im_start|>user\nGood!", "72 clips.<end_of_turn>"]
)
def test_a_turn_that_carries_a_control_token_is_not_well_formed(text: str) -> None:
    row = with_smart(text)
    assert control_tokens(row["messages"], row["speakers"])
    assert not well_formed(row["messages"], row["speakers"], "error_correction")
    code = with_smart("```python\neos = '<|im_end|>'\n```\nSo the answer is 72.")
    assert not control_tokens(code["messages"], code["speakers"])


@pytest.mark.parametrize(
    "text",
    [
        "Student: Combining means adding: 48 + 24 = 72 clips.",  # one leading own label
        "**Smart Student:** 48 + 24 = 72.",
        "1. May: 48 / 2 = 24.\n2. Total: 48 + 24 = 72.\nFinal answer: 72",
        "```yaml\nuser: root\nassistant: none\n```\nThe answer is 72.",
    ],
)
def test_clean_turns_are_well_formed(text: str) -> None:
    row = with_smart(text)
    assert not carries_other_turns(row["messages"], row["speakers"])
    assert well_formed(row["messages"], row["speakers"], "error_correction")


def test_echo_and_loops_make_a_row_malformed() -> None:
    for text in (LOOP, NEXT_REPLY):
        row = with_smart(text)
        assert not well_formed(row["messages"], row["speakers"], "error_correction")


def test_attempts() -> None:
    assert guards_passed(None) is None
    assert guards_passed([]) is True
    assert guards_passed(ATTEMPTS_OK) is True
    assert guards_passed(ATTEMPTS_FAILED) is False
    row = with_smart("Combining means adding: 48 + 24 = 72 clips.")
    args = (row["messages"], row["speakers"], "error_correction")
    assert well_formed(*args) and well_formed(*args, attempts=ATTEMPTS_OK)
    assert not well_formed(*args, attempts=ATTEMPTS_FAILED)
    assert row_flags({**row, "attempts": None})["well_formed"] is True
    assert row_flags({**row, "attempts": json.dumps(ATTEMPTS_FAILED)})["well_formed"] is False


# --- degenerate and prompt_echo -------------------------------------------------------------


def test_degenerate_covers_teacher_turns_but_not_the_question() -> None:
    messages = turns(LOOP, "48 + 24 = 72.")
    assert degenerate(messages, ["teacher", "dull_student"])
    poem = "Row, row, row your boat\n" * 3 + "How many times is the line sung?"
    asked = turns(f"Here is a problem for you.\n\n{poem}", "Three times.")
    assert degenerate(asked, ["teacher", "dull_student"])  # without the seed text
    assert not degenerate(asked, ["teacher", "dull_student"], [poem])
    system = [{"role": "system", "content": LOOP}, *turns("Hi", "72.")]
    assert not degenerate(system, ["system", "teacher", "dull_student"])


def test_prompt_echo() -> None:
    speakers = ["teacher", "student_a", "student_b", "student_c"]
    assert prompt_echo(turns("Pose.", "48 / 2 = 24.", NEXT_REPLY, "72."), speakers)
    clean = turns(
        f"Let's work on this problem together.\n\n{CLIPS}",
        f"{CLIPS} May is 48 / 2 = 24, so 48 + 24 = 72.",  # quotes the question
        "As you said, May is 24. Student A's total of 72 is right.",
        "Both are right: 72 clips.",
    )
    assert not prompt_echo(clean, speakers)
    # the sentence the teacher's prompt asks for is no echo
    asked_for = "The result is right but the reasoning is incomplete: why is May half of April?"
    assert not prompt_echo(turns("Pose.", "72.", asked_for), ["teacher", "dull_student", "teacher"])
    rules = scaffolding()
    copied = " ".join(max(rules.splitlines(), key=len).split()[:14])  # whatever the wording
    assert prompt_echo(turns("Pose.", copied), speakers[:2])
    assert not prompt_echo(turns("Pose.", copied), speakers[:2], instructions="nothing alike")


# --- answer leaks, telling and success@k ---------------------------------------------------


def test_guidance_of_an_analogy() -> None:
    case = analogy(
        CLIPS,
        CLIPS_REF,
        "Think about what 'half as many' means.",
        "48 / 2 = 24 and 48 + 24 = 72.",
        "Well done.",
        MUFFINS,
        "36 / 3 = 12 and 36 + 12 = 48.",
        **labels(sa=1),
    )
    parts = guidance(
        case["messages"],
        case["speakers"],
        "analogy",
        CLIPS_REF,
        CLIPS,
        analog_question=MUFFINS[0],
        analog_answer=MUFFINS[1],
    )
    assert [p.text.strip() for p in parts] == [
        "Think about what 'half as many' means.",
        "Well done.",
        "Well done.",
        "Here is a similar problem for you to try:",
    ]
    assert [p.reference for p in parts] == [CLIPS_REF, CLIPS_REF, MUFFINS[1], MUFFINS[1]]
    assert parts[1].worked == ("48 / 2 = 24 and 48 + 24 = 72.",) and parts[3].worked == ()


def test_telling_needs_an_answer_the_students_have_not_found() -> None:
    wrong, right = "48 + 48 = 96.\nFinal answer: 96", "48 + 24 = 72.\nFinal answer: 72"
    told = "Add April and May: 48 + 24 = 72."
    for dull, expected in ((wrong, True), (right, False)):
        case = ec(CLIPS, CLIPS_REF, dull, told, right, **labels(sa=1))
        args = (case["messages"], case["speakers"], "error_correction", CLIPS_REF, CLIPS)
        assert telling(*args) is expected
    assert telling(*args[:3], "The capital of France is Paris.", "Capital?") is None
    talk = debate(PAGES, PAGES_REF, [("student_a", "84"), ("student_c", "84")], **labels(sa=1))
    assert telling(talk["messages"], talk["speakers"], "debate", PAGES_REF, PAGES) is False


def test_success_at_counts_the_seed_answers_in_order() -> None:
    rounds = [
        ("student_a", "12 + 7 = 19."),
        ("student_b", "I get 12 - 7 = 5."),
        ("student_a", "Student A: no, 12 * 7 = 84.\nStudent B: I agree, 84."),
        ("student_b", "Yes, 84."),
        ("student_c", "84 pages."),
    ]
    case = debate(PAGES, PAGES_REF, rounds, **labels(sa=3))
    args = (case["messages"], case["speakers"], "debate")
    assert seed_answers(*args)[2] == "no, 12 * 7 = 84."  # its own words only
    assert success_at(*args, PAGES_REF) == 3
    assert success_at(*args, "#### 1000") is None
    assert success_at(*args, "The capital of France is Paris.") is None
    solved = analogy(PAGES, PAGES_REF, "Hint.", "19.", "Ok.", MUFFINS, "48.", **labels(sa=None))
    # only the first diligent turn answers the seed: the second answers the analogue
    assert success_at(solved["messages"], solved["speakers"], "analogy", "#### 48") is None


# --- rates, columns, drop reasons, reports -------------------------------------------------


def test_flag_rates() -> None:
    flags = [
        {"well_formed": True, "telling": True, "success_at": 1, "final_correct": True},
        {"well_formed": False, "telling": False, "success_at": 2, "final_correct": None},
        {"well_formed": True, "telling": False, "success_at": None, "final_correct": False},
        {"well_formed": True, "telling": None, "success_at": None, "final_correct": None},
    ]
    summary = flag_rates(flags)
    assert summary["rows"] == 4
    assert summary["counts"]["telling"] == {"true": 1, "false": 2, "unknown": 1}
    assert summary["rates"]["telling"] == round(1 / 3, 4)
    assert summary["counts"]["success_at"] == {"rows": 3, "1": 1, "2": 2, "3": 2}
    assert summary["rates"]["success_at"] == {"1": 0.3333, "2": 0.6667, "3": 0.6667}
    assert summary["rates"]["final_correct"] == {"true": 0.25, "false": 0.25, "unknown": 0.5}
    assert summary["counts"]["degenerate"] == 0
    assert flag_rates([])["rates"]["telling"] is None


def test_quality_flags_are_in_column_order() -> None:
    row = {k: v for k, v in CLEAN.items() if k != "labels"}
    (flags,) = quality_flags([row])
    assert tuple(flags) == FLAG_NAMES == FLAG_COLUMNS
    assert flags["success_at"] == 2 and flags["telling"] is False


def test_drop_reasons() -> None:
    flags = {"well_formed": False, "degenerate": True, "prompt_echo": True, "telling": True}
    assert drop_reasons({**flags, "final_correct": True}) == [
        "malformed",
        "degenerate",
        "prompt_echo",
        "telling",
    ]
    assert QualityPolicy(drop=["degenerate", "prompt_echo", "telling"]).drop


def test_apply_quality_stores_typed_columns() -> None:
    rows = [{k: v for k, v in CLEAN.items() if k != "labels"}]
    looping = with_smart(LOOP)
    flagged, dropped = apply_quality(
        datasets.Dataset.from_list([*rows, looping]), QualityPolicy(drop=["degenerate"])
    )
    assert dropped == {"degenerate": 1} and len(flagged) == 1
    assert flagged.features["success_at"] == FLAG_FEATURES["success_at"]
    assert flagged.features["success_at"].dtype == "int32"
    assert flagged[0]["success_at"] == 2 and flagged[0]["degenerate"] is False


def test_a_release_with_dialogue_and_attempts_columns(tmp_path: Path) -> None:
    row = {k: v for k, v in CLEAN.items() if k not in ("labels", "messages", "speakers")}
    row["dialogue"] = [
        {"speaker": s, **m} for s, m in zip(EC_SPEAKERS, CLEAN["messages"], strict=True)
    ]
    rows = [{**row, "id": "ok", "attempts": ATTEMPTS_OK}]
    rows.append({**row, "id": "kept-bad", "attempts": ATTEMPTS_FAILED})
    folder = write_release(tmp_path / "r", {"math": rows}, "t")
    flags = {f["id"]: f for f in folder_flags(folder)}
    assert flags["ok"]["well_formed"] is True and flags["kept-bad"]["well_formed"] is False
    assert flags["ok"]["success_at"] == 2


def test_card_and_table_rows_read_older_reports() -> None:
    labels_ = [label for label, _ in HEADLINE]
    for label in ("degenerate", "prompt_echo", "Telling", "Success@1", "Success@2", "Success@3"):
        assert label in labels_
    group = {
        "rows": 1,
        "diversity": {
            "distinct_1": 0.5,
            "distinct_2": 0.5,
            "distinct_3": 0.5,
            "self_bleu": 0.1,
            "compression_ratio": 2.0,
            "embedding_diversity": None,
        },
        "shape": {"turns_per_dialogue": {"mean": 4.0}},
        "quality": {"rates": {"well_formed": 1.0, "final_correct": {"true": 1.0}}},
    }
    markdown = stats_markdown({"configs": {"old": {**group, "scenarios": {}}}})["old"]
    assert "| Telling | - |" in markdown and "| Success@1 | - |" in markdown
    assert "| well_formed | 1.000 |" in markdown

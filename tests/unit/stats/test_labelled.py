"""Precision and recall of each quality check on the hand-labelled dialogues."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from boost_qa.stats.quality import (
    answer_leak,
    degenerate,
    final_correct,
    prompt_echo,
    role_confusion,
    row_flags,
    success_at,
    telling,
    well_formed,
)
from tests.helpers.labelled import CASES

Check = Callable[[dict[str, Any]], Any]


def _analog(r: dict[str, Any]) -> dict[str, Any]:
    return {"analog_question": r["analog_question"], "analog_answer": r["analog_answer"]}


def _seeds(r: dict[str, Any]) -> tuple[str | None, str | None]:
    return (r["question"], r["analog_question"])


CHECKS: dict[str, Check] = {
    "well_formed": lambda r: well_formed(
        r["messages"], r["speakers"], r["scenario"], attempts=r.get("attempts"), seeds=_seeds(r)
    ),
    "role_confusion": lambda r: role_confusion(r["messages"], r["speakers"]),
    "answer_leak": lambda r: answer_leak(
        r["messages"],
        r["speakers"],
        r["scenario"],
        r["reference_answer"],
        r["question"],
        **_analog(r),
    ),
    "final_correct": lambda r: final_correct(
        r["messages"], r["scenario"], r["reference_answer"], r["analog_answer"]
    ),
    "degenerate": lambda r: degenerate(r["messages"], r["speakers"], _seeds(r)),
    "prompt_echo": lambda r: prompt_echo(r["messages"], r["speakers"]),
    "telling": lambda r: telling(
        r["messages"],
        r["speakers"],
        r["scenario"],
        r["reference_answer"],
        r["question"],
        **_analog(r),
    ),
    "success_at": lambda r: success_at(
        r["messages"], r["speakers"], r["scenario"], r["reference_answer"]
    ),
}
# The class each check exists to find; final_correct, telling and success_at are scored for
# each of their values.
POSITIVE: dict[str, list[object]] = {
    "well_formed": [False],
    "role_confusion": [True],
    "answer_leak": [True],
    "final_correct": [True, False, None],
    "degenerate": [True],
    "prompt_echo": [True],
    "telling": [True, False, None],
    "success_at": [1, 2, None],
}


def precision_recall(check: str, positive: object) -> tuple[float, float, list[int]]:
    tp = fp = fn = 0
    wrong = []
    for index, case in enumerate(CASES):
        expected = case["labels"][check]
        got = CHECKS[check](case)
        if got != expected:
            wrong.append(index)
        tp += got == positive and expected == positive
        fp += got == positive and expected != positive
        fn += got != positive and expected == positive
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, wrong


def test_the_set_is_big_and_covers_every_class():
    assert len(CASES) >= 80
    for check, classes in POSITIVE.items():
        for value in classes:
            assert sum(c["labels"][check] == value for c in CASES) >= 2, (check, value)
    assert set(CHECKS) == set(POSITIVE) == set(CASES[0]["labels"])


@pytest.mark.parametrize(
    ("check", "positive"),
    [(check, value) for check, values in POSITIVE.items() for value in values],
)
def test_precision_and_recall(check: str, positive: object):
    precision, recall, wrong = precision_recall(check, positive)
    print(f"{check}={positive}: precision {precision:.2f} recall {recall:.2f} wrong {wrong}")
    assert precision >= 0.9 and recall >= 0.9, (precision, recall, wrong)


def test_row_flags_agree_with_the_checks():
    """``row_flags`` (what builds and ``boost-qa stats`` store) computes the same values."""
    for case in CASES:
        row = {key: value for key, value in case.items() if key != "labels"}
        flags = row_flags(row)
        assert {name: flags[name] for name in CHECKS} == {
            name: check(case) for name, check in CHECKS.items()
        }

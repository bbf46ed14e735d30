"""Precision and recall of each quality check on the hand-labelled dialogues."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from boost_qa.stats.quality import answer_leak, final_correct, role_confusion, well_formed
from tests.stats.labelled import CASES

Check = Callable[[dict[str, Any]], Any]
CHECKS: dict[str, Check] = {
    "well_formed": lambda r: well_formed(r["messages"], r["speakers"], r["scenario"]),
    "role_confusion": lambda r: role_confusion(r["messages"], r["speakers"]),
    "answer_leak": lambda r: answer_leak(
        r["messages"], r["speakers"], r["scenario"], r["reference_answer"], r["question"]
    ),
    "final_correct": lambda r: final_correct(
        r["messages"], r["scenario"], r["reference_answer"], r["analog_answer"]
    ),
}
# The class each check exists to find; final_correct is scored for each of its three values.
POSITIVE = {"well_formed": [False], "role_confusion": [True], "answer_leak": [True]}
POSITIVE["final_correct"] = [True, False, None]


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
    assert len(CASES) >= 40
    for check, classes in POSITIVE.items():
        for value in classes:
            assert sum(c["labels"][check] == value for c in CASES) >= 2, (check, value)


@pytest.mark.parametrize(
    ("check", "positive"),
    [(check, value) for check, values in POSITIVE.items() for value in values],
)
def test_precision_and_recall(check: str, positive: object):
    precision, recall, wrong = precision_recall(check, positive)
    print(f"{check}={positive}: precision {precision:.2f} recall {recall:.2f} wrong {wrong}")
    assert precision >= 0.9 and recall >= 0.9, (precision, recall, wrong)

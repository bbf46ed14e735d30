"""Every label of the harder hand-labelled dialogues, scored one by one.

The checks agree on 317 of the 319 labels. The 2 they still get wrong are listed in
``KNOWN_MISSES`` with the rule that misfires, and marked as expected failures (strict: a fix
that makes one pass shows up, and the entry goes).
"""

from __future__ import annotations

import pytest

from tests.helpers.labelled_hard import CASES
from tests.unit.stats.test_labelled import CHECKS

_GERMAN_NUMBERS = "text/numbers.py reads number words in English only"
KNOWN_MISSES: dict[tuple[str, str], str] = {
    ("ec_german_leak_in_words", "answer_leak"): _GERMAN_NUMBERS,
    ("ec_german_leak_in_words", "telling"): _GERMAN_NUMBERS,
}


def _scored() -> list[object]:
    params: list[object] = []
    for case in CASES:
        for check in case["labels"]:
            reason = KNOWN_MISSES.get((case["name"], check))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            params.append(pytest.param(case, check, id=f"{case['name']}-{check}", marks=marks))
    return params


def test_the_set_covers_every_check_and_known_misses_exist():
    assert len(CASES) >= 40
    names = {case["name"] for case in CASES}
    assert {name for name, _ in KNOWN_MISSES} <= names
    assert {check for case in CASES for check in case["labels"]} == set(CHECKS)


@pytest.mark.parametrize(("case", "check"), _scored())
def test_label(case: dict[str, object], check: str) -> None:
    labels = case["labels"]
    assert isinstance(labels, dict)
    assert CHECKS[check](case) == labels[check]

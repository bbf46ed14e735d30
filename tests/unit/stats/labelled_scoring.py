"""Label-by-label scoring shared by the harder labelled sets (hard, forms, strong).

Each set's test names its ``CASES`` and ``KNOWN_MISSES`` (case, check) -> the rule that
misfires; a known miss is a strict expected failure, so a fix that makes it pass shows up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pytest

from tests.unit.stats.test_labelled import CHECKS


def scored(
    cases: Sequence[dict[str, Any]], known_misses: Mapping[tuple[str, str], str]
) -> list[Any]:
    """One pytest parameter per (case, label), the known misses marked as strict xfails."""
    params: list[Any] = []
    for case in cases:
        for check in case["labels"]:
            reason = known_misses.get((case["name"], check))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            params.append(pytest.param(case, check, id=f"{case['name']}-{check}", marks=marks))
    return params


def assert_the_set_covers_every_check(
    cases: Sequence[dict[str, Any]], known_misses: Mapping[tuple[str, str], str]
) -> None:
    """At least 40 uniquely named cases, every check labelled, every known miss a real case."""
    assert len(cases) >= 40
    names = {case["name"] for case in cases}
    assert len(names) == len(cases)
    assert {name for name, _ in known_misses} <= names
    assert {check for case in cases for check in case["labels"]} == set(CHECKS)


def assert_label(case: dict[str, Any], check: str) -> None:
    """The check's verdict on the case is its hand label."""
    labels = case["labels"]
    assert isinstance(labels, dict)
    assert CHECKS[check](case) == labels[check]

"""Label-by-label scoring shared by the harder labelled sets (hard, forms, strong, general, small).

Each set's test module names its ``CASES`` and ``KNOWN_MISSES`` (case, check) -> the rule that
misfires, and takes its two tests from ``set_tests``. One test per case checks every label: the checks must agree with each label except
the known misses, and must disagree with those (strict: a fix that makes one pass shows up,
and its entry goes).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pytest

from tests.unit.stats.test_labelled import CHECKS


def scored(cases: Sequence[dict[str, Any]]) -> list[Any]:
    """One pytest parameter per case, named after it."""
    return [pytest.param(case, id=case["name"]) for case in cases]


def assert_case(case: dict[str, Any], known_misses: Mapping[tuple[str, str], str]) -> None:
    """Every check agrees with the case's labels, except exactly its known misses."""
    labels = case["labels"]
    assert isinstance(labels, dict)
    wrong = {
        check: (labels[check], got)
        for check in labels
        if (got := CHECKS[check](case)) != labels[check]
    }
    expected = {check for name, check in known_misses if name == case["name"]}
    fixed = sorted(expected - set(wrong))
    assert not fixed, f"known misses now agree, remove them from KNOWN_MISSES: {fixed}"
    unexpected = {check: v for check, v in wrong.items() if check not in expected}
    assert not unexpected, f"(label, check's verdict) that disagree: {unexpected}"


def assert_the_set_covers_every_check(
    cases: Sequence[dict[str, Any]], known_misses: Mapping[tuple[str, str], str]
) -> None:
    """At least 40 uniquely named cases, every check labelled, every known miss a real case."""
    assert len(cases) >= 40
    names = {case["name"] for case in cases}
    assert len(names) == len(cases)
    assert {name for name, _ in known_misses} <= names
    assert {check for case in cases for check in case["labels"]} == set(CHECKS)


def set_tests(
    cases: Sequence[dict[str, Any]], known_misses: Mapping[tuple[str, str], str]
) -> tuple[Callable[[], None], Callable[[dict[str, Any]], None]]:
    """A set's two tests: it covers every check with real known misses, and each case scores."""

    def test_the_set_covers_every_check_and_known_misses_exist() -> None:
        assert_the_set_covers_every_check(cases, known_misses)

    @pytest.mark.parametrize("case", scored(cases))
    def test_labels(case: dict[str, Any]) -> None:
        assert_case(case, known_misses)

    return test_the_set_covers_every_check_and_known_misses_exist, test_labels

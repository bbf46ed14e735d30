"""Every label of the strong-model set (long, markdown-rich, mostly clean turns), scored one by
one: on good text a false flag is the costly error, because the turn guards share the checks
and ask a flagged turn again.

The set was labelled before the checks were run on it; they agreed on 318 of its 327 labels,
with 4 false flags on clean turns, and now agree on 322 with 2. The 5 they still get wrong are
listed in ``KNOWN_MISSES`` with the rule that misfires, as strict expected failures.
"""

from __future__ import annotations

import pytest

from tests.helpers.labelled_strong import CASES
from tests.unit.stats.test_labelled import CHECKS

_BOLD_SUMMARY = "a '**Student A:** added ...' summary line opens a turn like role play does"
_CODE_BY_NAMES = "code answers with the right names and no arithmetic are not compared further"
KNOWN_MISSES: dict[tuple[str, str], str] = {
    ("debate_bold_colon_third_person_summary", "well_formed"): _BOLD_SUMMARY,
    ("debate_bold_colon_third_person_summary", "role_confusion"): _BOLD_SUMMARY,
    ("ec_code_docstring_asserts", "success_at"): _CODE_BY_NAMES,
    ("ec_fault_inline_return_line", "telling"): _CODE_BY_NAMES,
    ("ec_fault_inline_return_line", "success_at"): _CODE_BY_NAMES,
}


def _scored() -> list[object]:
    params: list[object] = []
    for case in CASES:
        for check in case["labels"]:
            reason = KNOWN_MISSES.get((case["name"], check))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            params.append(pytest.param(case, check, id=f"{case['name']}-{check}", marks=marks))
    return params


def test_the_set_covers_every_check_and_known_misses_exist() -> None:
    assert len(CASES) >= 40
    names = {case["name"] for case in CASES}
    assert len(names) == len(CASES)
    assert {name for name, _ in KNOWN_MISSES} <= names
    assert {check for case in CASES for check in case["labels"]} == set(CHECKS)


@pytest.mark.parametrize(("case", "check"), _scored())
def test_label(case: dict[str, object], check: str) -> None:
    labels = case["labels"]
    assert isinstance(labels, dict)
    assert CHECKS[check](case) == labels[check]

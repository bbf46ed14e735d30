"""Every label of the harder hand-labelled dialogues, scored one by one.

The checks agree on 317 of the 319 labels. The 2 they still get wrong are listed in
``KNOWN_MISSES`` with the rule that misfires, and marked as expected failures (strict: a fix
that makes one pass shows up, and the entry goes).
"""

from __future__ import annotations

import pytest

from tests.helpers.labelled_hard import CASES
from tests.unit.stats.labelled_scoring import (
    assert_label,
    assert_the_set_covers_every_check,
    scored,
)

_GERMAN_NUMBERS = "text/numbers.py reads number words in English only"
KNOWN_MISSES: dict[tuple[str, str], str] = {
    ("ec_german_leak_in_words", "answer_leak"): _GERMAN_NUMBERS,
    ("ec_german_leak_in_words", "telling"): _GERMAN_NUMBERS,
}


def test_the_set_covers_every_check_and_known_misses_exist() -> None:
    assert_the_set_covers_every_check(CASES, KNOWN_MISSES)


@pytest.mark.parametrize(("case", "check"), scored(CASES, KNOWN_MISSES))
def test_label(case: dict[str, object], check: str) -> None:
    assert_label(case, check)

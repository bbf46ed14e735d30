"""Every label of the strong-model set (long, markdown-rich, mostly clean turns), scored case by
case: on good text a false flag is the costly error, because the turn guards share the checks
and ask a flagged turn again.

The set was labelled before the checks were run on it; they agreed on 318 of its 327 labels,
with 4 false flags on clean turns, and now agree on 324 with none. The 3 they still get wrong
are listed in ``KNOWN_MISSES`` with the rule that misfires, and must still disagree: a fix that
makes one agree fails its case until the entry goes.
"""

from __future__ import annotations

from tests.helpers.labelled_strong import CASES
from tests.unit.stats.labelled_scoring import set_tests

_CODE_BY_NAMES = "code answers with the right names and no arithmetic are not compared further"
KNOWN_MISSES: dict[tuple[str, str], str] = {
    ("ec_code_docstring_asserts", "success_at"): _CODE_BY_NAMES,
    ("ec_fault_inline_return_line", "telling"): _CODE_BY_NAMES,
    ("ec_fault_inline_return_line", "success_at"): _CODE_BY_NAMES,
}


test_the_set_covers_every_check_and_known_misses_exist, test_labels = set_tests(CASES, KNOWN_MISSES)

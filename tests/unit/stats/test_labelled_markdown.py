"""Every label of the markdown set: what strong chat models write in markdown and LaTeX
(``tests/helpers/labelled_markdown.py``), scored case by case, label by label.

The set was labelled before the checks were run on it. They agreed on 371 of its 381 labels
(a bare answer-key letter read as open text, a hedged closing sentence, a result worked out in
a LaTeX display, an open-text answer named, a turn cut off inside a table row), and now agree
on 379, with no false flag on clean text. The 2 they still get wrong are listed in
``KNOWN_MISSES`` with the rule that misfires, and must still disagree: a fix that makes one
agree fails its case until the entry goes.
"""

from __future__ import annotations

from tests.helpers.labelled_markdown import CASES
from tests.unit.stats.labelled_scoring import set_tests

_CODE_LOGIC = "code is judged by its names and arithmetic: a wrong method or range is not seen"
KNOWN_MISSES: dict[tuple[str, str], str] = {
    ("ec_code_python_fenced_clean", "success_at"): _CODE_LOGIC,
    ("ec_code_javascript_answer_python_ref", "success_at"): _CODE_LOGIC,
}


test_the_set_covers_every_check_and_known_misses_exist, test_labels = set_tests(CASES, KNOWN_MISSES)

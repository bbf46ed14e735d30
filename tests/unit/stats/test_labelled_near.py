"""Every label of the near-miss set: faults that look clean and clean turns that look faulty
(``tests/helpers/labelled_near.py``), scored case by case, label by label.

The set was labelled before the checks were run on it. They agreed on 348 of its 377 labels
(labels without a colon, a check clause read as the answer, hedged closing sentences, the
solution written in a code comment, a LaTeX calculation, an open-text answer named, a result
given as a duration in other units, a persona recited in the first person, a partner's reply
written with no label, an unknown's value that the seed question happens to state, the
student's code lines rearranged into the fix in inline code, a comparison turned round with
its returns swapped), and now agree on 376, with no false flag on clean text: every clean
lookalike passes. The one they still get wrong is listed in ``KNOWN_MISSES`` with the rule that
misfires, and must still disagree: a fix that makes it agree fails its case until the entry
goes.
"""

from __future__ import annotations

from tests.helpers.labelled_near import CASES
from tests.unit.stats.labelled_scoring import set_tests

_CODE_LOGIC = "code is compared by its syntax: a loop is not seen to compute what a formula does"
KNOWN_MISSES: dict[tuple[str, str], str] = {
    ("debate_code_off_by_one", "success_at"): _CODE_LOGIC,
}


test_the_set_covers_every_check_and_known_misses_exist, test_labels = set_tests(CASES, KNOWN_MISSES)

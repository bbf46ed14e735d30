"""Every label of the third hand-labelled set (answers in more forms, other languages, other
code), scored case by case, label by label.

The set was labelled before the checks were run on it; they agreed on 281 of its 334 labels,
and now agree on 332. The 2 they still get wrong are listed in ``KNOWN_MISSES`` with the rule
that misfires, and must still disagree (a fix that makes one agree fails its case, and
the entry goes).
"""

from __future__ import annotations

from tests.helpers.labelled_forms import CASES
from tests.unit.stats.labelled_scoring import set_tests

_PARAPHRASE = "text/echo.py needs a scaffolding marker or 12 words of the prompts copied"
KNOWN_MISSES: dict[tuple[str, str], str] = {
    ("ec_echo_paraphrase_rules", "well_formed"): _PARAPHRASE,
    ("ec_echo_paraphrase_rules", "prompt_echo"): _PARAPHRASE,
}


test_the_set_covers_every_check_and_known_misses_exist, test_labels = set_tests(CASES, KNOWN_MISSES)

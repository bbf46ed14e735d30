"""Near duplicates: a copy with one word changed is flagged, unrelated dialogues are not."""

from __future__ import annotations

import pytest

from boost_qa.stats.dedup import jaccard, near_duplicates, shingles
from boost_qa.stats.quality import FLAG_NAMES, quality_flags
from tests.helpers.stats_release import rows_from_cases

BASE = (
    "Here is a problem for you. Work through it one step at a time, list your steps briefly, "
    "and finish with your final answer. A baker makes 9 trays of cookies with 3 cookies on "
    "each tray. How many cookies does he make? Step 1: there are 9 trays and every tray has "
    "3 cookies on it. Step 2: I add them and get 9 + 3 = 12 cookies in total. Your process is "
    "wrong because equal groups are counted by multiplication, so think again about the trays. "
    "I see my mistake now, 9 trays times 3 cookies is 27 cookies. Final answer: 27"
)


def test_shingles_and_jaccard() -> None:
    assert shingles("a b c") == frozenset({"a b c"})
    assert len(shingles("one two three four five six")) == 2
    assert jaccard(shingles(BASE), shingles(BASE)) == 1.0


@pytest.mark.parametrize("exact_limit", [200, 0], ids=["exact", "minhash-lsh"])
def test_copy_with_one_word_changed(exact_limit: int) -> None:
    copy = BASE.replace("baker", "cook")
    unrelated = [" ".join(f"word{i}x{j}" for j in range(60)) for i in range(5)]
    texts = [BASE, *unrelated, copy]
    assert jaccard(shingles(BASE), shingles(copy)) >= 0.8
    flags = near_duplicates(texts, exact_limit=exact_limit)
    # The first of the cluster is kept (not flagged); the copy is flagged; others are not.
    assert flags == [False, False, False, False, False, False, True]


def test_quality_flags_adds_near_duplicate() -> None:
    rows = rows_from_cases()[:5]
    rows.append(dict(rows[0]))
    flags = quality_flags(rows)
    assert [f["near_duplicate"] for f in flags] == [False] * 5 + [True]
    assert list(flags[0]) == list(FLAG_NAMES)

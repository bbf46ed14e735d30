"""Streamed statistics: the results do not depend on the batch size, and clusters, samples and
compression span batches."""

from __future__ import annotations

import random
import zlib
from dataclasses import replace
from typing import Any

import datasets
import numpy as np
import pytest

from boost_qa.stats import StatsSettings, analyse_config
from boost_qa.stats.dedup import NUM_PERM, NearDuplicateIndex, jaccard, near_duplicates, shingles
from boost_qa.stats.diversity import compression_ratio
from boost_qa.stats.flagtable import FlagTable
from boost_qa.stats.quality import FLAG_NAMES, quality_flags
from boost_qa.stats.report import flag_records, flag_table
from boost_qa.stats.shape import Summary
from boost_qa.stats.spool import SpooledTexts
from tests.helpers.stats_release import rows_from_cases

WORDS = [f"w{i}" for i in range(400)]


def random_text(rng: random.Random, words: int = 200) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def edited(text: str, every: int) -> str:
    """``text`` with every ``every``-th word replaced (a near copy for large ``every``)."""
    return " ".join("changed" if i % every == 0 else w for i, w in enumerate(text.split()))


def reference_flags(texts: list[str], threshold: float = 0.8) -> list[bool]:
    """The pre-streaming algorithm: datasketch MinHashLSH queried before each insert."""
    from datasketch import MinHash, MinHashLSH

    sets = [shingles(t) for t in texts]
    hashes = MinHash.bulk(([s.encode() for s in x] for x in sets), num_perm=NUM_PERM, seed=1)
    index = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, minhash in enumerate(hashes):
        if not sets[i]:
            continue
        for j in index.query(minhash):
            if jaccard(sets[i], sets[j]) >= threshold:
                a, b = find(i), find(j)
                parent[max(a, b)] = min(a, b)
        index.insert(i, minhash, check_duplication=False)
    return [find(i) != i for i in range(len(texts))]


def near_copy_texts(count: int = 300, seed: int = 4) -> list[str]:
    rng = random.Random(seed)
    texts = [random_text(rng) for _ in range(count)]
    for later, earlier in ((250, 3), (251, 3), (120, 7), (299, 120), (200, 10)):
        texts[later] = edited(texts[earlier], 100)
    texts[150] = ""
    texts[151] = ""
    return texts


def test_lsh_index_agrees_with_datasketch_lsh() -> None:
    texts = near_copy_texts()
    expected = reference_flags(texts)
    assert sum(expected) == 5
    assert near_duplicates(texts) == expected


@pytest.mark.parametrize("batch", [1, 7, 1000])
def test_clusters_span_batches(batch: int) -> None:
    texts = near_copy_texts()
    index = NearDuplicateIndex(texts)
    for start in range(0, len(texts), batch):
        index.add_batch(texts[start : start + batch])
    assert index.flags().tolist() == near_duplicates(texts)
    assert index.flags()[[250, 251, 120, 299, 200]].all()


def test_a_later_row_joins_two_earlier_clusters() -> None:
    base = random_text(random.Random(1), 200)
    words = base.split()
    left, right = " ".join(words[:120]), " ".join(words[80:])
    # The halves are not similar (Jaccard 0.18); the whole, a later row, is similar to each
    # (0.59): it joins them, so the second half is flagged only once the whole is in.
    texts = [left, right, base]
    flags = near_duplicates(texts, threshold=0.5)
    assert flags == [False, True, True]


def test_small_sets_compare_every_pair_across_batches() -> None:
    rng = random.Random(6)
    texts = [random_text(rng) for _ in range(40)]
    texts[39] = edited(texts[0], 100)
    index = NearDuplicateIndex(texts)
    for start in range(0, 40, 7):
        index.add_batch(texts[start : start + 7])
    assert index.flags().tolist() == [False] * 39 + [True]


def test_streamed_compression_equals_one_shot() -> None:
    rng = random.Random(2)
    texts = [random_text(rng, rng.randint(0, 50)) for _ in range(500)]
    joined = "\n".join(texts).encode()
    assert compression_ratio(iter(texts)) == round(len(zlib.compress(joined, 9)) / len(joined), 6)
    assert compression_ratio([]) is None and compression_ratio([""]) is None


def test_spooled_texts() -> None:
    first, second = SpooledTexts(), SpooledTexts()
    for text in ("a", "", "ünïcode\nline"):
        first.append(text)
    second.append("b")
    assert first[2] == "ünïcode\nline" and first[-1] == first[2]
    first.append("c")  # appending after a read
    merged = first.merge(second)
    assert list(merged) == ["a", "", "ünïcode\nline", "c", "b"]
    assert len(merged) == 5 and merged[4] == "b" and merged[1:3] == ["", "ünïcode\nline"]
    with pytest.raises(IndexError):
        merged[5]


def test_summary_histogram_matches_numpy() -> None:
    rng = random.Random(3)
    values = [rng.randint(0, 50) for _ in range(999)]
    summary = Summary()
    for value in values:
        summary.add(value)
    data = np.asarray(values, dtype=np.float64)
    out = summary.finalize()
    assert out["count"] == 999 and out["sum"] == float(sum(values))
    assert out["mean"] == round(float(data.mean()), 4)
    assert [out["p10"], out["median"], out["p90"]] == [
        round(float(v), 4) for v in np.percentile(data, [10, 50, 90])
    ]


def test_flag_table_round_trips() -> None:
    table = FlagTable(2)
    flags: dict[str, Any] = {name: True for name in FLAG_NAMES}
    flags.update(final_correct=None, success_at=3, telling=False)
    table.set(0, flags)
    table.set_column("near_duplicate", np.array([False, True]))
    assert table.row(0) == {**flags, "near_duplicate": False}
    assert table.row(1)["near_duplicate"] is True and table.row(1)["well_formed"] is None
    assert list(table.row(0)) == list(FLAG_NAMES)


SETTINGS = StatsSettings(sample_size=30, embed_sample=0, seed=5)


@pytest.fixture(scope="module")
def labelled() -> tuple[datasets.Dataset, dict[str, Any], list[dict[str, Any]]]:
    """The labelled cases repeated past the exact-comparison limit; their report and flags."""
    cases = rows_from_cases()
    rows = datasets.Dataset.from_list([dict(cases[i % len(cases)], id=f"r{i}") for i in range(210)])
    return rows, analyse_config(rows, SETTINGS).report, quality_flags(list(rows))


@pytest.mark.parametrize("batch", [1, 7, 1000])
def test_report_and_flags_do_not_depend_on_the_batch_size(
    labelled: tuple[datasets.Dataset, dict[str, Any], list[dict[str, Any]]], batch: int
) -> None:
    rows, report, expected = labelled
    streamed = analyse_config(rows, replace(SETTINGS, batch_size=batch))
    assert streamed.report == report
    assert report["diversity"]["self_bleu_sample"] == 30
    assert (
        report["quality"]["counts"]["near_duplicate"]
        == sum(f["near_duplicate"] for f in expected)
        > 100
    )
    records = list(flag_records("c", rows, streamed.flags))
    assert [{k: r[k] for k in FLAG_NAMES} for r in records] == expected
    assert records[0]["id"] == "r0"
    if batch == 7:
        assert flag_table(rows, SETTINGS).values.tolist() == streamed.flags.values.tolist()

"""Diversity and shape statistics on tiny inputs with hand-computed values."""

from __future__ import annotations

import math
import zlib

import numpy as np
import pytest

from boost_qa.stats.base import Mergeable
from boost_qa.stats.bleu import self_bleu
from boost_qa.stats.diversity import (
    NgramCounts,
    compression_ratio,
    distinct_n,
    embedding_diversity,
    mean_cosine_distance,
)
from boost_qa.stats.shape import ShapeStats, Summary


def test_distinct_n_by_hand() -> None:
    # unigrams a b a | a b c: 3 distinct of 6; bigrams ab ba | ab bc: 3 of 4; trigrams 2 of 2.
    out = distinct_n(["a b a", "A B C"])
    assert (out["distinct_1"], out["distinct_2"], out["distinct_3"]) == (0.5, 0.75, 1.0)
    assert out["ngrams"] == {"1": 6, "2": 4, "3": 2}
    assert distinct_n([])["distinct_1"] is None


def test_ngram_counts_merge_like_one_pass() -> None:
    one, two, both = NgramCounts(), NgramCounts(), NgramCounts()
    for counter, text in ((one, "a b c d"), (two, "c d e f a b")):
        counter.update(text)
        both.update(text)
    assert one.merge(two).finalize() == both.finalize()


def test_compression_ratio() -> None:
    texts = ["abc abc abc", "xyz"]
    raw = b"abc abc abc\nxyz"
    assert compression_ratio(texts) == round(len(zlib.compress(raw, 9)) / len(raw), 6)
    assert compression_ratio(["a" * 10_000]) < 0.01
    assert compression_ratio([]) is None


def test_self_bleu() -> None:
    assert self_bleu(["the cat sat on the mat"] * 5) == pytest.approx(1.0)
    assert self_bleu(["a b c d", "e f g h", "i j k l"]) == 0.0
    # 'a b c d' vs 'a b c e': p1 3/4, p2 (2+1)/(3+1), p3 (1+1)/(2+1), p4 (0+1)/(1+1), BP 1.
    expected = math.exp(sum(map(math.log, (3 / 4, 3 / 4, 2 / 3, 1 / 2))) / 4)
    assert self_bleu(["a b c d", "a b c e"]) == pytest.approx(expected)
    assert self_bleu(["only one"]) is None


def test_self_bleu_samples_with_a_seed() -> None:
    texts = [f"text {i} has words {i % 7}" for i in range(50)]
    assert self_bleu(texts, sample_size=10, seed=1) == self_bleu(texts, sample_size=10, seed=1)


def test_mean_cosine_distance() -> None:
    e1, e2 = np.array([1.0, 0.0]), np.array([0.0, 1.0])
    assert mean_cosine_distance(np.stack([e1, e2])) == 1.0
    assert mean_cosine_distance(np.stack([e1, e1, e1])) == 0.0
    assert mean_cosine_distance(np.stack([e1, -e1])) == 2.0
    assert mean_cosine_distance(np.stack([e1])) is None


def test_embedding_diversity_skipped_with_a_note() -> None:
    out = embedding_diversity(["a", "b"], sample_size=0)
    assert out["embedding_diversity"] is None and "skipped" in out["note"]


def row(scenario: str, turns: list[tuple[str, str, str]], usage: dict | None = None) -> dict:
    return {
        "scenario": scenario,
        "messages": [{"role": r, "content": c} for _, r, c in turns],
        "speakers": [s for s, _, _ in turns],
        "usage": usage,
    }


def test_shape_statistics() -> None:
    shape = ShapeStats()
    shape.update(
        row(
            "analogy",
            [
                ("system", "system", "be kind"),
                ("teacher", "user", "a b c"),
                ("x", "assistant", "d"),
            ],
            {"prompt_tokens": 10, "completion_tokens": 5, "cost": 0.5},
        )
    )
    other = ShapeStats()
    other.update(row("debate", [("teacher", "user", "hello there")], None))
    out = shape.merge(other).finalize()
    assert out["rows"] == 2
    assert out["scenario_mix"] == {"analogy": 1, "debate": 1}
    assert out["turns_per_dialogue"]["mean"] == 1.5  # system turns do not count
    assert out["tokens_per_speaker"]["teacher"]["mean"] == 2.5
    assert out["chars_per_turn_index"]["0"]["median"] == 8.0  # 'a b c' and 'hello there'
    assert out["tokens_per_turn_index"]["1"]["count"] == 1
    assert out["usage"]["tokens_per_row"]["sum"] == 15
    assert out["usage"]["cost_per_row"]["mean"] == 0.5


def test_counting_stats_are_mergeable() -> None:
    for stat in (NgramCounts(), Summary(), ShapeStats()):
        assert isinstance(stat, Mergeable)
    halves, whole = (Summary(), Summary()), Summary()
    for value in range(10):
        halves[value % 2].add(value)
        whole.add(value)
    merged = halves[0].merge(halves[1]).finalize()
    assert merged == whole.finalize() and merged["median"] == 4.5 and merged["p90"] == 8.1

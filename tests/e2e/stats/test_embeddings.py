"""Statistics that run the sentence-transformers model (moved from tests/unit/stats)."""

from __future__ import annotations

from pathlib import Path

import pytest

from boost_qa.embeddings import embeddings_available
from boost_qa.release.statistics import compute_stats
from boost_qa.stats.diversity import embedding_diversity


@pytest.mark.slow
@pytest.mark.skipif(not embeddings_available(), reason="needs the embed extra")
def test_embedding_diversity_runs_the_model() -> None:
    varied = [
        "How many apples does Tom have after buying five more?",
        "Write a Python function that reverses a string.",
        "What is the capital of France?",
        "Explain photosynthesis to a ten year old.",
        "A train travels 60 miles per hour for two hours.",
        "Translate 'good morning' into German.",
        "Why is the sky blue?",
        "Sort a list of integers in descending order.",
        "Who wrote Pride and Prejudice?",
        "Compute the area of a circle with radius 3.",
    ]
    spread = embedding_diversity(varied, sample_size=10, seed=0)
    same = embedding_diversity(["What is the capital of France?"] * 10, sample_size=10, seed=0)
    assert spread["embedding_sample"] == 10 and spread["note"] is None
    assert spread["embedding_diversity"] > 0.5
    assert same["embedding_diversity"] == pytest.approx(0.0, abs=1e-5)


@pytest.mark.slow
@pytest.mark.skipif(not embeddings_available(), reason="needs the embed extra")
def test_embedding_sample_is_shared_by_the_scenarios(release_dir: Path) -> None:
    stats = compute_stats(release_dir, sample_size=10, embed_sample=9, seed=3)
    math = stats["configs"]["math"]
    assert math["diversity"]["embedding_sample"] == 9 and math["notes"] == []
    assert 0 < math["diversity"]["embedding_diversity"] < 1
    scenarios = math["scenarios"].values()
    assert sum(g["diversity"]["embedding_sample"] for g in scenarios) == 9

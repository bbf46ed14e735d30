"""Analogy retrieval pool: the non-seed rows (paper), or the other seeds when every row is a seed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import datasets
import numpy as np
import pytest

from boost_qa.embeddings import embeddings_available
from boost_qa.retrieval import (
    EmbeddingRetriever,
    analogy_pool,
    attach_analogues,
)
from tests.e2e.build.test_build_cli import build, write_recipe
from tests.helpers.analogy import empty_pool as _empty_pool
from tests.helpers.analogy import seeds as _seeds

TOPICS = ["apples", "trains", "paint", "coins", "books", "eggs", "ropes", "tiles", "bread", "cups"]


def _questions(n: int) -> list[str]:
    return [
        f"Sam has {i + 2} {TOPICS[i % 10]} and gets {i + 3} more. How many {TOPICS[i % 10]}?"
        for i in range(n)
    ]


def _write_source(path: Path, n: int) -> list[str]:
    questions = _questions(n)
    lines = [
        json.dumps({"question": q, "answer": f"#### {2 * i + 5}"}) for i, q in enumerate(questions)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return questions


def _analogy_build(tmp_path: Path, roles: dict[str, Any], rows: int, seeds: dict[str, Any]) -> Any:
    source = tmp_path / "source.jsonl"
    questions = _write_source(source, rows)
    config = {
        "name": "math",
        "source": {"path": str(source)},
        "preset": "orca-math",
        "seeds": seeds,
    }
    recipe = write_recipe(
        tmp_path / "recipe.yaml",
        roles,
        generation={"max_tokens": 64, "retriever": "lexical", "scenarios": {"analogy": 1}},
        configs=[config],
    )
    out = tmp_path / "release"
    result = build(str(recipe), "--out", str(out))
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "boost_qa/manifest.json").read_text())
    return (
        questions,
        datasets.load_dataset(str(out), "math", split="train"),
        manifest["configs"]["math"],
    )


@pytest.mark.parametrize("seeds", [{"limit": 8, "pool_size": 50}, {"pool_size": 50}])
def test_whole_source_build_draws_analogues_from_the_other_seeds(
    tmp_path, scripted, scripted_roles, cache_dir, seeds
):
    questions, rows, summary = _analogy_build(tmp_path, scripted_roles, 8, seeds)
    assert len(rows) == 8 and summary["failed"] == 0
    assert summary["analogy_pool"] == "other seeds" and summary["pool_size"] == 8
    for row in rows:
        assert row["scenario"] == "analogy"
        assert row["analog_question"] != row["question"]
        assert row["analog_question"] in set(questions) - {row["question"]}


def test_non_seed_rows_stay_the_pool_when_they_exist(tmp_path, scripted, scripted_roles, cache_dir):
    questions, rows, summary = _analogy_build(
        tmp_path, scripted_roles, 20, {"limit": 8, "pool_size": 50}
    )
    assert len(rows) == 8 and summary["failed"] == 0
    assert summary["analogy_pool"] == "non-seed rows" and summary["pool_size"] == 12
    assert {row["analog_question"] for row in rows} <= set(questions[8:])


@pytest.mark.slow
@pytest.mark.skipif(not embeddings_available(), reason="needs the embed extra")
def test_embedding_retriever_caches_the_fallback_pool_under_its_own_key(tmp_path):
    seeds = _seeds(_questions(6))
    pool, _ = analogy_pool(seeds, _empty_pool(), pool_size=50)
    out = attach_analogues(seeds, pool, EmbeddingRetriever(tmp_path), top_k=2, seed=0)
    pairs = zip(out["question"], out["analog_question"], strict=True)
    assert all(analogue is not None and analogue != question for question, analogue in pairs)
    [cached] = (tmp_path / "embeddings").iterdir()
    assert cached.name == f"{pool._fingerprint}-all-MiniLM-L6-v2.npy"
    assert np.load(cached).shape == (6, 384)

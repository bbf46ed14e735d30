"""The evaluate measurements load offline from their folders and compute."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from boost_qa.stats import modules_path
from tests.helpers.light_evaluate import import_evaluate
from tests.helpers.stats_release import rows_from_cases

evaluate = import_evaluate()


def test_modules_path() -> None:
    path = Path(modules_path("dialogue_quality"))
    assert path.is_absolute() and (path / "dialogue_quality.py").is_file()
    with pytest.raises(ValueError, match="available"):
        modules_path("nope")


def test_dialogue_quality_module() -> None:
    assert os.environ["HF_EVALUATE_OFFLINE"] == "1"
    quality = evaluate.load(modules_path("dialogue_quality"))
    rows = rows_from_cases()[:6]
    rows.append(dict(rows[0]))
    result = quality.compute(
        messages=[r["messages"] for r in rows],
        speakers=[r["speakers"] for r in rows],
        scenario=[r["scenario"] for r in rows],
        reference_answer=[r["reference_answer"] for r in rows],
        analog_answer=[r["analog_answer"] for r in rows],  # None in every row here
    )
    assert result["well_formed"] == [True] * 7
    assert result["near_duplicate"] == [False] * 6 + [True]
    assert result["final_correct"][:3] == [True, True, True]
    assert result["rates"]["near_duplicate"] == round(1 / 7, 4)
    assert result["counts"]["final_correct"]["true"] == sum(
        v is True for v in result["final_correct"]
    )


def test_dialogue_diversity_module() -> None:
    diversity = evaluate.load(modules_path("dialogue_diversity"))
    result = diversity.compute(texts=["a b a", "a b c"], embed_sample=0)
    assert (result["distinct_1"], result["distinct_2"]) == (0.5, 0.75)
    assert result["self_bleu"] is not None and result["compression_ratio"] > 0
    assert result["embedding_diversity"] is None and result["note"]

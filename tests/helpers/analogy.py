"""Seed questions and datasets for the analogy-pool tests of both tiers."""

from __future__ import annotations

import datasets

TOPICS = ["apples", "trains", "paint", "coins", "books", "eggs", "ropes", "tiles", "bread", "cups"]


def questions(n: int) -> list[str]:
    """``n`` distinct word problems over ten topics."""
    return [
        f"Sam has {i + 2} {TOPICS[i % 10]} and gets {i + 3} more. How many {TOPICS[i % 10]}?"
        for i in range(n)
    ]


def seeds(texts: list[str], scenario: str = "analogy") -> datasets.Dataset:
    """Seed rows with these questions."""
    return datasets.Dataset.from_dict(
        {
            "id": [f"s{i}" for i in range(len(texts))],
            "question": texts,
            "reference_answer": [f"answer {i}" for i in range(len(texts))],
            "scenario": [scenario] * len(texts),
        }
    )


def empty_pool() -> datasets.Dataset:
    """A pool of non-seed rows with no row."""
    return seeds([]).remove_columns("scenario")

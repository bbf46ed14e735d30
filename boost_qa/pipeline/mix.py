"""Mix configs: a config built from other configs of the release, rows keeping their origin.

Interleaving samples rows by weight with ``datasets.interleave_datasets`` (seeded, with the
recipe's stopping rule); concatenation keeps every row once, in config order.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from datasets import Dataset, concatenate_datasets, interleave_datasets

from boost_qa.errors import RecipeError
from boost_qa.recipe import MixRecipe
from boost_qa.release.folder import ReleaseFolder


def build_mix(mix: MixRecipe, parts: dict[str, Dataset]) -> Dataset:
    """The rows of one mix, from the rows of its component configs."""
    missing = [name for name in mix.weights if name not in parts]
    if missing:
        raise RecipeError(f"mixes.{mix.name}", f"config(s) {missing} are not built in this release")
    chosen = {name: parts[name] for name, weight in mix.weights.items() if weight > 0}
    nonempty = {name: rows for name, rows in chosen.items() if len(rows)}
    if not nonempty:
        return next(iter(chosen.values())).select([])
    if mix.method == "concatenate" or len(nonempty) == 1:
        return concatenate_datasets(list(nonempty.values()))
    total = sum(mix.weights[name] for name in nonempty)
    return interleave_datasets(
        list(nonempty.values()),
        probabilities=[mix.weights[name] / total for name in nonempty],
        seed=mix.seed,
        stopping_strategy=mix.stopping,
    )


def mix_summary(mix: MixRecipe, rows: Dataset) -> dict[str, Any]:
    """What the card and manifest say about a mix: its recipe and actual composition."""
    return {
        "method": mix.method,
        "weights": mix.weights,
        "stopping": mix.stopping if mix.method == "interleave" else None,
        "seed": mix.seed,
        "rows": len(rows),
        "composition": dict(Counter(rows["config"])) if len(rows) else {},
        "rows_per_scenario": dict(Counter(rows["scenario"])) if len(rows) else {},
    }


def load_config_rows(release: ReleaseFolder, name: str) -> Dataset:
    """Read a config already in the release folder (kept from an earlier build)."""
    files = [str(p) for p in release.config_files(name)]
    return Dataset.from_parquet(files, keep_in_memory=True)  # type: ignore[return-value]

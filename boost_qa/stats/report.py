"""The statistics of one config's rows: quality flags, diversity and shape, streamed.

``analyse_config`` reads a config's rows (a ``datasets.Dataset``, memory-mapped when loaded from
files) in batches of ``StatsSettings.batch_size``. Per row it takes the quality flags a build
stored in the rows (every ``FLAG_NAMES`` column present), or else computes them
(``boost_qa.stats.quality.row_flags``, the functions the ``dialogue_quality`` evaluate module
wraps) with near duplicates found across all batches at ``near_duplicate_threshold``. It counts
shape and diversity per scenario and for the config. Memory stays flat as rows grow: texts go
to temporary files, flags to a small table, shape values to histograms; seeded samples (self-
BLEU, embeddings) are drawn from the row counts, so they do not depend on the batch size.

Finding a folder's configs and writing ``stats.json`` is ``boost_qa.release.statistics``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from typing import Any

import numpy as np
from datasets import Dataset

from boost_qa.stats.dedup import THRESHOLD, NearDuplicateIndex
from boost_qa.stats.diversity import embed_sample
from boost_qa.stats.flagtable import FlagTable
from boost_qa.stats.group import GroupStats
from boost_qa.stats.quality import FLAG_NAMES, Flag, dialogue_text, dialogue_turns, row_flags
from boost_qa.stats.rows import (
    BATCH_SIZE,
    DialogueTexts,
    has_stored_flags,
    iter_batches,
    read_columns,
)


@dataclass(frozen=True)
class StatsSettings:
    """Sample sizes, seed and near-duplicate threshold of one stats run."""

    sample_size: int = 200
    embed_sample: int = 500
    seed: int = 0
    near_duplicate_threshold: float = THRESHOLD
    """Used only for rows without stored flags; a build passes its recipe's threshold."""
    batch_size: int = BATCH_SIZE
    """Rows read at a time; the results do not depend on it."""


@dataclass
class ConfigAnalysis:
    """One config's report and the per-row flags behind it."""

    report: dict[str, Any]
    flags: FlagTable


def report_header(settings: StatsSettings, source: str) -> dict[str, Any]:
    """The top of a ``stats.json`` report about ``source``; configs go under ``configs``."""
    try:
        version = metadata.version("boost-qa")
    except metadata.PackageNotFoundError:
        version = "unknown"
    return {
        "folder": source,
        "generated_by": f"boost-qa {version}",
        "settings": {
            "sample_size": settings.sample_size,
            "embed_sample": settings.embed_sample,
            "seed": settings.seed,
            "tokens": "whitespace tokens (str.split)",
        },
        "configs": {},
    }


def analyse_config(rows: Dataset, settings: StatsSettings) -> ConfigAnalysis:
    """Quality, shape and diversity of one config's rows, overall and per scenario."""
    groups: dict[str, GroupStats] = {}
    table, scenario_of = _scan(rows, settings, groups)
    names = list(groups)
    for index in range(len(table)):
        groups[names[scenario_of[index]]].count_flags(table.row(index))
    return ConfigAnalysis(_report(rows, groups, scenario_of, settings), table)


def flag_table(rows: Dataset, settings: StatsSettings) -> FlagTable:
    """Every row's quality flags (stored, or computed as ``analyse_config`` does)."""
    return _scan(rows, settings, None)[0]


def flag_records(name: str, rows: Dataset, table: FlagTable) -> Iterator[dict[str, Any]]:
    """``{"config", "id", **flags}`` per row in dataset order (``row-<i>`` without an id)."""
    ids: Iterator[Any] = (
        value
        for batch in iter_batches(rows, columns=["id"])
        for value in (row["id"] for row in batch)
    )
    if "id" not in rows.column_names:
        ids = iter([None] * len(rows))
    for index, row_id in enumerate(ids):
        yield {"config": name, "id": row_id or f"row-{index}", **table.row(index)}


def _scan(
    rows: Dataset, settings: StatsSettings, groups: dict[str, GroupStats] | None
) -> tuple[FlagTable, np.ndarray]:
    """One pass over the rows: flags into a table, and each row into its scenario's group."""
    stored = has_stored_flags(rows.column_names)
    columns = read_columns(rows.column_names, flags=stored)
    table = FlagTable(len(rows))
    scenario_of = np.zeros(len(rows), dtype=np.int32)
    codes: dict[str, int] = {}
    index = (
        None
        if stored
        else NearDuplicateIndex(DialogueTexts(rows), threshold=settings.near_duplicate_threshold)
    )
    position = 0
    for batch in iter_batches(rows, settings.batch_size, columns=columns):
        for row in batch:
            flags: dict[str, Flag] = (
                {name: row[name] for name in FLAG_NAMES} if stored else row_flags(row)
            )
            table.set(position, flags)
            scenario = str(row.get("scenario"))
            scenario_of[position] = codes.setdefault(scenario, len(codes))
            if groups is not None:
                groups.setdefault(scenario, GroupStats()).update(row)
            position += 1
        if index is not None:
            index.add_batch([dialogue_text(dialogue_turns(row)) for row in batch])
    if index is not None:
        table.set_column("near_duplicate", index.flags())
    return table, scenario_of


def _report(
    rows: Dataset,
    groups: dict[str, GroupStats],
    scenario_of: np.ndarray,
    settings: StatsSettings,
) -> dict[str, Any]:
    indices, vectors, note = embed_sample(
        DialogueTexts(rows), size=settings.embed_sample, seed=settings.seed
    )
    whole = GroupStats()
    for group in groups.values():
        whole.merge(group)
    report = whole.finalize(sample_size=settings.sample_size, seed=settings.seed, vectors=vectors)
    report["notes"] = [note] if note else []
    names = list(groups)
    report["scenarios"] = {}
    for scenario in sorted(groups):
        picked = [k for k, i in enumerate(indices) if names[scenario_of[i]] == scenario]
        report["scenarios"][scenario] = groups[scenario].finalize(
            sample_size=settings.sample_size,
            seed=settings.seed,
            vectors=None if vectors is None else vectors[picked],
        )
    return report

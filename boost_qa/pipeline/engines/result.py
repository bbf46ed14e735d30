"""What an engine hands back for one config: good rows, failed rows, counters."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pyarrow.compute as pc
import xxhash
from datasets import Dataset
from datasets.table import InMemoryTable

from boost_qa.pipeline.prepare import PreparedConfig
from boost_qa.transform import OUTPUT_FEATURES


@dataclass
class GeneratedConfig:
    """The dialogues of one config and the rows that could not be finished."""

    prepared: PreparedConfig
    rows: Dataset
    failures: list[dict[str, Any]] = field(default_factory=list)
    counters: dict[str, Any] = field(default_factory=dict)
    fingerprint: str = ""
    dropped: dict[str, int] = field(default_factory=dict)


def with_config(rows: Dataset, name: str) -> Dataset:
    """Name the origin config in every row, so mixes keep it."""
    fingerprint = xxhash.xxh64_hexdigest(f"{rows._fingerprint}|config={name}".encode())
    if len(rows) == 0:
        # `add_column` cannot join an empty table of several blocks (a `--workers N` map
        # whose rows all failed): give it one block.
        table = InMemoryTable(rows.data.table)
        rows = Dataset(table, info=rows.info, fingerprint=rows._fingerprint)
    return rows.add_column("config", [name] * len(rows), new_fingerprint=fingerprint)


def split_failures(
    prepared: PreparedConfig, dialogues: Dataset, fingerprint: str, counters: dict[str, Any]
) -> GeneratedConfig:
    """Move the rows that carry a ``failure`` out of the transform's output (every engine).

    Only the failed rows are decoded to Python, and the good rows are never rewritten: a
    ``select`` would leave an indices mapping that ``add_column`` then flattens through a
    second ``map`` of every row, seconds per thousand dialogues.
    """
    if len(dialogues) == 0:
        # `Dataset.map` returns an empty input without running the transform, so without the
        # output columns (a config whose source rows were all skipped).
        dialogues = Dataset.from_dict({n: [] for n in OUTPUT_FEATURES}, features=OUTPUT_FEATURES)
    if dialogues._indices is not None:
        dialogues = dialogues.flatten_indices()
    ok = pc.is_null(dialogues.data.column("failure"))
    failed = [i for i, good in enumerate(ok.to_pylist()) if not good]
    failures = [
        {
            "config": prepared.name,
            "id": row["id"],
            "seed_id": row["seed_id"],
            "scenario": row["scenario"],
            "source_row": (row["source"] or {}).get("row"),
            **row["failure"],
        }
        for row in dialogues.select(failed)
    ]
    good = dialogues
    if failed:
        kept = xxhash.xxh64_hexdigest(f"{dialogues._fingerprint}|without={failed}".encode())
        good = Dataset(dialogues.data.filter(ok), info=dialogues.info, fingerprint=kept)
    return GeneratedConfig(
        prepared=prepared,
        rows=with_config(good.remove_columns("failure"), prepared.name),
        failures=failures,
        counters=counters,
        fingerprint=fingerprint,
    )

"""Run the MASTER transform over prepared seeds and split good rows from failed ones."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import datasets
import xxhash
from datasets import Dataset
from datasets.table import InMemoryTable

from boost_qa.dialogue.prompts import prompt_library
from boost_qa.llm.gateway import Gateway
from boost_qa.pipeline.prepare import PreparedConfig
from boost_qa.pipeline.progress import BuildProgress
from boost_qa.transform import OUTPUT_FEATURES, MasterTransform


@dataclass
class GeneratedConfig:
    """The dialogues of one config and the rows that could not be finished."""

    prepared: PreparedConfig
    rows: Dataset
    failures: list[dict[str, Any]] = field(default_factory=list)
    counters: dict[str, Any] = field(default_factory=dict)
    fingerprint: str = ""
    dropped: dict[str, int] = field(default_factory=dict)


def _with_config(rows: Dataset, name: str) -> Dataset:
    """Name the origin config in every row, so mixes keep it."""
    fingerprint = xxhash.xxh64_hexdigest(f"{rows._fingerprint}|config={name}".encode())
    if len(rows) == 0:
        # `add_column` cannot join an empty table of several blocks (a `--workers N` map
        # whose rows all failed): give it one block.
        table = InMemoryTable(rows.data.table)
        rows = Dataset(table, info=rows.info, fingerprint=rows._fingerprint)
    return rows.add_column("config", [name] * len(rows), new_fingerprint=fingerprint)


def generate_config(
    prepared: PreparedConfig,
    gateway: Gateway,
    progress: BuildProgress,
    *,
    batch_size: int = 8,
) -> GeneratedConfig:
    """Map the transform over the seeds; failed rows leave the data for ``failures``."""
    before = gateway.stats.to_dict()
    prompts = prompt_library(prepared.settings.prompt_dir, prepared.base_dir)
    transform = MasterTransform(
        prepared.settings, generate=gateway.complete, prompts=prompts, on_row=progress.row_done
    )
    seeds = prepared.seeds
    progress.start(prepared.name, len(seeds))
    kwargs = transform.map_kwargs(seeds, batch_size=batch_size)
    # Our own progress line replaces the per-map bars; the map itself never writes a cache
    # file worth keeping (the request cache makes reruns cheap), so keep it in memory.
    datasets.disable_progress_bars()
    try:
        dialogues = seeds.map(transform, keep_in_memory=True, **kwargs)
    finally:
        datasets.enable_progress_bars()
    after = gateway.stats.to_dict()
    counters = {k: after[k] - before[k] for k in after}
    return split_failures(prepared, dialogues, kwargs["new_fingerprint"], counters)


def split_failures(
    prepared: PreparedConfig, dialogues: Dataset, fingerprint: str, counters: dict[str, Any]
) -> GeneratedConfig:
    """Move the rows that carry a ``failure`` out of the transform's output (every engine)."""
    if len(dialogues) == 0:
        # `Dataset.map` returns an empty input without running the transform, so without the
        # output columns (a config whose source rows were all skipped).
        dialogues = Dataset.from_dict({n: [] for n in OUTPUT_FEATURES}, features=OUTPUT_FEATURES)
    failed_mask = [f is not None for f in dialogues["failure"]]
    failures = [
        {
            "config": prepared.name,
            "id": row["id"],
            "seed_id": row["seed_id"],
            "scenario": row["scenario"],
            "source_row": (row["source"] or {}).get("row"),
            **row["failure"],
        }
        for row, failed in zip(dialogues, failed_mask, strict=True)
        if failed
    ]
    good = dialogues.select([i for i, failed in enumerate(failed_mask) if not failed])
    return GeneratedConfig(
        prepared=prepared,
        rows=_with_config(good.remove_columns("failure"), prepared.name),
        failures=failures,
        counters=counters,
        fingerprint=fingerprint,
    )

"""The statistics report of a dataset folder: quality flags, diversity and shape per config.

``compute_stats`` reads any dataset folder whose rows carry the documented columns (see
``boost_qa.stats.loading``), runs the ``dialogue_quality`` evaluate module (loaded from its
local file) over each config's rows, and computes diversity and shape for the config and for
each scenario in it. The result is plain JSON; ``write_stats`` stores it as
``<folder>/boost_qa/stats.json`` beside a release's manifest, and ``row_flags`` gives the
per-row flags with each row's id.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from boost_qa.release.layout import META_DIR
from boost_qa.stats.diversity import embed_sample
from boost_qa.stats.group import GroupStats, group_rows
from boost_qa.stats.loading import discover_configs, kept_dropped, load_rows
from boost_qa.stats.measurements import load_measurement
from boost_qa.stats.quality import FLAG_NAMES, Flag, dialogue_text, dialogue_turns

STATS_FILE = "stats.json"
Flags = dict[str, Flag]


@dataclass(frozen=True)
class StatsSettings:
    """Sample sizes and seed of one stats run."""

    sample_size: int = 200
    embed_sample: int = 500
    seed: int = 0


@dataclass
class Analysis:
    """A stats run's report and the per-row flags behind it."""

    stats: dict[str, Any]
    rows: list[dict[str, Any]] = field(default_factory=list)


def compute_stats(
    folder: Path, *, sample_size: int = 200, embed_sample: int = 500, seed: int = 0
) -> dict[str, Any]:
    """Quality, diversity and shape statistics of every config in ``folder`` (JSON-able).

    Raises:
        SourceError: The folder is missing, has no rows, or lacks a required column.
    """
    return analyse(Path(folder), StatsSettings(sample_size, embed_sample, seed)).stats


def write_stats(folder: Path, stats: Mapping[str, Any]) -> Path:
    """Write ``stats`` to ``<folder>/boost_qa/stats.json`` and return the path."""
    path = Path(folder) / META_DIR / STATS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(stats, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def row_flags(folder: Path) -> Iterator[dict[str, Any]]:
    """Per-row flags of every config: ``{"config", "id", **flags}`` in dataset order."""
    quality = load_measurement("dialogue_quality")
    for name, files in discover_configs(Path(folder)).items():
        rows = load_rows(Path(folder), name, files)
        yield from _with_ids(name, rows, _flags(quality, rows))


def run_stats(
    folder: Path, *, settings: StatsSettings, rows_path: Path | None = None
) -> dict[str, Any]:
    """What ``boost-qa stats`` does: compute, write ``stats.json`` and optional per-row flags."""
    folder = Path(folder)
    result = analyse(folder, settings)
    write_stats(folder, result.stats)
    if rows_path is not None:
        rows_path.parent.mkdir(parents=True, exist_ok=True)
        with rows_path.open("w", encoding="utf-8") as handle:
            for record in result.rows:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return result.stats


def analyse(folder: Path, settings: StatsSettings) -> Analysis:
    """Compute the report and keep the per-row flags."""
    configs = discover_configs(folder)
    quality = load_measurement("dialogue_quality")
    analysis = Analysis(stats=_header(folder, settings))
    for name, files in configs.items():
        rows = load_rows(folder, name, files)
        flags = _flags(quality, rows)
        report = config_report(rows, flags, settings)
        report["files"] = [str(path.relative_to(folder)) for path in files]
        report["kept_dropped"] = kept_dropped(folder, name)
        analysis.stats["configs"][name] = report
        analysis.rows.extend(_with_ids(name, rows, flags))
    return analysis


def _header(folder: Path, settings: StatsSettings) -> dict[str, Any]:
    try:
        version = metadata.version("boost-qa")
    except metadata.PackageNotFoundError:
        version = "unknown"
    return {
        "folder": str(folder),
        "generated_by": f"boost-qa {version}",
        "settings": {
            "sample_size": settings.sample_size,
            "embed_sample": settings.embed_sample,
            "seed": settings.seed,
            "tokens": "whitespace tokens (str.split)",
        },
        "configs": {},
    }


def _flags(quality: Any, rows: Sequence[Mapping[str, Any]]) -> list[Flags]:
    """Run the dialogue_quality evaluate module over a config's rows (their dialogue turns)."""
    turns = [dialogue_turns(r) for r in rows]
    result = quality.compute(
        messages=[[{"role": t["role"], "content": t["content"]} for t in ts] for ts in turns],
        speakers=[[str(t["speaker"]) for t in ts] for ts in turns],
        scenario=[r["scenario"] for r in rows],
        reference_answer=[r["reference_answer"] for r in rows],
        analog_answer=[r["analog_answer"] for r in rows],
        question=[r["question"] for r in rows],
        analog_question=[r.get("analog_question") for r in rows],
        attempts=[r.get("attempts") for r in rows],
    )
    return [{name: result[name][i] for name in FLAG_NAMES} for i in range(len(rows))]


def _with_ids(
    name: str, rows: Sequence[Mapping[str, Any]], flags: Sequence[Flags]
) -> Iterator[dict[str, Any]]:
    for index, (row, flag) in enumerate(zip(rows, flags, strict=True)):
        yield {"config": name, "id": row.get("id") or f"row-{index}", **flag}


def config_report(
    rows: Sequence[Mapping[str, Any]], flags: Sequence[Flags], settings: StatsSettings
) -> dict[str, Any]:
    """Quality, shape and diversity of one config, overall and per scenario."""
    texts = [dialogue_text(dialogue_turns(row)) for row in rows]
    indices, vectors, note = embed_sample(texts, size=settings.embed_sample, seed=settings.seed)
    groups = group_rows(rows, flags)
    whole = GroupStats()
    for group in groups.values():
        whole.merge(group)
    report = whole.finalize(sample_size=settings.sample_size, seed=settings.seed, vectors=vectors)
    report["notes"] = [note] if note else []
    scenario_of = [str(row.get("scenario")) for row in rows]
    report["scenarios"] = {}
    for scenario in sorted(groups):
        picked = [k for k, i in enumerate(indices) if scenario_of[i] == scenario]
        report["scenarios"][scenario] = groups[scenario].finalize(
            sample_size=settings.sample_size,
            seed=settings.seed,
            vectors=None if vectors is None else vectors[picked],
        )
    return report

"""The statistics report of a dataset folder: ``boost-qa stats`` and the build's stats step.

Finds the folder's configs (``boost_qa.release.reading``), measures each one's rows with
``boost_qa.stats.analyse_config`` (streamed: memory stays flat as rows grow), adds where each
config's files are and what its build kept and dropped, and writes the report as the release's
``stats.json``; ``row_flags`` gives the per-row flags with each row's id, and ``write_plots``
the release's plots.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from boost_qa.release.folder import ReleaseFolder
from boost_qa.release.reading import discover_configs, kept_dropped, load_config
from boost_qa.stats.plots import plot_configs
from boost_qa.stats.report import (
    StatsSettings,
    analyse_config,
    flag_records,
    flag_table,
    report_header,
)

__all__ = [
    "StatsSettings",
    "analyse",
    "compute_stats",
    "row_flags",
    "run_stats",
    "write_plots",
    "write_stats",
]


@dataclass
class Analysis:
    """A stats run's report and the per-row flag records behind it."""

    stats: dict[str, Any]
    rows: list[Iterator[dict[str, Any]]] = field(default_factory=list)
    """One iterator of records per config, read lazily from the configs' rows."""


def compute_stats(
    folder: Path, *, sample_size: int = 200, embed_sample: int = 500, seed: int = 0
) -> dict[str, Any]:
    """Quality, diversity and shape statistics of every config in ``folder`` (JSON-able).

    Raises:
        SourceError: The folder is missing, has no rows, or lacks a required column.
    """
    return analyse(Path(folder), StatsSettings(sample_size, embed_sample, seed)).stats


def write_stats(folder: Path, stats: Mapping[str, Any]) -> Path:
    """Write ``stats`` as the release's ``stats.json`` and return the path."""
    return ReleaseFolder(Path(folder)).write_stats(dict(stats))


def row_flags(folder: Path, *, settings: StatsSettings | None = None) -> Iterator[dict[str, Any]]:
    """Per-row flags of every config: ``{"config", "id", **flags}`` in dataset order."""
    settings = settings or StatsSettings()
    folder = Path(folder)
    for name, files in discover_configs(folder).items():
        rows = load_config(folder, name, files)
        yield from flag_records(name, rows, flag_table(rows, settings))


def run_stats(
    folder: Path, *, settings: StatsSettings, rows_path: Path | None = None
) -> dict[str, Any]:
    """What ``boost-qa stats`` does: compute, write ``stats.json`` and optional per-row flags."""
    folder = Path(folder)
    result = analyse(folder, settings)
    write_stats(folder, result.stats)
    if rows_path is not None:
        ReleaseFolder.write_jsonl(rows_path, (r for records in result.rows for r in records))
    return result.stats


def analyse(
    folder: Path, settings: StatsSettings, configs: Mapping[str, list[Path]] | None = None
) -> Analysis:
    """Compute the report; keep the per-row flags (compactly) for ``run_stats``.

    ``configs`` (name -> data files) defaults to the configs the folder's card declares.
    """
    analysis = Analysis(stats=report_header(settings, folder.name))
    for name, files in (discover_configs(folder) if configs is None else configs).items():
        rows = load_config(folder, name, files)
        config = analyse_config(rows, settings)
        report = config.report
        report["files"] = [str(path.relative_to(folder)) for path in files]
        report["kept_dropped"] = kept_dropped(folder, name)
        analysis.stats["configs"][name] = report
        analysis.rows.append(flag_records(name, rows, config.flags))
    return analysis


def write_plots(folder: Path, configs: Mapping[str, list[Path]] | None = None) -> list[Path]:
    """Write the release's plots (turns per dialogue, characters per turn) for its configs."""
    folder = Path(folder)
    found = discover_configs(folder) if configs is None else configs
    rows = {name: load_config(folder, name, files) for name, files in found.items()}
    return plot_configs(rows, ReleaseFolder(folder).plots_dir)

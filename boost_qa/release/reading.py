"""Read a dataset folder: its configs, each config's rows, and what a build kept and dropped.

A folder is read the way the Hub reads a dataset repository: when its README.md has YAML
``configs:``, each config's ``data_files`` patterns are resolved against the folder (all splits
of a config are read together); otherwise the folder is one config, ``default``, made of its
parquet files (or, when there are none, its jsonl/json files), leaving out the release's
metadata folder and hidden folders.

Files are loaded with ``datasets.load_dataset("parquet"|"json", data_files=..., split="train")``
into a memory-mapped Arrow dataset, never with ``load_dataset(folder, config)``: datasets 5.2
caches a local folder's config by its name and YAML alone and can return stale rows after a
rebuild.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from datasets import Dataset

from boost_qa.errors import SourceError
from boost_qa.release.folder import ReleaseFolder
from boost_qa.stats.rows import check_columns

DEFAULT_CONFIG = "default"
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.DOTALL)
_FORMATS = {".parquet": "parquet", ".jsonl": "json", ".json": "json"}


def discover_configs(folder: Path) -> dict[str, list[Path]]:
    """Each config's data files: from the README's YAML ``configs:``, else the folder's files.

    Raises:
        SourceError: The folder is missing, has no data files, or a config's patterns match
            no file.
    """
    if not folder.is_dir():
        raise SourceError(f"{folder}: no such folder")
    configs = _card_configs(ReleaseFolder(folder))
    if configs is None:
        files = _plain_files(ReleaseFolder(folder))
        if not files:
            raise SourceError(
                f"{folder}: no data files (parquet, jsonl or json) and no `configs:` in README.md"
            )
        return {DEFAULT_CONFIG: files}
    return {name: _resolve(folder, name, patterns) for name, patterns in configs.items()}


def _card_configs(release: ReleaseFolder) -> dict[str, list[str]] | None:
    readme = release.readme
    if not readme.is_file():
        return None
    match = _FRONT_MATTER.match(readme.read_text(encoding="utf-8"))
    try:
        metadata = yaml.safe_load(match.group(1)) if match else None
    except yaml.YAMLError as exc:
        raise SourceError(f"{readme}: the YAML header cannot be parsed: {exc}") from exc
    entries = metadata.get("configs") if isinstance(metadata, dict) else None
    if not entries:
        return None
    configs = {}
    for entry in entries:
        name = str(entry.get("config_name", DEFAULT_CONFIG))
        configs[name] = _patterns(entry.get("data_files"), readme, name)
    return configs


def _patterns(data_files: Any, readme: Path, name: str) -> list[str]:
    """The path patterns of one YAML ``data_files`` value (str, list, or split entries)."""
    if isinstance(data_files, str):
        return [data_files]
    if isinstance(data_files, dict):
        data_files = [{"path": path} for path in data_files.values()]
    patterns: list[str] = []
    for item in data_files or []:
        paths = item.get("path") if isinstance(item, dict) else item
        patterns.extend([paths] if isinstance(paths, str) else list(paths or []))
    if not patterns:
        raise SourceError(f"{readme}: config {name!r} has no data_files")
    return patterns


def _resolve(folder: Path, name: str, patterns: list[str]) -> list[Path]:
    files: list[Path] = []
    for pattern in patterns:
        matched = sorted(p for p in folder.glob(pattern) if p.is_file())
        if not matched:
            raise SourceError(f"{folder}: config {name!r}: no file matches {pattern!r}")
        files.extend(p for p in matched if p not in files)
    return files


def _plain_files(release: ReleaseFolder) -> list[Path]:
    found = [
        path
        for path in sorted(release.root.rglob("*"))
        if path.is_file() and path.suffix in _FORMATS and not release.is_metadata(path)
    ]
    parquet = [p for p in found if p.suffix == ".parquet"]
    return parquet or found


def load_config(folder: Path, name: str, files: list[Path]) -> Dataset:
    """The rows of one config, memory-mapped, checked for the columns statistics need.

    Raises:
        SourceError: The files cannot be read, mix formats, lack a required column, or hold
            no rows.
    """
    import datasets

    formats = {_FORMATS.get(path.suffix) for path in files}
    if len(formats) != 1 or None in formats:
        kinds = ", ".join(sorted({p.suffix or p.name for p in files}))
        raise SourceError(f"{folder}: config {name!r} mixes or has unknown file types ({kinds})")
    if not _has_rows(files):
        raise SourceError(f"{folder}: config {name!r} has no rows")
    quiet = datasets.are_progress_bars_disabled()
    datasets.disable_progress_bars()
    try:
        rows = datasets.load_dataset(
            formats.pop(), data_files=[str(p) for p in files], split="train"
        )
    except Exception as exc:  # noqa: BLE001 - any reader failure is a bad source
        cause = f" ({exc.__cause__})" if exc.__cause__ else ""
        raise SourceError(f"{folder}: config {name!r} cannot be read: {exc}{cause}") from exc
    finally:
        if not quiet:
            datasets.enable_progress_bars()
    check_columns(rows, f"{folder}: config {name!r}")
    return rows


def _has_rows(files: list[Path]) -> bool:
    """Whether any file holds a row (datasets fails on an empty parquet file)."""
    import pyarrow.parquet as pq

    for path in files:
        if path.suffix == ".parquet":
            if pq.ParquetFile(path).metadata.num_rows:
                return True
        elif path.read_text(encoding="utf-8").strip() not in ("", "[]"):
            return True
    return False


def kept_dropped(folder: Path, name: str) -> dict[str, Any] | None:
    """Seeds kept and rows dropped, with reasons, from a release's manifest (None otherwise).

    Reads the manifest (``configs.<name>``: ``rows_scanned``, ``seeds``, ``rows``, ``skipped``
    reasons, ``failed``) and counts failure reasons in the release's failures file.
    """
    release = ReleaseFolder(folder)
    if not release.is_release():
        return None
    try:
        summary = release.read_manifest().configs.get(name)
    except SourceError:
        return None
    if summary is None:
        return None
    out: dict[str, Any] = {
        "rows_scanned": summary.rows_scanned,
        "seeds": summary.seeds,
        "rows": summary.rows,
        "failed": summary.failed,
        "skipped": dict(summary.skipped),
    }
    out["failed_reasons"] = _failure_reasons(release, name)
    return out


def _failure_reasons(release: ReleaseFolder, name: str) -> dict[str, int]:
    """The 20 commonest failure reasons of config ``name`` (lines that do not parse skipped)."""
    reasons: Counter[str] = Counter()
    path = release.failures_path
    if path.is_file():
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                try:
                    record = json.loads(line)
                except ValueError:
                    continue
                if isinstance(record, dict) and record.get("config") == name:
                    reasons[str(record.get("reason", "unknown"))[:200]] += 1
    return dict(reasons.most_common(20))

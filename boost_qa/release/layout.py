"""Where things go in a release folder, laid out like a Hub dataset repository.

Layout::

    <out>/README.md                         card with YAML `configs:`
    <out>/<config>/train-00000-of-0000N-<tag>.parquet
    <out>/boost_qa/recipe.yaml              the recipe as built
    <out>/boost_qa/manifest.json            versions, models, fingerprints, counts
    <out>/boost_qa/failures.jsonl           rows that could not be finished, with reasons
    <out>/boost_qa/skipped.jsonl            source rows that were not usable seeds

The tag is a fingerprint of the config's rows and is part of the card's ``data_files`` pattern:
``datasets`` 5.2 caches a local folder's config by its name and YAML definition alone, so
without it ``load_dataset(DIR, config)`` returns stale rows after a rebuild into the same folder.

Files are written to a staging folder beside the release and moved in at the end, so a build
that fails or is killed never leaves a half-written release behind.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from datasets import Dataset

from boost_qa.release.folder import META_DIR, ROWS_PER_SHARD

__all__ = ["META_DIR", "ROWS_PER_SHARD"]


def shard_names(rows: int, tag: str) -> list[str]:
    """Hub-style shard file names for a split of ``rows`` rows."""
    count = max(1, -(-rows // ROWS_PER_SHARD))
    return [f"train-{i:05d}-of-{count:05d}-{tag}.parquet" for i in range(count)]


def data_tag(rows: Dataset) -> str:
    """A short fingerprint of a config's rows, used in its file names."""
    return str(rows._fingerprint)[:16]


def write_config_data(rows: Dataset, folder: Path, tag: str) -> list[str]:
    """Write one config's rows as parquet shards into ``folder``; return the file names."""
    folder.mkdir(parents=True, exist_ok=True)
    names = shard_names(len(rows), tag)
    for index, name in enumerate(names):
        shard = rows.shard(num_shards=len(names), index=index, contiguous=True)
        shard.to_parquet(str(folder / name))
    return names


def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> int:
    """Write records as JSON lines; return how many."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


def staging_dir(out: Path) -> Path:
    """A fresh folder next to ``out`` on the same filesystem, for atomic moves.

    Staging folders left by a build killed while writing are removed first (one build writes
    to one release folder at a time).
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    for leftover in out.parent.glob(f".{out.name}.staging-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))


def publish_staging(staging: Path, out: Path, configs: list[str]) -> None:
    """Move staged files into ``out``: rebuilt configs are replaced whole, others kept."""
    out.mkdir(parents=True, exist_ok=True)
    for name in configs:
        target = out / name
        if target.exists():
            shutil.rmtree(target)
        os.replace(staging / name, target)
    for entry in staging.iterdir():
        target = out / entry.name
        if entry.is_dir():
            if target.exists():
                shutil.rmtree(target)
            os.replace(entry, target)
        else:
            os.replace(entry, target)
    shutil.rmtree(staging, ignore_errors=True)

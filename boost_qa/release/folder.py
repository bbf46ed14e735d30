"""The release folder: the one owner of its layout, its staging and its metadata files.

Layout (a Hub dataset repository)::

    <root>/README.md                         card with YAML `configs:`
    <root>/dataset_info.json                 LLaMA-Factory's dataset entries
    <root>/<config>/train-00000-of-0000N-<tag>.parquet
    <root>/boost_qa/recipe.yaml              the recipe as built
    <root>/boost_qa/manifest.json            versions, models, fingerprints, counts
    <root>/boost_qa/failures.jsonl           rows that could not be finished, with reasons
    <root>/boost_qa/skipped.jsonl            source rows that were not usable seeds
    <root>/boost_qa/stats.json               statistics of every config
    <root>/boost_qa/changelog.json           published versions
    <root>/boost_qa/plots/                   statistics plots

Every module reaches these files through a :class:`ReleaseFolder`; no other module spells a
path under ``boost_qa/``. Files are written into a staging folder (itself a ``ReleaseFolder``)
beside the release and moved in at the end, so a build that fails or is killed never leaves a
half-written release behind.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

META_DIR = "boost_qa"
"""The release's own metadata folder; readers of the data leave it out."""
ROWS_PER_SHARD = 100_000


@dataclass(frozen=True)
class ReleaseFolder:
    """A release folder on disk (it need not exist yet)."""

    root: Path

    @property
    def meta(self) -> Path:
        """``boost_qa/``: the metadata folder."""
        return self.root / META_DIR

    @property
    def readme(self) -> Path:
        """The dataset card."""
        return self.root / "README.md"

    @property
    def manifest_path(self) -> Path:
        """The reproducibility manifest."""
        return self.meta / "manifest.json"

    @property
    def failures_path(self) -> Path:
        """Rows that could not be finished, one JSON object per line."""
        return self.meta / "failures.jsonl"

    @property
    def skipped_path(self) -> Path:
        """Source rows that were not usable seeds."""
        return self.meta / "skipped.jsonl"

    @property
    def recipe_path(self) -> Path:
        """The recipe as built."""
        return self.meta / "recipe.yaml"

    @property
    def stats_path(self) -> Path:
        """Statistics of every config."""
        return self.meta / "stats.json"

    @property
    def changelog_path(self) -> Path:
        """Published versions, newest last."""
        return self.meta / "changelog.json"

    @property
    def plots_dir(self) -> Path:
        """Statistics plots."""
        return self.meta / "plots"

    @property
    def dataset_info_path(self) -> Path:
        """LLaMA-Factory's ``dataset_info.json``."""
        return self.root / "dataset_info.json"

    def config_dir(self, name: str) -> Path:
        """The folder of one config's (or mix's, or export's) data files."""
        return self.root / name

    def is_release(self) -> bool:
        """Whether a boost-qa build wrote this folder (it has a manifest)."""
        return self.manifest_path.is_file()

    def is_metadata(self, path: Path) -> bool:
        """Whether ``path`` (inside the folder) is release metadata or hidden, not data."""
        parts = path.relative_to(self.root).parts
        return any(part == META_DIR or part.startswith(".") for part in parts)

    # -- JSON lines -------------------------------------------------------------------------

    @staticmethod
    def read_jsonl(path: Path) -> list[dict[str, Any]]:
        """The records of a JSON-lines file; none when it does not exist."""
        return list(iter_jsonl(path))

    @staticmethod
    def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> int:
        """Write records as JSON lines; return how many."""
        path.parent.mkdir(parents=True, exist_ok=True)
        count = 0
        with path.open("w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
        return count

    # -- staging ----------------------------------------------------------------------------

    def staging(self) -> ReleaseFolder:
        """A fresh staging folder beside this one, on the same filesystem, for atomic moves.

        Staging folders left by a build killed while writing are removed first (one build
        writes to one release folder at a time).
        """
        parent, name = self.root.parent, self.root.name
        parent.mkdir(parents=True, exist_ok=True)
        for leftover in parent.glob(f".{name}.staging-*"):
            shutil.rmtree(leftover, ignore_errors=True)
        return ReleaseFolder(Path(tempfile.mkdtemp(prefix=f".{name}.staging-", dir=parent)))

    def publish_staging(self, staging: ReleaseFolder, replaced: Iterable[str] = ()) -> None:
        """Move staged files in; everything this build did not stage is kept.

        Folders named in ``replaced`` and every staged entry replace their counterparts whole.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        for name in replaced:
            target = self.config_dir(name)
            if target.exists():
                shutil.rmtree(target)
            os.replace(staging.config_dir(name), target)
        for entry in staging.root.iterdir():
            target = self.root / entry.name
            if entry.is_dir() and target.exists():
                shutil.rmtree(target)
            os.replace(entry, target)
        shutil.rmtree(staging.root, ignore_errors=True)


def iter_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """The records of a JSON-lines file, streamed; none when it does not exist."""
    if not path.is_file():
        return
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)

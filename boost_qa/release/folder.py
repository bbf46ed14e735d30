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
    <root>/boost_qa/tags.json                a local publish target's tags
    <root>/boost_qa/plots/                   statistics plots

The tag is a fingerprint of the config's rows and is part of the card's ``data_files`` pattern:
``datasets`` 5.2 caches a local folder's config by its name and YAML definition alone, so
without it ``load_dataset(DIR, config)`` returns stale rows after a rebuild into the same folder.

Every module reaches these files through a :class:`ReleaseFolder` (or, for paths inside a
remote repository, the ``*_FILE`` constants); no other module spells a path under
``boost_qa/``. Files are written into a staging folder (itself a ``ReleaseFolder``) beside the
release and moved in at the end, so a build that fails or is killed never leaves a half-written
release behind.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datasets import Dataset

    from boost_qa.release.manifest import Manifest

META_DIR = "boost_qa"
"""The release's own metadata folder; readers of the data leave it out."""
ROWS_PER_SHARD = 100_000
README_FILE = "README.md"
DATASET_INFO_FILE = "dataset_info.json"
MANIFEST_FILE = f"{META_DIR}/manifest.json"
"""Paths in the repository (``/``-separated), as the Hub and a publish plan name them."""
CHANGELOG_FILE = f"{META_DIR}/changelog.json"
TAGS_FILE = f"{META_DIR}/tags.json"
FAILURES_FILE = f"{META_DIR}/failures.jsonl"
SKIPPED_FILE = f"{META_DIR}/skipped.jsonl"
RECIPE_FILE = f"{META_DIR}/recipe.yaml"
STATS_FILE = f"{META_DIR}/stats.json"
PLOTS_DIR = f"{META_DIR}/plots"
DATA_GLOB = "train-*.parquet"


def shard_names(rows: int, tag: str) -> list[str]:
    """Hub-style shard file names for a split of ``rows`` rows."""
    count = max(1, -(-rows // ROWS_PER_SHARD))
    return [f"train-{i:05d}-of-{count:05d}-{tag}.parquet" for i in range(count)]


def data_tag(rows: Dataset) -> str:
    """A short fingerprint of a config's rows, used in its file names."""
    return str(rows._fingerprint)[:16]


def data_files_pattern(name: str, tag: str) -> str:
    """The card's ``data_files`` path of a config: its shards of this tag, and no others."""
    return f"{name}/train-*-{tag}.parquet"


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
        return self.root / README_FILE

    @property
    def manifest_path(self) -> Path:
        """The reproducibility manifest."""
        return self.root / MANIFEST_FILE

    @property
    def failures_path(self) -> Path:
        """Rows that could not be finished, one JSON object per line."""
        return self.root / FAILURES_FILE

    @property
    def skipped_path(self) -> Path:
        """Source rows that were not usable seeds."""
        return self.root / SKIPPED_FILE

    @property
    def recipe_path(self) -> Path:
        """The recipe as built."""
        return self.root / RECIPE_FILE

    @property
    def stats_path(self) -> Path:
        """Statistics of every config."""
        return self.root / STATS_FILE

    @property
    def changelog_path(self) -> Path:
        """Published versions, newest last."""
        return self.root / CHANGELOG_FILE

    @property
    def tags_path(self) -> Path:
        """A local publish target's tags (version -> commit)."""
        return self.root / TAGS_FILE

    @property
    def plots_dir(self) -> Path:
        """Statistics plots."""
        return self.root / PLOTS_DIR

    @property
    def dataset_info_path(self) -> Path:
        """LLaMA-Factory's ``dataset_info.json``."""
        return self.root / DATASET_INFO_FILE

    def config_dir(self, name: str) -> Path:
        """The folder of one config's (or mix's, or export's) data files."""
        return self.root / name

    def config_files(self, name: str) -> list[Path]:
        """The parquet shards of one config, in order (none when it has no folder)."""
        return sorted(self.config_dir(name).glob(DATA_GLOB))

    def is_release(self) -> bool:
        """Whether a boost-qa build wrote this folder (it has a manifest)."""
        return self.manifest_path.is_file()

    def is_metadata(self, path: Path) -> bool:
        """Whether ``path`` (inside the folder) is release metadata or hidden, not data."""
        parts = path.relative_to(self.root).parts
        return any(part == META_DIR or part.startswith(".") for part in parts)

    def files(self) -> dict[str, Path]:
        """Every file of the release but hidden ones, by its ``/``-separated repository path."""
        return {
            p.relative_to(self.root).as_posix(): p
            for p in sorted(self.root.rglob("*"))
            if p.is_file() and not any(s.startswith(".") for s in p.relative_to(self.root).parts)
        }

    def relative(self, path: Path) -> str:
        """``path`` (inside the folder) as a ``/``-separated path relative to the root."""
        return path.relative_to(self.root).as_posix()

    # -- data -------------------------------------------------------------------------------

    def write_config(self, name: str, rows: Dataset, tag: str) -> list[str]:
        """Write one config's rows as parquet shards; return the file names."""
        folder = self.config_dir(name)
        folder.mkdir(parents=True, exist_ok=True)
        names = shard_names(len(rows), tag)
        for index, file in enumerate(names):
            shard = rows.shard(num_shards=len(names), index=index, contiguous=True)
            shard.to_parquet(str(folder / file))
        return names

    def link_config(self, release: ReleaseFolder, name: str) -> None:
        """Make a config of ``release`` readable here too, without copying its data.

        Its files are hard-linked (copied where the filesystem cannot link), so statistics
        and the card of a staged build see the configs it keeps as well as those it rebuilt.
        """
        target = self.config_dir(name)
        target.mkdir(parents=True, exist_ok=True)
        for file in release.config_files(name):
            try:
                os.link(file, target / file.name)
            except OSError:
                shutil.copy2(file, target / file.name)

    # -- metadata ---------------------------------------------------------------------------

    def read_manifest(self) -> Manifest:
        """The typed manifest (older manifests are read too; see ``release.manifest``).

        Raises:
            SourceError: The folder has no manifest, or it cannot be read.
        """
        from boost_qa.release.manifest import read_manifest

        return read_manifest(self.manifest_path)

    def write_manifest(self, manifest: Manifest) -> Path:
        """Write the manifest (with the current ``manifest_version``); return its path."""
        from boost_qa.release.manifest import manifest_json

        self.meta.mkdir(parents=True, exist_ok=True)
        self.manifest_path.write_text(manifest_json(manifest), encoding="utf-8")
        return self.manifest_path

    def read_changelog(self) -> list[dict[str, Any]]:
        """Published versions, oldest first; none before the first publish."""
        path = self.changelog_path
        return list(json.loads(path.read_text(encoding="utf-8"))) if path.is_file() else []

    def read_stats(self) -> dict[str, Any] | None:
        """``stats.json`` when the release has one."""
        path = self.stats_path
        return dict(json.loads(path.read_text(encoding="utf-8"))) if path.is_file() else None

    def write_stats(self, stats: dict[str, Any]) -> Path:
        """Write ``stats.json``; return its path."""
        self.meta.mkdir(parents=True, exist_ok=True)
        text = json.dumps(stats, indent=2, ensure_ascii=False) + "\n"
        self.stats_path.write_text(text, encoding="utf-8")
        return self.stats_path

    def plots(self) -> list[Path]:
        """The PNG plots saved in the release, by name."""
        return sorted(self.plots_dir.glob("*.png"))

    def read_recipe_text(self) -> str:
        """The recipe as built (raises ``OSError`` when it is missing)."""
        return self.recipe_path.read_text(encoding="utf-8")

    def write_recipe_text(self, text: str) -> Path:
        """Write the recipe as built; return its path."""
        self.meta.mkdir(parents=True, exist_ok=True)
        self.recipe_path.write_text(text, encoding="utf-8")
        return self.recipe_path

    def read_failures(self) -> list[dict[str, Any]]:
        """The rows that could not be finished."""
        return self.read_jsonl(self.failures_path)

    def write_failures(self, records: Iterable[dict[str, Any]]) -> int:
        """Write the rows that could not be finished; return how many."""
        return self.write_jsonl(self.failures_path, records)

    def write_skipped(self, records: Iterable[dict[str, Any]]) -> int:
        """Write the source rows that were not usable seeds; return how many."""
        return self.write_jsonl(self.skipped_path, records)

    def write_readme(self, text: str) -> Path:
        """Write the card, atomically (a reader never sees half a card); return its path."""
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = self.readme.with_suffix(".md.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(self.readme)
        return self.readme

    def read_json(self, relative: str) -> Any:
        """A JSON file of the release by repository path; None when it does not exist."""
        path = self.root / relative
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None

    def write_json(self, relative: str, value: Any) -> Path:
        """Write a JSON file of the release by repository path; return its path."""
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value, indent=2) + "\n", encoding="utf-8")
        return path

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

    def copy_metadata_to(self, staging: ReleaseFolder) -> None:
        """Copy ``boost_qa/`` into ``staging``, to be changed there and moved back whole."""
        shutil.copytree(self.meta, staging.meta, dirs_exist_ok=True)

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

    def discard_config(self, name: str) -> None:
        """Remove one config's folder (and its files)."""
        shutil.rmtree(self.config_dir(name), ignore_errors=True)

    def discard(self) -> None:
        """Remove this (staging) folder and everything in it."""
        shutil.rmtree(self.root, ignore_errors=True)


def iter_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """The records of a JSON-lines file, streamed; none when it does not exist."""
    if not path.is_file():
        return
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)

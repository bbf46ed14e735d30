"""A local folder as a publish target, for users without the Hub.

``DIR`` holds the current release (the same layout as the Hub repository, loadable with
``load_dataset(DIR, config)``); each version is also kept whole in ``DIR@vX.Y.Z`` beside it,
and the release folder's tags file records the tags. Changes land through a staging copy and an
atomic rename, so a failed publish leaves the previous state intact.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import xxhash

from boost_qa.publish.target import CommitResult, PublishError, RemoteState, Target
from boost_qa.release.folder import CHANGELOG_FILE, MANIFEST_FILE, TAGS_FILE, ReleaseFolder

TAGS = TAGS_FILE


class LocalTarget(Target):
    """Publishes into a folder; versions are sibling snapshot folders."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.name = f"folder:{folder}"
        self.repo_id = folder.name  # the card names the folder, never where it is

    def _files(self) -> list[str]:
        if not self.folder.is_dir():
            return []
        return sorted(
            str(p.relative_to(self.folder)) for p in self.folder.rglob("*") if p.is_file()
        )

    def _read(self, path: str) -> Any:
        return ReleaseFolder(self.folder).read_json(path)

    def state(self) -> RemoteState:
        """The folder's files, tags, manifest and changelog."""
        if not self.folder.is_dir():
            return RemoteState(exists=False)
        files = [f for f in self._files() if f != TAGS]
        head = xxhash.xxh64_hexdigest(
            "".join(f"{f}:{(self.folder / f).stat().st_size}" for f in files).encode()
        )
        return RemoteState(
            exists=True,
            head=head,
            tags=self._read(TAGS) or {},
            files=files,
            manifest=self._read(MANIFEST_FILE),
            changelog=self._read(CHANGELOG_FILE) or [],
        )

    def ensure_repo(self, private: bool) -> None:
        """Create the folder."""
        self.folder.mkdir(parents=True, exist_ok=True)

    def commit(
        self,
        uploads: dict[str, Any],
        deletes: list[str],
        *,
        message: str,
        parent: str | None,
        create_pr: bool,
    ) -> CommitResult:
        """Build the new state in a staging copy, then swap it in."""
        if create_pr:
            raise PublishError("--create-pr needs the Hub; a local folder has no pull requests")
        if parent is not None and self.state().head != parent:
            raise PublishError(f"{self.folder} changed while publishing; run the command again")
        staging = Path(tempfile.mkdtemp(prefix=f".{self.folder.name}.", dir=self.folder.parent))
        shutil.rmtree(staging)
        shutil.copytree(self.folder, staging)
        for path in deletes:
            (staging / path).unlink(missing_ok=True)
        for path, content in uploads.items():
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, Path):
                shutil.copyfile(content, target)
            else:
                target.write_bytes(content)
        old = self.folder.with_name(f".{self.folder.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(self.folder, old)
        os.replace(staging, self.folder)
        shutil.rmtree(old, ignore_errors=True)
        return CommitResult(oid=self.state().head or "")

    def tag(self, tag: str, oid: str, message: str) -> None:
        """Snapshot the folder as ``DIR@<tag>`` and record the tag."""
        tags = self._read(TAGS) or {}
        if tag in tags:
            raise PublishError(f"{self.folder}: tag {tag} already exists; a tag is never moved")
        snapshot = self.folder.with_name(f"{self.folder.name}@{tag}")
        shutil.copytree(self.folder, snapshot)
        tags[tag] = oid
        ReleaseFolder(self.folder).write_json(TAGS, tags)

"""What a publish changes: merged manifest, changelog and card, files to add and delete.

Pure over plain data: the remote side is given as its file list and its stored manifest and
changelog, so the plan is the same for the Hub and for a local target, and testable on strings.

Configs present in the release folder replace the remote folders of the same name; configs not
rebuilt keep their files (and their manifest entries) from the previous version.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from boost_qa.release.card import render_release_card
from boost_qa.release.folder import (
    CHANGELOG_FILE,
    MANIFEST_FILE,
    README_FILE,
    ReleaseFolder,
)
from boost_qa.release.manifest import Manifest, manifest_json, parse_manifest

CHANGELOG = CHANGELOG_FILE
MANIFEST = MANIFEST_FILE
GENERATED = {README_FILE, MANIFEST, CHANGELOG}


@dataclass
class PublishPlan:
    """Files to upload (path in repo → local path or bytes) and remote paths to delete."""

    version: str
    built_from: str | None
    uploads: dict[str, Path | bytes] = field(default_factory=dict)
    deletes: list[str] = field(default_factory=list)
    kept_configs: list[str] = field(default_factory=list)
    stale_mixes: list[str] = field(default_factory=list)
    rebuilt_configs: list[str] = field(default_factory=list)
    manifest: Manifest | None = None


def release_files(folder: Path) -> dict[str, Path]:
    """Every file of a release folder, by its path in the repository."""
    return ReleaseFolder(folder).files()


def plan_publish(
    folder: Path,
    *,
    repo_id: str,
    version: str,
    note: str,
    remote_files: list[str],
    remote_manifest: dict[str, Any] | None,
    remote_changelog: list[dict[str, Any]],
    built_from: str | None,
) -> PublishPlan:
    """Merge the local release over the remote state."""
    release = ReleaseFolder(folder)
    local = release.files()
    manifest = release.read_manifest()
    remote = (
        parse_manifest(remote_manifest, where=f"remote {MANIFEST}") if remote_manifest else None
    )
    rebuilt = [*manifest.configs, *manifest.mixes]
    merged = _merge_manifest(manifest, remote, version, built_from)
    kept = [n for n in [*merged.configs, *merged.mixes] if n not in rebuilt]
    changelog = [*remote_changelog, _entry(manifest, version, built_from, note)]
    plan = PublishPlan(version, built_from, kept_configs=kept, rebuilt_configs=rebuilt)
    plan.manifest = merged
    plan.stale_mixes = sorted(
        name
        for name, mix in merged.mixes.items()
        if name in kept and set(mix.weights) & set(rebuilt)
    )
    plan.uploads = {path: p for path, p in local.items() if path not in GENERATED}
    plan.uploads[MANIFEST] = manifest_json(merged).encode()
    plan.uploads[CHANGELOG] = (json.dumps(changelog, indent=2) + "\n").encode()
    card = render_release_card(merged, repo_id=repo_id, changelog=changelog, folder=release)
    plan.uploads[README_FILE] = card.encode()
    plan.deletes = sorted(
        path
        for path in remote_files
        if path.split("/", 1)[0] in rebuilt and "/" in path and path not in plan.uploads
    )
    return plan


def _merge_manifest(
    local: Manifest, remote: Manifest | None, version: str, built_from: str | None
) -> Manifest:
    merged = local.model_copy(deep=True)
    if remote is not None:
        merged.configs = {**remote.configs, **merged.configs}
        licences = {**remote.release.config_licenses, **merged.release.config_licenses}
        merged.release.config_licenses = licences
    merged.mixes = {**(remote.mixes if remote else {}), **merged.mixes}
    merged.version = version
    merged.built_from = built_from
    merged.published_at = datetime.now(UTC).isoformat(timespec="seconds")
    return merged


def _entry(manifest: Manifest, version: str, built_from: str | None, note: str) -> dict[str, Any]:
    models = sorted({m.model for m in manifest.models.values()})
    return {
        "version": version,
        "date": datetime.now(UTC).date().isoformat(),
        "built_from": built_from,
        "configs": {
            **{n: c.rows for n, c in manifest.configs.items()},
            **{n: m.rows for n, m in manifest.mixes.items()},
        },
        "models": models,
        "note": note,
    }

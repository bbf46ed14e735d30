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
from boost_qa.release.layout import META_DIR

CHANGELOG = f"{META_DIR}/changelog.json"
MANIFEST = f"{META_DIR}/manifest.json"
GENERATED = {"README.md", MANIFEST, CHANGELOG}


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
    manifest: dict[str, Any] = field(default_factory=dict)


def release_files(folder: Path) -> dict[str, Path]:
    """Every file of a release folder, by its path in the repository."""
    return {
        str(p.relative_to(folder)): p
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    }


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
    local = release_files(folder)
    manifest = json.loads(local[MANIFEST].read_text(encoding="utf-8"))
    rebuilt = list(manifest["configs"]) + list(manifest.get("mixes", {}))
    merged = _merge_manifest(manifest, remote_manifest, version, built_from)
    kept = [n for n in list(merged["configs"]) + list(merged["mixes"]) if n not in rebuilt]
    changelog = [*remote_changelog, _entry(manifest, version, built_from, note)]
    plan = PublishPlan(version, built_from, kept_configs=kept, rebuilt_configs=rebuilt)
    plan.manifest = merged
    plan.stale_mixes = sorted(
        name
        for name, mix in merged["mixes"].items()
        if name in kept and set(mix.get("weights", {})) & set(rebuilt)
    )
    plan.uploads = {path: p for path, p in local.items() if path not in GENERATED}
    plan.uploads[MANIFEST] = (json.dumps(merged, indent=2) + "\n").encode()
    plan.uploads[CHANGELOG] = (json.dumps(changelog, indent=2) + "\n").encode()
    card = render_release_card(merged, repo_id=repo_id, changelog=changelog, folder=folder)
    plan.uploads["README.md"] = card.encode()
    plan.deletes = sorted(
        path
        for path in remote_files
        if path.split("/", 1)[0] in rebuilt and "/" in path and path not in plan.uploads
    )
    return plan


def _merge_manifest(
    local: dict[str, Any],
    remote: dict[str, Any] | None,
    version: str,
    built_from: str | None,
) -> dict[str, Any]:
    merged = dict(local)
    remote = remote or {}
    merged["configs"] = {**remote.get("configs", {}), **local["configs"]}
    merged["mixes"] = {**remote.get("mixes", {}), **local.get("mixes", {})}
    release = dict(local["release"])
    release["config_licenses"] = {
        **remote.get("release", {}).get("config_licenses", {}),
        **local["release"]["config_licenses"],
    }
    merged["release"] = release
    merged["version"] = version
    merged["built_from"] = built_from
    merged["published_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    return merged


def _entry(
    manifest: dict[str, Any], version: str, built_from: str | None, note: str
) -> dict[str, Any]:
    models = sorted({m["model"] for m in manifest["models"].values()})
    return {
        "version": version,
        "date": datetime.now(UTC).date().isoformat(),
        "built_from": built_from,
        "configs": {
            **{n: c["rows"] for n, c in manifest["configs"].items()},
            **{n: m["rows"] for n, m in manifest.get("mixes", {}).items()},
        },
        "models": models,
        "note": note,
    }

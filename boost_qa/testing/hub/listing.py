"""The read-side JSON of the test Hub: repo info, refs, commit lists, tree and paths-info entries.

The shapes follow what ``huggingface_hub`` 1.33 parses: ``RepoFile``/``RepoFolder`` from tree and
paths-info entries (``lfs.oid``), ``RepoSibling`` from repo info (``lfs.sha256``: a different
key for the same value), ``GitRefs`` from ``/refs`` and ``GitCommitInfo`` from ``/commits``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any, Final

import yaml

from boost_qa.testing.hub.state import Blob, BlobStore, Commit, HubError, Repo

__all__ = [
    "commit_json",
    "entry_json",
    "list_tree",
    "paths_info",
    "refs_json",
    "repo_info_json",
]

_SAFE_SCAN: Final = {
    "status": "safe",
    "avScan": {"virusFound": False, "virusNames": None},
    "pickleImportScan": None,
}
_README: Final = "README.md"


def _folder_fingerprint(files: Mapping[str, Blob], folder: str) -> tuple[tuple[str, str], ...]:
    prefix = folder + "/"
    return tuple(sorted((p, b.git_oid) for p, b in files.items() if p.startswith(prefix)))


def folder_oid(files: Mapping[str, Blob], folder: str) -> str:
    """Return a stable 40-hex id for a folder's content (a stand-in for the git tree id)."""
    text = json.dumps(_folder_fingerprint(files, folder), separators=(",", ":"))
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


def list_tree(
    files: Mapping[str, Blob], folder: str, recursive: bool
) -> list[tuple[str, Blob | None]]:
    """List a folder (``""`` is the root) as ``(path, blob)`` pairs; folders have ``None``.

    Raises:
        HubError: 404 ``EntryNotFound`` when a non-root folder does not exist.
    """
    prefix = folder + "/" if folder else ""
    found: dict[str, Blob | None] = {}
    for path, blob in files.items():
        if not path.startswith(prefix):
            continue
        parts = path[len(prefix) :].split("/")
        depth = len(parts) if recursive else 1
        for i in range(1, min(depth, len(parts) - 1) + 1):
            found.setdefault(prefix + "/".join(parts[:i]), None)
        if recursive or len(parts) == 1:
            found[path] = blob
    if folder and not found:
        raise HubError(404, f"Folder not found: {folder}", "EntryNotFound")
    return sorted(found.items())


def last_commit(repo: Repo, commit: Commit, path: str, is_folder: bool) -> Commit:
    """Return the commit that gave ``path`` its content as of ``commit`` (first-parent walk)."""

    def state_of(c: Commit) -> object:
        return _folder_fingerprint(c.files, path) if is_folder else c.files.get(path)

    current = state_of(commit)
    last = commit
    for ancestor in repo.history(commit):
        if state_of(ancestor) != current:
            break
        last = ancestor
    return last


def entry_json(
    repo: Repo, commit: Commit, path: str, blob: Blob | None, expand: bool
) -> dict[str, Any]:
    """Return one tree / paths-info entry (a file when ``blob`` is set, else a folder)."""
    if blob is None:
        entry: dict[str, Any] = {
            "type": "directory",
            "oid": folder_oid(commit.files, path),
            "size": 0,
            "path": path,
        }
    else:
        entry = {"type": "file", "oid": blob.git_oid, "size": blob.size, "path": path}
        if blob.lfs:
            entry["lfs"] = {"oid": blob.sha256, "size": blob.size, "pointerSize": blob.pointer_size}
    if expand:
        last = last_commit(repo, commit, path, is_folder=blob is None)
        entry["lastCommit"] = {"id": last.oid, "title": last.title, "date": last.date}
        if blob is not None:
            entry["securityFileStatus"] = _SAFE_SCAN
    return entry


def paths_info(repo: Repo, commit: Commit, paths: list[str], expand: bool) -> list[dict[str, Any]]:
    """Return entries for the paths that exist (files or folders); missing paths are skipped."""
    entries = []
    for raw in paths:
        path = raw.strip("/")
        blob = commit.files.get(path)
        if blob is not None:
            entries.append(entry_json(repo, commit, path, blob, expand))
        elif path and any(p.startswith(path + "/") for p in commit.files):
            entries.append(entry_json(repo, commit, path, None, expand))
    return entries


def card_data(commit: Commit, store: BlobStore) -> dict[str, Any] | None:
    """Return the YAML front matter of the commit's README.md, if any and valid."""
    blob = commit.files.get(_README)
    if blob is None:
        return None
    text = store.get(blob.sha256).decode("utf-8", errors="replace")
    front = split_front_matter(text)
    if front is None:
        return None
    try:
        data = yaml.safe_load(front)
    except yaml.YAMLError:
        return None
    return data if isinstance(data, dict) else None


def split_front_matter(text: str) -> str | None:
    """Return the YAML between a leading ``---`` line and the next ``---`` line, if present."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return None
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            return "\n".join(lines[1:index])
    return None


def _sibling(path: str, blob: Blob, blobs: bool) -> dict[str, Any]:
    sibling: dict[str, Any] = {"rfilename": path}
    if blobs:
        sibling.update(blobId=blob.git_oid, size=blob.size)
        if blob.lfs:
            sibling["lfs"] = {
                "sha256": blob.sha256,
                "size": blob.size,
                "pointerSize": blob.pointer_size,
            }
    return sibling


def repo_info_json(repo: Repo, commit: Commit, store: BlobStore, blobs: bool) -> dict[str, Any]:
    """Return the ``/api/{type}s/{repo}[/revision/{rev}]`` body for ``commit``."""
    info: dict[str, Any] = {
        "_id": repo.uid,
        "id": repo.repo_id,
        "author": repo.repo_id.split("/")[0],
        "sha": commit.oid,
        "lastModified": commit.date,
        "createdAt": repo.created_at,
        "private": repo.private,
        "gated": repo.gated,
        "disabled": False,
        "downloads": 0,
        "likes": 0,
        "tags": [],
        "siblings": [_sibling(p, b, blobs) for p, b in sorted(commit.files.items())],
        "usedStorage": sum(b.size for b in commit.files.values()),
    }
    if repo.repo_type == "model":
        info["modelId"] = repo.repo_id
    card = card_data(commit, store)
    if card is not None:
        info["cardData"] = card
    return info


def refs_json(repo: Repo, include_prs: bool) -> dict[str, Any]:
    """Return the ``/refs`` body (``pullRequests`` only when asked for)."""

    def ref(name: str, full: str, oid: str) -> dict[str, str]:
        return {"name": name, "ref": full, "targetCommit": oid}

    data: dict[str, Any] = {
        "branches": [ref(b, f"refs/heads/{b}", o) for b, o in sorted(repo.branches.items())],
        "converts": [],
        "tags": [ref(t, f"refs/tags/{t}", o) for t, o in sorted(repo.tags.items())],
    }
    if include_prs:
        data["pullRequests"] = [
            ref(f"refs/pr/{n}", f"refs/pr/{n}", o) for n, o in sorted(repo.pulls.items())
        ]
    return data


def commit_json(commit: Commit) -> dict[str, Any]:
    """Return one item of the ``/commits/{rev}`` list."""
    return {
        "id": commit.oid,
        "title": commit.title,
        "message": commit.message,
        "authors": [{"user": commit.author, "avatar": None}],
        "date": commit.date,
    }

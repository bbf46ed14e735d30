"""State of the boost-qa test Hub: repos, refs, immutable commit snapshots and a blob store.

Everything here is synchronous and free of HTTP: the routes translate requests into calls on
:class:`HubState` and :class:`HubError` into responses. A commit's file map is a read-only
mapping built by copying its parent's map (copy-on-write), so every commit stays an immutable
snapshot however the branch moves later.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

__all__ = [
    "REPO_TYPES",
    "URL_PREFIXES",
    "Blob",
    "BlobStore",
    "Commit",
    "HubError",
    "HubState",
    "Repo",
    "git_blob_oid",
    "now_iso",
]

REPO_TYPES: Final = ("model", "dataset", "space")
URL_PREFIXES: Final = {"model": "", "dataset": "datasets/", "space": "spaces/"}
DEFAULT_BRANCH: Final = "main"
_HEX40: Final = re.compile(r"[0-9a-f]{40}")
_SHORT_OID: Final = re.compile(r"[0-9a-f]{7,39}")
_PR_REF: Final = re.compile(r"refs/pr/(\d+)")
_REF_NAME: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+\-/]*")
_GITATTRIBUTES: Final = b"".join(
    f"*.{ext} filter=lfs diff=lfs merge=lfs -text\n".encode()
    for ext in ("arrow", "bin", "gz", "jpg", "npy", "parquet", "png", "safetensors", "zip", "zst")
)
_EMPTY: Final[Mapping[str, Blob]] = MappingProxyType({})


class HubError(Exception):
    """An error the routes turn into an HTTP answer the Hub client understands.

    Args:
        status: HTTP status code.
        message: Human-readable message (JSON ``error`` field and ``X-Error-Message`` header).
        code: Value of the ``X-Error-Code`` header (``RepoNotFound``, ``RevisionNotFound``,
            ``EntryNotFound``), which ``huggingface_hub`` maps to its exception classes.
        headers: Extra response headers (e.g. ``X-Repo-Commit`` on a missing file).
    """

    def __init__(
        self,
        status: int,
        message: str,
        code: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.headers = dict(headers or {})


def now_iso() -> str:
    """Return the current UTC time in the Hub's format, e.g. ``2026-11-23T10:00:00.123Z``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def git_blob_oid(data: bytes) -> str:
    """Return the git blob sha1 of ``data`` (what ``git hash-object`` prints)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def lfs_pointer(sha256: str, size: int) -> bytes:
    """Return the git-lfs pointer file git stores in place of an LFS file's content."""
    return (
        f"version https://git-lfs.github.com/spec/v1\noid sha256:{sha256}\nsize {size}\n".encode()
    )


@dataclass(frozen=True)
class Blob:
    """The content identity of one file in a commit (the content itself is in the BlobStore).

    Attributes:
        sha256: sha256 hex of the content; the BlobStore key and the LFS oid.
        size: Content size in bytes.
        git_oid: Git blob sha1: of the content for regular files, of the pointer for LFS files.
        lfs: Whether the file is stored with git-lfs.
    """

    sha256: str
    size: int
    git_oid: str
    lfs: bool

    @property
    def pointer_size(self) -> int:
        """Size of the git-lfs pointer file (meaningful for LFS files only)."""
        return len(lfs_pointer(self.sha256, self.size))

    @property
    def etag(self) -> str:
        """The ETag the Hub sends on resolve: the sha256 for LFS files, else the git oid."""
        return self.sha256 if self.lfs else self.git_oid

    @classmethod
    def for_content(cls, sha256: str, size: int, data: bytes | None, lfs: bool) -> Blob:
        """Build the blob of a regular file (from ``data``) or an LFS file (from its pointer)."""
        if lfs:
            return cls(sha256, size, git_blob_oid(lfs_pointer(sha256, size)), True)
        if data is None:
            raise ValueError("regular files need their content to compute the git oid")
        return cls(sha256, size, git_blob_oid(data), False)


@dataclass(frozen=True)
class Commit:
    """An immutable commit: metadata plus a read-only snapshot of every file.

    Attributes:
        oid: 40-hex commit id (sha1 of the commit's canonical JSON).
        parents: Parent commit ids (empty for a root commit).
        title: Commit summary.
        message: Commit description.
        author: User name of the committer.
        date: ISO-8601 UTC timestamp with milliseconds.
        files: Read-only ``path -> Blob`` map of the whole tree.
    """

    oid: str
    parents: tuple[str, ...]
    title: str
    message: str
    author: str
    date: str
    files: Mapping[str, Blob] = field(repr=False)

    def to_json(self) -> dict[str, Any]:
        """Serialise for the storage file."""
        files = {p: [b.sha256, b.size, b.git_oid, b.lfs] for p, b in sorted(self.files.items())}
        return {
            "oid": self.oid,
            "parents": list(self.parents),
            "title": self.title,
            "message": self.message,
            "author": self.author,
            "date": self.date,
            "files": files,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Commit:
        """Inverse of :meth:`to_json`."""
        files = {
            p: Blob(str(v[0]), int(v[1]), str(v[2]), bool(v[3])) for p, v in data["files"].items()
        }
        return cls(
            oid=data["oid"],
            parents=tuple(data["parents"]),
            title=data["title"],
            message=data["message"],
            author=data["author"],
            date=data["date"],
            files=MappingProxyType(files),
        )


class BlobStore:
    """Content-addressed file contents keyed by sha256, in memory or under ``root/blobs``."""

    def __init__(self, root: Path | None = None) -> None:
        self._root = root / "blobs" if root is not None else None
        self._memory: dict[str, bytes] = {}
        if self._root is not None:
            self._root.mkdir(parents=True, exist_ok=True)

    def _path(self, sha256: str) -> Path:
        assert self._root is not None
        return self._root / sha256[:2] / sha256

    def put(self, data: bytes) -> str:
        """Store ``data`` (idempotent) and return its sha256 hex."""
        sha256 = hashlib.sha256(data).hexdigest()
        if self._root is None:
            self._memory.setdefault(sha256, data)
        elif not self._path(sha256).exists():
            _atomic_write(self._path(sha256), data)
        return sha256

    def has(self, sha256: str) -> bool:
        """Whether the store holds this content."""
        if self._root is None:
            return sha256 in self._memory
        return _is_sha256(sha256) and self._path(sha256).exists()

    def get(self, sha256: str) -> bytes:
        """Return the content with this sha256 (``KeyError`` when missing)."""
        if self._root is None:
            return self._memory[sha256]
        try:
            return self._path(sha256).read_bytes()
        except FileNotFoundError:
            raise KeyError(sha256) from None

    def size(self, sha256: str) -> int:
        """Return the size of the content with this sha256 (``KeyError`` when missing)."""
        if self._root is None:
            return len(self._memory[sha256])
        try:
            return self._path(sha256).stat().st_size
        except FileNotFoundError:
            raise KeyError(sha256) from None


@dataclass
class Repo:
    """One repository: its commits and its refs (branches, tags, pull-request refs).

    Attributes:
        repo_type: ``model``, ``dataset`` or ``space``.
        repo_id: ``namespace/name``.
        private: Private repos are invisible without a valid token.
        created_at: ISO-8601 creation time.
        uid: Opaque 24-hex id (the Hub's ``_id``).
        commits: Every commit ever made, by oid.
        branches: Branch name -> head commit oid.
        tags: Tag name -> commit oid (tags never move).
        tag_messages: Tag name -> annotation message.
        pulls: Pull-request number -> head commit oid of ``refs/pr/N``.
        gated: ``False``, ``"auto"`` or ``"manual"`` (stored, not enforced).
    """

    repo_type: str
    repo_id: str
    private: bool = False
    created_at: str = field(default_factory=now_iso)
    uid: str = field(default_factory=lambda: secrets.token_hex(12))
    commits: dict[str, Commit] = field(default_factory=dict)
    branches: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    tag_messages: dict[str, str] = field(default_factory=dict)
    pulls: dict[int, str] = field(default_factory=dict)
    gated: str | bool = False

    @property
    def key(self) -> tuple[str, str]:
        """``(repo_type, repo_id)``, the key of the repo in :attr:`HubState.repos`."""
        return self.repo_type, self.repo_id

    @property
    def url_path(self) -> str:
        """Path of the repo's web page, e.g. ``datasets/owner/name``."""
        return URL_PREFIXES[self.repo_type] + self.repo_id

    def resolve(self, revision: str) -> Commit:
        """Return the commit a branch, tag, ``refs/...`` name or (short) commit id points to.

        Raises:
            HubError: 404 ``RevisionNotFound`` when nothing matches.
        """
        oid = self._resolve_oid(revision)
        if oid is None:
            raise HubError(404, f"Invalid rev id: {revision}", "RevisionNotFound")
        return self.commits[oid]

    def _resolve_oid(self, revision: str) -> str | None:
        for prefix, refs in (("", self.branches), ("", self.tags), ("refs/heads/", self.branches)):
            if revision.startswith(prefix) and revision[len(prefix) :] in refs:
                return refs[revision[len(prefix) :]]
        if revision.startswith("refs/tags/"):
            return self.tags.get(revision[len("refs/tags/") :])
        pr = _PR_REF.fullmatch(revision)
        if pr is not None:
            return self.pulls.get(int(pr.group(1)))
        lowered = revision.lower()
        if _HEX40.fullmatch(lowered):
            return lowered if lowered in self.commits else None
        if _SHORT_OID.fullmatch(lowered):
            found = [oid for oid in self.commits if oid.startswith(lowered)]
            return found[0] if len(found) == 1 else None
        return None

    def head(self) -> Commit:
        """The head commit of the default branch."""
        return self.commits[self.branches[DEFAULT_BRANCH]]

    def history(self, commit: Commit) -> Iterator[Commit]:
        """Yield ``commit`` and its first-parent ancestors, newest first."""
        current: Commit | None = commit
        while current is not None:
            yield current
            current = self.commits[current.parents[0]] if current.parents else None

    def to_json(self) -> dict[str, Any]:
        """Serialise for the storage file."""
        return {
            "repo_type": self.repo_type,
            "repo_id": self.repo_id,
            "private": self.private,
            "created_at": self.created_at,
            "uid": self.uid,
            "gated": self.gated,
            "commits": [c.to_json() for c in self.commits.values()],
            "branches": self.branches,
            "tags": self.tags,
            "tag_messages": self.tag_messages,
            "pulls": {str(n): oid for n, oid in self.pulls.items()},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Repo:
        """Inverse of :meth:`to_json`."""
        commits = [Commit.from_json(c) for c in data["commits"]]
        return cls(
            repo_type=data["repo_type"],
            repo_id=data["repo_id"],
            private=bool(data["private"]),
            created_at=data["created_at"],
            uid=data["uid"],
            gated=data.get("gated", False),
            commits={c.oid: c for c in commits},
            branches=dict(data["branches"]),
            tags=dict(data["tags"]),
            tag_messages=dict(data.get("tag_messages", {})),
            pulls={int(n): oid for n, oid in data["pulls"].items()},
        )


def validate_ref_name(name: str, kind: str) -> None:
    """Reject branch or tag names git or the Hub would refuse (``HubError`` 400)."""
    bad = (
        not _REF_NAME.fullmatch(name)
        or name.startswith("refs/")
        or ".." in name
        or name.endswith((".lock", "/", "."))
        or "//" in name
        or _HEX40.fullmatch(name) is not None
    )
    if bad:
        raise HubError(400, f"Invalid {kind} name: {name!r}")


class HubState:
    """All repositories and blobs of one test Hub; optionally persisted under ``storage``.

    Args:
        storage: Directory for ``state.json`` and ``blobs/``; ``None`` keeps everything in memory.
        username: Name of the single user every valid token belongs to.
    """

    def __init__(self, storage: Path | None = None, username: str = "boost-qa") -> None:
        self.storage = storage
        self.username = username
        self.repos: dict[tuple[str, str], Repo] = {}
        self.blobs = BlobStore(storage)
        self._next_seq = 0
        if storage is not None and (storage / "state.json").exists():
            self._load(storage / "state.json")

    def get_repo(self, repo_type: str, repo_id: str) -> Repo:
        """Return a repo or raise 404 ``RepoNotFound``."""
        repo = self.repos.get((repo_type, repo_id))
        if repo is None:
            raise HubError(404, f"Repository not found: {repo_type} {repo_id}", "RepoNotFound")
        return repo

    def create_repo(self, repo_type: str, repo_id: str, private: bool) -> Repo:
        """Create a repo whose ``main`` has one commit with a ``.gitattributes`` (409 if taken)."""
        if repo_type not in REPO_TYPES:
            raise HubError(400, f"Invalid repo type: {repo_type!r}")
        if (repo_type, repo_id) in self.repos:
            raise HubError(409, f"You already created this {repo_type} repo: {repo_id}")
        repo = Repo(repo_type, repo_id, private=private)
        sha256 = self.blobs.put(_GITATTRIBUTES)
        blob = Blob.for_content(sha256, len(_GITATTRIBUTES), _GITATTRIBUTES, lfs=False)
        initial = self.new_commit(repo, (), "initial commit", "", {".gitattributes": blob})
        repo.branches[DEFAULT_BRANCH] = initial.oid
        self.repos[repo.key] = repo
        self.save()
        return repo

    def delete_repo(self, repo_type: str, repo_id: str) -> None:
        """Delete a repo (404 ``RepoNotFound`` if missing); blobs stay in the store."""
        self.get_repo(repo_type, repo_id)
        del self.repos[(repo_type, repo_id)]
        self.save()

    def new_commit(
        self,
        repo: Repo,
        parents: tuple[str, ...],
        title: str,
        message: str,
        files: Mapping[str, Blob],
    ) -> Commit:
        """Create, register and return a commit (refs are not moved here)."""
        snapshot = MappingProxyType(dict(files))
        self._next_seq += 1
        canonical = {
            "repo": repo.repo_id,
            "seq": self._next_seq,
            "parents": parents,
            "title": title,
            "message": message,
            "tree": sorted((p, b.git_oid) for p, b in snapshot.items()),
        }
        text = json.dumps(canonical, sort_keys=True, separators=(",", ":"))
        oid = hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()
        commit = Commit(oid, parents, title, message, self.username, now_iso(), snapshot)
        repo.commits[oid] = commit
        return commit

    def create_tag(self, repo: Repo, revision: str, tag: str, message: str) -> Commit:
        """Tag the commit ``revision`` resolves to; 409 if the tag exists (tags never move)."""
        validate_ref_name(tag, "tag")
        commit = repo.resolve(revision)
        if tag in repo.tags:
            raise HubError(409, f"Tag {tag!r} already exists (tags are never moved)")
        repo.tags[tag] = commit.oid
        if message:
            repo.tag_messages[tag] = message
        self.save()
        return commit

    def delete_tag(self, repo: Repo, tag: str) -> None:
        """Delete a tag (404 ``RevisionNotFound`` if missing)."""
        if tag not in repo.tags:
            raise HubError(404, f"Tag not found: {tag}", "RevisionNotFound")
        del repo.tags[tag]
        repo.tag_messages.pop(tag, None)
        self.save()

    def create_branch(
        self, repo: Repo, branch: str, starting_point: str | None, empty: bool
    ) -> str:
        """Create a branch at ``starting_point`` (default: ``main``'s head) or an empty root."""
        validate_ref_name(branch, "branch")
        if branch in repo.branches:
            raise HubError(409, f"Branch {branch!r} already exists")
        if empty:
            oid = self.new_commit(repo, (), f"Create empty branch {branch}", "", _EMPTY).oid
        else:
            oid = repo.resolve(starting_point or DEFAULT_BRANCH).oid
        repo.branches[branch] = oid
        self.save()
        return oid

    def delete_branch(self, repo: Repo, branch: str) -> None:
        """Delete a branch (404 if missing; the default branch cannot be deleted)."""
        if branch == DEFAULT_BRANCH:
            raise HubError(403, "You cannot delete the default branch")
        if branch not in repo.branches:
            raise HubError(404, f"Branch not found: {branch}", "RevisionNotFound")
        del repo.branches[branch]
        self.save()

    def save(self) -> None:
        """Write ``state.json`` atomically when the state has a storage directory."""
        if self.storage is None:
            return
        data = {
            "version": 1,
            "next_seq": self._next_seq,
            "repos": [r.to_json() for r in self.repos.values()],
        }
        _atomic_write(self.storage / "state.json", json.dumps(data, indent=1).encode())

    def _load(self, path: Path) -> None:
        data = json.loads(path.read_text(encoding="utf-8"))
        self._next_seq = int(data["next_seq"])
        for item in data["repos"]:
            repo = Repo.from_json(item)
            self.repos[repo.key] = repo


def _is_sha256(value: str) -> bool:
    return len(value) == 64 and all(c in "0123456789abcdef" for c in value)


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

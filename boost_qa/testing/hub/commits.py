"""Commits: preupload modes, the NDJSON commit payload and how a commit moves a ref.

``huggingface_hub`` asks ``preupload`` whether each file goes to git ("regular", sent base64
inside the commit) or to LFS (uploaded beforehand, referenced by sha256 in the commit); it then
POSTs one NDJSON document: a ``header`` line, then ``file``, ``lfsFile``, ``deletedFile`` and
``deletedFolder`` lines (copies arrive already turned into ``file``/``lfsFile`` lines).
"""

from __future__ import annotations

import base64
import binascii
import codecs
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

from boost_qa.testing.hub.state import Blob, BlobStore, Commit, HubError, HubState, Repo

__all__ = [
    "LFS_SUFFIXES",
    "CommitPayload",
    "FileOp",
    "apply_operations",
    "commit_to_repo",
    "is_binary",
    "parse_commit_payload",
    "upload_mode",
    "validate_path",
]

OpKind = Literal["file", "lfsFile", "deletedFile", "deletedFolder"]
LFS_SUFFIXES: Final = (
    ".arrow",
    ".bin",
    ".gz",
    ".jpeg",
    ".jpg",
    ".npy",
    ".parquet",
    ".pkl",
    ".png",
    ".safetensors",
    ".tar",
    ".zip",
    ".zst",
)
_SHA256: Final = re.compile(r"[0-9a-f]{64}")
_PR_REF: Final = re.compile(r"refs/pr/(\d+)")
_OP_KINDS: Final = ("file", "lfsFile", "deletedFile", "deletedFolder")


@dataclass(frozen=True)
class FileOp:
    """One operation line of a commit payload."""

    kind: OpKind
    path: str
    data: bytes | None = None
    oid: str | None = None
    size: int | None = None


@dataclass(frozen=True)
class CommitPayload:
    """A parsed commit request: the header fields and the operations in order."""

    summary: str
    description: str
    parent_commit: str | None
    operations: tuple[FileOp, ...]


def is_binary(sample: bytes) -> bool:
    """Whether a content sample looks binary: a NUL byte or invalid UTF-8.

    The sample may end inside a multi-byte character (the client sends the first 512 bytes),
    so the decoder is not finalised.
    """
    if b"\0" in sample:
        return True
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return True
    return False


def upload_mode(path: str, size: int, sample: bytes, threshold: int) -> str:
    """Answer ``"lfs"`` for binary-looking, large or typically binary files, else ``"regular"``."""
    if size > threshold or path.lower().endswith(LFS_SUFFIXES) or is_binary(sample):
        return "lfs"
    return "regular"


def validate_path(path: str) -> str:
    """Reject paths git or the Hub would refuse (``HubError`` 400); return the path."""
    parts = path.split("/")
    if not path or path.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise HubError(400, f"Invalid path in repo: {path!r}")
    if parts[0] == ".git":
        raise HubError(400, f"Paths under .git/ are not allowed: {path!r}")
    return path


def parse_commit_payload(raw: bytes) -> CommitPayload:
    """Parse the NDJSON body of a commit request (``HubError`` 400 when malformed)."""
    lines = [line for line in raw.splitlines() if line.strip()]
    items = []
    for number, line in enumerate(lines, start=1):
        try:
            item = json.loads(line)
        except ValueError:
            raise HubError(400, f"Commit payload line {number} is not JSON") from None
        if not isinstance(item, dict) or not isinstance(item.get("value"), dict):
            raise HubError(400, f"Commit payload line {number} must be {{key, value}}")
        items.append(item)
    if not items or items[0].get("key") != "header":
        raise HubError(400, "Commit payload must start with a header line (NDJSON expected)")
    header = items[0]["value"]
    summary = header.get("summary")
    if not isinstance(summary, str) or not summary.strip():
        raise HubError(400, "Commit summary must be a non-empty string")
    parent = header.get("parentCommit")
    if parent is not None and not isinstance(parent, str):
        raise HubError(400, "parentCommit must be a string")
    ops = tuple(_parse_operation(item["key"], item["value"]) for item in items[1:])
    return CommitPayload(summary, str(header.get("description") or ""), parent, ops)


def _parse_operation(key: Any, value: dict[str, Any]) -> FileOp:
    if key not in _OP_KINDS:
        raise HubError(400, f"Unknown commit operation {key!r}")
    path = value.get("path")
    if not isinstance(path, str):
        raise HubError(400, f"{key} line without a path")
    if key == "deletedFolder":
        return FileOp("deletedFolder", validate_path(path.rstrip("/")))
    validate_path(path)
    if key == "deletedFile":
        return FileOp("deletedFile", path)
    if key == "lfsFile":
        oid, size = value.get("oid"), value.get("size")
        if value.get("algo", "sha256") != "sha256" or not isinstance(oid, str):
            raise HubError(400, f"lfsFile {path!r} needs a sha256 oid")
        if not _SHA256.fullmatch(oid) or (size is not None and not isinstance(size, int)):
            raise HubError(400, f"lfsFile {path!r} has a malformed oid or size")
        return FileOp("lfsFile", path, oid=oid, size=size)
    return FileOp("file", path, data=_decode_content(path, value))


def _decode_content(path: str, value: dict[str, Any]) -> bytes:
    content, encoding = value.get("content"), value.get("encoding", "utf-8")
    if not isinstance(content, str):
        raise HubError(400, f"file {path!r} has no content")
    if encoding == "base64":
        try:
            return base64.b64decode(content, validate=True)
        except binascii.Error:
            raise HubError(400, f"file {path!r}: invalid base64 content") from None
    if encoding in ("utf-8", "utf8"):
        return content.encode()
    raise HubError(400, f"file {path!r}: unsupported encoding {encoding!r}")


def apply_operations(
    base: Mapping[str, Blob], operations: tuple[FileOp, ...], blobs: BlobStore
) -> dict[str, Blob]:
    """Return a new path map: ``base`` with the operations applied in order (copy-on-write)."""
    files = dict(base)
    for op in operations:
        if op.kind == "file":
            assert op.data is not None
            if is_binary(op.data):
                raise HubError(
                    400,
                    f"Your push was rejected because it contains binary files ({op.path}): "
                    "binary files must go through LFS (ask preupload first)",
                )
            sha256 = blobs.put(op.data)
            files[op.path] = Blob.for_content(sha256, len(op.data), op.data, lfs=False)
        elif op.kind == "lfsFile":
            files[op.path] = _lfs_blob(op, blobs)
        elif op.kind == "deletedFile":
            if files.pop(op.path, None) is None:
                raise HubError(
                    404, f"A file with this name doesn't exist: {op.path}", "EntryNotFound"
                )
        else:
            prefix = op.path + "/"
            doomed = [p for p in files if p.startswith(prefix)]
            if not doomed:
                raise HubError(
                    404, f"A folder with this name doesn't exist: {op.path}", "EntryNotFound"
                )
            for path in doomed:
                del files[path]
    _check_file_folder_conflicts(files)
    return files


def _lfs_blob(op: FileOp, blobs: BlobStore) -> Blob:
    assert op.oid is not None
    if not blobs.has(op.oid):
        raise HubError(400, f"LFS object {op.oid} for {op.path!r} was never uploaded")
    size = blobs.size(op.oid)
    if op.size is not None and op.size != size:
        raise HubError(400, f"LFS object {op.oid}: size {op.size} != uploaded size {size}")
    return Blob.for_content(op.oid, size, None, lfs=True)


def _check_file_folder_conflicts(files: Mapping[str, Blob]) -> None:
    folders = {p.rsplit("/", i)[0] for p in files for i in range(1, p.count("/") + 1)}
    clash = sorted(folders.intersection(files))
    if clash:
        raise HubError(400, f"Path is both a file and a folder: {clash[0]!r}")


def commit_to_repo(
    state: HubState, repo: Repo, revision: str, payload: CommitPayload, create_pr: bool
) -> tuple[Commit, int | None]:
    """Create a commit on a branch or PR ref, or open a new ``refs/pr/N``.

    Returns:
        The new commit and the number of the pull request it opened (``None`` without
        ``create_pr``).

    Raises:
        HubError: 404 for an unknown revision, 400 when ``revision`` is a tag or a commit id,
            412 when ``parentCommit`` is not the head of the target ref.
    """
    if create_pr:
        base = repo.resolve(payload.parent_commit or revision)
        commit = _new_commit(state, repo, base, payload)
        number = max(repo.pulls, default=0) + 1
        repo.pulls[number] = commit.oid
        state.save()
        return commit, number
    refs, name = _target_ref(repo, revision)
    head = repo.commits[refs[name]]
    parent = payload.parent_commit
    if parent is not None and not head.oid.startswith(parent.lower()):
        raise HubError(
            412,
            f"A commit has happened since {parent} (head of {revision} is {head.oid}). "
            "Please refresh and try again.",
        )
    commit = _new_commit(state, repo, head, payload)
    refs[name] = commit.oid
    state.save()
    return commit, None


def _new_commit(state: HubState, repo: Repo, base: Commit, payload: CommitPayload) -> Commit:
    files = apply_operations(base.files, payload.operations, state.blobs)
    return state.new_commit(repo, (base.oid,), payload.summary, payload.description, files)


def _target_ref(repo: Repo, revision: str) -> tuple[dict[Any, str], Any]:
    """Return ``(ref map, key)`` of the branch or PR ref a commit may move."""
    name = revision.removeprefix("refs/heads/")
    if name in repo.branches:
        return repo.branches, name
    pr = _PR_REF.fullmatch(revision)
    if pr is not None and int(pr.group(1)) in repo.pulls:
        return repo.pulls, int(pr.group(1))
    repo.resolve(revision)  # 404 RevisionNotFound for unknown revisions
    raise HubError(400, f"Invalid rev id: {revision} (commits go to a branch or refs/pr/N)")

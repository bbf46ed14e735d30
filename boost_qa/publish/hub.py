"""The Hub target: the only code that talks to the Hub, through ``huggingface_hub``.

Retries 429/5xx and transport errors with backoff; a commit conflict (412/409 on a stale
``parent_commit``) is returned to the caller, which re-plans on the new head. Tokens come from
``huggingface_hub``'s usual sources (``HF_TOKEN``, the login cache) and never appear in messages.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import httpx
from huggingface_hub import CommitOperationAdd, CommitOperationDelete, HfApi, get_token
from huggingface_hub.errors import EntryNotFoundError, HfHubHTTPError, RepositoryNotFoundError

from boost_qa.publish.target import CommitResult, PublishError, RemoteState, Target
from boost_qa.redact import redact
from boost_qa.release.folder import CHANGELOG_FILE, MANIFEST_FILE

T = TypeVar("T")
RETRYABLE = frozenset({408, 429, 500, 502, 503, 504})


class CommitConflict(Exception):
    """The branch moved under us (412/409): plan again on the new head."""


def _status(exc: Exception) -> int | None:
    response = getattr(exc, "response", None)
    return getattr(response, "status_code", None)


class HubTarget(Target):
    """A dataset repository on the Hub (or anything that speaks its API)."""

    def __init__(
        self,
        repo_id: str,
        *,
        endpoint: str | None = None,
        token: str | None = None,
        attempts: int = 5,
        base_delay: float = 0.5,
    ) -> None:
        self.repo_id = repo_id
        self.name = f"hub:{repo_id}"
        self._token = token or get_token()
        if not self._token:
            raise PublishError(
                "no Hugging Face token: set HF_TOKEN or run `hf auth login` (never in a recipe)"
            )
        self.api = HfApi(endpoint=endpoint, token=self._token)
        self.attempts = attempts
        self.base_delay = base_delay

    def _call(self, what: str, fn: Callable[[], T]) -> T:
        for attempt in range(1, self.attempts + 1):
            try:
                return fn()
            except HfHubHTTPError as exc:
                status = _status(exc)
                if status in (401, 403):
                    raise PublishError(
                        f"{what}: the Hub rejected the token (HTTP {status}); check HF_TOKEN "
                        "or `hf auth login`, and write access to the repository"
                    ) from None
                if status in (409, 412) and what == "commit":
                    raise CommitConflict(str(status)) from None
                if status not in RETRYABLE or attempt == self.attempts:
                    raise PublishError(f"{what} failed: {redact(str(exc))}") from None
            except RuntimeError as exc:
                # huggingface_hub wraps LFS upload failures in RuntimeError; judge the cause.
                cause = exc.__cause__
                if isinstance(cause, HfHubHTTPError) and _status(cause) in RETRYABLE:
                    if attempt == self.attempts:
                        raise PublishError(f"{what} failed: {redact(str(cause))}") from None
                else:
                    raise PublishError(f"{what} failed: {redact(str(cause or exc))}") from None
            except (httpx.TransportError, ConnectionError) as exc:
                if attempt == self.attempts:
                    raise PublishError(f"{what} failed: {redact(str(exc))}") from None
            time.sleep(random.uniform(0, self.base_delay * 2 ** (attempt - 1)))
        raise AssertionError("unreachable")

    def state(self) -> RemoteState:
        """Head, tags and files of main, plus the stored manifest and changelog."""
        try:
            info = self._call("repo info", lambda: self.api.dataset_info(self.repo_id))
        except PublishError as exc:
            if "404" in str(exc) or "RepositoryNotFound" in str(exc):
                return RemoteState(exists=False)
            raise
        refs = self._call(
            "list refs", lambda: self.api.list_repo_refs(self.repo_id, repo_type="dataset")
        )
        files = [s.rfilename for s in (info.siblings or [])]
        return RemoteState(
            exists=True,
            head=info.sha,
            tags={t.name: t.target_commit for t in refs.tags},
            files=files,
            manifest=self._json(MANIFEST_FILE, info.sha, files),
            changelog=self._json(CHANGELOG_FILE, info.sha, files) or [],
        )

    def _json(self, path: str, revision: str | None, files: list[str]) -> Any:
        if path not in files:
            return None
        local = self._call(
            f"download {path}",
            lambda: self.api.hf_hub_download(
                self.repo_id, path, repo_type="dataset", revision=revision
            ),
        )
        return json.loads(Path(local).read_text(encoding="utf-8"))

    def ensure_repo(self, private: bool) -> None:
        """Create the dataset repository when it is missing."""
        self._call(
            "create repo",
            lambda: self.api.create_repo(
                self.repo_id, repo_type="dataset", private=private, exist_ok=True
            ),
        )

    def commit(
        self,
        uploads: dict[str, Any],
        deletes: list[str],
        *,
        message: str,
        parent: str | None,
        create_pr: bool,
    ) -> CommitResult:
        """One commit with every upload and delete, on top of ``parent``."""
        operations: list[CommitOperationAdd | CommitOperationDelete] = [
            CommitOperationAdd(path_in_repo=path, path_or_fileobj=_source(content))
            for path, content in uploads.items()
        ]
        operations += [CommitOperationDelete(path_in_repo=path) for path in deletes]
        info = self._call(
            "commit",
            lambda: self.api.create_commit(
                self.repo_id,
                operations,
                commit_message=message,
                repo_type="dataset",
                parent_commit=parent,
                create_pr=create_pr,
            ),
        )
        pr_ref = f"refs/pr/{info.pr_num}" if getattr(info, "pr_num", None) else None
        return CommitResult(oid=info.oid, pr_ref=pr_ref)

    def tag(self, tag: str, oid: str, message: str) -> None:
        """Create the version tag on the commit."""
        self._call(
            "tag",
            lambda: self.api.create_tag(
                self.repo_id, tag=tag, revision=oid, tag_message=message, repo_type="dataset"
            ),
        )


def _source(content: Path | bytes) -> str | bytes:
    return str(content) if isinstance(content, Path) else content


__all__ = ["CommitConflict", "EntryNotFoundError", "HubTarget", "RepositoryNotFoundError"]

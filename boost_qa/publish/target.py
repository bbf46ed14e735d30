"""Where a release is published: the contract shared by the Hub and a local folder."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

from boost_qa.errors import BoostQAError


class PublishError(BoostQAError):
    """Publishing failed; the message says what was and was not done."""


@dataclass
class RemoteState:
    """What the target holds now, on its main branch."""

    exists: bool
    head: str | None = None
    tags: dict[str, str] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    manifest: dict[str, Any] | None = None
    changelog: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class CommitResult:
    """A landed commit, and the pull request ref when one was opened."""

    oid: str
    pr_ref: str | None = None


class Target(ABC):
    """A place releases are published to, one commit and one tag per version."""

    name: str
    """What messages call the target (``hub:OWNER/NAME``, ``folder:PATH``)."""
    repo_id: str
    """What the published card calls the dataset in its loading snippets (never a path)."""

    @abstractmethod
    def state(self) -> RemoteState:
        """Read the current head, tags, files, manifest and changelog."""

    @abstractmethod
    def ensure_repo(self, private: bool) -> None:
        """Create the repository if it does not exist."""

    @abstractmethod
    def commit(
        self,
        uploads: dict[str, Any],
        deletes: list[str],
        *,
        message: str,
        parent: str | None,
        create_pr: bool,
    ) -> CommitResult:
        """Apply all changes in one commit on top of ``parent``."""

    @abstractmethod
    def tag(self, tag: str, oid: str, message: str) -> None:
        """Point a new tag at ``oid``; never move an existing one."""

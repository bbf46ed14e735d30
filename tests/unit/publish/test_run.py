"""publish_release against a local folder and an in-memory target: one commit, then one tag."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from boost_qa.errors import RecipeError, SourceError
from boost_qa.publish.local import TAGS, LocalTarget
from boost_qa.publish.run import publish_release
from boost_qa.publish.target import CommitResult, PublishError, RemoteState, Target
from tests.unit.publish.conftest import MakeRelease


class CommitConflict(Exception):
    """Named like huggingface_hub's conflict: the only commit error that is retried."""


@dataclass
class MemoryTarget(Target):
    """A target in memory that fails on demand."""

    state_now: RemoteState = field(default_factory=lambda: RemoteState(exists=False))
    conflicts: int = 0
    commit_error: Exception | None = None
    tag_error: PublishError | None = None
    commits: list[dict[str, Any]] = field(default_factory=list)
    tags: dict[str, str] = field(default_factory=dict)
    created: list[bool] = field(default_factory=list)
    name: str = "memory:owner/boost-qa"
    repo_id: str = "owner/boost-qa"

    def state(self) -> RemoteState:
        return self.state_now

    def ensure_repo(self, private: bool) -> None:
        self.created.append(private)

    def commit(
        self,
        uploads: dict[str, Any],
        deletes: list[str],
        *,
        message: str,
        parent: str | None,
        create_pr: bool,
    ) -> CommitResult:
        if self.commit_error is not None:
            raise self.commit_error
        if self.conflicts:
            self.conflicts -= 1
            raise CommitConflict("parent moved")
        self.commits.append({"uploads": uploads, "message": message, "parent": parent})
        oid = f"c{len(self.commits)}"
        return CommitResult(oid, pr_ref="refs/pr/1" if create_pr else None)

    def tag(self, tag: str, oid: str, message: str) -> None:
        if self.tag_error is not None:
            raise self.tag_error
        self.tags[tag] = oid


def test_two_versions_into_a_local_folder(tmp_path: Path, make_release: MakeRelease) -> None:
    v1 = make_release("v1", {"math": 6, "chat": 3})
    v2 = make_release("v2", {"math": 2}, tag="t2")
    target = LocalTarget(tmp_path / "hub" / "boost-qa")
    first = publish_release(v1, target, version="v1.0.0", message="first")
    assert first.tagged and first.tag == "v1.0.0" and first.built_from is None
    assert first.replaced == [] and "math/train-00000-of-00001-t1.parquet" in first.added
    chat = (target.folder / "chat" / "train-00000-of-00001-t1.parquet").read_bytes()
    second = publish_release(v2, target, version="1.1.0")
    assert second.built_from == "1.0.0" and second.kept_configs == ["chat"]
    assert second.deleted == ["math/train-00000-of-00001-t1.parquet"]
    assert "README.md" in second.replaced
    assert [p.name for p in (target.folder / "math").iterdir()] == [
        "train-00000-of-00001-t2.parquet"
    ]
    assert (target.folder / "chat" / "train-00000-of-00001-t1.parquet").read_bytes() == chat
    assert json.loads((target.folder / TAGS).read_text()) == {
        "v1.0.0": first.commit,
        "v1.1.0": second.commit,
    }
    # Each version is also kept whole beside the folder.
    snapshot = tmp_path / "hub" / "boost-qa@v1.0.0"
    assert (snapshot / "math" / "train-00000-of-00001-t1.parquet").exists()
    changelog = json.loads((target.folder / "boost_qa/changelog.json").read_text())
    assert [e["version"] for e in changelog] == ["1.0.0", "1.1.0"]


def test_an_existing_tag_is_never_moved(tmp_path: Path, make_release: MakeRelease) -> None:
    v1 = make_release("v1", {"math": 6})
    target = LocalTarget(tmp_path / "out")
    publish_release(v1, target, version="1.0.0")
    before = target.state()
    with pytest.raises(PublishError, match="never moved"):
        publish_release(v1, target, version="1.0.0")
    assert target.state() == before


def test_dry_run_changes_nothing(tmp_path: Path, make_release: MakeRelease) -> None:
    v1 = make_release("v1", {"math": 6})
    target = LocalTarget(tmp_path / "out")
    report = publish_release(v1, target, version="1.0.0", dry_run=True)
    assert report.dry_run and not report.tagged and report.commit is None
    assert "boost_qa/manifest.json" in report.added
    assert not target.folder.exists()


def test_a_local_folder_has_no_pull_requests(tmp_path: Path, make_release: MakeRelease) -> None:
    v1 = make_release("v1", {"math": 6})
    with pytest.raises(PublishError, match="create-pr"):
        publish_release(v1, LocalTarget(tmp_path / "out"), version="1.0.0", create_pr=True)


def test_bad_versions_and_folders_are_refused(tmp_path: Path, make_release: MakeRelease) -> None:
    target = MemoryTarget()
    with pytest.raises(RecipeError, match="--version"):
        publish_release(make_release("v1", {"math": 1}), target, version="1.0")
    with pytest.raises(SourceError, match="not a boost-qa release"):
        publish_release(tmp_path, target, version="1.0.0")
    assert target.commits == [] and target.created == []


def test_a_new_repository_is_created_once_then_committed_and_tagged(
    make_release: MakeRelease,
) -> None:
    target = MemoryTarget()
    report = publish_release(make_release("v1", {"math": 1}), target, version="1.0.0", private=True)
    assert target.created == [True]
    assert target.commits[0]["message"] == "Release v1.0.0" and target.commits[0]["parent"] is None
    assert target.tags == {"v1.0.0": "c1"} and report.commit == "c1" and report.tagged


def test_commit_conflicts_are_retried_on_a_fresh_state(make_release: MakeRelease) -> None:
    target = MemoryTarget(state_now=RemoteState(exists=True, head="h0"), conflicts=2)
    report = publish_release(make_release("v1", {"math": 1}), target, version="1.0.0", attempts=3)
    assert report.tagged and len(target.commits) == 1 and target.created == []
    exhausted = MemoryTarget(conflicts=5)
    with pytest.raises(CommitConflict):
        publish_release(make_release("v2", {"math": 1}), exhausted, version="1.0.0", attempts=2)
    assert exhausted.tags == {}


def test_other_commit_errors_are_not_retried_and_leave_no_tag(make_release: MakeRelease) -> None:
    target = MemoryTarget(commit_error=OSError("disk full"))
    with pytest.raises(OSError, match="disk full"):
        publish_release(make_release("v1", {"math": 1}), target, version="1.0.0")
    assert target.tags == {}


def test_a_failed_tag_names_the_landed_commit(make_release: MakeRelease) -> None:
    target = MemoryTarget(tag_error=PublishError("403"))
    with pytest.raises(PublishError, match="commit c1 landed but tagging it v1.0.0 failed"):
        publish_release(make_release("v1", {"math": 1}), target, version="1.0.0")


def test_rerunning_after_a_failed_tag_only_tags(make_release: MakeRelease) -> None:
    landed = RemoteState(
        exists=True, head="c7", manifest={"name": "boost-qa-test", "version": "1.0.0"}
    )
    target = MemoryTarget(state_now=landed)
    report = publish_release(make_release("v1", {"math": 1}), target, version="1.0.0")
    assert report.finished_earlier_commit and report.commit == "c7"
    assert target.tags == {"v1.0.0": "c7"} and target.commits == []


def test_a_pull_request_is_not_tagged(make_release: MakeRelease) -> None:
    target = MemoryTarget()
    report = publish_release(
        make_release("v1", {"math": 1}), target, version="1.0.0", create_pr=True
    )
    assert report.pr_ref == "refs/pr/1" and not report.tagged and target.tags == {}


def test_the_previous_tag_is_what_the_version_is_built_from(make_release: MakeRelease) -> None:
    tags = {"v0.9.0": "a", "v1.0.0": "b", "v2.0.0": "c", "latest": "d"}
    target = MemoryTarget(state_now=RemoteState(exists=True, head="c", tags=tags))
    report = publish_release(make_release("v1", {"math": 1}), target, version="1.5.0")
    assert report.built_from == "1.0.0"

"""Publish a release folder as a new version: one commit, then one tag.

Nothing is half-published: the tag is created only after the commit landed, a failed commit
leaves no tag, and a failed tag is reported with the commit and finished by re-running the
same command (it sees its own version at the head and only tags it).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from boost_qa.errors import SourceError
from boost_qa.publish.plan import MANIFEST, PublishPlan, plan_publish
from boost_qa.publish.target import PublishError, RemoteState, Target
from boost_qa.publish.versions import parse_version, previous_version, tag_name
from boost_qa.release.folder import ReleaseFolder
from boost_qa.release.manifest import parse_manifest


@dataclass
class PublishReport:
    """What a publish did (or, in a dry run, would do)."""

    target: str
    version: str
    tag: str
    built_from: str | None
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    kept_configs: list[str] = field(default_factory=list)
    stale_mixes: list[str] = field(default_factory=list)
    commit: str | None = None
    pr_ref: str | None = None
    tagged: bool = False
    dry_run: bool = False
    finished_earlier_commit: bool = False


def publish_release(
    folder: Path,
    target: Target,
    *,
    version: str,
    message: str = "",
    create_pr: bool = False,
    private: bool = False,
    dry_run: bool = False,
    attempts: int = 5,
) -> PublishReport:
    """Publish ``folder`` to ``target`` as ``version``."""
    parse_version(version)
    version = version.removeprefix("v")
    tag = tag_name(version)
    if not ReleaseFolder(folder).is_release():
        raise SourceError(f"{folder} is not a boost-qa release (no {MANIFEST}); run boost-qa build")
    state = target.state()
    if tag in state.tags:
        raise PublishError(
            f"{target.name}: tag {tag} already exists; a tag is never moved. Publish a new version."
        )
    if _landed_untagged(state, version) and not create_pr and not dry_run:
        assert state.head is not None
        _tag(target, tag, state.head, version)
        return PublishReport(
            target.name,
            version,
            tag,
            None,
            commit=state.head,
            tagged=True,
            finished_earlier_commit=True,
        )
    for attempt in range(1, attempts + 1):
        plan = _plan(folder, target, state, version, message)
        report = _report(target, plan, state, tag, dry_run)
        if dry_run:
            return report
        if not state.exists:
            target.ensure_repo(private)
        try:
            result = target.commit(
                plan.uploads,
                plan.deletes,
                message=message or f"Release {tag}",
                parent=state.head,
                create_pr=create_pr,
            )
        except Exception as exc:  # noqa: BLE001 - only conflicts are retried, see below
            if type(exc).__name__ != "CommitConflict" or attempt == attempts:
                raise
            time.sleep(0.2 * attempt)
            state = target.state()
            continue
        report.commit, report.pr_ref = result.oid, result.pr_ref
        if not create_pr:
            _tag(target, tag, result.oid, version)
            report.tagged = True
        return report
    raise AssertionError("unreachable")


def _landed_untagged(state: RemoteState, version: str) -> bool:
    if not state.manifest:
        return False
    try:
        return parse_manifest(state.manifest).version == version
    except SourceError:
        return False


def _tag(target: Target, tag: str, oid: str, version: str) -> None:
    try:
        target.tag(tag, oid, f"BOOST-QA {tag}")
    except PublishError as exc:
        raise PublishError(
            f"commit {oid} landed but tagging it {tag} failed ({exc}); "
            "re-run the same command to finish (it will only create the tag)"
        ) from None


def _plan(
    folder: Path, target: Target, state: RemoteState, version: str, message: str
) -> PublishPlan:
    built_from = previous_version(list(state.tags), version)
    return plan_publish(
        folder,
        repo_id=target.repo_id,
        version=version,
        note=message,
        remote_files=state.files,
        remote_manifest=state.manifest,
        remote_changelog=state.changelog,
        built_from=built_from,
    )


def _report(
    target: Target, plan: PublishPlan, state: RemoteState, tag: str, dry_run: bool
) -> PublishReport:
    remote = set(state.files)
    return PublishReport(
        target=target.name,
        version=plan.version,
        tag=tag,
        built_from=plan.built_from,
        added=sorted(p for p in plan.uploads if p not in remote),
        replaced=sorted(p for p in plan.uploads if p in remote),
        deleted=plan.deletes,
        kept_configs=plan.kept_configs,
        stale_mixes=plan.stale_mixes,
        dry_run=dry_run,
    )

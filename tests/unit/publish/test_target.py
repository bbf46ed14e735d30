"""Choosing the target from the command line, and the local folder target's contract."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from boost_qa.cli import main
from boost_qa.publish.local import LocalTarget
from boost_qa.publish.target import PublishError
from tests.unit.publish.conftest import MakeRelease


@pytest.mark.parametrize("where", [[], ["--repo", "owner/name", "--to", "out"]])
def test_exactly_one_of_repo_or_to(make_release: MakeRelease, where: list[str]) -> None:
    folder = make_release("v1", {"math": 1})
    result = CliRunner().invoke(main, ["publish", str(folder), "--version", "1.0.0", *where])
    assert result.exit_code == 2 and "exactly one of --repo" in result.output


def test_to_publishes_into_a_folder_and_refuses_a_bad_version(
    tmp_path: Path, make_release: MakeRelease
) -> None:
    folder, out = make_release("v1", {"math": 1}), tmp_path / "out"
    ok = CliRunner().invoke(main, ["publish", str(folder), "--to", str(out), "--version", "1.0.0"])
    assert ok.exit_code == 0, ok.output
    assert "v1.0.0" in ok.output and (out / "math").is_dir()
    bad = CliRunner().invoke(main, ["publish", str(folder), "--to", str(out), "--version", "1"])
    assert bad.exit_code == 2 and "semantic" in bad.output


def test_a_missing_folder_is_an_empty_target(tmp_path: Path) -> None:
    target = LocalTarget(tmp_path / "none")
    assert target.name == f"folder:{tmp_path / 'none'}"
    state = target.state()
    assert not state.exists and state.files == [] and state.head is None


def test_the_head_follows_the_files_and_ignores_the_tags(tmp_path: Path) -> None:
    target = LocalTarget(tmp_path / "out")
    target.ensure_repo(private=False)
    empty = target.state()
    assert empty.exists and empty.manifest is None and empty.changelog == []
    uploads = {"math/a.parquet": b"rows", "boost_qa/manifest.json": b'{"version": "1.0.0"}'}
    oid = target.commit(uploads, [], message="m", parent=None, create_pr=False)
    assert oid.oid == target.state().head != empty.head
    target.tag("v1.0.0", oid.oid, "m")
    state = target.state()
    assert state.head == oid.oid and state.tags == {"v1.0.0": oid.oid}
    assert state.files == ["boost_qa/manifest.json", "math/a.parquet"]
    assert state.manifest == {"version": "1.0.0"}
    with pytest.raises(PublishError, match="never moved"):
        target.tag("v1.0.0", oid.oid, "m")


def test_a_commit_on_a_stale_parent_changes_nothing(tmp_path: Path) -> None:
    target = LocalTarget(tmp_path / "out")
    target.ensure_repo(private=False)
    first = target.commit({"a.txt": b"1"}, [], message="m", parent=None, create_pr=False)
    with pytest.raises(PublishError, match="changed while publishing"):
        target.commit({"b.txt": b"2"}, [], message="m", parent="stale", create_pr=False)
    assert target.state().head == first.oid and target.state().files == ["a.txt"]
    target.commit({}, ["a.txt"], message="m", parent=first.oid, create_pr=False)
    assert target.state().files == []
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging copy left behind

"""Publishing into a local folder: versions, kept configs, changelog, refusals."""

from __future__ import annotations

import json
from pathlib import Path

import datasets
import pytest
from click.testing import CliRunner

from boost_qa.cli import main
from boost_qa.publish.local import LocalTarget
from boost_qa.publish.run import publish_release
from boost_qa.publish.target import PublishError
from tests.e2e.build.test_build_cli import build, write_recipe


@pytest.fixture
def releases(tmp_path, scripted, scripted_roles, cache_dir):
    """v1: math + chat; v2: math rebuilt with fewer seeds, chat not rebuilt."""
    recipe = write_recipe(tmp_path / "r.yaml", scripted_roles)
    v1, v2 = tmp_path / "v1", tmp_path / "v2"
    assert build(str(recipe), "--out", str(v1)).exit_code == 0
    assert build(str(recipe), "--out", str(v2), "--config", "math", "--limit", "2").exit_code == 0
    assert not (v2 / "all").exists()  # the default mix needs chat, absent from v2
    return v1, v2


def load(folder: Path, config: str) -> datasets.Dataset:
    return datasets.load_dataset(
        str(folder), config, split="train", download_mode="force_redownload"
    )


def test_two_versions_into_a_folder(tmp_path, releases):
    v1, v2 = releases
    target = LocalTarget(tmp_path / "hub" / "boost-qa")
    first = publish_release(v1, target, version="1.0.0", message="first")
    assert first.tagged and first.built_from is None
    chat_v1 = {p.name: p.read_bytes() for p in (target.folder / "chat").iterdir()}
    second = publish_release(v2, target, version="1.1.0", message="fewer math seeds")
    assert second.built_from == "1.0.0"
    assert "chat" in second.kept_configs and "math" not in second.kept_configs
    assert second.stale_mixes == ["all"]  # v2 was built without chat, so `all` was not rebuilt
    # The untouched config is byte-identical; the rebuilt one has only its new files.
    assert {p.name: p.read_bytes() for p in (target.folder / "chat").iterdir()} == chat_v1
    assert len(list((target.folder / "math").iterdir())) == 1
    assert len(load(target.folder, "math")) == 2
    assert len(load(target.folder, "chat")) == 3
    assert len(load(tmp_path / "hub" / "boost-qa@v1.0.0", "math")) == 6
    manifest = json.loads((target.folder / "boost_qa/manifest.json").read_text())
    assert manifest["version"] == "1.1.0" and manifest["built_from"] == "1.0.0"
    assert set(manifest["configs"]) == {"math", "chat"}
    changelog = json.loads((target.folder / "boost_qa/changelog.json").read_text())
    assert [e["version"] for e in changelog] == ["1.0.0", "1.1.0"]
    assert changelog[1]["configs"]["math"] == 2 and changelog[1]["note"] == "fewer math seeds"
    card = (target.folder / "README.md").read_text()
    assert "**v1.1.0**" in card and "**v1.0.0**" in card and "fewer math seeds" in card


def test_existing_version_is_refused_and_nothing_changes(tmp_path, releases):
    v1, v2 = releases
    target = LocalTarget(tmp_path / "hub" / "boost-qa")
    publish_release(v1, target, version="1.0.0")
    before = target.state()
    with pytest.raises(PublishError, match="never moved"):
        publish_release(v2, target, version="1.0.0")
    after = target.state()
    assert (after.head, after.tags, after.files) == (before.head, before.tags, before.files)


def test_dry_run_lists_changes_and_writes_nothing(tmp_path, releases):
    v1, v2 = releases
    target = LocalTarget(tmp_path / "hub" / "boost-qa")
    publish_release(v1, target, version="1.0.0")
    before = target.state()
    report = publish_release(v2, target, version="1.1.0", dry_run=True)
    assert report.dry_run and not report.tagged and report.commit is None
    assert any(p.startswith("math/") for p in report.added)
    assert any(p.startswith("math/") for p in report.deleted)
    assert "README.md" in report.replaced
    assert target.state().files == before.files


def test_cli_publish_to_folder_and_bad_version(tmp_path, releases):
    v1, _ = releases
    dest = tmp_path / "mirror"
    ok = CliRunner().invoke(main, ["publish", str(v1), "--to", str(dest), "--version", "1.0.0"])
    assert ok.exit_code == 0, ok.output
    assert "v1.0.0" in ok.output
    bad = CliRunner().invoke(main, ["publish", str(v1), "--to", str(dest), "--version", "1.0"])
    assert bad.exit_code == 2 and "semantic" in bad.output
    again = CliRunner().invoke(main, ["publish", str(v1), "--to", str(dest), "--version", "1.0.0"])
    assert again.exit_code == 2 and "never moved" in again.output


def test_missing_token_is_a_clear_error(monkeypatch, tmp_path):
    from boost_qa.publish.hub import HubTarget

    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "empty-hf-home"))
    monkeypatch.setattr("boost_qa.publish.hub.get_token", lambda: None)
    with pytest.raises(PublishError, match="HF_TOKEN"):
        HubTarget("owner/boost-qa")

"""ReleaseFolder: data shards, metadata files, staging and publishing a staged build."""

from __future__ import annotations

from pathlib import Path

from datasets import Dataset

from boost_qa.release.folder import ReleaseFolder, data_tag, shard_names


def _config(folder: ReleaseFolder, name: str, *files: str) -> None:
    folder.config_dir(name).mkdir(parents=True, exist_ok=True)
    for file in files:
        (folder.config_dir(name) / file).write_text(f"{name}:{file}")


def test_publishing_a_staging_folder_replaces_staged_configs_and_keeps_the_others(
    tmp_path: Path,
) -> None:
    release = ReleaseFolder(tmp_path / "release")
    _config(release, "math", "train-00000-of-00001-old.parquet")
    _config(release, "chat", "train-00000-of-00001-kept.parquet")
    release.write_failures([{"config": "math", "id": "1"}])
    staging = release.staging()
    assert staging.root.parent == release.root.parent and staging.root.name.startswith(".")
    _config(staging, "math", "train-00000-of-00001-new.parquet")
    staging.write_failures([])
    release.publish_staging(staging, ["math"])
    assert [p.name for p in release.config_files("math")] == ["train-00000-of-00001-new.parquet"]
    assert [p.name for p in release.config_files("chat")] == ["train-00000-of-00001-kept.parquet"]
    assert release.read_failures() == []
    assert not staging.root.exists()


def test_a_new_staging_folder_removes_leftovers_of_a_killed_build(tmp_path: Path) -> None:
    release = ReleaseFolder(tmp_path / "release")
    first = release.staging()
    second = release.staging()
    assert not first.root.exists() and second.root.is_dir()


def test_kept_configs_link_into_staging_and_leave_before_publishing(tmp_path: Path) -> None:
    release = ReleaseFolder(tmp_path / "release")
    _config(release, "chat", "train-00000-of-00001-kept.parquet")
    staging = release.staging()
    staging.link_config(release, "chat")
    assert staging.config_files("chat")[0].read_text() == "chat:train-00000-of-00001-kept.parquet"
    staging.discard_config("chat")
    release.publish_staging(staging)
    assert [p.name for p in release.config_files("chat")] == ["train-00000-of-00001-kept.parquet"]


def test_config_shards_are_named_by_the_rows_fingerprint(tmp_path: Path) -> None:
    rows = Dataset.from_dict({"id": ["a", "b", "c"]})
    tag = data_tag(rows)
    assert len(tag) == 16
    folder = ReleaseFolder(tmp_path)
    assert folder.write_config("math", rows, tag) == [f"train-00000-of-00001-{tag}.parquet"]
    assert [p.name for p in folder.config_files("math")] == shard_names(3, tag)
    assert len(shard_names(250_001, "t")) == 3


def test_files_are_repository_paths_without_hidden_ones(tmp_path: Path) -> None:
    folder = ReleaseFolder(tmp_path)
    folder.write_readme("card")
    folder.write_stats({"configs": {}})
    _config(folder, ".cache", "x")
    assert sorted(folder.files()) == ["README.md", "boost_qa/stats.json"]
    assert folder.read_stats() == {"configs": {}}
    assert folder.is_metadata(folder.stats_path) and not folder.is_metadata(folder.readme)
    assert folder.read_changelog() == [] and folder.read_json("boost_qa/changelog.json") is None

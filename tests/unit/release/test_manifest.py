"""The typed manifest: round trip, older and newer manifests, the JSON it writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from boost_qa.errors import SourceError
from boost_qa.release.folder import ReleaseFolder
from boost_qa.release.manifest import MANIFEST_VERSION, Manifest, manifest_json, parse_manifest
from tests.unit.release.manifests import manifest, manifest_dict


def test_round_trip_keeps_every_key_and_value(tmp_path: Path) -> None:
    data = manifest_dict()
    folder = ReleaseFolder(tmp_path)
    folder.write_manifest(Manifest.model_validate(data))
    written = json.loads(folder.manifest_path.read_text(encoding="utf-8"))
    assert written == data
    assert list(written) == list(data)  # the order a build writes
    assert folder.read_manifest() == Manifest.model_validate(data)


def test_fields_nobody_set_are_not_written() -> None:
    written = json.loads(manifest_json(manifest()))
    assert "repairs" not in written and "built_from" not in written
    assert "published_at" not in written
    assert written["manifest_version"] == MANIFEST_VERSION


def test_an_older_manifest_reads_with_defaults_and_writes_back_as_it_was() -> None:
    old = manifest_dict()
    del old["manifest_version"], old["exports"], old["skipped_mixes"]
    for summary in old["configs"].values():
        del summary["guards"], summary["analogy_pool"], summary["token_lengths"]
    del old["configs"]["notes"]["source"]["local_files"]
    old["configs"]["notes"]["source"]["dataset"] = "/home/alice/notes.jsonl"
    read = parse_manifest(old)
    assert read.manifest_version == 0
    assert read.exports == {} and read.skipped_mixes == {}
    assert read.configs["math"].guards is None and read.configs["math"].analogy_pool is None
    assert read.configs["notes"].source.is_local  # an old absolute path: guessed local
    assert not read.configs["math"].source.is_local
    written = json.loads(manifest_json(read))
    assert written == {**old, "manifest_version": MANIFEST_VERSION}


def test_unknown_keys_of_other_builds_are_kept() -> None:
    newer = manifest_dict(manifest_version=MANIFEST_VERSION + 5, provenance_graph={"a": 1})
    newer["configs"]["math"]["gpu_hours"] = 3.5
    newer["totals"]["energy_kwh"] = 0.1
    read = parse_manifest(newer)
    assert read.model_extra == {"provenance_graph": {"a": 1}}
    written = json.loads(manifest_json(read))
    assert written["configs"]["math"]["gpu_hours"] == 3.5
    assert written["totals"]["energy_kwh"] == 0.1
    assert written["provenance_graph"] == {"a": 1}


def test_typed_access() -> None:
    typed = manifest()
    assert typed.configs["math"].rows == 4
    assert typed.mixes["all"].composition == {"math": 4, "notes": 2}
    assert typed.exports["math_sharegpt"].config == "math"
    assert typed.config_license("notes") == "apache-2.0"
    assert typed.configs["notes"].source.local_files is not None
    assert typed.configs["notes"].source.local_files[0].sha256 == "ab" * 32


@pytest.mark.parametrize("data", [[], {"name": "x", "configs": []}, {"configs": {}}])
def test_what_is_not_a_manifest_is_a_source_error(data: object) -> None:
    with pytest.raises(SourceError):
        parse_manifest(data)


def test_a_folder_without_a_manifest_is_not_a_release(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="not a boost-qa release"):
        ReleaseFolder(tmp_path).read_manifest()
    (tmp_path / "boost_qa").mkdir()
    (tmp_path / "boost_qa" / "manifest.json").write_text("{not json")
    with pytest.raises(SourceError, match="cannot be read"):
        ReleaseFolder(tmp_path).read_manifest()

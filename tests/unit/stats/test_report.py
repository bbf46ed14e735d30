"""compute_stats on a release folder (two configs) and on a plain folder of jsonl."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from boost_qa.errors import SourceError
from boost_qa.release.statistics import compute_stats, row_flags, write_stats
from boost_qa.stats.card import stats_markdown
from tests.helpers.labelled import CASES
from tests.helpers.stats_release import rows_from_cases, write_release


def test_release_folder(release_dir: Path) -> None:
    stats = compute_stats(release_dir, sample_size=20, embed_sample=0)
    assert json.loads(json.dumps(stats)) == stats
    assert list(stats["configs"]) == ["math", "mixed"]
    math = stats["configs"]["math"]
    assert math["rows"] == 40
    assert math["files"] == ["math/train-00000-of-00001-t1.parquet"]
    assert math["kept_dropped"] == {
        "rows_scanned": 50,
        "seeds": 42,
        "rows": 40,
        "failed": 2,
        "skipped": {"empty answer": 8},
        "failed_reasons": {"rate limited": 2},
    }
    assert stats["configs"]["mixed"]["kept_dropped"] is None
    labels = [c["labels"] for c in CASES[:40]]
    counts = math["quality"]["counts"]
    assert counts["role_confusion"] == sum(label["role_confusion"] for label in labels)
    assert counts["well_formed"] == sum(label["well_formed"] for label in labels)
    assert sum(g["rows"] for g in math["scenarios"].values()) == 40
    for name in ("distinct_1", "self_bleu", "compression_ratio"):
        assert math["diversity"][name] is not None
    assert math["shape"]["usage"]["tokens_per_row"]["count"] == 40
    assert "embed sample size is 0" in math["notes"][0]


def test_plain_jsonl_folder(plain_dir: Path) -> None:
    stats = compute_stats(plain_dir, sample_size=5, embed_sample=0)
    assert list(stats["configs"]) == ["default"]
    config = stats["configs"]["default"]
    assert config["rows"] == 12 and config["files"] == ["dialogues.jsonl"]
    assert config["shape"]["usage"] is None
    path = write_stats(plain_dir, stats)
    assert path == plain_dir / "boost_qa" / "stats.json"
    assert json.loads(path.read_text()) == stats
    # stats.json inside boost_qa/ is never mistaken for data on the next run.
    assert (
        compute_stats(plain_dir, sample_size=5, embed_sample=0)["configs"]["default"]["rows"] == 12
    )


def test_row_flags_have_ids(plain_dir: Path, release_dir: Path) -> None:
    flags = list(row_flags(release_dir))
    assert len(flags) == len(CASES)
    assert flags[0]["config"] == "math" and flags[0]["id"] == "case-0"
    assert flags[-1]["config"] == "mixed"
    plain = list(row_flags(plain_dir))
    assert [f["id"] for f in plain[:2]] == ["row-0", "row-1"]


def test_rebuilt_folder_is_not_read_stale(tmp_path: Path) -> None:
    rows = rows_from_cases()
    folder = write_release(tmp_path / "r", {"a": rows[:10]}, "same")
    assert compute_stats(folder, sample_size=5, embed_sample=0)["configs"]["a"]["rows"] == 10
    write_release(folder, {"a": rows[:25]}, "same")
    assert compute_stats(folder, sample_size=5, embed_sample=0)["configs"]["a"]["rows"] == 25


def test_bad_folders(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such folder"):
        compute_stats(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(SourceError, match="no data files"):
        compute_stats(tmp_path / "empty")
    lacking = tmp_path / "lacking"
    lacking.mkdir()
    (lacking / "d.jsonl").write_text(json.dumps({"messages": [], "scenario": "debate"}) + "\n")
    (lacking / "d.jsonl").write_text(json.dumps({"text": "x", "scenario": "debate"}) + "\n")
    with pytest.raises(SourceError, match="lacks column.*dialogue or messages"):
        compute_stats(lacking)


def test_card_markdown(release_dir: Path) -> None:
    stats = compute_stats(release_dir, sample_size=5, embed_sample=0)
    markdown = stats_markdown(stats)
    assert list(markdown) == ["math", "mixed"]
    lines = markdown["math"].splitlines()
    assert lines[0].startswith("| metric | all | ") and "`error_correction`" in lines[0]
    assert any(line.startswith("| answer_leak |") for line in lines)
    assert "embed sample size is 0" in markdown["math"]

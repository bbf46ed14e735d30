"""`boost-qa stats`: tables, --json, --rows, and exit 2 on a bad folder."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from click.testing import CliRunner

from boost_qa.cli import main
from boost_qa.stats.quality import FLAG_NAMES
from boost_qa.transform import OUTPUT_FEATURES

FAST = ["--sample-size", "10", "--embed-sample", "0"]


def test_table(release_dir: Path) -> None:
    result = CliRunner().invoke(main, ["stats", str(release_dir), *FAST])
    assert result.exit_code == 0, result.output
    for text in (
        "math",
        "mixed",
        "distinct-2",
        "self-BLEU",
        "answer_leak",
        "near_duplicate",
        "degenerate",
        "prompt_echo",
        "Telling",
        "Success@3",
    ):
        assert text in result.output
    assert (release_dir / "boost_qa" / "stats.json").is_file()


def test_json_and_rows(release_dir: Path, tmp_path: Path) -> None:
    rows = tmp_path / "flags.jsonl"
    args = ["stats", str(release_dir), "--json", "--rows", str(rows), *FAST]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report["configs"]) == {"math", "mixed"}
    stored = json.loads((release_dir / "boost_qa" / "stats.json").read_text())
    assert stored == report
    records = [json.loads(line) for line in rows.read_text().splitlines()]
    assert len(records) == report["configs"]["math"]["rows"] + report["configs"]["mixed"]["rows"]
    assert list(records[0]) == ["config", "id", *FLAG_NAMES]
    assert set(FLAG_NAMES) >= {"degenerate", "prompt_echo", "telling", "success_at"}
    assert all(r["success_at"] is None or isinstance(r["success_at"], int) for r in records)


def test_bad_folders_exit_2(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(main, ["stats", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2 and "no such folder" in missing.output
    assert "Traceback" not in missing.output

    empty = tmp_path / "empty"
    (empty / "data").mkdir(parents=True)
    table = pa.Table.from_pylist([], schema=OUTPUT_FEATURES.arrow_schema)
    pq.write_table(table, empty / "data" / "x.parquet")
    no_rows = runner.invoke(main, ["stats", str(empty)])
    assert no_rows.exit_code == 2 and "has no rows" in no_rows.output

    lacking = tmp_path / "lacking"
    lacking.mkdir()
    (lacking / "d.jsonl").write_text(json.dumps({"messages": [], "speakers": []}) + "\n")
    result = runner.invoke(main, ["stats", str(lacking)])
    assert result.exit_code == 2
    assert str(lacking) in result.output and "scenario" in result.output

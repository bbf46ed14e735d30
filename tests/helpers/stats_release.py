"""Dataset folders for the stats tests, written from the hand-labelled dialogues (both tiers)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import datasets
import pytest
import yaml

from tests.helpers.labelled import CASES

README = """---
{header}---
# test release
"""


def rows_from_cases(prefix: str = "case") -> list[dict[str, Any]]:
    rows = []
    for index, case in enumerate(CASES):
        row = {key: value for key, value in case.items() if key != "labels"}
        row["id"] = f"{prefix}-{index}"
        row["usage"] = {"prompt_tokens": 100 + index, "completion_tokens": 50, "cost": 0.001}
        rows.append(row)
    return rows


def write_release(folder: Path, configs: dict[str, list[dict[str, Any]]], tag: str) -> Path:
    entries = []
    for name, rows in configs.items():
        (folder / name).mkdir(parents=True, exist_ok=True)
        path = folder / name / f"train-00000-of-00001-{tag}.parquet"
        datasets.Dataset.from_list(rows).to_parquet(str(path))
        pattern = f"{name}/train-*-{tag}.parquet"
        entries.append({"config_name": name, "data_files": [{"split": "train", "path": pattern}]})
    header = yaml.safe_dump({"configs": entries}, sort_keys=False)
    (folder / "README.md").write_text(README.format(header=header), encoding="utf-8")
    return folder


@pytest.fixture
def release_dir(tmp_path: Path) -> Path:
    """A release-like folder: two configs of parquet files, README YAML, a manifest."""
    rows = rows_from_cases()
    folder = write_release(tmp_path / "release", {"math": rows[:40], "mixed": rows[40:]}, "t1")
    meta = folder / "boost_qa"
    meta.mkdir()
    manifest = {
        "name": "fixture",
        "configs": {
            "math": {
                "source": {"dataset": "openai/gsm8k", "split": "train"},
                "rows_scanned": 50,
                "seeds": 42,
                "rows": 40,
                "skipped": {"empty answer": 8},
                "failed": 2,
            }
        },
    }
    (meta / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    failures = [
        {"config": "math", "id": "x", "reason": "rate limited"},
        {"config": "math", "id": "y", "reason": "rate limited"},
    ]
    (meta / "failures.jsonl").write_text("".join(json.dumps(f) + "\n" for f in failures))
    return folder


@pytest.fixture
def plain_dir(tmp_path: Path) -> Path:
    """A plain folder with one jsonl file and no README."""
    folder = tmp_path / "plain"
    folder.mkdir()
    rows = rows_from_cases("plain")[:12]
    for row in rows:
        del row["id"], row["usage"]
    (folder / "dialogues.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    return folder

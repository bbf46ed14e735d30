"""No local path leaves the machine: a build from an absolute path, then a publish.

The source is given by its absolute path and the recipe sits in another folder; every file of
the release (text, and parquet bytes read as UTF-8) and of the folder it is published to must
name neither that path, nor its folders, nor the test's temporary folder.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import datasets
import pytest
import yaml
from click.testing import CliRunner

from boost_qa.cli import main
from tests.conftest import REPO


def _recipe(path: Path, source: Path, roles: dict[str, Any], prompt_dir: Path) -> Path:
    recipe = {
        "name": "no-local-paths",
        "version": "1.0.0",
        "license": "mit",
        "roles": roles,
        "generation": {"max_tokens": 64, "retriever": "lexical", "prompt_dir": str(prompt_dir)},
        "calls": {"max_attempts": 2, "base_delay": 0.01, "max_delay": 0.05, "timeout": 5},
        "stats": {"enabled": True, "sample_size": 10, "embed_sample": 0},
        "configs": [
            {
                "name": "math",
                "source": {"path": str(source)},
                "preset": "orca-math",
                "seeds": {"limit": 4, "pool_size": 20},
            }
        ],
    }
    path.parent.mkdir(parents=True)
    path.write_text(yaml.safe_dump(recipe), encoding="utf-8")
    return path


def _leaks(folder: Path, forbidden: list[str]) -> list[str]:
    found = []
    for file in sorted(p for p in folder.rglob("*") if p.is_file()):
        text = file.read_bytes().decode("utf-8", errors="ignore")
        found += [f"{file.relative_to(folder)}: {word}" for word in forbidden if word in text]
    return found


def test_a_release_names_no_local_path(
    tmp_path: Path,
    scripted: Any,
    scripted_roles: dict[str, Any],
    cache_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = tmp_path / "private" / "alice-data" / "gsm8k.jsonl"
    source.parent.mkdir(parents=True)
    shutil.copyfile(REPO / "samples/gsm8k.jsonl", source)
    prompts = tmp_path / "private" / "alice-prompts"  # an override folder: none overridden
    prompts.mkdir()
    recipe = _recipe(tmp_path / "elsewhere" / "recipes" / "r.yaml", source, scripted_roles, prompts)
    out = tmp_path / "out" / "release"
    args = ["build", str(recipe), "--out", str(out), "--no-progress"]
    monkeypatch.setattr(sys, "argv", ["/home/alice/.venv/bin/boost-qa", *args])
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output

    forbidden = [str(source), *(str(p) for p in source.parents if len(p.parts) > 1)]
    forbidden += [str(prompts), str(recipe), str(tmp_path), "/home/alice"]
    assert _leaks(out, forbidden) == []

    manifest = json.loads((out / "boost_qa/manifest.json").read_text(encoding="utf-8"))
    recorded = manifest["configs"]["math"]["source"]
    assert recorded["dataset"] == "gsm8k.jsonl"
    assert recorded["local_files"] == [
        {
            "name": "gsm8k.jsonl",
            "size": source.stat().st_size,
            "sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
        }
    ]
    assert manifest["command"] == "boost-qa build r.yaml --out release --no-progress"
    assert manifest["configs"]["math"]["settings"]["prompt_dir"] == "alice-prompts"
    copy = yaml.safe_load((out / "boost_qa/recipe.yaml").read_text(encoding="utf-8"))
    assert copy["configs"][0]["source"]["path"] == "gsm8k.jsonl"
    rows = datasets.load_dataset("parquet", data_files=str(out / "math/*.parquet"), split="train")
    assert {row["dataset"] for row in rows["source"]} == {"gsm8k.jsonl"}
    assert "source_datasets" not in (out / "README.md").read_text(encoding="utf-8")

    published = tmp_path / "out" / "published"
    result = CliRunner().invoke(
        main, ["publish", str(out), "--to", str(published), "--version", "1.0.0"]
    )
    assert result.exit_code == 0, result.output
    assert _leaks(published, forbidden + [str(published)]) == []
    snapshot = published.with_name("published@v1.0.0")
    assert snapshot.is_dir() and _leaks(snapshot, forbidden + [str(published)]) == []

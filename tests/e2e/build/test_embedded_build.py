"""The real embedded model (SmolLM2-135M through llama.cpp) builds a small loadable release.

Structure is asserted, not the model's arithmetic.
"""

from __future__ import annotations

import importlib.util
import json

import datasets
import pytest
import yaml
from click.testing import CliRunner

from boost_qa.cli import main
from boost_qa.dialogue.messages import roles_alternate
from tests.conftest import REPO

pytestmark = [
    pytest.mark.embedded,
    pytest.mark.skipif(
        importlib.util.find_spec("llama_cpp") is None, reason="needs the local extra"
    ),
]

SCRIPTS = {
    "error_correction": ["teacher", "dull_student", "teacher", "smart_student"],
    "debate": ["teacher", "student_a", "student_b", "student_c"],
    "analogy": ["teacher", "diligent_student", "teacher", "diligent_student"],
}


def test_embedded_model_builds_a_loadable_release(tmp_path, cache_dir):
    recipe = {
        "name": "embedded-smoke",
        "version": "0.0.1",
        # Turns of 24 tokens are cut by the length limit: keep them (and any turn that fails
        # its guards) so every row is built; the structure is what is asserted here.
        "generation": {
            "max_tokens": 24,
            "retriever": "lexical",
            "debate_rounds": 1,
            "bad_turns": "keep",
            "length_limit": "keep",
        },
        "configs": [
            {
                "name": "math",
                "source": {"path": str(REPO / "samples/gsm8k.jsonl")},
                "preset": "orca-math",
                "seeds": {"limit": 4, "pool_size": 30},
            }
        ],
    }
    path = tmp_path / "recipe.yaml"
    path.write_text(yaml.safe_dump(recipe))
    out = tmp_path / "release"
    result = CliRunner().invoke(main, ["build", str(path), "--out", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output

    rows = datasets.load_dataset(str(out), "math", split="train")
    assert len(rows) == 4
    for row in rows:
        assert [t["speaker"] for t in row["dialogue"]] == SCRIPTS[row["scenario"]]
        assert all(t["content"].strip() for t in row["dialogue"])
        assert row["question"] in row["messages"][0]["content"]
        assert roles_alternate(row["messages"]) and row["messages"][-1]["weight"] == 1
        assert {m["model"] for m in row["models"]} == {"local/smollm2"}
        assert row["usage"]["completion_tokens"] > 0
    manifest = json.loads((out / "boost_qa/manifest.json").read_text())
    assert manifest["totals"]["calls"] == sum(r["usage"]["calls"] for r in rows)
    assert manifest["models"]["teacher"]["model"] == "local/smollm2"

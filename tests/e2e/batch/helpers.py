"""Recipes and builds of the batch-mode tests (against the test server's batch API)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from boost_qa.pipeline.run import BuildOptions, BuildReport, build_release

REPO = Path(__file__).resolve().parents[3]
MODEL = "openai/gpt-4o-mini"
"""A model LiteLLM prices, batch price included; its calls go to the local server."""


def write_recipe(path: Path, api_base: str, *, limit: int = 6, **calls: Any) -> Path:
    """A math config of ``limit`` seeds, every role on ``MODEL`` at ``api_base``."""
    recipe: dict[str, Any] = {
        "name": "boost-qa-batch",
        "version": "1.0.0",
        "license": "mit",
        "models": {"weak": MODEL, "mid": MODEL, "strong": MODEL},
        "generation": {
            "api_base": api_base,
            "max_tokens": 64,
            "retriever": "lexical",
            "turn_attempts": 1,
            "bad_turns": "keep",
        },
        "stats": {"enabled": False},
        "calls": {
            "max_attempts": 4,
            "base_delay": 0.01,
            "max_delay": 0.1,
            "timeout": 5,
            "batch_poll_seconds": 0.1,
            **calls,
        },
        "configs": [
            {
                "name": "math",
                "source": {"path": str(REPO / "samples/gsm8k.jsonl")},
                "preset": "orca-math",
                "seeds": {"limit": limit, "pool_size": 100},
            }
        ],
    }
    path.write_text(yaml.safe_dump(recipe), encoding="utf-8")
    return path


def build(recipe: Path, out: Path, cache: Path, *, batch: bool, **options: Any) -> BuildReport:
    """Build in this process, without the progress line."""
    return build_release(
        recipe,
        BuildOptions(out=out, cache_dir=cache, progress=False, batch=batch, **options),
    )

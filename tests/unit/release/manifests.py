"""Manifests built in tests, as a build writes them (no build needed)."""

from __future__ import annotations

from typing import Any

from boost_qa.release.manifest import MANIFEST_VERSION, Manifest


def config_summary(
    dataset: str, *, rows: int = 4, tag: str = "0123456789abcdef", **changes: Any
) -> dict[str, Any]:
    """A config summary as a build writes it."""
    summary: dict[str, Any] = {
        "source": {
            "dataset": dataset,
            "config": None,
            "split": "train",
            "revision": None,
            "fingerprint": "feedfacefeedface",
        },
        "rows_scanned": 10,
        "seeds": rows,
        "skipped": {},
        "pool_size": 6,
        "retriever": "lexical:tfidf",
        "analogy_pool": "source",
        "rows": rows,
        "rows_per_scenario": {"debate": rows},
        "failed": 0,
        "guards": {
            "agent_turns": 3 * rows,
            "tries": 3 * rows,
            "turns_retried": 0,
            "turns_kept_bad": 0,
            "rows_failed_by_guards": 0,
            "rejected": {},
        },
        "dropped": {},
        "fingerprint": "cafecafecafecafecafecafecafecafe",
        "models": {
            "teacher": {"model": "m/t", "level": "strong", "temperature": 0.2, "max_tokens": 8}
        },
        "settings": {"seed": 0, "prompt_dir": None},
        "calls": 3 * rows,
        "cache_hits": 0,
        "retries": 0,
        "failures": 0,
        "prompt_tokens": 100,
        "completion_tokens": 10,
        "cost": 0.0,
        "data_tag": tag,
        "files": [f"train-00000-of-00001-{tag}.parquet"],
        "training": {"train_on": ["smart_student"], "system": "keep"},
        "token_lengths": None,
    }
    summary.update(changes)
    return summary


def manifest_dict(**changes: Any) -> dict[str, Any]:
    """A whole manifest's JSON value: a Hub config (mit) and a local one (apache-2.0)."""
    data: dict[str, Any] = {
        "manifest_version": MANIFEST_VERSION,
        "name": "unit-release",
        "version": "1.2.0",
        "release": {
            "description": "A release built in a unit test.",
            "language": "en",
            "license": "mit",
            "config_licenses": {"math": "mit", "notes": "apache-2.0"},
        },
        "built_at": "2026-01-01T00:00:00+00:00",
        "command": "boost-qa build recipe.yaml --out release",
        "recipe_file": "recipe.yaml",
        "versions": {"boost-qa": "0.1.0", "datasets": "5.2.0"},
        "models": {
            "teacher": {"model": "m/t", "level": "strong", "temperature": 0.2, "max_tokens": 8}
        },
        "prompt_templates": {},
        "transform_fingerprints": {"math": "cafe", "notes": "cafe"},
        "stopped": None,
        "configs": {
            "math": config_summary("openai/gsm8k", tag="aaaaaaaaaaaaaaaa"),
            "notes": config_summary(
                "notes.jsonl",
                rows=2,
                tag="bbbbbbbbbbbbbbbb",
                source={
                    "dataset": "notes.jsonl",
                    "config": None,
                    "split": "train",
                    "revision": None,
                    "fingerprint": "f00d",
                    "local_files": [{"name": "notes.jsonl", "size": 12, "sha256": "ab" * 32}],
                },
            ),
        },
        "totals": {
            "seeds": 6,
            "rows": 6,
            "failed": 0,
            "calls": 18,
            "cache_hits": 0,
            "retries": 0,
            "failures": 0,
            "prompt_tokens": 200,
            "completion_tokens": 20,
            "cost": 0.0,
            "wall_seconds": 1.5,
        },
        "mixes": {
            "all": {
                "method": "concatenate",
                "weights": {"math": 0.5, "notes": 0.5},
                "stopping": None,
                "seed": 0,
                "rows": 6,
                "composition": {"math": 4, "notes": 2},
                "rows_per_scenario": {"debate": 6},
                "data_tag": "cccccccccccccccc",
                "files": ["train-00000-of-00001-cccccccccccccccc.parquet"],
            }
        },
        "skipped_mixes": {},
        "default_config": "all",
        "exports": {
            "math_sharegpt": {
                "config": "math",
                "format": "sharegpt",
                "rows": 4,
                "data_tag": "dddddddddddddddd",
                "files": ["train-00000-of-00001-dddddddddddddddd.parquet"],
            }
        },
    }
    data.update(changes)
    return data


def manifest(**changes: Any) -> Manifest:
    """The typed manifest of `manifest_dict`."""
    return Manifest.model_validate(manifest_dict(**changes))

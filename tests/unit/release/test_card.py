"""The release card rendered from a Manifest built in the test (no folder, no build)."""

from __future__ import annotations

import re
from typing import Any

import yaml

from boost_qa.release.card import (
    release_license,
    render_release_card,
    source_datasets,
)
from tests.unit.release.manifests import config_summary, manifest


def _front_matter(card: str) -> dict[str, Any]:
    match = re.match(r"\A---\n(.*?)\n---\n", card, re.DOTALL)
    assert match, card[:200]
    data: dict[str, Any] = yaml.safe_load(match.group(1))
    return data


def test_configs_block_lists_every_loadable_config_mix_and_export() -> None:
    card = render_release_card(manifest(), repo_id="alice/unit-release")
    configs = {c["config_name"]: c for c in _front_matter(card)["configs"]}
    assert list(configs) == ["math", "notes", "all", "math_sharegpt"]
    assert configs["math"]["data_files"] == [
        {"split": "train", "path": "math/train-*-aaaaaaaaaaaaaaaa.parquet"}
    ]
    assert configs["all"]["default"] is True
    assert not any(c.get("default") for n, c in configs.items() if n != "all")
    assert 'load_dataset("alice/unit-release"' in card


def test_a_config_without_rows_stays_out_of_configs_but_in_the_table() -> None:
    typed = manifest()
    typed.configs["empty"] = typed.configs["math"].model_copy(update={"rows": 0})
    card = render_release_card(typed)
    names = [c["config_name"] for c in _front_matter(card)["configs"]]
    assert "empty" not in names
    assert "| `empty` | 0 |" in card


def test_licences_one_shared_or_other() -> None:
    two = manifest()
    assert release_license(two) == "other"
    assert _front_matter(render_release_card(two))["license"] == "other"
    one = manifest()
    one.release.config_licenses = {"math": "mit", "notes": "mit"}
    assert release_license(one) == "mit"
    assert _front_matter(render_release_card(one))["license"] == "mit"


def test_source_datasets_lists_hub_datasets_only() -> None:
    typed = manifest()
    assert source_datasets(typed) == ["openai/gsm8k"]
    card = render_release_card(typed)
    assert _front_matter(card)["source_datasets"] == ["openai/gsm8k"]
    assert "`notes.jsonl`" in card  # the local source by its name in the table


def test_an_older_manifests_local_paths_are_not_source_datasets() -> None:
    typed = manifest()
    old = config_summary("../samples/gsm8k.jsonl")
    typed.configs["math"] = type(typed.configs["math"]).model_validate(old)
    assert source_datasets(typed) == []
    assert "source_datasets" not in _front_matter(render_release_card(typed))

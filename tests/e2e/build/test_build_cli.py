"""`boost-qa build` end to end with the scripted model: layout, loading, manifest, exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import datasets
import pytest
import yaml
from click.testing import CliRunner

from boost_qa.cli import main
from tests.conftest import REPO


def write_recipe(path: Path, roles: dict[str, Any], **changes: Any) -> Path:
    recipe: dict[str, Any] = {
        "name": "boost-qa-test",
        "version": "1.0.0",
        "language": "en",
        "license": "mit",
        "roles": roles,
        "generation": {"max_tokens": 64, "retriever": "lexical"},
        "calls": {"max_attempts": 2, "base_delay": 0.01, "max_delay": 0.05, "timeout": 5},
        # Statistics cost ~10 s per build (the embedding diversity imports sentence-transformers
        # and torch); tests that want them say so.
        "stats": {"enabled": False},
        "configs": [
            {
                "name": "math",
                "source": {"path": str(REPO / "samples/gsm8k.jsonl")},
                "preset": "orca-math",
                "seeds": {"limit": 6, "pool_size": 50},
            },
            {
                "name": "chat",
                "source": {"path": str(REPO / "samples/sharegpt_v3.jsonl")},
                "preset": "openhermes",
                "seeds": {"limit": 3, "pool_size": 20},
            },
        ],
    }
    recipe.update(changes)
    path.write_text(yaml.safe_dump(recipe))
    return path


def build(*args: str) -> Any:
    return CliRunner().invoke(main, ["build", *args, "--no-progress"], catch_exceptions=False)


def test_build_writes_a_loadable_hub_layout_release(tmp_path, scripted, scripted_roles, cache_dir):
    recipe = write_recipe(tmp_path / "recipe.yaml", scripted_roles)
    out = tmp_path / "release"
    result = build(str(recipe), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert (out / "README.md").exists()
    [data_file] = (out / "math").iterdir()
    assert data_file.name.startswith("train-00000-of-00001-") and data_file.suffix == ".parquet"
    for meta in ("recipe.yaml", "manifest.json", "failures.jsonl"):
        assert (out / "boost_qa" / meta).exists()
    math = datasets.load_dataset(str(out), "math", split="train")
    chat = datasets.load_dataset(str(out), "chat", split="train")
    assert len(math) == 6 and len(chat) == 3
    row = math[0]
    assert isinstance(row["messages"], list)
    assert set(row["messages"][0]) == {"role", "content", "name", "weight"}
    assert set(row["dialogue"][0]) == {"speaker", "role", "content"}
    assert "failure" not in math.column_names
    # The default config is `all`, every row of every config once, with its origin.
    default = datasets.load_dataset(str(out), split="train")
    assert list(default["id"]) == list(math["id"]) + list(chat["id"])
    assert list(default["config"]) == ["math"] * 6 + ["chat"] * 3


def test_manifest_records_what_was_built(tmp_path, scripted, scripted_roles, cache_dir):
    recipe = write_recipe(tmp_path / "recipe.yaml", scripted_roles)
    out = tmp_path / "release"
    assert build(str(recipe), "--out", str(out)).exit_code == 0
    manifest = json.loads((out / "boost_qa/manifest.json").read_text())
    assert {"boost-qa", "litellm", "datasets", "huggingface-hub"} <= set(manifest["versions"])
    assert manifest["models"]["teacher"]["model"] == "scripted/teacher"
    assert manifest["models"]["dull_student"]["temperature"] == 0.8
    assert "error_correction/teacher.j2" in manifest["prompt_templates"]
    math = manifest["configs"]["math"]
    assert math["seeds"] == 6 and math["rows"] == 6 and math["failed"] == 0
    assert math["source"]["dataset"].endswith("gsm8k.jsonl") and math["source"]["fingerprint"]
    assert sum(math["rows_per_scenario"].values()) == 6
    totals = manifest["totals"]
    assert totals["calls"] == len(scripted.log) > 0
    assert totals["rows"] == 9 and totals["wall_seconds"] > 0
    # The whole source is scanned: sharegpt row 4 has its roles shifted by one ("Sure, I can
    # do that. What ... would you like me to review?"), row 46 is an empty conversation.
    reversed_roles = "the first user turn is an assistant's reply (roles reversed)"
    assert manifest["configs"]["chat"]["skipped"] == {reversed_roles: 1, "no user turn": 1}
    skipped = [json.loads(line) for line in (out / "boost_qa/skipped.jsonl").open()]
    where = {"config": "chat", "file": "sharegpt_v3.jsonl"}
    assert skipped == [
        {**where, "row": 4, "line": 5, "reason": reversed_roles},
        {**where, "row": 46, "line": 47, "reason": "no user turn"},
    ]
    recorded = yaml.safe_load((out / "boost_qa/recipe.yaml").read_text())
    assert recorded["name"] == "boost-qa-test"


def test_identical_rebuild_is_served_from_cache(tmp_path, scripted, scripted_roles, cache_dir):
    recipe = write_recipe(tmp_path / "recipe.yaml", scripted_roles)
    assert build(str(recipe), "--out", str(tmp_path / "a")).exit_code == 0
    calls = len(scripted.log)
    assert build(str(recipe), "--out", str(tmp_path / "b")).exit_code == 0
    assert len(scripted.log) == calls
    manifest = json.loads((tmp_path / "b/boost_qa/manifest.json").read_text())
    assert manifest["totals"]["calls"] == 0 and manifest["totals"]["cache_hits"] == calls
    a = datasets.load_dataset(str(tmp_path / "a"), "math", split="train")
    b = datasets.load_dataset(str(tmp_path / "b"), "math", split="train")
    assert a["messages"] == b["messages"]


def test_failed_rows_are_listed_and_exit_code_is_1(tmp_path, scripted, scripted_roles, cache_dir):
    scripted.fail(1000, status=503, when=lambda name: name == "student_c", message="overloaded")
    recipe = write_recipe(tmp_path / "recipe.yaml", scripted_roles)
    out = tmp_path / "release"
    result = build(str(recipe), "--out", str(out))
    assert result.exit_code == 1
    failures = [json.loads(line) for line in (out / "boost_qa/failures.jsonl").open()]
    math = datasets.load_dataset(str(out), "math", split="train")
    chat = datasets.load_dataset(str(out), "chat", split="train")
    debates = [f for f in failures if f["scenario"] == "debate"]
    assert failures and len(failures) == len(debates)
    assert all(f["speaker"] == "student_c" and "overloaded" in f["reason"] for f in failures)
    assert len(math) + len(chat) + len(failures) == 9
    assert "debate" not in set(math["scenario"]) | set(chat["scenario"])
    assert "row(s) failed" in result.output


def test_config_subset_keeps_other_configs(tmp_path, scripted, scripted_roles, cache_dir):
    recipe = write_recipe(tmp_path / "recipe.yaml", scripted_roles)
    out = tmp_path / "release"
    assert build(str(recipe), "--out", str(out)).exit_code == 0
    [chat_path] = (out / "chat").iterdir()
    chat_file = chat_path.read_bytes()
    assert build(str(recipe), "--out", str(out), "--config", "math", "--limit", "2").exit_code == 0
    assert chat_path.read_bytes() == chat_file
    assert len(datasets.load_dataset(str(out), "math", split="train")) == 2
    manifest = json.loads((out / "boost_qa/manifest.json").read_text())
    assert set(manifest["configs"]) == {"math", "chat"}
    assert "config_name: chat" in (out / "README.md").read_text()


def test_dry_run_counts_calls_and_calls_nothing(tmp_path, scripted, scripted_roles, cache_dir):
    recipe = write_recipe(tmp_path / "recipe.yaml", scripted_roles)
    result = build(str(recipe), "--out", str(tmp_path / "out"), "--dry-run")
    assert result.exit_code == 0, result.output
    assert scripted.log == []
    assert not (tmp_path / "out").exists()
    total = int(result.output.split("total: ")[1].split(" calls")[0])
    # 9 seeds, 3 to 5 calls each.
    assert 27 <= total <= 45
    assert build(str(recipe), "--out", str(tmp_path / "real")).exit_code == 0
    assert len(scripted.log) == total


def test_model_override_per_level_and_role(tmp_path, scripted, cache_dir):
    recipe = write_recipe(tmp_path / "recipe.yaml", {})
    out = tmp_path / "release"
    result = build(
        str(recipe),
        "--out",
        str(out),
        "--model",
        "all=scripted/any",
        "--model",
        "teacher=scripted/t",
    )
    assert result.exit_code == 0, result.output
    assert {r.model for r in scripted.log} == {"any", "t"}
    manifest = json.loads((out / "boost_qa/manifest.json").read_text())
    assert manifest["models"]["teacher"]["model"] == "scripted/t"
    assert manifest["models"]["student_a"]["model"] == "scripted/any"


def test_max_cost_stops_cleanly(tmp_path, scripted_roles, cache_dir, monkeypatch):
    from boost_qa.llm import gateway as gateway_module
    from boost_qa.pipeline.run import BuildOptions, build_release
    from boost_qa.types import ChatResult

    async def priced(request, timeout):
        return ChatResult(
            content="Final answer: 1", prompt_tokens=10, completion_tokens=5, cost=0.01
        )

    monkeypatch.setattr(gateway_module, "_litellm_completion", lambda: priced)
    recipe = write_recipe(tmp_path / "recipe.yaml", scripted_roles)
    report = build_release(
        recipe,
        BuildOptions(out=tmp_path / "out", max_cost=0.05, concurrency=1, progress=False),
    )
    assert report.exit_code == 1
    assert report.totals["cost"] == pytest.approx(0.05)
    assert all("cost limit" in f["reason"] for f in report.failures)
    manifest = json.loads((tmp_path / "out/boost_qa/manifest.json").read_text())
    assert manifest["stopped"] == "max_cost reached"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (
            {"configs": [{"name": "../x", "source": {"path": "a.jsonl"}, "preset": "orca-math"}]},
            "name",
        ),
        (
            {"configs": [{"name": "data", "source": {"path": "a.jsonl"}, "preset": "orca-math"}]},
            "name",
        ),
        ({"generation": {"scenarios": {"lecture": 1}}}, "scenarios"),
        ({"models": {"weak": "  "}}, "models.weak"),
        (
            {
                "configs": [
                    {
                        "name": "x",
                        "source": {"path": "a.jsonl"},
                        "preset": "orca-math",
                        "seeds": {"limit": -1},
                    }
                ]
            },
            "seeds.limit",
        ),
        ({"version": "1.0"}, "version"),
        ({"configs": [{"name": "x", "source": {"path": "a.jsonl"}, "preset": "nope"}]}, "preset"),
    ],
)
def test_bad_recipes_exit_2_naming_the_field(tmp_path, scripted_roles, change, field):
    recipe = write_recipe(tmp_path / "recipe.yaml", scripted_roles, **change)
    result = CliRunner().invoke(main, ["build", str(recipe), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2, result.output
    assert field in result.output and "Traceback" not in result.output
    assert not (tmp_path / "o").exists()


def test_missing_column_exits_2_listing_columns(tmp_path, scripted_roles):
    recipe = write_recipe(
        tmp_path / "recipe.yaml",
        scripted_roles,
        configs=[
            {
                "name": "x",
                "source": {"path": str(REPO / "samples/gsm8k.jsonl")},
                "mapping": {"question": ["prompt"], "answer": "answer"},
            }
        ],
    )
    result = CliRunner().invoke(main, ["build", str(recipe), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "prompt" in result.output and "question" in result.output


def test_recipe_mixes_interleave_by_weight(tmp_path, scripted, scripted_roles, cache_dir):
    mixes = [
        {
            "name": "mostly-math",
            "configs": {"math": 3, "chat": 1},
            "seed": 1,
            "stopping": "all_exhausted_without_replacement",
        },
        {"name": "both", "configs": ["math", "chat"], "method": "concatenate"},
    ]
    recipe = write_recipe(tmp_path / "r.yaml", scripted_roles, mixes=mixes, default_config="both")
    out = tmp_path / "release"
    assert build(str(recipe), "--out", str(out)).exit_code == 0
    mixed = datasets.load_dataset(str(out), "mostly-math", split="train")
    assert sorted(mixed["config"]) == ["chat"] * 3 + ["math"] * 6
    assert len(set(mixed["id"])) == 9
    manifest = json.loads((out / "boost_qa/manifest.json").read_text())
    assert manifest["mixes"]["mostly-math"]["composition"] == {"math": 6, "chat": 3}
    assert manifest["mixes"]["mostly-math"]["weights"] == {"math": 0.75, "chat": 0.25}
    assert len(datasets.load_dataset(str(out), split="train")) == 9  # default: `both`
    assert "all" not in manifest["mixes"]
    card = (out / "README.md").read_text()
    assert "`mostly-math`" in card and "`math` 0.75" in card


def test_mix_naming_an_unknown_config_is_a_recipe_error(tmp_path, scripted_roles):
    recipe = write_recipe(
        tmp_path / "r.yaml", scripted_roles, mixes=[{"name": "m", "configs": ["nope"]}]
    )
    result = CliRunner().invoke(main, ["build", str(recipe), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "nope" in result.output


def test_editing_one_prompt_reruns_only_the_turns_it_changes(
    tmp_path, scripted, scripted_roles, cache_dir
):
    recipe = write_recipe(tmp_path / "r.yaml", scripted_roles)
    assert build(str(recipe), "--out", str(tmp_path / "a")).exit_code == 0
    before = len(scripted.log)
    overrides = tmp_path / "prompts" / "error_correction"
    overrides.mkdir(parents=True)
    text = (REPO / "boost_qa/prompts/error_correction/smart_student.j2").read_text()
    (overrides / "smart_student.j2").write_text(text.replace("capable student", "careful student"))
    edited = write_recipe(
        tmp_path / "r2.yaml",
        scripted_roles,
        generation={"retriever": "lexical", "max_tokens": 64, "prompt_dir": "prompts"},
    )
    assert build(str(edited), "--out", str(tmp_path / "b")).exit_code == 0
    rerun = scripted.log[before:]
    a = datasets.load_dataset(str(tmp_path / "a"), "all", split="train")
    corrections = sum(1 for s in a["scenario"] if s == "error_correction")
    # The smart student speaks last, so exactly one call per error-correction row is new.
    assert corrections > 0 and len(rerun) == corrections
    assert {r.model for r in rerun} == {"smart_student"}
    assert all("careful student" in r.text for r in rerun)
    old = json.loads((tmp_path / "a/boost_qa/manifest.json").read_text())["prompt_templates"]
    new = json.loads((tmp_path / "b/boost_qa/manifest.json").read_text())["prompt_templates"]
    changed = {k for k in old if old[k] != new[k]}
    assert changed == {"error_correction/smart_student.j2"}


def test_optional_judge_grades_every_row(tmp_path, scripted, scripted_roles, cache_dir):
    scripted.script("judge", ["VERDICT: incorrect\nREASON: step two adds wrongly."])
    recipe = write_recipe(tmp_path / "r.yaml", scripted_roles, judge={"model": "scripted/judge"})
    out = tmp_path / "release"
    assert build(str(recipe), "--out", str(out)).exit_code == 0
    rows = datasets.load_dataset(str(out), "math", split="train")
    judged = scripted.requests_for("judge")
    assert len(judged) == 9  # every row of both configs, once
    assert set(rows["judge_verdict"]) <= {"correct", "incorrect", "unparsed"}
    assert "incorrect" in set(rows["judge_verdict"]) | set(
        datasets.load_dataset(str(out), "chat", split="train")["judge_verdict"]
    )
    # The judge sees the reference answer and the whole dialogue.
    first = judged[0]
    assert "Standard answer:" in first.text and "teacher:" in first.text


def test_judge_is_off_by_default(tmp_path, scripted, scripted_roles, cache_dir):
    recipe = write_recipe(tmp_path / "r.yaml", scripted_roles)
    out = tmp_path / "release"
    assert build(str(recipe), "--out", str(out)).exit_code == 0
    assert scripted.requests_for("judge") == []
    assert (
        "judge_verdict" not in datasets.load_dataset(str(out), "math", split="train").column_names
    )


def test_quality_flags_are_columns_and_the_recipe_drops_what_it_names(
    tmp_path, scripted, scripted_roles, cache_dir
):
    # The scripted smart student confuses roles in every error-correction dialogue, inside a
    # line: the turn guards cut at a line that opens another turn, the flag sees the rest.
    scripted.script(
        "smart_student", ["I see my mistake. Teacher: good. Student: Final answer: 5"] * 20
    )
    recipe = write_recipe(tmp_path / "r.yaml", scripted_roles)
    out = tmp_path / "flagged"
    assert build(str(recipe), "--out", str(out)).exit_code == 0
    rows = datasets.load_dataset(str(out), "all", split="train")
    for column in (
        "well_formed",
        "role_confusion",
        "answer_leak",
        "final_correct",
        "near_duplicate",
    ):
        assert column in rows.column_names
    confused = [r["scenario"] == "error_correction" for r in rows]
    assert list(rows["role_confusion"]) == confused and any(confused)

    strict = write_recipe(tmp_path / "s.yaml", scripted_roles, quality={"drop": ["role_confusion"]})
    out2 = tmp_path / "strict"
    assert build(str(strict), "--out", str(out2)).exit_code == 0
    kept = datasets.load_dataset(str(out2), "all", split="train")
    assert len(kept) == len(rows) - sum(confused)
    assert not any(kept["role_confusion"])
    manifest = json.loads((out2 / "boost_qa/manifest.json").read_text())
    dropped = sum(c["dropped"].get("role_confusion", 0) for c in manifest["configs"].values())
    assert dropped == sum(confused)


def test_build_writes_stats_plots_and_a_card_that_round_trips(
    tmp_path, scripted, scripted_roles, cache_dir
):
    from huggingface_hub import DatasetCard

    recipe = write_recipe(
        tmp_path / "r.yaml", scripted_roles, stats={"enabled": True, "embed_sample": 20}
    )
    out = tmp_path / "release"
    result = build(str(recipe), "--out", str(out))
    assert result.exit_code == 0
    stats = json.loads((out / "boost_qa/stats.json").read_text())
    assert set(stats["configs"]) >= {"math", "chat", "all"}
    assert "distinct-1" in result.output and "well_formed" in result.output  # shown, as stats
    plots = sorted(p.name for p in (out / "boost_qa/plots").iterdir())
    assert plots == ["characters_per_turn.png", "turns_per_dialogue.png"]
    card = DatasetCard.load(out / "README.md")
    data = card.data.to_dict()
    assert data["license"] == "mit" and data["language"] == ["en"]
    assert "synthetic" in data["tags"] and data["size_categories"] == ["n<1K"]
    names = [c["config_name"] for c in data["configs"]]
    assert names == ["math", "chat", "all"]
    for name in names:  # every config the card declares loads
        assert len(datasets.load_dataset(str(out), name, split="train")) > 0
    text = card.text
    for section in (
        "## Statistics",
        "## Example dialogues",
        "## Prompt templates",
        "## Reproducibility",
        "## Changelog",
        "## Limitations",
        "## Citation",
        "boost_qa/plots/turns_per_dialogue.png",
        "SFTTrainer",
    ):
        assert section in text
    assert {i["config_name"] for i in data["dataset_info"]} == set(names)
    assert DatasetCard(str(card)).data.to_dict() == data  # round trip through the card text


def test_a_config_whose_rows_all_failed_is_left_out_of_the_statistics(
    tmp_path, scripted, scripted_roles, cache_dir
):
    # The scripted students write no code, so every row of a code config fails its guards.
    code = {
        "name": "code",
        "source": {"path": str(REPO / "samples/procqa/qa.en.python.json")},
        "preset": "procqa",
        "seeds": {"limit": 2, "pool_size": 20},
    }
    math = {
        "name": "math",
        "source": {"path": str(REPO / "samples/gsm8k.jsonl")},
        "preset": "orca-math",
        "seeds": {"limit": 2, "pool_size": 20},
    }
    recipe = write_recipe(
        tmp_path / "r.yaml",
        scripted_roles,
        configs=[math, code],
        models={"weak": "scripted/weak", "mid": "scripted/mid", "strong": "scripted/strong"},
        stats={"enabled": True, "embed_sample": 0, "plots": False},
    )
    out = tmp_path / "release"
    result = build(str(recipe), "--out", str(out), "--workers", "2")
    assert result.exit_code == 1, result.output  # rows failed, said, nothing else went wrong
    manifest = json.loads((out / "boost_qa/manifest.json").read_text())
    assert manifest["configs"]["code"]["rows"] == 0 and manifest["configs"]["code"]["failed"] == 2
    stats = json.loads((out / "boost_qa/stats.json").read_text())
    assert "code" not in stats["configs"] and stats["configs"]["math"]["rows"] == 2
    assert len(datasets.load_dataset(str(out), "math", split="train")) == 2


def test_a_multiple_choice_source_letters_its_options(
    tmp_path, scripted, scripted_roles, cache_dir
):
    rows = [
        {
            "question": "A baker bakes 9 trays of 3 cookies. How many?",
            "choices": ["12", "27", "30"],
            "answer": 1,
        },
        {
            "question": "Which is a liquid at room temperature?",
            "choices": ["ice", "water", "steam"],
            "answer": 1,
        },
        {"question": "Odd one out?", "choices": ["1", "2"], "answer": 7},
    ]
    source = tmp_path / "mmlu.jsonl"
    source.write_text("".join(json.dumps(row) + "\n" for row in rows))
    config = {
        "name": "mcq",
        "source": {"path": str(source)},
        "preset": "mmlu",  # question, choices (a list) and answer (an index); domain general
        "seeds": {"limit": 3, "pool_size": 3},
        "generation": {"scenarios": {"error_correction": 1}},
    }
    scripted.script("smart_student", ["Multiplying works here, so the answer is B."] * 2)
    recipe = write_recipe(tmp_path / "recipe.yaml", scripted_roles, configs=[config])
    out = tmp_path / "release"
    assert build(str(recipe), "--out", str(out)).exit_code == 0
    mcq = datasets.load_dataset(str(out), "mcq", split="train")
    assert sorted(mcq["reference_answer"]) == ["(B) 27", "(B) water"]
    posed = [row["messages"][0]["content"] for row in mcq]
    assert any("(A) 12\n(B) 27\n(C) 30" in text for text in posed)
    # the smart student answers by letter: read as option B, the reference
    assert mcq["final_correct"] == [True, True]
    manifest = json.loads((out / "boost_qa/manifest.json").read_text())
    assert manifest["configs"]["mcq"]["skipped"] == {"answer '7' names none of the 2 choices": 1}

"""`boost-qa repair`: flagged rows rebuilt from their first failing turn, everything else kept.

One release is built per module with the scripted model, two of its error-correction rows
spoiled on purpose with `generation.bad_turns: keep`: row A's dull student loops (a line four
times, every attempt), row B's teacher correction states the reference's final number (every
attempt). Each test repairs a copy of that release and its request cache.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import datasets
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from boost_qa.cli import main
from tests.conftest import REPO, ROLES
from tests.e2e.build.test_build_cli import build, write_recipe

GSM8K = [json.loads(line)["question"] for line in (REPO / "samples/gsm8k.jsonl").open()]
TURN_FLAGS = "well_formed,role_confusion,answer_leak,degenerate,prompt_echo"
"""The defaults without final_correct: the scripted students' answers are random numbers."""
MATH = {
    "name": "math",
    "source": {"path": str(REPO / "samples/gsm8k.jsonl")},
    "preset": "orca-math",
    # Seed ids hash the source's path as written, an absolute one by its file name only, so the
    # scenario split is the same in every checkout: 18 seeds give two error-correction dialogues.
    "seeds": {"limit": 18, "pool_size": 50},
}
CHAT = {
    "name": "chat",
    "source": {"path": str(REPO / "samples/sharegpt_v3.jsonl")},
    "preset": "openhermes",
    "seeds": {"limit": 3, "pool_size": 20},
}
LOOP = "I add the two numbers together first.\n" * 4 + "So the answer is 5."


@dataclass
class Targets:
    """The questions of the two spoiled rows, claimed by the first two math dull students."""

    dull: str | None = None
    teacher: str | None = None


@dataclass(frozen=True)
class Built:
    out: Path
    cache: Path
    targets: Targets


def spoiling(original: Callable[..., str], targets: Targets) -> Callable[..., str]:
    """A scripted default reply that spoils row A's dull student and row B's correction."""

    def reply(name: str, messages: list[dict[str, str]], seed: object) -> str:
        text = "\n".join(m["content"] for m in messages)
        question = next((q for q in GSM8K if q in text), None)
        if question and name == "dull_student":  # only error correction has a dull student
            if targets.dull is None:
                targets.dull = question
            elif targets.teacher is None and question != targets.dull:
                targets.teacher = question
            if question == targets.dull:
                return LOOP
        if question and name == "teacher" and question == targets.teacher:
            final = re.findall(r"####\s*(\S+)", text)[-1]
            return f"Your second step is wrong. Check it again: the total is {final}."
        return original(name, messages, seed)

    return reply


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    from boost_qa.llm.litellm_client import configure

    configure()  # the scripted provider: BOOST_QA_PROVIDERS (tests/conftest.py)
    from boost_qa.testing import scripted as scripted_module

    base = tmp_path_factory.mktemp("repair")
    roles = {role: {"model": f"scripted/{role}"} for role in ROLES}
    recipe = write_recipe(
        base / "recipe.yaml",
        roles,
        generation={"max_tokens": 64, "retriever": "lexical", "bad_turns": "keep"},
        training={"tokenizer": "none", "exports": ["sharegpt"]},
        configs=[MATH, CHAT],
    )
    targets = Targets()
    scripted_module.SCRIPTED.reset()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            scripted_module, "default_reply", spoiling(scripted_module.default_reply, targets)
        )
        result = build(str(recipe), "--out", str(base / "release"), "--cache-dir", str(base / "c"))
    scripted_module.SCRIPTED.reset()
    assert result.exit_code == 0, result.output
    assert targets.dull and targets.teacher
    return Built(base / "release", base / "c", targets)


@pytest.fixture
def release(built: Built, tmp_path: Path, scripted: Any) -> Path:
    """A copy of the built release, with its request cache at tmp_path/cache."""
    shutil.copytree(built.cache, tmp_path / "cache")
    shutil.copytree(built.out, tmp_path / "release")
    return tmp_path / "release"


def repair(out: Path, *args: str) -> Any:
    cache = out.parent / "cache"
    return CliRunner().invoke(
        main,
        ["repair", str(out), "--cache-dir", str(cache), "--no-progress", *args],
        catch_exceptions=False,
    )


def manifest(out: Path) -> dict[str, Any]:
    return dict(json.loads((out / "boost_qa/manifest.json").read_text()))


def rows(out: Path, config: str) -> list[dict[str, Any]]:
    """A config's rows, read from the files its manifest entry lists."""
    files = manifest(out)["configs"][config]["files"]
    return [r for f in files for r in pq.read_table(out / config / f).to_pylist()]


def snapshot(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def spoiled(out: Path, targets: Targets) -> tuple[int, int]:
    """Positions of rows A and B in the math config."""
    questions = [r["question"] for r in rows(out, "math")]
    return questions.index(targets.dull), questions.index(targets.teacher)


def speaker_turn(row: dict[str, Any], speaker: str, nth: int = 0) -> int:
    return [i for i, t in enumerate(row["dialogue"]) if t["speaker"] == speaker][nth]


def agent_turns_from(row: dict[str, Any], turn: int) -> list[str]:
    """The speakers of the model-written turns from ``turn`` on: one call each when accepted."""
    return [r["speaker"] for r in row["attempts"] if r["turn"] >= turn]


def test_repair_rebuilds_only_flagged_rows_from_their_first_failing_turn(release, built, scripted):
    before = rows(release, "math")
    a, b = spoiled(release, built.targets)
    assert before[a]["degenerate"] and not before[a]["well_formed"]
    assert before[b]["answer_leak"] and not before[b]["well_formed"]
    files = snapshot(release)
    a_turn = speaker_turn(before[a], "dull_student")
    b_turn = speaker_turn(before[b], "teacher", 1)

    result = repair(release, "--flags", TURN_FLAGS)
    assert result.exit_code == 0, result.output

    # Only the turns from each restart on reached the model; the earlier ones came from cache.
    expected = agent_turns_from(before[a], a_turn) + agent_turns_from(before[b], b_turn)
    assert sorted(r.model for r in scripted.log) == sorted(expected)
    assert len(scripted.log) == 5
    after = rows(release, "math")
    assert len(after) == len(before)
    for position, (old, new) in enumerate(zip(before, after, strict=True)):
        if position not in (a, b):
            assert new == old
    for position, turn in ((a, a_turn), (b, b_turn)):
        old, new = before[position], after[position]
        assert new["id"] == old["id"] and new["question"] == old["question"]
        assert new["dialogue"][:turn] == old["dialogue"][:turn]
        assert new["dialogue"][turn] != old["dialogue"][turn]
        assert [r for r in new["attempts"] if r["turn"] < turn] == [
            r for r in old["attempts"] if r["turn"] < turn
        ]
        assert all(r["accepted"] for r in new["attempts"])
        assert new["well_formed"] and not new["degenerate"] and not new["answer_leak"]
        assert not new["role_confusion"] and not new["prompt_echo"]

    # Untouched configs keep their files byte for byte; math, its mix and its export are new.
    now = snapshot(release)
    for name in ("chat", "chat_sharegpt"):
        kept = {k: v for k, v in files.items() if k.startswith(f"{name}/")}
        assert kept and kept == {k: v for k, v in now.items() if k.startswith(f"{name}/")}
    for name in ("math", "all", "math_sharegpt"):
        assert {k for k in files if k.startswith(f"{name}/")} != {
            k for k in now if k.startswith(f"{name}/")
        }
    assert not list(release.parent.glob(".release.staging-*"))

    record = manifest(release)["repairs"]
    assert len(record) == 1 and record[0].pop("repaired_at")
    assert record[0] == {
        "round": 1,
        "flags": TURN_FLAGS.split(","),
        "configs": {
            "math": {"checked": 18, "flagged": 2, "repaired": 2, "still_flagged": 0},
            "chat": {"checked": 3, "flagged": 0, "repaired": 0, "still_flagged": 0},
        },
        "calls": 5,
        "cache_hits": 1,  # row B's dull student
    }
    loaded = datasets.load_dataset(str(release), "math", split="train")
    assert loaded[a]["dialogue"] == after[a]["dialogue"] and loaded[b]["well_formed"]
    mixed = datasets.load_dataset(str(release), "all", split="train")
    assert mixed[a]["dialogue"] == after[a]["dialogue"]
    exported = datasets.load_dataset(str(release), "math_sharegpt", split="train")
    assert [m["value"] for m in exported[a]["conversations"]] == [
        m["content"] for m in after[a]["messages"]
    ]

    # Nothing flagged any more: no call, nothing written, exit 0.
    calls = len(scripted.log)
    again = repair(release, "--flags", TURN_FLAGS)
    assert again.exit_code == 0, again.output
    assert len(scripted.log) == calls
    assert snapshot(release) == now


def test_dry_run_lists_rows_and_restart_turns_and_calls_nothing(release, built, scripted):
    files = snapshot(release)
    result = repair(release, "--flags", TURN_FLAGS, "--dry-run")
    assert result.exit_code == 0, result.output
    assert scripted.log == []
    assert snapshot(release) == files
    before = rows(release, "math")
    a, b = spoiled(release, built.targets)
    assert f"{before[a]['id']} [well_formed, degenerate] restarts at turn 1 (dull_student)" in (
        result.output
    )
    assert f"{before[b]['id']} [well_formed, answer_leak] restarts at turn 2 (teacher)" in (
        result.output
    )
    assert "gives the answer away" in result.output
    assert result.output.count("restarts at turn") == 2


def test_final_correct_restarts_from_the_last_turn_and_a_new_round_asks_anew(
    release, built, scripted
):
    before = {name: rows(release, name) for name in ("math", "chat")}
    a, b = spoiled(release, built.targets)
    expected = []
    for name, config in before.items():
        for position, row in enumerate(config):
            assert row["final_correct"] is False  # random scripted answers
            turn = len(row["dialogue"]) - 1
            if name == "math" and position == a:
                turn = speaker_turn(row, "dull_student")  # its first failing turn comes first
            elif name == "math" and position == b:
                turn = speaker_turn(row, "teacher", 1)
            expected += agent_turns_from(row, turn)

    result = repair(release, "--flags", "final_correct")
    assert sorted(r.model for r in scripted.log) == sorted(expected)
    summary = manifest(release)["repairs"][0]
    assert summary["round"] == 1 and summary["flags"] == ["final_correct"]
    still = sum(c["still_flagged"] for c in summary["configs"].values())
    assert result.exit_code == (1 if still else 0), result.output
    for name, config in before.items():
        for old, new in zip(config, rows(release, name), strict=True):
            # A row is either repaired (right now) or kept exactly as it was.
            assert new == old or new["final_correct"] is True
    kept = [
        new == old
        for name in before
        for old, new in zip(before[name], rows(release, name), strict=True)
    ]
    assert still == sum(kept)

    # A second repair is round 2: new seeds from each restart, so new calls.
    calls = len(scripted.log)
    repair(release, "--flags", "final_correct")
    assert [r["round"] for r in manifest(release)["repairs"]] == [1, 2]
    assert len(scripted.log) > calls
    # Round 2 asked again, explicitly, is served from the cache.
    calls = len(scripted.log)
    repair(release, "--flags", "final_correct", "--round", "2")
    assert len(scripted.log) == calls


def test_unknown_flag_exits_2_naming_the_known_ones(release, scripted):
    result = repair(release, "--flags", "well_formed,bogus")
    assert result.exit_code == 2
    assert "bogus" in result.output and "near_duplicate" in result.output
    assert "Traceback" not in result.output and scripted.log == []


def test_a_folder_that_is_not_a_release_exits_2(tmp_path, scripted):
    (tmp_path / "plain").mkdir()
    result = repair(tmp_path / "plain")
    assert result.exit_code == 2 and "not a boost-qa release" in result.output
    assert repair(tmp_path / "missing").exit_code == 2


def test_a_bad_model_override_exits_2(release, scripted):
    assert repair(release, "--model", "nope").exit_code == 2  # not LEVEL_OR_ROLE=MODEL
    result = repair(release, "--model", "principal=scripted/x")  # no such role
    assert result.exit_code == 2 and "--model" in result.output
    assert "Traceback" not in result.output and scripted.log == []


def test_repaired_rows_are_judged_again_when_the_release_has_a_judge(tmp_path, scripted):
    from boost_qa.testing import scripted as scripted_module

    roles = {role: {"model": f"scripted/{role}"} for role in ROLES}
    recipe = write_recipe(
        tmp_path / "recipe.yaml",
        roles,
        generation={"max_tokens": 64, "retriever": "lexical", "bad_turns": "keep"},
        training={"tokenizer": "none"},
        judge={"model": "scripted/judge"},
        configs=[MATH],
    )
    targets = Targets()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            scripted_module, "default_reply", spoiling(scripted_module.default_reply, targets)
        )
        out = tmp_path / "release"
        result = build(str(recipe), "--out", str(out), "--cache-dir", str(tmp_path / "cache"))
    assert result.exit_code == 0, result.output
    before = rows(out, "math")
    scripted.reset()
    scripted.script("judge", ["VERDICT: correct\nREASON: fixed."] * 2)
    assert repair(out, "--flags", TURN_FLAGS).exit_code == 0
    assert len(scripted.requests_for("judge")) == 2
    after = rows(out, "math")
    a, b = spoiled(out, targets)
    assert after[a]["judge_verdict"] == after[b]["judge_verdict"] == "correct"
    assert after[a]["judge_reason"] == "fixed."
    assert [r for i, r in enumerate(after) if i not in (a, b)] == [
        r for i, r in enumerate(before) if i not in (a, b)
    ]

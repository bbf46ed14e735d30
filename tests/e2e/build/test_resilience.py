"""Builds against real HTTP: the OpenAI-compatible test server, faults, cache, kill and resume.

Every build here goes through LiteLLM's ``openai/`` provider to ``boost_qa.testing``'s server,
which answers deterministically from the request, so two builds of one recipe must give the same
rows whatever happened on the wire, and the server's counters show what was really asked.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import datasets
import pyarrow.parquet as pq
import pytest
import yaml
from click.testing import CliRunner
from huggingface_hub import DatasetCard

from boost_qa.cli import main
from boost_qa.llm.gateway import Gateway
from boost_qa.llm.retry import RetryPolicy
from boost_qa.pipeline.run import BuildOptions, BuildReport, build_release
from boost_qa.testing.openai_server import ServerSettings, ServerThread
from boost_qa.types import ChatRequest

REPO = Path(__file__).resolve().parents[3]
MODEL = "openai/test-model"
# Model calls per dialogue made by the teacher, and made from the teacher's first call on
# (everything later in the dialogue sees the teacher's words in its transcript).
TEACHER_CALLS = {"error_correction": 1, "analogy": 2, "debate": 0}
CALLS_FROM_FIRST_TEACHER_CALL = {"error_correction": 2, "analogy": 4, "debate": 0}
# (turn, speaker) of each scenario's first model call: analogy opens with the teacher's call,
# the others with a posed question (turn 0, no call).
FIRST_CALL = {
    "error_correction": (1, "dull_student"),
    "debate": (1, "student_a"),
    "analogy": (0, "teacher"),
}


@pytest.fixture(autouse=True)
def _openai_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")


def write_recipe(
    path: Path,
    api_base: str,
    *,
    limit: int = 12,
    calls: dict[str, Any] | None = None,
    roles: dict[str, Any] | None = None,
) -> Path:
    recipe: dict[str, Any] = {
        "name": "boost-qa-resilience",
        "version": "1.0.0",
        "license": "mit",
        "models": {"weak": MODEL, "mid": MODEL, "strong": MODEL},
        # One call per turn, whatever the server says: these tests count calls on the wire
        # (retries, cache replays); the turn guards are tested in tests/dialogue.
        "generation": {
            "api_base": api_base,
            "max_tokens": 64,
            "retriever": "lexical",
            "turn_attempts": 1,
            "bad_turns": "keep",
        },
        "stats": {"enabled": False},
        "calls": {
            "max_attempts": 8,
            "base_delay": 0.01,
            "max_delay": 0.2,
            "timeout": 2,
            **(calls or {}),
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
    if roles:
        recipe["roles"] = roles
    path.write_text(yaml.safe_dump(recipe), encoding="utf-8")
    return path


def build(recipe: Path, out: Path, cache: Path, concurrency: int = 8) -> BuildReport:
    options = BuildOptions(out=out, concurrency=concurrency, cache_dir=cache, progress=False)
    return build_release(recipe, options)


def build_command(recipe: Path, out: Path, cache: Path, concurrency: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "boost_qa",
        "build",
        str(recipe),
        "--out",
        str(out),
        "--cache-dir",
        str(cache),
        "--concurrency",
        str(concurrency),
        "--no-progress",
    ]


def load_rows(out: Path) -> list[dict[str, Any]]:
    return list(datasets.load_dataset(str(out), "math", split="train"))


def dialogues(rows: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, str]]]]:
    return [(row["id"], row["messages"]) for row in rows]


def manifest(out: Path) -> dict[str, Any]:
    return json.loads((out / "boost_qa" / "manifest.json").read_text())


def read_failures(out: Path) -> list[dict[str, Any]]:
    text = (out / "boost_qa" / "failures.jsonl").read_text()
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_build_through_the_openai_compatible_server(tmp_path: Path) -> None:
    with ServerThread(ServerSettings()) as server:
        recipe = write_recipe(tmp_path / "recipe.yaml", server.url)
        report = build(recipe, tmp_path / "out", tmp_path / "cache")
        stats = server.stats()

    assert report.exit_code == 0 and report.failures == []
    rows = load_rows(tmp_path / "out")
    assert len(rows) == 12
    assert len({row["seed_id"] for row in rows}) == 12
    for row in rows:
        assert row["messages"], row["id"]
        for message in row["messages"]:
            assert set(message) == {"role", "content", "name", "weight"}
            assert message["role"] in {"system", "user", "assistant"}
            assert isinstance(message["content"], str) and message["content"].strip()
        # Student turns are the server's deterministic replies (LiteLLM really went there).
        assert "Reasoning as test-model" in row["messages"][-1]["content"]
        assert {m["model"] for m in row["models"]} == {MODEL}
    totals = manifest(tmp_path / "out")["totals"]
    assert stats["calls"] == stats["ok"] == totals["calls"] > 0
    assert totals["cache_hits"] == 0 and totals["retries"] == 0 and totals["failures"] == 0
    assert sum(row["usage"]["calls"] for row in rows) == totals["calls"]
    assert stats["repeated"] == 0 and stats["bad_request"] == 0 and stats["unhandled"] == []


def test_faults_on_30_percent_of_calls_change_nothing_in_the_rows(tmp_path: Path) -> None:
    faults = {
        "rate_429": 0.08,
        "retry_after": 0.02,
        "rate_500": 0.08,
        "rate_malformed": 0.06,
        "rate_reset": 0.05,
        "rate_hang": 0.03,
        "hang_seconds": 3.0,
    }
    with ServerThread(ServerSettings()) as server:
        recipe = write_recipe(tmp_path / "recipe.yaml", server.url, calls={"timeout": 1})
        clean = build(recipe, tmp_path / "clean", tmp_path / "cache-clean")
        clean_calls = server.stats()["calls"]

        server.update(seed=7, **faults)
        server.reset()
        faulty = build(recipe, tmp_path / "faulty", tmp_path / "cache-faulty")
        stats = server.stats()

    assert clean.exit_code == 0
    assert faulty.exit_code == 0, faulty.failures
    clean_rows, faulty_rows = load_rows(tmp_path / "clean"), load_rows(tmp_path / "faulty")
    assert len(faulty_rows) == 12
    assert {r["seed_id"] for r in faulty_rows} == {r["seed_id"] for r in clean_rows}
    assert dialogues(faulty_rows) == dialogues(clean_rows)

    # Every kind of fault really happened, and each cost exactly one retry.
    assert all(count > 0 for count in stats["faults"].values()), stats["faults"]
    totals = manifest(tmp_path / "faulty")["totals"]
    assert totals["retries"] == sum(stats["faults"].values()) > 0
    assert totals["failures"] == 0
    assert totals["calls"] == stats["ok"] == clean_calls
    assert stats["calls"] == stats["ok"] + sum(stats["faults"].values())
    assert sum(r["usage"]["retries"] for r in faulty_rows) == totals["retries"]


def test_a_call_that_never_succeeds_lists_every_row_as_failed(tmp_path: Path) -> None:
    with ServerThread(ServerSettings(rate_500=1.0)) as server:
        recipe = write_recipe(
            tmp_path / "recipe.yaml", server.url, limit=3, calls={"max_attempts": 2}
        )
        out = tmp_path / "out"
        # The CLI in-process (a subprocess would spend seconds importing LiteLLM again).
        command = build_command(recipe, out, tmp_path / "cache", concurrency=8)[3:]
        result = CliRunner().invoke(main, command, catch_exceptions=True)
        stats = server.stats()

    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)  # a clean exit, not a crash
    assert "Traceback" not in result.output
    failures = read_failures(out)
    assert len(failures) == 3
    assert len({f["seed_id"] for f in failures}) == 3
    for failure in failures:
        assert failure["config"] == "math"
        # Each dialogue stops at its first model call.
        assert (failure["turn"], failure["speaker"]) == FIRST_CALL[failure["scenario"]]
        assert "500" in failure["reason"]
        assert failure["id"] == f"{failure['seed_id']}-{failure['scenario']}"
    # Two attempts per row, and not one more.
    assert stats["calls"] == stats["faults"]["500"] == 3 * 2
    data = manifest(out)
    assert data["configs"]["math"]["rows"] == 0 and data["configs"]["math"]["failed"] == 3
    assert data["totals"]["rows"] == 0 and data["totals"]["failures"] == 3
    # The config's data file exists, has the full row schema and holds no rows at all.
    [data_file] = (out / "math").glob("*.parquet")
    table = pq.read_table(data_file)
    assert table.num_rows == 0
    assert {"id", "messages", "dialogue", "usage"} <= set(table.column_names)
    assert "failure" not in table.column_names


def test_a_config_with_no_rows_is_left_out_of_the_card_configs(tmp_path: Path) -> None:
    # datasets cannot load a split without rows ("corresponds to no data"), so the card's
    # `configs:` leaves the config out and its table lists it with 0 rows and its failures.
    with ServerThread(ServerSettings(rate_500=1.0)) as server:
        recipe = write_recipe(
            tmp_path / "recipe.yaml", server.url, limit=1, calls={"max_attempts": 1}
        )
        assert build(recipe, tmp_path / "out", tmp_path / "cache").exit_code == 1
    card = DatasetCard.load(tmp_path / "out" / "README.md")
    assert [c["config_name"] for c in card.data.configs] == []
    assert "| `math` | 0 |" in card.text


def test_the_request_cache_replays_a_build_and_misses_only_changed_turns(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    with ServerThread(ServerSettings()) as server:
        recipe = write_recipe(tmp_path / "recipe.yaml", server.url)
        first = build(recipe, tmp_path / "first", cache)
        calls_first = server.stats()["calls"]
        assert first.exit_code == 0 and calls_first == first.totals["calls"] > 0

        second = build(recipe, tmp_path / "second", cache)
        assert server.stats()["calls"] == calls_first  # not one request reached the server
        assert second.totals["calls"] == 0 and second.totals["cache_hits"] == calls_first

        teacher = write_recipe(
            tmp_path / "teacher.yaml", server.url, roles={"teacher": {"temperature": 0.3}}
        )
        assert build(teacher, tmp_path / "teacher", cache).exit_code == 0
        calls_teacher = server.stats()["calls"] - calls_first

        smart = write_recipe(
            tmp_path / "smart.yaml", server.url, roles={"smart_student": {"temperature": 0.3}}
        )
        assert build(smart, tmp_path / "smart", cache).exit_code == 0
        calls_smart = server.stats()["calls"] - calls_first - calls_teacher
        assert server.stats()["repeated"] == 0

    first_rows = load_rows(tmp_path / "first")
    assert dialogues(load_rows(tmp_path / "second")) == dialogues(first_rows)
    scenarios = Counter(row["scenario"] for row in first_rows)
    assert all(scenarios[name] > 0 for name in TEACHER_CALLS), scenarios
    # The dialogues really have the shape the counts below assume.
    for row in first_rows:
        speakers = {m["speaker"] for m in row["models"]}
        assert ("teacher" in speakers) == (TEACHER_CALLS[row["scenario"]] > 0), row["id"]
        expected = {"error_correction": {3}, "analogy": {4}, "debate": {3, 5}}
        assert row["usage"]["calls"] in expected[row["scenario"]], row["id"]

    # A new teacher temperature misses the teacher's calls and every later call of the same
    # dialogue (their transcripts quote the teacher); debates, where the teacher never calls
    # a model, come wholly from the cache.
    assert calls_teacher == sum(
        CALLS_FROM_FIRST_TEACHER_CALL[name] * count for name, count in scenarios.items()
    )
    assert calls_teacher >= sum(TEACHER_CALLS[name] * count for name, count in scenarios.items())
    teacher_rows = {row["id"]: row for row in load_rows(tmp_path / "teacher")}
    for row in first_rows:
        changed = teacher_rows[row["id"]]["messages"] != row["messages"]
        assert changed == (row["scenario"] != "debate"), row["id"]
        temperatures = {m["speaker"]: m["temperature"] for m in teacher_rows[row["id"]]["models"]}
        assert temperatures.get("teacher", 0.3) == pytest.approx(0.3)

    # The smart student speaks last, once, in error correction only: exactly those calls miss.
    assert calls_smart == scenarios["error_correction"]
    smart_rows = {row["id"]: row for row in load_rows(tmp_path / "smart")}
    for row in first_rows:
        new = smart_rows[row["id"]]["messages"]
        if row["scenario"] == "error_correction":
            assert new[:-1] == row["messages"][:-1] and new[-1] != row["messages"][-1]
        else:
            assert new == row["messages"]


def _run_until_killed(command: list[str], server: ServerThread, answered: int, log: Path) -> None:
    """Start a build and SIGKILL it once the server has answered ``answered`` more calls."""
    start = server.stats()["ok"]
    with log.open("w") as handle:
        process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while server.stats()["ok"] - start < answered:
                assert process.poll() is None, f"the build ended before the kill: {log.read_text()}"
                assert time.monotonic() < deadline, "the build made no progress"
                time.sleep(0.005)
            os.kill(process.pid, signal.SIGKILL)
        finally:
            process.kill()
            process.wait(30)
    assert process.returncode == -signal.SIGKILL


def test_a_killed_build_resumes_from_the_cache(tmp_path: Path) -> None:
    concurrency = 4
    with ServerThread(ServerSettings(latency=0.05)) as server:
        recipe = write_recipe(tmp_path / "recipe.yaml", server.url, limit=20)
        reference = build(recipe, tmp_path / "reference", tmp_path / "cache-ref", concurrency)
        assert reference.exit_code == 0
        reference_stats = server.stats()
        reference_keys = set(reference_stats["by_key"])
        assert reference_stats["ok"] == len(reference_keys) > 40
        server.reset()

        out, cache = tmp_path / "out", tmp_path / "cache"
        command = build_command(recipe, out, cache, concurrency)
        kills = 0
        for answered in (5, 25):
            _run_until_killed(command, server, answered, tmp_path / f"kill-{answered}.log")
            # Killed mid-build: nothing was published (the release is staged, then moved in
            # whole at the end), and no staging folder was even started.
            assert not out.exists() and not (out / "README.md").exists()
            assert not list(tmp_path.glob(".out.staging-*"))
            stats = server.stats()
            assert stats["ok"] < reference_stats["ok"]
            # Repeats come only from calls in flight at an earlier kill.
            assert stats["repeated"] <= concurrency * kills
            kills += 1

        before_final = server.stats()
        final = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert final.returncode == 0, final.stderr
        stats = server.stats()

    resumed_calls = stats["calls"] - before_final["calls"]
    assert 0 < resumed_calls < reference_stats["calls"]
    # Only calls in flight at a kill can have been answered without reaching the cache.
    assert stats["repeated"] <= concurrency * kills
    # Over the three runs, every request of the build was answered, and nothing else was asked.
    assert set(stats["by_key"]) == reference_keys
    assert stats["ok"] == len(reference_keys) + stats["repeated"]
    assert manifest(out)["totals"]["calls"] == resumed_calls
    assert manifest(out)["totals"]["cache_hits"] == len(reference_keys) - resumed_calls
    assert dialogues(load_rows(out)) == dialogues(load_rows(tmp_path / "reference"))
    assert not list(tmp_path.glob(".out.staging-*"))


def test_retry_after_is_a_lower_bound_on_the_wait(scripted: Any) -> None:
    stamps: list[float] = []

    def first_attempt(name: str) -> bool:
        stamps.append(time.monotonic())
        return True

    def second_attempt(messages: list[dict[str, str]]) -> str:
        stamps.append(time.monotonic())
        return "second time lucky"

    scripted.fail(1, status=429, retry_after=0.3, when=first_attempt)
    scripted.script("x", [second_attempt])
    gateway = Gateway(retry=RetryPolicy(max_attempts=3, base_delay=0, max_delay=5, timeout=5))
    request = ChatRequest("scripted/x", (("user", "hello"),), 0.2, 16, 1)

    started = time.monotonic()
    result = asyncio.run(gateway.complete(request))
    elapsed = time.monotonic() - started

    assert result.content == "second time lucky" and result.attempts == 2
    assert gateway.stats.retries == 1 and gateway.stats.calls == 1
    assert len(stamps) == 2
    assert stamps[1] - stamps[0] >= 0.3
    # Honoured, not exceeded by much: with base_delay=0 the only wait is the Retry-After.
    assert stamps[1] - stamps[0] < 0.3 + 0.5
    assert elapsed >= 0.3

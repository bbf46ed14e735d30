"""The endpoint check against the test server: one one-token call per endpoint, then full width.

Real builds through LiteLLM's model resolution and the lean transport, against servers on
127.0.0.1; the server counts one-token requests apart (``checks``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from boost_qa.cli import main
from boost_qa.testing.openai_server import ServerSettings, ServerThread
from tests.e2e.build.test_resilience import MODEL, build, load_rows, manifest, write_recipe

KEY = "sk-test-not-a-real-key"


@pytest.fixture(autouse=True)
def _openai_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)


def test_a_build_checks_its_endpoint_once_and_a_rebuild_not_at_all(tmp_path: Path) -> None:
    with ServerThread(ServerSettings(latency=0.02)) as server:
        recipe = write_recipe(tmp_path / "recipe.yaml", server.url, limit=8)
        first = build(recipe, tmp_path / "first", tmp_path / "cache")
        after_first = server.stats()
        again = build(recipe, tmp_path / "again", tmp_path / "cache")
        after_again = server.stats()
    assert first.exit_code == again.exit_code == 0
    assert after_first["checks"] == 1  # every role calls the same model at the same URL
    totals = manifest(tmp_path / "first")["totals"]
    assert totals["endpoint_checks"] == 1
    # The check is not a dialogue's call: the counters and the rows' usage stay the dialogues'.
    assert totals["calls"] == after_first["ok"] == after_first["calls"]
    assert sum(row["usage"]["calls"] for row in load_rows(tmp_path / "first")) == totals["calls"]
    # The cache holds this model's answers: the rebuild makes no call, not even a check.
    assert after_again["checks"] == 1 and after_again["ok"] == after_first["ok"]
    assert "endpoint_checks" not in manifest(tmp_path / "again")["totals"]
    replayed = [row["messages"] for row in load_rows(tmp_path / "again")]
    assert replayed == [row["messages"] for row in load_rows(tmp_path / "first")]


def test_each_endpoint_is_checked_and_workers_do_not_check_again(tmp_path: Path) -> None:
    with (
        ServerThread(ServerSettings(latency=0.02)) as students,
        ServerThread(ServerSettings(latency=0.02)) as teachers,
    ):
        recipe = write_recipe(
            tmp_path / "recipe.yaml",
            students.url,
            limit=8,
            roles={"teacher": {"model": MODEL, "api_base": teachers.url}},
        )
        result = CliRunner().invoke(
            main,
            [
                "build",
                str(recipe),
                "--out",
                str(tmp_path / "out"),
                "--cache-dir",
                str(tmp_path / "cache"),
                "--no-progress",
                "--workers",
                "2",
            ],
        )
        student_stats, teacher_stats = students.stats(), teachers.stats()
    assert result.exit_code == 0, result.output
    assert student_stats["checks"] == teacher_stats["checks"] == 1
    assert student_stats["ok"] > 0 and teacher_stats["ok"] > 0
    assert manifest(tmp_path / "out")["totals"]["endpoint_checks"] == 2
    assert "2 endpoint check(s) besides" in result.output


def test_a_refused_key_stops_the_build_on_its_check(tmp_path: Path) -> None:
    with ServerThread(ServerSettings(require_token="the-right-key")) as server:
        recipe = write_recipe(tmp_path / "recipe.yaml", server.url, limit=12)
        out = tmp_path / "out"
        result = CliRunner().invoke(
            main, ["build", str(recipe), "--out", str(out), "--no-progress"]
        )
        stats = server.stats()
    assert result.exit_code == 2, result.output
    assert stats["unauthorized"] == 1  # the check alone: no dialogue was started
    assert stats["calls"] == stats["checks"] == 0  # refused at the door, before any answer
    message = " ".join(result.output.split())
    assert f"the teacher's model {MODEL} was refused 1 time(s)" in message
    assert "401" in message and "rerun" in message and KEY not in message
    assert not (out / "boost_qa" / "failures.jsonl").exists()


def test_an_announced_limit_is_learnt_from_the_check(tmp_path: Path) -> None:
    # 600 requests a minute with half a second's burst: 5 at once. A first wave of 8 sent
    # without the limit learnt (the check ending the limiter's probe, its headers ignored)
    # would be answered 429.
    settings = ServerSettings(latency=0.01, requests_per_minute=600, burst_seconds=0.5)
    with ServerThread(settings) as server:
        recipe = write_recipe(tmp_path / "recipe.yaml", server.url, limit=8)
        report = build(recipe, tmp_path / "out", tmp_path / "cache", concurrency=8)
        stats = server.stats()
    assert report.exit_code == 0
    assert stats["checks"] == 1 and stats["rate_limited"] == 0
    assert manifest(tmp_path / "out")["totals"]["retries"] == 0

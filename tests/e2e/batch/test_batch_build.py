"""Batch mode against the test server's batch API: equal rows, resume, faults, dry-run figures.

The server answers a batch line exactly as its chat endpoint answers the same body, so a batch
build must give the rows of an online build. The one documented difference: ``usage.cost`` is
the batch price (half the online price for ``openai/gpt-4o-mini``).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from boost_qa.pipeline.run import BuildOptions, build_release
from boost_qa.testing.openai_server import ServerSettings, ServerThread
from tests.e2e.batch.helpers import REPO, build, write_recipe
from tests.e2e.build.test_resilience import load_rows, manifest, read_failures


@pytest.fixture(autouse=True)
def _openai_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")


def without_cost(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**r, "usage": {k: v for k, v in r["usage"].items() if k != "cost"}} for r in rows]


def test_batch_build_equals_the_online_build_at_half_the_price(tmp_path: Path) -> None:
    with ServerThread(ServerSettings()) as server:
        server.update_batches(delay=0.2)
        recipe = write_recipe(tmp_path / "recipe.yaml", server.url, limit=6)
        online = build(recipe, tmp_path / "online", tmp_path / "cache-online", batch=False)
        server.reset()
        batch = build(recipe, tmp_path / "batch", tmp_path / "cache-batch", batch=True)
        stats = server.stats()
    plan = build_release(
        recipe, BuildOptions(out=tmp_path / "plan", dry_run=True, batch=True, progress=False)
    )

    assert online.exit_code == batch.exit_code == 0
    online_rows, batch_rows = load_rows(tmp_path / "online"), load_rows(tmp_path / "batch")
    assert len(batch_rows) == 6
    assert without_cost(batch_rows) == without_cost(online_rows)
    for b, o in zip(batch_rows, online_rows, strict=True):
        assert b["usage"]["cost"] == pytest.approx(o["usage"]["cost"] / 2)
        assert b["usage"]["cached_calls"] == 0 and b["usage"]["calls"] > 0

    on, ba = manifest(tmp_path / "online"), manifest(tmp_path / "batch")
    assert ba["configs"]["math"]["fingerprint"] == on["configs"]["math"]["fingerprint"]
    assert ba["totals"]["calls"] == on["totals"]["calls"] > 0
    assert ba["totals"]["cache_hits"] == 0
    assert ba["totals"]["cost"] == pytest.approx(on["totals"]["cost"] / 2, abs=2e-6)
    record = ba["configs"]["math"]["batch"]
    assert record["cost"] == pytest.approx(ba["totals"]["cost"], abs=2e-6)
    # Everything went through batches: the chat endpoint saw nothing.
    assert stats["calls"] == 0
    assert stats["batch"]["batches_created"] == len(record["batches"]) == record["waves"]
    assert stats["batch"]["lines"] == sum(record["calls_per_wave"]) == ba["totals"]["calls"]
    assert all(b["status"] == "completed" and b["batch_id"] for b in record["batches"])
    card = (tmp_path / "batch" / "README.md").read_text()
    assert "batch" in card.lower()
    # The dry run's waves and calls per wave are what the build submitted.
    planned = plan.configs["math"]["batch"]
    assert planned["waves"] == record["waves"]
    assert planned["calls_per_wave"] == record["calls_per_wave"]
    assert planned["cost"] == pytest.approx(planned["online_cost"] / 2)


def build_command(recipe: Path, out: Path, cache: Path) -> list[str]:
    return [
        sys.executable, "-m", "boost_qa", "build", str(recipe), "--out", str(out),
        "--cache-dir", str(cache), "--batch", "--no-progress",
    ]  # fmt: skip


def test_a_build_killed_while_waiting_resumes_the_same_batches(tmp_path: Path) -> None:
    with ServerThread(ServerSettings()) as server:
        server.update_batches(delay=0.2)
        recipe = write_recipe(tmp_path / "recipe.yaml", server.url, limit=4)
        build(recipe, tmp_path / "whole", tmp_path / "cache-whole", batch=True)
        whole = manifest(tmp_path / "whole")["configs"]["math"]["batch"]

        server.reset()
        server.update_batches(delay=600)  # the first wave will not come back before the kill
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        cmd = build_command(recipe, tmp_path / "out", tmp_path / "cache")
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 120
        while server.stats()["batch"]["retrieves"] < 1:  # polling: the batch id is recorded
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            assert time.monotonic() < deadline
            time.sleep(0.2)
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        assert server.stats()["batch"]["batches_created"] == 1

        server.update_batches(delay=0.2)
        rerun = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
        stats = server.stats()["batch"]

    assert rerun.returncode == 0, rerun.stderr
    resumed = manifest(tmp_path / "out")["configs"]["math"]["batch"]
    # The first wave's batch was polled again, not sent again; nothing was sent twice.
    # (The server numbers batches over its life: the uninterrupted build made the first ones.)
    assert resumed["batches"][0]["batch_id"] == f"batch_{whole['waves'] + 1:06d}"
    assert stats["batches_created"] == whole["waves"]
    assert stats["files_uploaded"] == whole["waves"]
    assert stats["repeated_inputs"] == 0
    assert resumed["calls_per_wave"] == whole["calls_per_wave"]
    assert load_rows(tmp_path / "out") == load_rows(tmp_path / "whole")


def test_failed_lines_expired_batches_and_5xx_lose_no_row(tmp_path: Path) -> None:
    with ServerThread(ServerSettings()) as server:
        recipe = write_recipe(tmp_path / "recipe.yaml", server.url, limit=8, max_attempts=3)
        build(recipe, tmp_path / "online", tmp_path / "cache-online", batch=False)
        server.update_batches(
            delay=0.1, line_failure_rate=0.25, expire_rate=0.3, rate_5xx=0.15, seed=7
        )
        server.reset()
        report = build(recipe, tmp_path / "out", tmp_path / "cache", batch=True)
        stats = server.stats()["batch"]

    assert stats["lines_failed"] > 0 and stats["batches_expired"] > 0 and stats["faults_5xx"] > 0
    rows = load_rows(tmp_path / "out")
    failures = read_failures(tmp_path / "out") if report.failures else []
    # Every seed ends as a row or as a failure with the provider's reason; none is lost.
    assert len(rows) + len(failures) == 8
    assert {r["seed_id"] for r in rows}.isdisjoint({f["seed_id"] for f in failures})
    for failure in failures:
        assert "batch" in failure["reason"], failure
    # The rows that were built are the online build's rows.
    online = {r["id"]: r["messages"] for r in load_rows(tmp_path / "online")}
    for row in rows:
        assert row["messages"] == online[row["id"]]
    record = manifest(tmp_path / "out")["configs"]["math"]["batch"]
    assert record["failed_lines"] > 0
    assert {b["status"] for b in record["batches"]} >= {"completed", "expired"}


def test_ctrl_c_while_waiting_says_how_to_resume(tmp_path: Path) -> None:
    with ServerThread(ServerSettings()) as server:
        server.update_batches(delay=600)
        recipe = write_recipe(tmp_path / "recipe.yaml", server.url, limit=2)
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        cmd = build_command(recipe, tmp_path / "out", tmp_path / "cache")
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 120
        while server.stats()["batch"]["retrieves"] < 1:
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.2)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)

    assert proc.returncode == 2, err
    message = err.decode()
    assert "interrupted" in message and "rerun the same command" in message.lower()
    assert "Traceback" not in message
    assert not (tmp_path / "out").exists()

"""A build SIGKILLed ten times at random points, then run to completion, loses and repeats nothing.

The same ``boost-qa build`` command is rerun with the same cache after each kill. The kills come at
ten seeded random points of the build: once the fault-free test server has answered a chosen
number of distinct requests (its ``ok`` counter less the repeats), then after a random delay of
0-40 ms, so that a kill may land while answers are in flight, being stored, or between calls.
Afterwards:

* the rows are those of an uninterrupted build, exactly;
* no release folder (half-written or not) and no staging folder exists between runs;
* every request of the build was answered, and nothing else was asked;
* a request is asked again only if its answer was lost, i.e. answered by the server but not yet
  stored in the cache when the process died (at most one per call in flight at a kill).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import time
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
import yaml

from boost_qa.pipeline.run import BuildOptions, build_release
from boost_qa.testing.openai_server import ServerSettings, ServerThread
from tests.conftest import REPO
from tests.e2e.reliability.forkserver import ForkServer, minimal_env
from tests.e2e.reliability.recipes import without_stats

SEEDS = 15
CONCURRENCY = 4
KILLS = 10
MODEL = "openai/test-model"
API_KEY = "sk-test-not-a-real-key"


def write_recipe(path: Path, api_base: str) -> Path:
    recipe: dict[str, Any] = {
        "name": "boost-qa-crashes",
        "version": "1.0.0",
        "license": "mit",
        "models": {"weak": MODEL, "mid": MODEL, "strong": MODEL},
        "generation": {"api_base": api_base, "max_tokens": 64, "retriever": "lexical"},
        "calls": {"max_attempts": 3, "base_delay": 0.01, "max_delay": 0.1, "timeout": 5},
        "configs": [
            {
                "name": "math",
                # Beside the recipe, written relative: seed ids hash the path as written, so an
                # absolute path would make the dialogues depend on where the checkout is.
                "source": {"path": "./gsm8k.jsonl"},
                "preset": "orca-math",
                "seeds": {"limit": SEEDS, "pool_size": 100},
            }
        ],
    }
    shutil.copyfile(REPO / "samples/gsm8k.jsonl", path.parent / "gsm8k.jsonl")
    path.write_text(yaml.safe_dump(without_stats(recipe)), encoding="utf-8")
    return path


def rows(out: Path) -> list[tuple[Any, ...]]:
    [data] = (out / "math").glob("*.parquet")
    table = pq.read_table(data).to_pylist()
    return [(r["id"], r["scenario"], r["messages"], r["dialogue"], r["models"]) for r in table]


def stored(cache: Path) -> int:
    """How many responses the cache holds (a reader sees every committed write)."""
    path = cache / "requests.sqlite"
    if not path.exists():
        return 0
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        (count,) = conn.execute("SELECT COUNT(*) FROM responses").fetchone()
    return int(count)


def kill_when(
    forks: ForkServer, args: list[str], server: ServerThread, target: int, delay: float, log: Path
) -> None:
    """Run a build; SIGKILL it ``delay`` s after the server has answered ``target`` distinct
    requests in all (and one at least in this run)."""
    start = server.stats()["ok"]
    pid = forks.start(args, log)
    try:
        deadline = time.monotonic() + 60
        while True:
            stats = server.stats()
            if stats["ok"] > start and len(stats["by_key"]) >= target:
                break
            assert time.monotonic() < deadline, f"no progress: {log.read_text()}"
            time.sleep(0.002)
        time.sleep(delay)
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    code = forks.wait(pid)
    assert code == -signal.SIGKILL, (
        f"the build ended (exit {code}) before the kill:\n{log.read_text()}"
    )
    # The server is done with the dead process's calls (answered, or abandoned) before counting.
    settled = time.monotonic() + 10
    while server.stats()["in_flight"]:
        assert time.monotonic() < settled, "the server never finished the killed calls"
        time.sleep(0.005)


def test_ten_kills_then_a_full_run_give_the_uninterrupted_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
    env = minimal_env(OPENAI_API_KEY=API_KEY)
    rng = random.Random(20240611)
    # The fork server imports boost-qa while the reference build runs here.
    with ServerThread(ServerSettings(latency=0.03)) as server, ForkServer(env, REPO) as forks:
        recipe = write_recipe(tmp_path / "recipe.yaml", server.url)
        reference = build_release(
            recipe,
            BuildOptions(
                out=tmp_path / "reference",
                concurrency=CONCURRENCY,
                cache_dir=tmp_path / "cache-reference",
                progress=False,
            ),
        )
        assert reference.exit_code == 0
        reference_keys = set(server.stats()["by_key"])
        assert server.stats()["ok"] == len(reference_keys) > 40
        server.reset()
        forks.wait_ready()

        out, cache = tmp_path / "out", tmp_path / "cache"
        args = ["build", str(recipe), "--out", str(out), "--cache-dir", str(cache)]
        args += ["--concurrency", str(CONCURRENCY), "--no-progress"]
        lost = []
        # Leave the last calls of the build alone, so that every run is killed before its end.
        targets = sorted(rng.sample(range(1, len(reference_keys) - 12), KILLS))
        for kill, target in enumerate(targets):
            before_ok, before_stored = server.stats()["ok"], stored(cache)
            delay = rng.choice([0.0, rng.uniform(0, 0.04)])
            kill_when(forks, args, server, target, delay, tmp_path / f"kill-{kill}.log")
            # Killed mid-build: no release folder, not even a staging folder, exists.
            assert not out.exists()
            assert not list(tmp_path.glob(".out.staging-*"))
            ok = server.stats()["ok"] - before_ok
            # Answers the server sent that never reached the cache: calls in flight at the kill.
            lost.append(ok - (stored(cache) - before_stored))
            assert 0 <= lost[-1] <= CONCURRENCY, (kill, ok, lost)
            assert server.stats()["repeated"] <= sum(lost[:-1])

        before_final = server.stats()
        final_stored = stored(cache)
        code = forks.wait(forks.start(args, tmp_path / "final.log"))
        final_log = (tmp_path / "final.log").read_text()
        assert code == 0, final_log
        stats = server.stats()

    assert "Traceback" not in final_log
    assert rows(out) == rows(tmp_path / "reference")
    # Over the eleven runs, every request of the build was answered, and nothing else was asked;
    # a request was asked again once for each time its answer was lost at a kill, never else.
    assert set(stats["by_key"]) == reference_keys
    assert stats["repeated"] == sum(lost) <= KILLS * CONCURRENCY
    assert stats["ok"] == len(reference_keys) + stats["repeated"]
    assert stored(cache) == len(reference_keys)
    # The final run asked only what the cache did not hold, and said so in its manifest.
    final_calls = stats["ok"] - before_final["ok"]
    assert final_calls == len(reference_keys) - final_stored > 0
    totals = json.loads((out / "boost_qa/manifest.json").read_text())["totals"]
    assert totals["calls"] == final_calls
    assert totals["cache_hits"] == final_stored
    assert not list(tmp_path.glob(".out.staging-*"))

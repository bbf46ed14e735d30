"""Builds against a server failing 20% and 50% of calls in mixed ways: nothing is lost or altered.

Faults: 429 with a small Retry-After, 500, a malformed JSON body, a reset connection, and a few
hangs past the 1 s client timeout. With ``max_attempts: 4`` a call fails for good only after four
faults in a row, so at 20% nearly every row is built and at 50% some rows are not. Either way,
every seed ends up exactly once: as a row identical to a fault-free build's, or listed in
``boost_qa/failures.jsonl`` with the reason; and a rerun with the same cache against a healthy
server finishes the failed rows without asking anything it already has an answer for.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
import yaml

from boost_qa.pipeline.run import BuildOptions, BuildReport, build_release
from boost_qa.testing.openai_server import FAULT_KINDS, ServerSettings, ServerThread
from tests.conftest import REPO
from tests.e2e.reliability.recipes import without_stats

SEEDS = 30
MODEL = "openai/test-model"
CALLS = {"max_attempts": 4, "base_delay": 0.01, "max_delay": 0.1, "timeout": 1}
HANG = 0.03
NO_FAULTS = {f"rate_{kind}": 0.0 for kind in FAULT_KINDS}
# What a failure's reason says for each injected fault (the gateway names what happened on the
# wire, whatever exception LiteLLM raised).
REASON = re.compile(r"HTTP 429|HTTP 500|malformed response|connection error|timeout")


def fault_rates(total: float) -> dict[str, float]:
    """Split ``total`` over the five kinds of fault (a few hangs, the rest mixed)."""
    rest = total - HANG
    return {
        "rate_429": 0.35 * rest,
        "rate_500": 0.30 * rest,
        "rate_malformed": 0.20 * rest,
        "rate_reset": 0.15 * rest,
        "rate_hang": HANG,
    }


def write_recipe(path: Path, api_base: str) -> Path:
    recipe: dict[str, Any] = {
        "name": "boost-qa-faults",
        "version": "1.0.0",
        "license": "mit",
        "models": {"weak": MODEL, "mid": MODEL, "strong": MODEL},
        "generation": {"api_base": api_base, "max_tokens": 64, "retriever": "lexical"},
        "calls": CALLS,
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


def build(recipe: Path, out: Path, cache: Path) -> BuildReport:
    options = BuildOptions(out=out, concurrency=8, cache_dir=cache, progress=False)
    return build_release(recipe, options)


def dialogues(out: Path) -> dict[str, tuple[str, Any]]:
    """seed_id -> (row id, messages) of a release's ``math`` config."""
    [data] = (out / "math").glob("*.parquet")
    return {r["seed_id"]: (r["id"], r["messages"]) for r in pq.read_table(data).to_pylist()}


def failures(out: Path) -> list[dict[str, Any]]:
    text = (out / "boost_qa" / "failures.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def server() -> Any:
    with ServerThread(ServerSettings(retry_after=0.02, hang_seconds=1.5)) as running:
        yield running


@pytest.fixture(scope="module")
def clean(server: ServerThread, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The fault-free build every faulty build is compared with."""
    folder = tmp_path_factory.mktemp("clean")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
        server.update(seed=0, **NO_FAULTS)
        server.reset()
        report = build(write_recipe(folder / "recipe.yaml", server.url), folder / "out", folder)
    assert report.exit_code == 0 and server.stats()["faults"] == dict.fromkeys(FAULT_KINDS, 0)
    rows = dialogues(folder / "out")
    assert len(rows) == SEEDS
    return rows


@pytest.mark.parametrize("rate", [0.2, 0.5])
def test_every_seed_is_a_row_or_a_listed_failure(
    rate: float,
    server: ServerThread,
    clean: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
    recipe = write_recipe(tmp_path / "recipe.yaml", server.url)
    out, cache = tmp_path / "out", tmp_path / "cache"
    server.update(seed=int(rate * 100), **fault_rates(rate))
    server.reset()
    report = build(recipe, out, cache)
    stats = server.stats()

    rows, failed = dialogues(out), failures(out)
    failed_seeds = [f["seed_id"] for f in failed]
    # Exactly one of the two for every seed: a row, or one line in failures.jsonl.
    assert len(failed_seeds) == len(set(failed_seeds))
    assert set(rows) | set(failed_seeds) == set(clean)
    assert not set(rows) & set(failed_seeds)
    # The rows that were built are the fault-free build's rows, whatever happened on the wire.
    assert {seed: rows[seed] for seed in rows} == {seed: clean[seed] for seed in rows}
    for failure in failed:
        assert failure["config"] == "math" and failure["id"] == clean[failure["seed_id"]][0]
        assert REASON.search(failure["reason"]), failure
        assert failure["speaker"] and failure["turn"] >= 0
    assert report.exit_code == (1 if failed else 0)
    manifest = json.loads((out / "boost_qa" / "manifest.json").read_text())
    assert manifest["configs"]["math"]["rows"] == len(rows)
    assert manifest["configs"]["math"]["failed"] == len(failed)

    # Every kind of fault happened; each one cost a retry or, as a call's 4th, ended it.
    assert all(stats["faults"][kind] > 0 for kind in FAULT_KINDS), stats["faults"]
    totals = manifest["totals"]
    assert totals["retries"] + totals["failures"] == sum(stats["faults"].values())
    assert totals["failures"] >= len(failed)
    assert totals["calls"] == stats["ok"] and stats["repeated"] == 0
    if rate == 0.5:
        assert failed, "at 50% some calls fail four times in a row"

    # A rerun with the same cache and a healthy server finishes exactly the failed rows.
    server.update(**NO_FAULTS)
    rerun = build(recipe, tmp_path / "rerun", cache)
    assert rerun.exit_code == 0
    assert dialogues(tmp_path / "rerun") == clean
    assert server.stats()["repeated"] == 0

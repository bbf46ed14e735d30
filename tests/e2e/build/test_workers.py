"""The local engine on several processes (``--workers N``): same rows, same counters, one cache."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from boost_qa.cli import main
from boost_qa.dialogue.prompts import PromptLibrary
from boost_qa.dialogue.settings import GenerationSettings
from boost_qa.llm.gateway import Gateway
from boost_qa.llm.retry import RetryPolicy
from boost_qa.pipeline.engines.spec import WorkerSpec
from boost_qa.pipeline.run import BuildOptions, BuildReport, build_release
from boost_qa.testing.openai_server import ServerSettings, ServerThread
from tests.e2e.build.test_resilience import dialogues, load_rows, manifest, write_recipe

FAULTS = {"rate_429": 0.06, "rate_500": 0.06, "rate_malformed": 0.04, "rate_reset": 0.04}


@pytest.fixture(autouse=True)
def _openai_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")


def build(recipe: Path, out: Path, cache: Path, workers: int) -> BuildReport:
    options = BuildOptions(out=out, concurrency=8, cache_dir=cache, progress=False, workers=workers)
    return build_release(recipe, options)


def test_two_processes_make_the_rows_and_counters_of_one(tmp_path: Path) -> None:
    with ServerThread(ServerSettings()) as server:
        recipe = write_recipe(tmp_path / "recipe.yaml", server.url, limit=16)
        one = build(recipe, tmp_path / "one", tmp_path / "cache-one", workers=1)
        one_calls = server.stats()["calls"]

        server.update(seed=3, **FAULTS)
        server.reset()
        two = build(recipe, tmp_path / "two", tmp_path / "cache-two", workers=2)
        stats = server.stats()

        # A rebuild on the cache the two processes filled asks the server nothing.
        server.reset()
        again = build(recipe, tmp_path / "again", tmp_path / "cache-two", workers=2)
        replayed = server.stats()

    assert one.exit_code == two.exit_code == again.exit_code == 0
    one_rows, two_rows = load_rows(tmp_path / "one"), load_rows(tmp_path / "two")
    assert len(two_rows) == 16
    assert dialogues(two_rows) == dialogues(one_rows)
    assert dialogues(load_rows(tmp_path / "again")) == dialogues(one_rows)

    # The parent's counters are the sum of both processes' gateways, faults and all.
    totals = manifest(tmp_path / "two")["totals"]
    assert totals["calls"] == stats["ok"] == one_calls
    assert totals["retries"] == sum(stats["faults"].values()) > 0
    assert totals["failures"] == 0 and totals["cache_hits"] == 0
    assert stats["repeated"] == 0
    assert (
        manifest(tmp_path / "two")["configs"]["math"]["fingerprint"]
        == (manifest(tmp_path / "one")["configs"]["math"]["fingerprint"])
    )
    assert replayed["calls"] == 0
    again_totals = manifest(tmp_path / "again")["totals"]
    assert again_totals["calls"] == 0 and again_totals["cache_hits"] == one_calls


def test_limits_are_split_between_the_processes() -> None:
    gateway = Gateway(
        max_concurrency=64, retry=RetryPolicy(max_requests_per_minute=601), max_cost=3.0
    )
    spec = WorkerSpec.of(GenerationSettings(), PromptLibrary(), gateway, Path("/tmp/c")).split(4)
    assert spec.max_concurrency == 16
    assert spec.retry.max_requests_per_minute == 150
    assert spec.max_cost == pytest.approx(0.75)
    assert spec.cache_dir == "/tmp/c"
    assert "error_correction/teacher.j2" in spec.prompts


def test_the_embedded_model_refuses_several_processes(tmp_path: Path) -> None:
    recipe = yaml.safe_load((Path(__file__).parents[3] / "builder/demo.yaml").read_text())
    path = tmp_path / "recipe.yaml"
    path.write_text(yaml.safe_dump(recipe))
    result = CliRunner().invoke(
        main, ["build", str(path), "--out", str(tmp_path / "out"), "--workers", "2"]
    )
    assert result.exit_code == 2, result.output
    assert "--workers" in result.output and "local/" in result.output
    assert not (tmp_path / "out").exists()

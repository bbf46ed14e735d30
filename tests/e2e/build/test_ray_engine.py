"""The Ray engine against real HTTP: same release as the local engine, cache, resume, faults.

One local Ray cluster (2 CPUs) serves the whole module. Ray actors are separate processes, so
the scripted in-process model cannot reach them: every build goes through LiteLLM's ``openai/``
provider to the OpenAI-compatible test server on 127.0.0.1, as in ``test_resilience.py``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from boost_qa.cli import main
from boost_qa.llm.cache import RequestCache
from boost_qa.pipeline.run import BuildOptions, BuildReport, build_release
from boost_qa.testing.openai_server import ServerSettings, ServerThread
from tests.e2e.build.test_resilience import (
    build_command,
    dialogues,
    load_rows,
    manifest,
    read_failures,
    write_recipe,
)

ray = pytest.importorskip("ray", reason="the ray extra is not installed (pip install '.[ray]')")
pytest.importorskip("ray.data", reason="the ray extra is not installed (pip install '.[ray]')")
pytestmark = pytest.mark.slow  # a Ray cluster, actors importing LiteLLM: seconds per build

KEY = "sk-test-not-a-real-key"
# Counts are compared exactly: no call may time out and be retried because a busy machine
# starved an actor (the resilience tests' 2 s timeout is meant for injected hangs).
PATIENT = {"timeout": 30}


@pytest.fixture(scope="module", autouse=True)
def cluster() -> Iterator[None]:
    # Actors inherit the environment the cluster starts with (the key LiteLLM needs).
    previous = os.environ.get("OPENAI_API_KEY")
    os.environ["OPENAI_API_KEY"] = KEY
    ray.init(num_cpus=2, include_dashboard=False, logging_level=logging.WARNING)
    yield
    ray.shutdown()
    if previous is None:
        os.environ.pop("OPENAI_API_KEY", None)
    else:
        os.environ["OPENAI_API_KEY"] = previous


def ray_build(
    recipe: Path, out: Path, cache: Path, *, concurrency: int = 4, workers: int = 2
) -> BuildReport:
    options = BuildOptions(
        out=out,
        concurrency=concurrency,
        cache_dir=cache,
        progress=False,
        engine="ray",
        workers=workers,
    )
    return build_release(recipe, options)


def local_build(recipe: Path, out: Path, cache: Path, concurrency: int = 4) -> BuildReport:
    options = BuildOptions(out=out, concurrency=concurrency, cache_dir=cache, progress=False)
    return build_release(recipe, options)


def test_ray_and_local_builds_give_the_same_release(tmp_path: Path) -> None:
    with ServerThread(ServerSettings(latency=0.02)) as server:
        recipe = write_recipe(tmp_path / "recipe.yaml", server.url, limit=16, calls=PATIENT)
        assert local_build(recipe, tmp_path / "local", tmp_path / "cache-local").exit_code == 0
        local_calls = server.stats()["ok"]
        server.reset()

        report = ray_build(recipe, tmp_path / "ray", tmp_path / "cache-ray", concurrency=4)
        first = server.stats()

    assert report.exit_code == 0 and report.failures == []
    local_rows, ray_rows = load_rows(tmp_path / "local"), load_rows(tmp_path / "ray")
    assert len(ray_rows) == 16
    assert dialogues(ray_rows) == dialogues(local_rows)
    ray_manifest, local_manifest = manifest(tmp_path / "ray"), manifest(tmp_path / "local")
    assert ray_manifest["transform_fingerprints"] == local_manifest["transform_fingerprints"]
    assert ray_manifest["configs"]["math"]["files"] == local_manifest["configs"]["math"]["files"]
    # Every actor's counters reached the manifest.
    totals = ray_manifest["totals"]
    assert first["calls"] == first["ok"] == totals["calls"] == local_calls
    assert totals["cache_hits"] == totals["retries"] == totals["failures"] == 0
    assert totals["prompt_tokens"] == local_manifest["totals"]["prompt_tokens"]
    assert first["repeated"] == 0
    # --concurrency is the total across the actors (2 actors, 2 calls each).
    assert first["peak_in_flight"] <= 4


def test_faults_are_retried_on_the_actors_and_failed_rows_are_listed(tmp_path: Path) -> None:
    # student_c's model cannot be routed: every debate fails at its last turn, for good (a
    # 400 is never retried), with either engine; 30% of the other calls fail once or more.
    roles = {"student_c": {"model": "boost-qa-no-such-provider/x"}}
    with ServerThread(ServerSettings()) as server:
        recipe = write_recipe(
            tmp_path / "recipe.yaml", server.url, limit=12, roles=roles, calls=PATIENT
        )
        assert local_build(recipe, tmp_path / "local", tmp_path / "cache-local").exit_code == 1
        server.update(seed=3, rate_500=0.3)
        server.reset()
        # Through the command line, in this process: it joins the module's Ray session.
        command = build_command(recipe, tmp_path / "ray", tmp_path / "cache-ray", 4)[3:]
        command += ["--engine", "ray", "--workers", "1"]
        result = CliRunner().invoke(main, command, catch_exceptions=False)
        stats = server.stats()

    assert result.exit_code == 1, result.output
    ray_rows, local_rows = load_rows(tmp_path / "ray"), load_rows(tmp_path / "local")
    assert ray_rows and dialogues(ray_rows) == dialogues(local_rows)
    totals = manifest(tmp_path / "ray")["totals"]
    assert totals["retries"] == stats["faults"]["500"] > 0
    assert totals["calls"] == stats["ok"]

    def listed(out: Path) -> list[tuple[str, str, int, str, bool]]:
        return [
            (f["id"], f["scenario"], f["turn"], f["speaker"], "400" in f["reason"])
            for f in read_failures(out)
        ]

    failures = listed(tmp_path / "ray")
    assert failures and failures == listed(tmp_path / "local")
    assert {(scenario, speaker) for _, scenario, _, speaker, _ in failures} == {
        ("debate", "student_c")
    }
    assert all(is_400 for *_, is_400 in failures)
    assert totals["failures"] == len(failures) == manifest(tmp_path / "ray")["totals"]["failed"]


def test_the_rate_limit_holds_across_the_cluster(tmp_path: Path) -> None:
    per_second = 8
    calls = {**PATIENT, "max_requests_per_minute": per_second * 60}
    stamps: list[tuple[float, int]] = []
    with ServerThread(ServerSettings()) as server:
        stop = threading.Event()

        def watch() -> None:
            while not stop.is_set():
                stamps.append((time.monotonic(), server.stats()["calls"]))
                time.sleep(0.01)

        watcher = threading.Thread(target=watch)
        watcher.start()
        try:
            recipe = write_recipe(tmp_path / "recipe.yaml", server.url, limit=10, calls=calls)
            report = ray_build(recipe, tmp_path / "out", tmp_path / "cache", concurrency=8)
        finally:
            stop.set()
            watcher.join()
        total = server.stats()["calls"]

    assert report.exit_code == 0 and total > 10
    # (time, calls) whenever the count moved. A slot is never early, but a call can leave late
    # (LiteLLM warming up on a fresh actor's loop, a busy machine) and arrive with the next
    # ones; over the run the cluster keeps to the rate, where two actors pacing themselves
    # would go twice as fast.
    pairs = zip(stamps[1:], stamps, strict=False)
    moves = [(t, count) for (t, count), (_, before) in pairs if count != before]
    (start, at_start), (end, at_end) = moves[0], moves[-1]
    assert at_end == total and at_end - at_start >= 20
    assert (at_end - at_start) / (end - start) <= per_second * 1.25


def test_one_cache_for_the_cluster_makes_a_rerun_free(tmp_path: Path) -> None:
    from boost_qa.llm.gateway import Gateway
    from boost_qa.pipeline.engines import EngineSettings, RayEngine
    from boost_qa.pipeline.prepare import prepare_config
    from boost_qa.recipe import load_recipe

    cache_dir = tmp_path / "cache"
    with ServerThread(ServerSettings()) as server:
        path = write_recipe(tmp_path / "recipe.yaml", server.url, limit=4, calls=PATIENT)
        recipe = load_recipe(path)
        config = recipe.config("math")
        settings = recipe.generation_settings(config)
        prepared = prepare_config(config, settings, base_dir=tmp_path, limit=None, cache_dir=None)
        gateway = Gateway(max_concurrency=4, retry=recipe.calls)
        stats = gateway.stats
        engine_settings = EngineSettings(
            workers=1, cache_dir=cache_dir, options={"cache_server": True}
        )
        engine = RayEngine(gateway, settings=engine_settings)
        with engine.session():
            # The actor now sees the cache file as remote.
            engine.cluster.driver_node = "another-node"
            generated = engine.generate(prepared)
        made = server.stats()["ok"]
        # A rerun whose actors open the sqlite file themselves (the driver's machine).
        rerun = ray_build(path, tmp_path / "rerun", cache_dir, workers=2)
        after = server.stats()

    assert len(generated.rows) == 4 and made > 0
    assert generated.counters["calls"] == stats.calls == made
    # Every answer went through the cache actor into the driver's sqlite file ...
    cache = RequestCache(cache_dir)
    assert len(cache) == made
    cache.close()
    # ... where the rerun found all of them: not one request reached the server.
    assert after["calls"] == made
    assert rerun.totals["calls"] == 0 and rerun.totals["cache_hits"] == made
    assert dialogues(load_rows(tmp_path / "rerun")) == dialogues(list(generated.rows))


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if fields[0] != "Z":
            tree.setdefault(int(fields[1]), []).append(int(entry.name))
    return tree


def _descendants(pid: int) -> set[int]:
    tree, found, todo = _children(), set(), [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pids: set[int]) -> dict[int, str]:
    alive = {}
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if stat[stat.rindex(")") + 2] != "Z":
            alive[pid] = command
    return alive


def _kill_when_answered(command: list[str], server: ServerThread, answered: int, log: Path) -> None:
    """Run a build, SIGKILL it after ``answered`` answers; clean up what its cluster leaves."""
    with log.open("w") as handle:
        process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 100
            while server.stats()["ok"] < answered:
                assert process.poll() is None, f"the build ended before the kill: {log.read_text()}"
                assert time.monotonic() < deadline, "the build made no progress"
                time.sleep(0.005)
            ray_processes = _descendants(process.pid)
            os.kill(process.pid, signal.SIGKILL)
        finally:
            process.kill()
            process.wait(30)
    # The cluster shares the build's fate: raylet, GCS and actors go with the driver.
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(
        "raylet" in c or "gcs_server" in c or "MapWorker" in c
        for c in _alive(ray_processes).values()
    ):
        time.sleep(0.2)
    leftovers = _alive(ray_processes)
    for pid in leftovers:  # Ray's agents outlive a SIGKILLed driver: end them, by pid
        with contextlib.suppress(ProcessLookupError):  # it may exit between look and kill
            os.kill(pid, signal.SIGKILL)
    assert not [c for c in leftovers.values() if "raylet" in c or "gcs_server" in c], leftovers
    time.sleep(0.5)
    assert _alive(ray_processes) == {}


def test_a_killed_ray_build_resumes_without_repeating_stored_calls(tmp_path: Path) -> None:
    concurrency = 4
    with ServerThread(ServerSettings(latency=0.3)) as server:
        recipe = write_recipe(tmp_path / "recipe.yaml", server.url, limit=16, calls=PATIENT)
        out, cache = tmp_path / "out", tmp_path / "cache"
        command = build_command(recipe, out, cache, concurrency)
        command += ["--engine", "ray", "--workers", "2"]
        _kill_when_answered(command, server, 12, tmp_path / "kill.log")
        assert not out.exists()
        killed = server.stats()
        assert killed["repeated"] == 0
        server.update(latency=0.01)

        resumed = ray_build(recipe, out, cache, concurrency=concurrency)
        stats = server.stats()
        assert local_build(recipe, tmp_path / "reference", tmp_path / "cache-ref").exit_code == 0
        keys = set(server.stats()["by_key"])

    assert resumed.exit_code == 0
    # Only calls in flight at the kill can have been answered without reaching the cache.
    assert stats["repeated"] <= concurrency
    assert set(stats["by_key"]) == keys
    assert stats["ok"] == len(keys) + stats["repeated"]
    totals = manifest(out)["totals"]
    assert totals["calls"] == stats["calls"] - killed["calls"] > 0
    assert totals["cache_hits"] == len(keys) - totals["calls"] > 0
    assert dialogues(load_rows(out)) == dialogues(load_rows(tmp_path / "reference"))


def test_the_ray_engine_without_ray_is_a_clean_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "ray" else real(name, *a)
    )
    recipe = write_recipe(tmp_path / "recipe.yaml", "http://127.0.0.1:9/v1", limit=1)
    command = ["build", str(recipe), "--out", str(tmp_path / "out"), "--engine", "ray"]
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 2
    assert "pip install 'boost-qa[ray]'" in " ".join(result.output.split())
    assert not (tmp_path / "out").exists()

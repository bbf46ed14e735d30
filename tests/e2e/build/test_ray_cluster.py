"""Joining a cluster the user runs: a real ``ray start --head`` with token auth, on 127.0.0.1.

One head (2 CPUs) serves the module. It is started the way a user would, in its own
environment: token mode with a token of its own, and no provider key, so an answer from the
test server proves the driver shipped the key (and boost-qa's code) to the actors.
``RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0`` is Ray's switch for a single-machine cluster: it
keeps every Ray address on 127.0.0.1 (else Ray swaps 127.0.0.1 for the machine's address);
the head and every driver need it. The head is killed by process id in teardown, with every
process it started, whatever the tests did.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from boost_qa.cli import main
from boost_qa.pipeline.run import BuildOptions, build_release
from boost_qa.testing.openai_server import ServerSettings, ServerThread
from tests.e2e.build.test_ray_engine import _alive, _descendants
from tests.e2e.build.test_resilience import (
    build_command,
    dialogues,
    load_rows,
    manifest,
    write_recipe,
)

pytest.importorskip("ray", reason="the ray extra is not installed (pip install '.[ray]')")
pytestmark = pytest.mark.slow  # a Ray head, actors importing LiteLLM: tens of seconds

KEY = "sk-test-not-a-real-key"
PATIENT = {"timeout": 30}
LOCAL_ONLY = {"RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0"}


@dataclass(frozen=True)
class Head:
    """The module's ``ray start --head``: its address, token and Ray folder (logs)."""

    address: str
    token: str
    folder: Path

    def actor_logs(self, name: str) -> list[Path]:
        """The head's worker logs of actors whose class name contains ``name``."""
        logs = self.folder.glob("session_*/logs/worker-*.out")
        return [log for log in logs if name in log.read_text(errors="replace")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _ray_env(**extra: str) -> dict[str, str]:
    """This process's environment without provider keys or Ray settings, plus ``extra``."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("RAY_") and not k.endswith("_API_KEY") and k != "PYTHONPATH"
    }
    return {**env, "RAY_USAGE_STATS_ENABLED": "0", **LOCAL_ONLY, **extra}


@pytest.fixture(scope="module")
def head(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Head]:
    token = secrets.token_hex(16)
    port = _free_port()
    folder = tmp_path_factory.mktemp("ray")  # short: Ray's socket paths live under it
    command = [
        str(Path(sys.executable).with_name("ray")),
        "start",
        "--head",
        "--block",
        "--node-ip-address=127.0.0.1",
        f"--port={port}",
        "--num-cpus=2",
        "--include-dashboard=false",
        "--dashboard-agent-listen-port=0",
        "--disable-usage-stats",
        f"--temp-dir={folder / 'r'}",
    ]
    log = folder / "head.log"
    env = _ray_env(RAY_AUTH_MODE="token", RAY_AUTH_TOKEN=token)
    with log.open("w") as handle:
        process = subprocess.Popen(
            command, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )
    started: set[int] = set()
    try:
        deadline = time.monotonic() + 90
        while "Ray runtime started" not in log.read_text():
            assert process.poll() is None, f"ray start failed: {log.read_text()[-2000:]}"
            assert time.monotonic() < deadline, f"ray start hangs: {log.read_text()[-2000:]}"
            time.sleep(0.5)
        yield Head(f"127.0.0.1:{port}", token, folder / "r")
    finally:
        started = _descendants(process.pid) | {process.pid}
        with contextlib.suppress(ProcessLookupError):  # `ray stop` would stop every cluster
            os.killpg(process.pid, signal.SIGKILL)
        for pid in _alive(started):  # workers run in process groups of their own
            with contextlib.suppress(ProcessLookupError):  # it may exit between look and kill
                os.kill(pid, signal.SIGKILL)
        process.wait(30)


def _recipe(tmp_path: Path, api_base: str, limit: int) -> Path:
    return write_recipe(tmp_path / "recipe.yaml", api_base, limit=limit, calls=PATIENT)


def test_a_build_on_a_ray_start_cluster_gives_the_local_engines_rows(
    head: Head, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    with ServerThread(ServerSettings(latency=0.02)) as server:
        recipe = _recipe(tmp_path, server.url, limit=8)
        options = BuildOptions(
            out=tmp_path / "local", concurrency=4, cache_dir=tmp_path / "c1", progress=False
        )
        assert build_release(recipe, options).exit_code == 0
        local_calls = server.stats()["ok"]
        server.reset()
        # A new user's command line, in a fresh process; the address comes from RAY_ADDRESS.
        command = build_command(recipe, tmp_path / "ray", tmp_path / "c2", 4)
        command += ["--engine", "ray", "--workers", "2"]
        env = _ray_env(
            RAY_ADDRESS=head.address,
            RAY_AUTH_MODE="token",
            RAY_AUTH_TOKEN=head.token,
            OPENAI_API_KEY=KEY,
            PYTHONPATH=str(Path(__file__).resolve().parents[3]),
        )
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        stats = server.stats()

    assert done.returncode == 0, done.stderr[-3000:]
    ray_rows, local_rows = load_rows(tmp_path / "ray"), load_rows(tmp_path / "local")
    assert len(ray_rows) == 8 and dialogues(ray_rows) == dialogues(local_rows)
    totals = manifest(tmp_path / "ray")["totals"]
    assert stats["ok"] == stats["calls"] == totals["calls"] == local_calls
    # The actors ran on the head (whose environment has no key: the driver shipped it).
    assert head.actor_logs("DialogueWorker")
    assert head.token not in done.stdout + done.stderr


def _refused(tmp_path: Path, address: str) -> tuple[str, float]:
    """Run the CLI against ``address``; the error line and the seconds it took."""
    recipe = _recipe(tmp_path, "http://127.0.0.1:9/v1", limit=4)
    # A source that does not exist: were the seeds prepared first, the error would name it.
    text = yaml.safe_load(recipe.read_text())
    text["configs"][0]["source"]["path"] = str(tmp_path / "missing.jsonl")
    recipe.write_text(yaml.safe_dump(text))
    command = ["build", str(recipe), "--out", str(tmp_path / "out"), "--engine", "ray"]
    started = time.monotonic()
    result = CliRunner().invoke(main, [*command, "--ray-address", address])
    seconds = time.monotonic() - started
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()
    return " ".join(result.output.split()), seconds


def test_a_wrong_token_is_a_clear_error_before_any_work(
    head: Head, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wrong = secrets.token_hex(16)
    for name, value in {**LOCAL_ONLY, "RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": wrong}.items():
        monkeypatch.setenv(name, value)
    message, seconds = _refused(tmp_path, head.address)
    assert message.startswith(f"error: --ray-address: the Ray cluster at {head.address}")
    assert "rejected this driver's token" in message and "ray get-auth-token" in message
    assert wrong not in message and head.token not in message
    assert seconds < 20


def test_a_missing_token_names_the_settings_to_make(
    head: Head, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
    monkeypatch.delenv("RAY_AUTH_MODE", raising=False)
    monkeypatch.delenv("RAY_AUTH_TOKEN", raising=False)
    message, seconds = _refused(tmp_path, head.address)
    assert f"the Ray cluster at {head.address} requires token authentication" in message
    assert "RAY_AUTH_MODE=token" in message and "RAY_AUTH_TOKEN" in message
    assert seconds < 20


def test_an_unreachable_address_is_a_clear_error_within_seconds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
    address = f"127.0.0.1:{_free_port()}"  # nothing listens there
    message, seconds = _refused(tmp_path, address)
    assert message.startswith(f"error: --ray-address: no Ray cluster answers at {address}")
    assert "ray start --head" in message
    assert seconds < 10

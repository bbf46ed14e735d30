"""The lean path for OpenAI-compatible endpoints against the test server: it fails like
LiteLLM's path, gives the same rows, usage and cache keys, and a refusing provider stops a
build after a handful of calls."""

from __future__ import annotations

import asyncio
import json
import socket
import sqlite3
from pathlib import Path
from typing import Any

import datasets
import pytest
from click.testing import CliRunner

from boost_qa.cli import main
from boost_qa.llm import litellm_client
from boost_qa.llm.call_loop import run_on_call_loop
from boost_qa.llm.openai_direct import direct_complete, direct_route
from boost_qa.llm.retry import Failure, classify
from boost_qa.testing.openai_server import ServerSettings, ServerThread
from boost_qa.types import ChatRequest
from tests.e2e.build.test_build_cli import write_recipe
from tests.helpers.requests import request

KEY = "sk-transport-test-key-0123456789"


@pytest.fixture(autouse=True)
def _openai_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)


def failure_on_both_paths(req: ChatRequest, timeout: float = 5.0) -> tuple[Failure, Failure]:
    """One failing call on LiteLLM's path and one on the lean path, each classified."""
    litellm_client.configure()
    route = direct_route(req)
    assert route is not None
    failures = []
    for call in (
        litellm_client.litellm_complete(req, timeout),
        direct_complete(route, req, timeout),
    ):
        with pytest.raises(Exception) as info:  # noqa: B017 - classify decides
            asyncio.run(run_on_call_loop(call))
        failures.append(classify(info.value))
    return failures[0], failures[1]


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize(
    "settings",
    [
        {"rate_500": 1.0},
        {"rate_429": 1.0, "retry_after": 0.25},
        {"rate_malformed": 1.0},
        {"rate_reset": 1.0},
        {"require_token": "another-key"},
    ],
)
def test_both_paths_fail_the_same_way(settings: dict[str, Any]) -> None:
    with ServerThread(ServerSettings()) as server:
        server.update(**settings)
        via_litellm, direct = failure_on_both_paths(request(server.url))
    kind = via_litellm.reason.split(":")[0]
    assert direct.reason.split(":")[0] == kind, (via_litellm.reason, direct.reason)
    assert (direct.retryable, direct.fatal, direct.retry_after) == (
        via_litellm.retryable,
        via_litellm.fatal,
        via_litellm.retry_after,
    )
    if kind.startswith("HTTP"):
        assert direct.status == via_litellm.status
    assert KEY not in direct.reason


def test_both_paths_fail_the_same_way_on_transport_errors() -> None:
    with ServerThread(ServerSettings(rate_hang=1.0, hang_seconds=3.0)) as server:
        slow = failure_on_both_paths(request(server.url), timeout=0.3)
    refused = failure_on_both_paths(request(f"http://127.0.0.1:{closed_port()}/v1"))
    for via_litellm, direct in (slow, refused):
        assert direct.reason.split(":")[0] == via_litellm.reason.split(":")[0]
        assert direct.retryable and via_litellm.retryable


def rows_and_keys(out: Path, cache: Path) -> tuple[list[dict[str, Any]], set[str]]:
    rows: list[dict[str, Any]] = []
    for config in ("math", "chat"):
        files = sorted(str(p) for p in (out / config).glob("*.parquet"))
        rows += datasets.load_dataset("parquet", data_files=files, split="train").to_list()
    with sqlite3.connect(cache / "requests.sqlite") as conn:
        keys = {key for (key,) in conn.execute("SELECT key FROM responses")}
    return rows, keys


def test_rows_usage_and_cache_keys_are_the_same_on_both_paths(tmp_path, monkeypatch) -> None:
    direct_calls = 0
    inner = litellm_client.direct_complete

    async def counting(*args: Any, **kwargs: Any) -> Any:
        nonlocal direct_calls
        direct_calls += 1
        return await inner(*args, **kwargs)

    monkeypatch.setattr(litellm_client, "direct_complete", counting)
    results = {}
    with ServerThread(ServerSettings()) as server:
        for transport in ("auto", "litellm"):
            cache = tmp_path / f"cache-{transport}"
            monkeypatch.setenv("BOOST_QA_CACHE_DIR", str(cache))
            recipe = write_recipe(
                tmp_path / f"{transport}.yaml",
                {},
                models={m: "openai/gpt-4o-mini" for m in ("weak", "mid", "strong")},
                generation={"api_base": server.url, "retriever": "lexical", "max_tokens": 48},
                calls={"max_attempts": 2, "timeout": 5, "transport": transport},
            )
            out = tmp_path / f"out-{transport}"
            result = CliRunner().invoke(
                main, ["build", str(recipe), "--out", str(out), "--no-progress"]
            )
            assert result.exit_code == 0, result.output
            calls_before_auto = direct_calls
            results[transport] = (*rows_and_keys(out, cache), out)
            if transport == "auto":
                assert calls_before_auto > 0  # the lean path really made the calls
                direct_after_auto = direct_calls
        # A rebuild on the cache makes no call at all.
        served = server.stats()["calls"]
        again = CliRunner().invoke(
            main,
            [
                "build",
                str(tmp_path / "litellm.yaml"),
                "--out",
                str(tmp_path / "again"),
                "--no-progress",
            ],
        )
        assert again.exit_code == 0, again.output
        assert server.stats()["calls"] == served
    assert direct_calls == direct_after_auto  # transport: litellm never took the lean path
    rows_auto, keys_auto, out_auto = results["auto"]
    rows_litellm, keys_litellm, out_litellm = results["litellm"]
    assert rows_auto == rows_litellm and len(rows_auto) == 9
    assert keys_auto == keys_litellm
    cost = sum(row["usage"]["cost"] for row in rows_auto)
    assert cost > 0  # gpt-4o-mini has a price: both paths priced it the same
    counted = ("fingerprint", "rows", "calls", "prompt_tokens", "completion_tokens", "cost")
    manifests = [
        json.loads((o / "boost_qa" / "manifest.json").read_text()) for o in (out_auto, out_litellm)
    ]
    configs = [
        {name: {k: c[k] for k in counted} for name, c in manifest["configs"].items()}
        for manifest in manifests
    ]
    assert configs[0] == configs[1] and configs[0]["math"]["calls"] > 0


def write_seeds(path: Path, n: int) -> Path:
    lines = (
        json.dumps(
            {
                "question": f"What is {i} + {i + 1}?",
                "answer": f"{i} + {i + 1} = {2 * i + 1}\n#### {2 * i + 1}",
            }
        )
        for i in range(n)
    )
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_refused_key_stops_a_large_build_after_a_handful_of_calls(
    tmp_path, cache_dir, workers
) -> None:
    source = write_seeds(tmp_path / "seeds.jsonl", 1000)
    with ServerThread(ServerSettings(require_token="the-right-key")) as server:
        recipe = write_recipe(
            tmp_path / "r.yaml",
            {},
            models={m: "openai/gpt-4o-mini" for m in ("weak", "mid", "strong")},
            generation={"api_base": server.url, "retriever": "lexical", "max_tokens": 16},
            configs=[
                {
                    "name": "math",
                    "source": {"path": str(source)},
                    "preset": "orca-math",
                    "seeds": {"limit": 1000, "pool_size": 50},
                }
            ],
        )
        out = tmp_path / "out"
        result = CliRunner().invoke(
            main, ["build", str(recipe), "--out", str(out), "--no-progress", "--workers", workers]
        )
        refused = server.stats()["unauthorized"]
    assert result.exit_code == 2, result.output
    assert refused <= 3 * int(workers)  # a handful, not one per row
    message = result.output
    assert "openai/gpt-4o-mini" in message and "401" in message and "'s model" in message
    assert "rerun" in message
    assert KEY not in message
    assert not (out / "boost_qa" / "failures.jsonl").exists()

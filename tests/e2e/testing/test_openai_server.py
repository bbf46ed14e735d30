"""Behavioural tests of the fault-injecting OpenAI-compatible test server."""

from __future__ import annotations

import os

os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"

import asyncio
import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import litellm
import openai
import pytest

from boost_qa.testing.openai_server import ServerSettings, ServerThread, request_key

litellm.suppress_debug_info = True

REPO = Path(__file__).resolve().parents[3]
MESSAGES = [
    {"role": "system", "content": "You are a patient mathematics teacher."},
    {"role": "user", "content": "A train travels 120 km in 2 hours. What is its speed?"},
]
FINAL = re.compile(r"The final answer is (\d+)\.$")


async def complete(server: ServerThread, **kwargs: Any) -> Any:
    params: dict[str, Any] = {
        "model": "openai/any-model",
        "api_base": server.url,
        "api_key": "sk-test",
        "messages": MESSAGES,
        "max_retries": 0,
    }
    params.update(kwargs)
    return await litellm.acompletion(**params)


async def raw_sdk_call(server: ServerThread) -> None:
    """Call the server through the OpenAI SDK directly, without LiteLLM's exception mapping."""
    client = openai.AsyncOpenAI(base_url=server.url, api_key="sk-test", max_retries=0)
    async with client:
        await client.chat.completions.create(model="any-model", messages=MESSAGES)


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def http(
    url: str, body: dict[str, Any] | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, Any]]:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    for name, value in (headers or {}).items():
        req.add_header(name, value)
    try:
        with urllib.request.urlopen(req, timeout=5) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def root(server: ServerThread) -> str:
    return server.url.removesuffix("/v1")


def test_litellm_reply_is_deterministic_and_has_usage() -> None:
    with ServerThread() as server:

        async def scenario() -> list[Any]:
            return [
                await complete(server, seed=1),
                await complete(server, seed=1),
                await complete(server, seed=2),
            ]

        first, again, other = run(scenario())
        stats = server.stats()

    content = first.choices[0].message.content
    assert content == again.choices[0].message.content
    assert content != other.choices[0].message.content
    assert "any-model" in content
    assert first.choices[0].finish_reason == "stop"
    assert first.usage.prompt_tokens > 0 and first.usage.completion_tokens > 0
    assert first.usage.total_tokens == first.usage.prompt_tokens + first.usage.completion_tokens
    # The final answer is derived from the request hash the server recorded.
    match = FINAL.search(content)
    assert match is not None
    answers = {int(key[:8], 16) % 100 for key in stats["by_key"]}
    assert int(match.group(1)) in answers
    assert stats["calls"] == 3 and stats["ok"] == 3 and stats["repeated"] == 1


def test_request_key_is_canonical() -> None:
    body = {"model": "m", "messages": MESSAGES, "temperature": 0.5, "seed": 3, "n": 1}
    shuffled = {"seed": 3, "temperature": 0.5, "messages": MESSAGES, "model": "m", "user": "x"}
    assert request_key(body) == request_key(shuffled)
    assert request_key(body) != request_key({**body, "max_tokens": 10})


def test_rate_limit_carries_retry_after() -> None:
    with ServerThread(ServerSettings(rate_429=1.0, retry_after=0.25)) as server:
        with pytest.raises(litellm.RateLimitError) as caught:
            run(complete(server))
        # LiteLLM 1.106.2 rebuilds exc.response for the openai provider without the upstream
        # headers; they survive on litellm_response_headers. The raw SDK keeps them on response.
        assert caught.value.status_code == 429
        assert caught.value.litellm_response_headers["retry-after"] == "0.25"

        with pytest.raises(openai.RateLimitError) as raw_caught:
            run(raw_sdk_call(server))
        assert raw_caught.value.response.headers["Retry-After"] == "0.25"
        assert server.stats()["faults"]["429"] == 2


def test_server_error() -> None:
    with ServerThread(ServerSettings(rate_500=1.0)) as server:
        with pytest.raises(litellm.InternalServerError) as caught:
            run(complete(server))
        assert caught.value.status_code == 500
        stats = server.stats()
    assert stats["faults"]["500"] == 1 and stats["ok"] == 0


def test_malformed_body_makes_client_raise() -> None:
    with ServerThread(ServerSettings(rate_malformed=1.0)) as server:
        with pytest.raises(Exception):  # noqa: B017 - any client-side failure is acceptable
            run(complete(server))
        stats = server.stats()
    assert stats["faults"]["malformed"] == 1 and stats["ok"] == 0 and stats["by_key"] == {}


def test_reset_is_a_connection_error() -> None:
    with ServerThread(ServerSettings(rate_reset=1.0)) as server:
        # LiteLLM reports the SDK's APIConnectionError as a 500 whose message says so.
        with pytest.raises(litellm.InternalServerError, match="Connection error"):
            run(complete(server))

        with pytest.raises(openai.APIConnectionError) as caught:
            run(raw_sdk_call(server))
        assert not isinstance(caught.value, openai.APITimeoutError)
        assert server.stats()["faults"]["reset"] == 2


def test_hang_triggers_client_timeout() -> None:
    started = time.monotonic()
    with ServerThread(ServerSettings(rate_hang=1.0, hang_seconds=2)) as server:
        with pytest.raises(litellm.Timeout):
            run(complete(server, timeout=0.5))
        stats = server.stats()
    assert stats["faults"]["hang"] == 1 and stats["ok"] == 0
    assert time.monotonic() - started < 1.9  # the abandoned hang does not delay shutdown


def test_repeated_counts_second_identical_ok_request() -> None:
    with ServerThread() as server:

        async def scenario() -> None:
            await complete(server)
            await complete(server)
            await complete(server, seed=7)

        run(scenario())
        stats = server.stats()
        server.reset()
        zeroed = server.stats()
    assert (stats["calls"], stats["ok"], stats["repeated"]) == (3, 3, 1)
    assert sorted(stats["by_key"].values()) == [1, 2]
    assert zeroed["calls"] == 0 and zeroed["by_key"] == {} and zeroed["repeated"] == 0


def test_peak_in_flight_with_concurrent_requests() -> None:
    with ServerThread(ServerSettings(latency=0.2)) as server:

        async def scenario() -> None:
            await asyncio.gather(*(complete(server, seed=i) for i in range(8)))

        run(scenario())
        stats = server.stats()
    assert stats["peak_in_flight"] >= 8
    assert stats["in_flight"] == 0 and stats["ok"] == 8


def test_require_token_rejects_without_counting() -> None:
    body = {"model": "m", "messages": MESSAGES}
    with ServerThread(ServerSettings(require_token="sk-right")) as server:
        status, payload = http(
            f"{server.url}/chat/completions", body, {"Authorization": "Bearer x"}
        )
        assert status == 401 and "error" in payload
        assert server.stats()["calls"] == 0
        status, payload = http(
            f"{server.url}/chat/completions", body, {"Authorization": "Bearer sk-right"}
        )
        assert status == 200 and payload["object"] == "chat.completion"
        stats = server.stats()
    assert stats["calls"] == 1 and stats["unauthorized"] == 1


def test_unknown_path_stream_and_control_endpoints() -> None:
    with ServerThread() as server:
        status, payload = http(f"{root(server)}/v1/nope")
        assert status == 404 and "error" in payload
        body = {"model": "m", "messages": MESSAGES, "stream": True}
        assert http(f"{root(server)}/chat/completions", body)[0] == 400
        status, models = http(f"{server.url}/models")
        assert status == 200 and models["object"] == "list"
        status, stats = http(f"{root(server)}/stats")
        assert status == 200 and stats["unhandled"] == ["GET /v1/nope"]
        assert stats["calls"] == 1 and stats["bad_request"] == 1
        assert http(f"{root(server)}/reset", {})[0] == 200
        assert server.stats()["unhandled"] == []


def test_update_changes_faults_at_runtime() -> None:
    body = {"model": "m", "messages": MESSAGES}
    with ServerThread() as server:
        assert http(f"{server.url}/chat/completions", body)[0] == 200
        server.update(rate_500=1.0)
        assert http(f"{server.url}/chat/completions", body)[0] == 500
        server.update(rate_500=0.0)
        assert http(f"{server.url}/chat/completions", body)[0] == 200
        assert server.settings.rate_500 == 0.0
        with pytest.raises(ValueError):
            server.update(port=1234)


def test_settings_validation() -> None:
    with pytest.raises(ValueError):
        ServerSettings(rate_429=0.6, rate_500=0.6)
    with pytest.raises(ValueError):
        ServerSettings(rate_reset=1.5)
    assert ServerSettings().host == "127.0.0.1"


def test_cli_prints_url_and_serves() -> None:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
    }
    cmd = [sys.executable, "-m", "boost_qa.testing.openai_server", "--port", "0", "--seed", "0"]
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        match = re.fullmatch(
            r"boost-qa test LLM server listening on (http://127\.0\.0\.1:\d+/v1)", line
        )
        assert match is not None, line
        body = {"model": "cli-model", "messages": MESSAGES}
        status, payload = http(f"{match.group(1)}/chat/completions", body)
        assert status == 200 and "cli-model" in payload["choices"][0]["message"]["content"]
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert proc.returncode == 0
    assert proc.stdout.read() == ""

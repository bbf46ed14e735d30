"""The gateway and retry classification, against real LiteLLM exceptions from the test server."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from boost_qa.errors import LLMCallError
from boost_qa.llm.cache import RequestCache, request_key
from boost_qa.llm.gateway import Gateway
from boost_qa.llm.retry import Failure, RetryPolicy, classify
from boost_qa.testing.openai_server import ServerSettings, ServerThread
from boost_qa.types import ChatRequest, ChatResult
from tests.helpers.requests import request

REPO = Path(__file__).resolve().parents[3]
FAST = RetryPolicy(max_attempts=3, base_delay=0.01, max_delay=0.1, timeout=5)


@pytest.fixture(autouse=True)
def _openai_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")


@pytest.fixture
def server() -> Iterator[ServerThread]:
    with ServerThread(ServerSettings()) as running:
        yield running


def failure_of(req: ChatRequest, timeout: float = 5.0) -> Failure:
    """Make one real LiteLLM call that must fail, and classify what it raised."""
    from boost_qa.llm.litellm_client import configure, litellm_complete

    configure()

    async def call() -> None:
        await litellm_complete(req, timeout)

    with pytest.raises(Exception) as info:  # noqa: B017 - any exception: classify decides
        asyncio.run(call())
    return classify(info.value)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize(
    ("settings", "kind", "status"),
    [
        ({"rate_500": 1.0}, "HTTP 500", 500),
        ({"rate_malformed": 1.0}, "malformed response", 500),
        ({"rate_reset": 1.0}, "connection error", 500),
    ],
)
def test_server_faults_are_retryable_and_named_by_what_happened(
    server: ServerThread, settings: dict[str, float], kind: str, status: int
) -> None:
    server.update(**settings)
    failure = failure_of(request(server.url))
    assert failure.retryable
    assert failure.reason.startswith(f"{kind}: "), failure.reason
    assert failure.status == status
    assert failure.retry_after is None


def test_429_is_retryable_with_its_retry_after(server: ServerThread) -> None:
    server.update(rate_429=1.0, retry_after=0.25)
    failure = failure_of(request(server.url))
    assert failure.retryable
    assert failure.status == 429 and failure.reason.startswith("HTTP 429: ")
    assert failure.retry_after == pytest.approx(0.25)


def test_a_client_timeout_is_retryable(server: ServerThread) -> None:
    server.update(rate_hang=1.0, hang_seconds=3.0)
    started = time.monotonic()
    failure = failure_of(request(server.url), timeout=0.3)
    assert time.monotonic() - started < 2.5
    assert failure.retryable
    assert failure.reason.startswith("timeout: "), failure.reason


def test_a_refused_connection_is_retryable() -> None:
    failure = failure_of(request(f"http://127.0.0.1:{closed_port()}/v1"))
    assert failure.retryable
    assert failure.reason.startswith("connection error: "), failure.reason


def test_bad_request_is_not_retryable(server: ServerThread) -> None:
    # The test server refuses streaming with a 400.
    failure = failure_of(request(server.url, extra=(("stream", True),)))
    assert not failure.retryable
    assert failure.status == 400 and failure.reason.startswith("HTTP 400: ")


def test_unauthorized_is_not_retryable() -> None:
    with ServerThread(ServerSettings(require_token="the-right-token")) as server:
        failure = failure_of(request(server.url))
        assert server.stats()["unauthorized"] == 1
    assert not failure.retryable
    assert failure.status == 401 and failure.reason.startswith("HTTP 401: ")
    assert "sk-test-not-a-real-key" not in failure.reason


def test_not_found_is_not_retryable(server: ServerThread) -> None:
    failure = failure_of(request(server.url + "/no-such-route"))
    assert not failure.retryable
    assert failure.status == 404 and failure.reason.startswith("HTTP 404: ")
    assert server.stats()["unhandled"] == ["POST /v1/no-such-route/chat/completions"]


def test_gateway_retries_retryable_failures_up_to_max_attempts(server: ServerThread) -> None:
    server.update(rate_500=1.0)
    gateway = Gateway(retry=FAST)
    with pytest.raises(LLMCallError) as info:
        asyncio.run(gateway.complete(request(server.url)))
    assert info.value.attempts == 3 and info.value.status == 500
    assert server.stats()["calls"] == 3
    assert gateway.stats.retries == 2 and gateway.stats.failures == 1
    assert gateway.stats.calls == 0 and gateway.stats.in_flight == 0


def test_gateway_gives_up_at_once_on_a_client_error(server: ServerThread) -> None:
    gateway = Gateway(retry=FAST)
    with pytest.raises(LLMCallError) as info:
        asyncio.run(gateway.complete(request(server.url + "/no-such-route")))
    assert info.value.attempts == 1 and info.value.status == 404
    assert len(server.stats()["unhandled"]) == 1
    assert gateway.stats.retries == 0 and gateway.stats.failures == 1


def test_gateway_recovers_after_transient_faults(server: ServerThread) -> None:
    clean = asyncio.run(Gateway(retry=FAST).complete(request(server.url)))
    server.update(rate_500=0.5, rate_reset=0.3, seed=3)
    server.reset()
    gateway = Gateway(retry=RetryPolicy(max_attempts=20, base_delay=0.001, max_delay=0.01))
    result = asyncio.run(gateway.complete(request(server.url)))
    stats = server.stats()
    assert result.content == clean.content
    assert result.attempts == stats["calls"] == 1 + sum(stats["faults"].values())
    assert gateway.stats.retries == result.attempts - 1 > 0


def test_a_cached_request_never_reaches_the_server(server: ServerThread, tmp_path: Path) -> None:
    cache = RequestCache(tmp_path / "cache")
    gateway = Gateway(retry=FAST, cache=cache)
    first = asyncio.run(gateway.complete(request(server.url)))
    second = asyncio.run(gateway.complete(request(server.url)))
    assert server.stats()["calls"] == 1
    assert not first.cached and second.cached
    assert second.content == first.content
    assert (second.prompt_tokens, second.completion_tokens) == (
        first.prompt_tokens,
        first.completion_tokens,
    )
    assert gateway.stats.calls == 1 and gateway.stats.cache_hits == 1
    # Where a call goes is not part of the key: the same request to another base is a hit.
    third = asyncio.run(gateway.complete(request("http://127.0.0.1:9/v1")))
    assert third.cached and third.content == first.content
    # A different request is a miss.
    asyncio.run(gateway.complete(request(server.url, temperature=0.7)))
    assert server.stats()["calls"] == 2
    cache.close()

    # A later run (new cache connection, new gateway) replays it too.
    rerun = Gateway(retry=FAST, cache=RequestCache(tmp_path / "cache"))
    again = asyncio.run(rerun.complete(request(server.url)))
    assert again.cached and again.content == first.content
    assert server.stats()["calls"] == 2


WRITER = textwrap.dedent(
    """
    import sys
    import time
    from pathlib import Path

    from boost_qa.llm.cache import RequestCache, request_key
    from boost_qa.types import ChatRequest, ChatResult

    directory, name, count, go = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
    other = "beta" if name == "alpha" else "alpha"
    cache = RequestCache(directory)
    Path(go + "." + name).touch()  # ready: imported and opened
    while not Path(go).exists():  # start writing together with the other writer
        time.sleep(0.001)
    started = time.time()
    for i in range(count):
        if i == count // 2:  # halfway, wait for the other: the writes interleave on any machine
            Path(go + ".half." + name).touch()
            deadline = time.monotonic() + 60
            while not Path(go + ".half." + other).exists() and time.monotonic() < deadline:
                time.sleep(0.001)
        req = ChatRequest("m", (("user", f"{name}-{i}"),), 0.0, 8, i)
        cache.put(request_key(req), req, ChatResult(f"{name} answer {i}", 1, 2))
    print(started, time.time())
    cache.close()
    """
)


def test_the_cache_is_safe_across_processes(tmp_path: Path) -> None:
    directory, go = tmp_path / "shared-cache", tmp_path / "go"
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(directory), name, "200", str(go)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("alpha", "beta")
    ]
    # Both must be ready before they start: on a busy machine one import can take seconds.
    ready = [tmp_path / f"go.{name}" for name in ("alpha", "beta")]
    deadline = time.monotonic() + 60
    while not all(path.exists() for path in ready):
        assert time.monotonic() < deadline, [w.poll() for w in writers]
        time.sleep(0.01)
    go.touch()
    spans = []
    for writer in writers:
        stdout, stderr = writer.communicate(timeout=120)
        assert writer.returncode == 0, stderr
        spans.append([float(t) for t in stdout.split()])
    # The two writers really wrote at the same time.
    assert max(start for start, _ in spans) < min(end for _, end in spans)

    reader = RequestCache(directory)
    try:
        assert len(reader) == 400
        for name in ("alpha", "beta"):
            for i in (0, 99, 199):
                req = ChatRequest("m", (("user", f"{name}-{i}"),), 0.0, 8, i)
                hit = reader.get(request_key(req))
                assert hit is not None and hit.cached
                assert hit.content == f"{name} answer {i}"
                assert (hit.prompt_tokens, hit.completion_tokens) == (1, 2)
    finally:
        reader.close()


def test_max_concurrency_bounds_the_requests_in_flight() -> None:
    with ServerThread(ServerSettings(latency=0.2)) as server:
        gateway = Gateway(max_concurrency=3, retry=FAST)

        async def run() -> list[ChatResult]:
            requests = [request(server.url, f"question {i}") for i in range(12)]
            return await asyncio.gather(*(gateway.complete(r) for r in requests))

        started = time.monotonic()
        results = asyncio.run(run())
        elapsed = time.monotonic() - started
        stats = server.stats()

    assert len({r.content for r in results}) == 12
    assert stats["calls"] == stats["ok"] == 12
    assert stats["peak_in_flight"] == 3
    assert elapsed >= 4 * 0.2  # 12 requests, 3 at a time, 0.2 s each
    assert gateway.stats.in_flight == 0 and gateway.stats.calls == 12

"""Rate limits that follow the provider, and adaptive concurrency, against the test server.

The server plays a provider: it enforces a token bucket, announces it in ``x-ratelimit-*``
headers and answers 429 when a call does not fit. Every call goes through real LiteLLM.
"""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

import pytest

from boost_qa.llm.adaptive import AdaptiveWindow
from boost_qa.llm.gateway import Gateway
from boost_qa.llm.retry import RetryPolicy
from boost_qa.pipeline.run import BuildOptions, build_release
from boost_qa.testing.openai_server import ServerSettings, ServerThread
from tests.e2e.build.test_resilience import build, load_rows, manifest, write_recipe
from tests.helpers.requests import request

PATIENT = {"max_attempts": 30, "base_delay": 0.01, "max_delay": 0.5, "timeout": 10}


@pytest.fixture(autouse=True)
def _openai_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")


def run_calls(gateway: Gateway, url: str, count: int, *, max_tokens: int = 200) -> float:
    """Send ``count`` different requests at once through the gateway; return the seconds taken."""

    async def calls() -> None:
        await asyncio.gather(
            *(
                gateway.complete(request(url, f"Question {i}?", max_tokens=max_tokens))
                for i in range(count)
            )
        )

    started = time.monotonic()
    asyncio.run(calls())
    return time.monotonic() - started


def test_an_announced_token_limit_is_never_exceeded(tmp_path: Path) -> None:
    # 30,000 tokens a minute with a one-second burst: 500 tokens at once, two calls' estimate
    # (prompt/4 + 200 max_tokens), while each answer really uses about 40.
    settings = ServerSettings(latency=0.05, tokens_per_minute=30_000, burst_seconds=1.0)
    with ServerThread(settings) as server:
        following = Gateway(max_concurrency=16, retry=RetryPolicy(**PATIENT))
        seconds = run_calls(following, server.url, 24)
        followed = server.stats()
        limits = following.limiter.book.limits() if following.limiter is not None else None  # type: ignore[attr-defined]

        # Control: the same server, a client that ignores the headers.
        server.update(tokens_per_minute=30_000)  # a fresh, full bucket
        server.reset()
        blind = Gateway(
            max_concurrency=16, retry=RetryPolicy(**PATIENT, follow_rate_limit_headers=False)
        )
        run_calls(blind, server.url, 24)
        ignored = server.stats()

    assert followed["ok"] == 24 and following.stats.calls == 24
    assert followed["rate_limited"] == 0 and following.stats.retries == 0
    assert limits == (None, 30_000)
    tokens = following.stats.prompt_tokens + following.stats.completion_tokens
    assert tokens / seconds <= 30_000 / 60 * 1.1 + 500 / seconds  # the rate, plus one burst
    # Without following them, the same calls overrun the limit (and are retried to the end).
    assert ignored["rate_limited"] > 0 and blind.stats.retries >= ignored["rate_limited"]
    assert ignored["ok"] == 24 and blind.stats.failures == 0


def test_a_burst_of_429s_shrinks_the_calls_in_flight() -> None:
    settings = ServerSettings(latency=0.05, rate_429=0.5, retry_after=0.05, seed=7)
    with ServerThread(settings) as server:
        gateway = Gateway(max_concurrency=16, retry=RetryPolicy(**PATIENT))
        run_calls(gateway, server.url, 48, max_tokens=16)
        congested = server.stats()
        window = gateway.window
        limit_after = window.limit

        # The provider recovers: the next calls go out at the cut window, not at 16.
        server.update(rate_429=0.0)
        server.reset()
        run_calls(gateway, server.url, 32, max_tokens=16)
        recovered = server.stats()

    assert congested["faults"]["429"] > 0 and gateway.stats.failures == 0
    assert window.cuts >= 1 and limit_after < 16
    # Cut once per round trip, not per 429: never more cuts than 429s, at least 1 slot.
    assert window.cuts < congested["faults"]["429"] and window.limit >= 1
    assert recovered["ok"] == 32 and recovered["peak_in_flight"] < 16
    assert recovered["peak_in_flight"] <= limit_after + 32 // max(limit_after, 1) + 1


def test_a_build_through_429s_shrinks_concurrency_and_finishes_every_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    windows: list[AdaptiveWindow] = []
    original = AdaptiveWindow.cut

    def cut(window: AdaptiveWindow, generation: int) -> bool:
        windows.append(window)
        return original(window, generation)

    monkeypatch.setattr(AdaptiveWindow, "cut", cut)
    settings = ServerSettings(rate_429=0.35, retry_after=0.02, seed=11)
    with ServerThread(settings) as server:
        recipe = write_recipe(tmp_path / "recipe.yaml", server.url, limit=4, calls=PATIENT)
        report = build(recipe, tmp_path / "out", tmp_path / "cache", concurrency=8)
        stats = server.stats()

    assert report.exit_code == 0
    assert len(load_rows(tmp_path / "out")) == 4
    totals = manifest(tmp_path / "out")["totals"]
    assert totals["failures"] == 0 and totals["retries"] == stats["faults"]["429"] > 0
    # The worker's window was cut (once per round trip) and grew back on the successes.
    assert windows and {w.maximum for w in windows} == {8} and windows[0].cuts >= 1


@pytest.mark.slow  # two worker processes start and import LiteLLM: about 50 s
def test_recipe_caps_split_between_two_worker_processes(tmp_path: Path) -> None:
    per_second = 6
    calls = {
        **PATIENT,
        "max_requests_per_minute": per_second * 60,
        "max_tokens_per_minute": 1_000_000,
    }
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
            recipe = write_recipe(tmp_path / "recipe.yaml", server.url, limit=6, calls=calls)
            options = BuildOptions(
                out=tmp_path / "out",
                concurrency=8,
                cache_dir=tmp_path / "c",
                progress=False,
                workers=2,
            )
            report = build_release(recipe, options)
        finally:
            stop.set()
            watcher.join()
        total = server.stats()["calls"]

    assert report.exit_code == 0 and len(load_rows(tmp_path / "out")) == 6
    # (time, calls) whenever the count moved: the two processes together keep to the cap
    # (each paces itself at half of it); each alone at the whole cap would go twice as fast.
    pairs = zip(stamps[1:], stamps, strict=False)
    moves = [(t, count) for (t, count), (_, before) in pairs if count != before]
    (start, at_start), (end, at_end) = moves[0], moves[-1]
    assert at_end == total and at_end - at_start >= 12
    assert (at_end - at_start) / (end - start) <= per_second * 1.25

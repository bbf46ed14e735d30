"""AIMD concurrency: halve on a 429 (once per round trip), grow by one per window of successes."""

from __future__ import annotations

import asyncio
import threading

import pytest

from boost_qa.llm.adaptive import AdaptiveWindow, latest_window


def test_a_429_halves_once_per_round_trip_down_to_one() -> None:
    window = AdaptiveWindow(16)
    sent_at = window.generation
    assert window.cut(sent_at) and window.limit == 8
    # Further 429s of calls sent before that cut are the same congestion: no second cut.
    assert not window.cut(sent_at) and window.limit == 8
    for _ in range(5):
        window.cut(window.generation)
    assert window.limit == 1 and window.cuts == 6


def test_successes_grow_it_by_one_per_window_up_to_the_maximum() -> None:
    window = AdaptiveWindow(4)
    window.cut(0)
    assert window.limit == 2
    window.succeeded()
    assert window.limit == 2
    window.succeeded()
    assert window.limit == 3  # two successes at a window of 2
    for _ in range(3):
        window.succeeded()
    assert window.limit == 4
    for _ in range(20):
        window.succeeded()
    assert window.limit == 4
    with pytest.raises(ValueError):
        AdaptiveWindow(0)


def test_the_window_bounds_calls_in_flight_across_loops_and_threads() -> None:
    window = AdaptiveWindow(6)
    window.cut(0)  # 3
    peak, now = 0, 0
    lock = threading.Lock()

    async def call() -> None:
        nonlocal peak, now
        async with window:
            with lock:
                now += 1
                peak = max(peak, now)
            await asyncio.sleep(0.01)
            with lock:
                now -= 1

    def run() -> None:
        async def calls() -> None:
            await asyncio.gather(*(call() for _ in range(20)))

        asyncio.run(calls())

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert peak == 3 and window.in_use == 0
    assert latest_window() is window


def test_a_cancelled_waiter_loses_no_slot() -> None:
    window = AdaptiveWindow(1)

    async def scenario() -> None:
        async with window:
            waiter = asyncio.ensure_future(window.__aenter__())
            await asyncio.sleep(0)
            waiter.cancel()
            with pytest.raises(asyncio.CancelledError):
                await waiter
        assert window.in_use == 0
        async with window:
            assert window.in_use == 1

    asyncio.run(scenario())
    assert window.in_use == 0

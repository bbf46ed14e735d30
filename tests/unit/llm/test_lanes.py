"""Call lanes: by priority then FIFO, bounded, a freed lane starts the next call at once, cancellation per call."""

from __future__ import annotations

import asyncio

import pytest

from boost_qa.llm.lanes import Lanes


def test_lanes_run_every_item_in_order_with_at_most_size_at_once() -> None:
    started: list[int] = []
    running = 0
    peak = 0

    async def work(n: int) -> int:
        nonlocal running, peak
        started.append(n)
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.001 * (n % 3))
        running -= 1
        return n * n

    async def main() -> list[int]:
        lanes: Lanes[int, int] = Lanes(work, 4)
        results = await asyncio.gather(*(lanes.run(n) for n in range(40)))
        assert lanes.idle  # no lane outlives the work
        return list(results)

    assert asyncio.run(main()) == [n * n for n in range(40)]
    assert started == list(range(40))
    assert peak == 4


def test_queued_calls_go_highest_priority_first_and_in_arrival_order_among_equals() -> None:
    started: list[str] = []

    async def work(name: str) -> str:
        started.append(name)
        await asyncio.sleep(0)
        return name

    async def main() -> None:
        lanes: Lanes[str, str] = Lanes(work, 1)
        blocker = asyncio.ensure_future(lanes.run("first"))  # holds the one lane
        await asyncio.sleep(0)
        queued = [("a0", 0), ("b2", 2), ("c1", 1), ("d2", 2), ("e0", 0), ("f1", 1)]
        results = await asyncio.gather(*(lanes.run(n, priority=p) for n, p in queued), blocker)
        assert sorted(results) == sorted([n for n, _ in queued] + ["first"])

    asyncio.run(main())
    assert started == ["first", "b2", "d2", "c1", "f1", "a0", "e0"]


def test_a_freed_lane_starts_the_next_call_before_the_last_caller_wakes() -> None:
    # The point of lanes: the next queued call does not wait a turn of the loop for its slot.
    events: list[str] = []

    async def work(name: str) -> str:
        events.append(f"start {name}")
        await asyncio.sleep(0)
        return name

    async def caller(lanes: Lanes[str, str], name: str) -> None:
        await lanes.run(name)
        events.append(f"woke {name}")

    async def main() -> None:
        lanes: Lanes[str, str] = Lanes(work, 1)
        await asyncio.gather(caller(lanes, "a"), caller(lanes, "b"))

    asyncio.run(main())
    assert events.index("start b") < events.index("woke a")


def test_a_call_queued_as_the_last_lane_ends_still_runs() -> None:
    # A lane whose work never suspends ends in the step that empties the queue; its caller
    # wakes and queues the next call before the ended task's callbacks have run.
    async def work(n: int) -> int:
        return n + 1

    async def main() -> list[int]:
        lanes: Lanes[int, int] = Lanes(work, 1)
        first = await lanes.run(1)
        second = await asyncio.wait_for(lanes.run(2), timeout=5)
        return [first, second]

    assert asyncio.run(main()) == [2, 3]


def test_an_error_reaches_its_own_caller_only() -> None:
    async def work(n: int) -> int:
        await asyncio.sleep(0)
        if n == 3:
            raise ValueError("bad row 3")
        return n

    async def main() -> list[object]:
        lanes: Lanes[int, int] = Lanes(work, 2)
        return await asyncio.gather(*(lanes.run(n) for n in range(6)), return_exceptions=True)

    results = asyncio.run(main())
    assert results[:3] == [0, 1, 2] and results[4:] == [4, 5]
    assert isinstance(results[3], ValueError) and str(results[3]) == "bad row 3"


def test_cancelling_a_caller_cancels_its_call_and_the_lane_goes_on() -> None:
    cancelled: list[int] = []
    never_started: list[int] = []

    async def work(n: int) -> int:
        never_started.remove(n)
        try:
            await asyncio.sleep(0.05 if n == 0 else 0.001)
        except asyncio.CancelledError:
            cancelled.append(n)
            raise
        return n

    async def main() -> None:
        never_started.extend(range(4))
        lanes: Lanes[int, int] = Lanes(work, 1)
        first = asyncio.create_task(lanes.run(0))  # in the lane
        queued = asyncio.create_task(lanes.run(1))  # waits in the queue
        rest = [asyncio.create_task(lanes.run(n)) for n in (2, 3)]
        await asyncio.sleep(0.01)
        first.cancel()
        queued.cancel()
        assert await asyncio.gather(*rest) == [2, 3]
        for task in (first, queued):
            with pytest.raises(asyncio.CancelledError):
                await task
        assert lanes.idle

    asyncio.run(main())
    assert cancelled == [0]  # the call in the lane was stopped
    assert never_started == [1]  # the queued one never ran


def test_size_must_be_positive() -> None:
    async def work(n: int) -> int:
        return n

    with pytest.raises(ValueError, match="at least 1"):
        Lanes(work, 0)

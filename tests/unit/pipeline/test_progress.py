"""The progress line stays one line and shows measured rates and the concurrency window."""

from __future__ import annotations

import asyncio

import pytest

from boost_qa.llm import adaptive
from boost_qa.llm.adaptive import AdaptiveWindow
from boost_qa.llm.gateway import CallStats
from boost_qa.pipeline import progress
from boost_qa.pipeline.progress import BuildProgress


def test_rates_over_the_last_minute_and_the_window_in_force(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = [100.0]
    monkeypatch.setattr(progress.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(adaptive, "_latest", None)
    stats = CallStats()
    line = BuildProgress(stats, enabled=False)
    assert line._counters().endswith("$0.0000")  # nothing measured yet, no window

    window = AdaptiveWindow(16)

    async def one_call() -> None:
        async with window:
            pass

    asyncio.run(one_call())
    window.cut(window.generation)
    clock[0] = 130.0
    stats.add({"calls": 60, "prompt_tokens": 5000, "completion_tokens": 1000})
    text = line._counters()
    assert "120 rpm 12,000 tpm conc 8/16" in text and "\n" not in text
    # Only the last minute counts: an idle stretch brings the rates down.
    clock[0] = 200.0
    line._counters()
    clock[0] = 265.0
    assert " 0 rpm 0 tpm" in line._counters()

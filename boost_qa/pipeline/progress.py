"""A live progress line: rows, calls, retries, failures, tokens, cost, rates, limit and ETA."""

from __future__ import annotations

import time
from collections import deque
from types import TracebackType
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from boost_qa.llm.adaptive import latest_window
from boost_qa.llm.gateway import CallStats

RATE_WINDOW = 60.0
"""Seconds of history the measured requests and tokens per minute are taken over."""


class BuildProgress:
    """Shows one bar per config; quiet when not attached to a terminal unless forced."""

    def __init__(self, stats: CallStats, *, enabled: bool = True, console: Console | None = None):
        self.stats = stats
        self._progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[counters]}"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=console,
            disable=not enabled,
            refresh_per_second=4,
        )
        self._task: TaskID | None = None
        self._samples: deque[tuple[float, int, int]] = deque()

    def __enter__(self) -> BuildProgress:
        self._progress.__enter__()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._progress.__exit__(kind, value, traceback)

    def start(self, name: str, rows: int) -> None:
        """Open a bar for one config."""
        self._task = self._progress.add_task(name, total=rows, counters=self._counters())

    def row_done(self, row: dict[str, Any]) -> None:
        """Advance by one finished (or failed) row."""
        if self._task is not None:
            self._progress.update(self._task, advance=1, counters=self._counters())

    def detail(self, text: str) -> None:
        """Show what the config waits for (a batch build's wave) beside its counters."""
        if self._task is not None:
            self._progress.update(self._task, counters=f"{self._counters()} | {text}")

    def _counters(self) -> str:
        s = self.stats
        tokens = s.prompt_tokens + s.completion_tokens
        return (
            f"calls {s.calls} (cached {s.cache_hits}) retries {s.retries} "
            f"failures {s.failures} tokens {tokens:,} ${s.cost:.4f}{self._rates(s.calls, tokens)}"
        )

    def _rates(self, calls: int, tokens: int) -> str:
        """Measured requests and tokens per minute, and the concurrency window in force."""
        now = time.monotonic()
        samples = self._samples
        samples.append((now, calls, tokens))
        while len(samples) > 2 and now - samples[1][0] > RATE_WINDOW:
            samples.popleft()
        text = ""
        start, first_calls, first_tokens = samples[0]
        if now - start >= 1.0:
            minutes = (now - start) / 60.0
            rpm, tpm = (calls - first_calls) / minutes, (tokens - first_tokens) / minutes
            text = f" {rpm:,.0f} rpm {tpm:,.0f} tpm"
        window = latest_window()
        if window is not None:
            text += f" conc {window.limit}/{window.maximum}"
        return text

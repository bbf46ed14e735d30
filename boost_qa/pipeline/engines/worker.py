"""One worker: a gateway and the MASTER transform, built from a spec, run over batches."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from typing import Any

import pyarrow as pa

from boost_qa.dialogue.prompts import PromptLibrary
from boost_qa.llm.cache import ResponseStore
from boost_qa.llm.call_loop import run_on_call_loop
from boost_qa.llm.gateway import Gateway
from boost_qa.llm.ratelimit import Limiter
from boost_qa.pipeline.engines.counters import Counters
from boost_qa.pipeline.engines.spec import WorkerSpec
from boost_qa.transform import MasterTransform, output_table

Report = Callable[[Counters, int], None]
"""Where a worker sends the growth of its counters and how many rows it finished since."""

REPORT_EVERY = 0.2
"""Seconds between reports: a report per row costs a round trip to another process (the
``--workers`` queue) or a progress redraw, several times the work of a call at high rates."""


class Worker:
    """The same in every engine: the build process, a forked process or a Ray actor.

    The engine chooses only where the cache and the rate limiter live (this process's file and
    limiter, or proxies to shared ones) and where the counters go.
    """

    def __init__(
        self,
        spec: WorkerSpec,
        *,
        cache: ResponseStore | None,
        limiter: Limiter | None = None,
        report: Report | None = None,
    ) -> None:
        """Set LiteLLM up in this process, then build the gateway and the transform.

        Args:
            spec: The limits and settings this worker runs with.
            cache: The request cache (usually ``spec.open_cache()``), None for no cache.
            limiter: A shared rate limiter; None paces this worker at ``spec.retry``'s rate.
            report: Called with the counters' growth and the rows finished, at most every
                ``REPORT_EVERY`` seconds and at the end of every batch; without it the
                engine reads :meth:`counters` itself.
        """
        # Imported here: LiteLLM takes a second to import, and dry runs never need it.
        from boost_qa.llm import litellm_client

        litellm_client.configure()
        self.gateway = Gateway(
            max_concurrency=spec.max_concurrency,
            retry=spec.retry,
            cache=cache,
            max_cost=spec.max_cost,
            limiter=limiter,
            preflight=spec.preflight,
        )
        self._cache = cache
        self._report = report
        self._reported = Counters()
        self._rows = 0
        self._pending: set[Future[Any]] = set()
        self._last_report = float("-inf")
        self._lock = threading.Lock()
        prompts = PromptLibrary.from_sources(spec.prompts)
        on_row = None if report is None else self._row_done
        self.transform = MasterTransform(
            spec.settings, generate=self.gateway.complete, prompts=prompts, on_row=on_row
        )

    async def run_batch(self, batch: Mapping[str, list[Any]]) -> dict[str, list[Any]]:
        """The transform's output columns for one batch of seed columns.

        The batch runs on the process's call loop (:mod:`boost_qa.llm.call_loop`), where the
        HTTP clients and connection pools outlive every ``Dataset.map``.
        """
        try:
            return await run_on_call_loop(self.transform.engine.run_batch(batch), self._pending)
        finally:
            self.flush()

    def counters(self) -> Counters:
        """Everything this worker's gateway has counted so far."""
        return Counters.of(self.gateway.stats)

    def _row_done(self, row: dict[str, Any]) -> None:
        with self._lock:
            self._rows += 1
            if time.monotonic() - self._last_report >= REPORT_EVERY:
                self._send()

    def cancel(self) -> None:
        """Stop this worker's batches still running (its map failed, so nobody awaits them)."""
        for future in list(self._pending):
            future.cancel()

    def flush(self) -> None:
        """Commit the batch's answers and report what is not reported yet.

        Every batch ends with this, so a finished row's calls are in the cache and nothing
        goes unreported.
        """
        if self._cache is not None:
            self._cache.flush()
        with self._lock:
            self._send()

    def _send(self) -> None:
        if self._report is None or not self._rows:
            return
        now = self.counters()
        growth, rows = now - self._reported, self._rows
        self._reported, self._rows, self._last_report = now, 0, time.monotonic()
        self._report(growth, rows)


async def run_worker_batch(worker: Worker, batch: Mapping[str, list[Any]]) -> pa.Table:
    """``Dataset.map``'s async function for a worker (bind the worker with a partial).

    It returns Arrow (:func:`~boost_qa.transform.output_table`), which the map writes as it is.
    """
    return output_table(await worker.run_batch(batch))

"""The local engine on several processes: ``--workers N`` without Ray.

Why: LiteLLM and the OpenAI client spend several milliseconds of CPU on every call, so one
process saturates one core at a few hundred calls per second, far below what a provider with
high concurrency can answer. ``Dataset.map(num_proc=N)`` splits the seeds into N contiguous
shards, runs the same transform in N forked processes and concatenates the shards in order, so
the rows and the fingerprint are those of the one-process build.

Each process builds its own :class:`Worker` (its share of the limits) on the shared request
cache (SQLite in WAL mode). After every row it sends its counters' growth through a manager
queue; a thread in the parent merges them into the build's counters and progress.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Mapping
from typing import Any

import multiprocess
import pyarrow as pa
from datasets import Dataset

from boost_qa.dialogue.settings import GenerationSettings
from boost_qa.errors import RecipeError
from boost_qa.pipeline.engines.base import Engine, Job, map_seeds
from boost_qa.pipeline.engines.spec import WorkerSpec
from boost_qa.pipeline.engines.worker import Worker, run_worker_batch

IN_PROCESS_PROVIDERS = ("local/",)
"""Models served inside the process: each worker would load its own copy and fight for cores."""


def check_workers(settings: GenerationSettings, workers: int) -> None:
    """Refuse several processes for a model that lives inside the process."""
    models = [settings.models.weak, settings.models.mid, settings.models.strong]
    models += [role.model for role in settings.roles.values() if role.model]
    local = [m for m in models if m.startswith(IN_PROCESS_PROVIDERS)]
    if workers > 1 and local:
        raise RecipeError(
            "--workers",
            f"{local[0]} runs inside the build process and uses every core already; "
            "use --workers 1 (several workers help with API models)",
        )


class ProcessesEngine(Engine):
    """``--workers N`` forked processes, one worker each (see :func:`check_workers`)."""

    def schedule(self, job: Job) -> Dataset:
        """Map the seeds in N processes; a thread merges the counters they send."""
        workers = self.worker_count()
        with multiprocess.Manager() as manager:
            reports = manager.Queue()
            drain = threading.Thread(target=self._drain, args=(reports,), daemon=True)
            drain.start()
            function = functools.partial(_run_batch_in_worker, job.spec, reports)
            try:
                return map_seeds(job, function, num_proc=min(workers, max(len(job.seeds), 1)))
            finally:
                reports.put(None)
                drain.join()

    def _drain(self, reports: Any) -> None:
        while (report := reports.get()) is not None:
            growth, rows = report
            self.merge(growth, rows)


_WORKERS: dict[tuple[str, int], Worker] = {}
"""This process's worker per config run (the map calls the function once per batch)."""


async def _run_batch_in_worker(
    spec: WorkerSpec, reports: Any, batch: Mapping[str, list[Any]]
) -> pa.Table:
    key = (spec.token, os.getpid())
    worker = _WORKERS.get(key)
    if worker is None:
        worker = _WORKERS[key] = Worker(
            spec, cache=spec.open_cache(), report=lambda growth, rows: reports.put((growth, rows))
        )
    return await run_worker_batch(worker, batch)

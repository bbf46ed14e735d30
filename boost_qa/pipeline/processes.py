"""The local engine on several processes: ``--workers N`` without Ray.

Why: LiteLLM and the OpenAI client spend several milliseconds of CPU on every call, so one
process saturates one core at a few hundred calls per second, far below what a provider with
high concurrency can answer. ``Dataset.map(num_proc=N)`` splits the seeds into N contiguous
shards, runs the same transform in N forked processes and concatenates the shards in order, so
the rows and the fingerprint are those of the one-process build.

Each process builds its own gateway (``ceil(C / N)`` calls in flight, ``1 / N`` of the cost
limit and of the request rate) on the shared request cache (SQLite in WAL mode). After every row
it sends the growth of its gateway's counters through a manager queue; a thread in the parent
adds them to the build's counters and advances the progress display, so the manifest and the
live line read as in a one-process build.
"""

from __future__ import annotations

import functools
import math
import os
import threading
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import datasets
import multiprocess

from boost_qa.dialogue.prompts import PromptLibrary, prompt_library
from boost_qa.dialogue.settings import GenerationSettings
from boost_qa.errors import RecipeError
from boost_qa.llm.cache import RequestCache
from boost_qa.llm.gateway import Gateway
from boost_qa.llm.retry import RetryPolicy
from boost_qa.pipeline.generate import GeneratedConfig, split_failures
from boost_qa.pipeline.prepare import PreparedConfig
from boost_qa.pipeline.progress import BuildProgress
from boost_qa.transform import MasterTransform, _Engine

IN_PROCESS_PROVIDERS = ("local/",)
"""Models served inside the process: each worker would load its own copy and fight for cores."""


@dataclass(frozen=True)
class ProcessSpec:
    """What every worker process builds its gateway and transform from (picklable)."""

    token: str
    settings: GenerationSettings
    prompts: dict[str, str]
    retry: RetryPolicy
    max_concurrency: int
    max_cost: float | None
    cache_dir: str | None


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


def worker_spec(
    settings: GenerationSettings,
    prompts: PromptLibrary,
    gateway: Gateway,
    workers: int,
    cache_dir: Path | None,
) -> ProcessSpec:
    """Split the build's limits between ``workers`` processes."""
    retry = gateway.retry
    rpm = retry.max_requests_per_minute
    if rpm is not None:
        retry = retry.model_copy(update={"max_requests_per_minute": max(1, rpm // workers)})
    return ProcessSpec(
        token=uuid.uuid4().hex,
        settings=settings,
        prompts=prompts.sources(),
        retry=retry,
        max_concurrency=math.ceil(gateway.max_concurrency / workers),
        max_cost=None if gateway.max_cost is None else gateway.max_cost / workers,
        cache_dir=None if cache_dir is None else str(cache_dir),
    )


class _Worker:
    """One process's gateway and engine, and the queue its counters go to."""

    def __init__(self, spec: ProcessSpec, reports: Any) -> None:
        from boost_qa.llm import litellm_client  # noqa: F401 - providers, lean logging

        cache = RequestCache(Path(spec.cache_dir)) if spec.cache_dir else None
        self.gateway = Gateway(
            max_concurrency=spec.max_concurrency,
            retry=spec.retry,
            cache=cache,
            max_cost=spec.max_cost,
        )
        self.reports = reports
        self._reported = self.gateway.stats.to_dict()
        self._lock = threading.Lock()
        prompts = PromptLibrary.from_sources(spec.prompts)
        self.engine = _Engine(spec.settings, self.gateway.complete, prompts, self.row_done)

    def row_done(self, row: dict[str, Any]) -> None:
        """Send the counters' growth since the last report with every finished row."""
        with self._lock:
            now = self.gateway.stats.to_dict()
            growth = {name: now[name] - self._reported[name] for name in now}
            self._reported = now
        self.reports.put(growth)


_WORKERS: dict[tuple[str, int], _Worker] = {}


async def _run_batch_in_worker(
    spec: ProcessSpec, reports: Any, batch: Mapping[str, list[Any]]
) -> dict[str, list[Any]]:
    key = (spec.token, os.getpid())
    worker = _WORKERS.get(key)
    if worker is None:
        worker = _WORKERS[key] = _Worker(spec, reports)
    return await worker.engine.run_batch(batch)


def _drain(reports: Any, gateway: Gateway, progress: BuildProgress) -> None:
    while (growth := reports.get()) is not None:
        gateway.stats.add(growth)
        progress.row_done({})


def generate_config_processes(
    prepared: PreparedConfig,
    gateway: Gateway,
    progress: BuildProgress,
    *,
    workers: int,
    cache_dir: Path | None,
    batch_size: int = 8,
) -> GeneratedConfig:
    """Map the transform over the seeds in ``workers`` processes (see the module docstring).

    ``build_release`` has already refused in-process models (:func:`check_workers`).
    """
    before = gateway.stats.to_dict()
    prompts = prompt_library(prepared.settings.prompt_dir, prepared.base_dir)
    spec = worker_spec(prepared.settings, prompts, gateway, workers, cache_dir)
    # The transform of the one-process build gives the fingerprint and the map's arguments.
    transform = MasterTransform(prepared.settings, prompts=prompts)
    seeds = prepared.seeds
    kwargs = transform.map_kwargs(seeds, batch_size=batch_size)
    progress.start(prepared.name, len(seeds))
    with multiprocess.Manager() as manager:
        reports = manager.Queue()
        drain = threading.Thread(target=_drain, args=(reports, gateway, progress), daemon=True)
        drain.start()
        function = functools.partial(_run_batch_in_worker, spec, reports)
        datasets.disable_progress_bars()
        try:
            dialogues = seeds.map(
                function, keep_in_memory=True, num_proc=min(workers, max(len(seeds), 1)), **kwargs
            )
        finally:
            datasets.enable_progress_bars()
            reports.put(None)
            drain.join()
    after = gateway.stats.to_dict()
    counters = {k: after[k] - before[k] for k in after}
    return split_failures(prepared, dialogues, kwargs["new_fingerprint"], counters)

"""The engine contract: the base owns the loop and the counters; an engine only schedules.

How to add an engine (Ray on a remote cluster, a provider's batch API, ...):

1. Subclass :class:`Engine` in ``boost_qa/pipeline/engines/<name>.py`` and implement
   :meth:`Engine.schedule`: run every batch of ``job.seeds`` through a :class:`Worker` built
   from ``job.spec`` (wherever that worker lives), and return the transform's output as a
   ``Dataset`` in seed order with ``job.fingerprint``. Call :meth:`Engine.merge` with each
   worker's counter growth (:class:`Counters`) and the rows it finished, as they arrive: that
   is how the live progress line, the manifest's counters and ``--max-cost`` see your workers.
2. Say how many workers run at once (:meth:`Engine.worker_count`, default ``settings.workers``)
   and whether one limiter paces them all (:attr:`Engine.shared_limiter`); the base splits
   the build's concurrency, budget and request rate between them (:meth:`WorkerSpec.split`).
3. Hold resources that outlive one config (a cluster, a batch job's client) in
   :meth:`Engine.session`; the base opens it once around every config of a build.
4. Register the class in ``ENGINES`` (``boost_qa/pipeline/engines/__init__.py``) and map a
   command-line choice to it in ``boost_qa/pipeline/run.py``.

Everything else (seeds, fingerprints, prompts, failures, the release folder) is the base's or
the pipeline's, so every engine gives the same rows, fingerprints and files.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from abc import ABC, abstractmethod
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import datasets
from datasets import Dataset

from boost_qa.dialogue.prompts import prompt_library
from boost_qa.llm.gateway import Gateway
from boost_qa.pipeline.engines.counters import Counters
from boost_qa.pipeline.engines.result import GeneratedConfig, split_failures
from boost_qa.pipeline.engines.spec import WorkerSpec
from boost_qa.pipeline.prepare import PreparedConfig
from boost_qa.pipeline.progress import BuildProgress
from boost_qa.transform import MasterTransform

BATCH_SIZE = 32
"""Seeds per batch, in every engine."""


@dataclass(frozen=True)
class EngineSettings:
    """What ``boost-qa build`` tells an engine beyond the recipe.

    Attributes:
        workers: Workers to run (processes, actors); None lets the engine choose.
        cache_dir: The request cache folder, None when the cache is off.
        address: Where a cluster engine connects; None for a private local one.
        options: Anything further one engine reads (e.g. the Ray engine's ``cache_server``).
    """

    workers: int | None = None
    cache_dir: Path | None = None
    address: str | None = None
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Job:
    """One config's work as an engine sees it."""

    name: str
    seeds: Dataset
    spec: WorkerSpec
    map_kwargs: dict[str, Any]
    """``Dataset.map`` arguments of the transform (output features, the fingerprint)."""

    @property
    def fingerprint(self) -> str:
        """The fingerprint the output carries: the one-process build's."""
        fingerprint: str = self.map_kwargs["new_fingerprint"]
        return fingerprint


class Engine(ABC):
    """Runs the MASTER transform over each config's seeds; subclasses only schedule batches."""

    shared_limiter: ClassVar[bool] = False
    """Whether one limiter paces every worker (else each gets its share of the rate)."""

    def __init__(
        self,
        gateway: Gateway,
        progress: BuildProgress | None = None,
        settings: EngineSettings | None = None,
    ) -> None:
        """Attach the engine to the build.

        Args:
            gateway: The build's gateway: its limits are split between the workers and its
                counters receive theirs.
            progress: The live progress line (default: a silent one).
            settings: Workers, cache folder, cluster address.
        """
        self.gateway = gateway
        self.progress = progress or BuildProgress(gateway.stats, enabled=False)
        self.settings = settings or EngineSettings()

    def session(self) -> AbstractContextManager[None]:
        """What lives for the whole build (nothing, unless an engine needs a cluster or such)."""
        return nullcontext()

    def run(self, prepared: list[PreparedConfig]) -> list[GeneratedConfig]:
        """Generate every config of a build, in order, inside the engine's context."""
        with self.session():
            return [self.generate(p) for p in prepared]

    def generate(self, prepared: PreparedConfig) -> GeneratedConfig:
        """One config, inside :meth:`session`: its spec, the engine's schedule, its counters."""
        settings = prepared.settings
        prompts = prompt_library(settings.prompt_dir, prepared.base_dir)
        # The transform of the one-process build gives the fingerprint and the map's arguments.
        map_kwargs = MasterTransform(settings, prompts=prompts).map_kwargs(
            prepared.seeds, batch_size=BATCH_SIZE
        )
        spec = WorkerSpec.of(settings, prompts, self.gateway, self.settings.cache_dir)
        spec = spec.split(self.worker_count(), shared_limiter=self.shared_limiter)
        job = Job(prepared.name, prepared.seeds, spec, map_kwargs)
        before = Counters.of(self.gateway.stats)
        self.progress.start(prepared.name, len(prepared.seeds))
        dialogues = self.schedule(job)
        counters = Counters.of(self.gateway.stats) - before
        return split_failures(prepared, dialogues, job.fingerprint, counters.to_dict())

    def worker_count(self) -> int:
        """How many workers share the build's limits."""
        return self.settings.workers or 1

    def merge(self, growth: Counters, rows: int = 1) -> None:
        """Add workers' counter growth to the build's, then advance the progress by ``rows``."""
        self.gateway.stats.add(growth.to_dict())
        for _ in range(rows):
            self.progress.row_done({})

    @abstractmethod
    def schedule(self, job: Job) -> Dataset:
        """Run ``job``'s seeds through workers; return the output in seed order (see module)."""


def map_seeds(job: Job, function: Any, *, num_proc: int | None = None) -> Dataset:
    """``Dataset.map`` of ``function`` over the job's seeds, for engines built on it."""
    # Our own progress line replaces the per-map bars; the map itself never writes a cache
    # file worth keeping (the request cache makes reruns cheap), so keep it in memory.
    datasets.disable_progress_bars()
    try:
        if num_proc is None or num_proc < 2:
            return job.seeds.map(function, keep_in_memory=True, **job.map_kwargs)
        # Worker processes write their shard to a scratch file instead: an in-memory shard
        # travels back pickled through a manager queue, seconds of CPU per thousand rows,
        # while a file-backed one is memory-mapped by name.
        shards = _scratch_dir() / f"{job.name}-{job.fingerprint}.arrow"
        return job.seeds.map(
            function,
            num_proc=num_proc,
            cache_file_name=str(shards),
            load_from_cache_file=False,
            **job.map_kwargs,
        )
    finally:
        datasets.enable_progress_bars()


def _scratch_dir() -> Path:
    """A folder for this process's map shards, removed when the process exits."""
    global _SCRATCH
    if _SCRATCH is None:
        _SCRATCH = Path(tempfile.mkdtemp(prefix="boost-qa-shards-"))
        atexit.register(shutil.rmtree, _SCRATCH, ignore_errors=True)
    return _SCRATCH


_SCRATCH: Path | None = None

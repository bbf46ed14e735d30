"""The default engine: one worker in the build process, ``Dataset.map`` over the seeds."""

from __future__ import annotations

import functools

from datasets import Dataset

from boost_qa.pipeline.engines.base import Engine, Job, map_seeds
from boost_qa.pipeline.engines.worker import Worker, run_worker_batch


class InProcessEngine(Engine):
    """One worker that shares the build's cache connection and rate limiter."""

    shared_limiter = True

    def worker_count(self) -> int:
        """Always one: the build process itself."""
        return 1

    def schedule(self, job: Job) -> Dataset:
        """Map the worker's transform; it reports as rows finish, in this process."""
        worker = Worker(
            job.spec, cache=self.gateway.cache, limiter=self.gateway.limiter, report=self.merge
        )
        try:
            return map_seeds(job, functools.partial(run_worker_batch, worker))
        except BaseException:
            worker.cancel()  # a failed map leaves its other batches running on the call loop
            raise

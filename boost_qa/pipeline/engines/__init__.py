"""Engines: where the MASTER transform runs (this process, forked processes, a Ray cluster).

One contract (:mod:`.base`): a :class:`WorkerSpec`, a :class:`Worker`, :class:`Counters` that
add up, and an :class:`Engine` base that owns the loop; each engine only schedules batches.
"""

from __future__ import annotations

from boost_qa.pipeline.engines.base import Engine, EngineSettings, Job
from boost_qa.pipeline.engines.batch import BatchEngine
from boost_qa.pipeline.engines.counters import Counters
from boost_qa.pipeline.engines.in_process import InProcessEngine
from boost_qa.pipeline.engines.processes import ProcessesEngine
from boost_qa.pipeline.engines.ray import RayEngine
from boost_qa.pipeline.engines.result import GeneratedConfig, split_failures
from boost_qa.pipeline.engines.spec import WorkerSpec
from boost_qa.pipeline.engines.worker import Worker

ENGINES: dict[str, type[Engine]] = {
    "in-process": InProcessEngine,
    "processes": ProcessesEngine,
    "ray": RayEngine,
    "batch": BatchEngine,
}
"""Every engine by name; ``boost_qa.pipeline.run`` maps the command line to one of them."""

__all__ = [
    "ENGINES",
    "BatchEngine",
    "Counters",
    "Engine",
    "EngineSettings",
    "GeneratedConfig",
    "InProcessEngine",
    "Job",
    "ProcessesEngine",
    "RayEngine",
    "Worker",
    "WorkerSpec",
    "split_failures",
]

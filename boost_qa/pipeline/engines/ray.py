"""The Ray engine: the same MASTER transform as the local engine, spread over a Ray cluster.

Why: one process tops out at a few hundred calls/s (about 2 ms of CPU per call here), and
a big build against a fast self-hosted server or a generous provider quota wants more processes
and more machines. ``boost-qa build --engine ray`` runs the transform on Ray Data and hands back
a :class:`~boost_qa.pipeline.engines.result.GeneratedConfig` exactly like the local engines', so
the release folder (data, card, manifest, failures) is written by the same code. The spec, the
worker and the counters are the engine contract's (:mod:`boost_qa.pipeline.engines.base`); what
is Ray's own is here: the cluster, the actor pool, and the cache and rate limiter actors.

How one config is built:

* **Seeds.** ``prepare_config`` runs on the driver, once per config, as for the local engine.
  That includes analogy retrieval, which needs the whole pool: the chosen analogue of every seed
  is a column of the seeds, so the pool index never leaves the driver and the seeds table *is*
  what gets shipped. It goes to the object store as Arrow blocks of one batch each
  (``ray.data.from_arrow``), each with its position so the output keeps the seeds' order.
* **Dialogues.** ``map_batches`` with a fixed pool of ``--workers`` actors
  (:class:`DialogueWorker`). Each actor owns one event loop (in a thread) and one
  :class:`~boost_qa.pipeline.engines.worker.Worker` (a gateway and the transform); the
  embedded model, if a recipe uses it, loads lazily once per actor. Several batches run at once
  in an actor (threads hand their batch to the actor's loop), so one actor keeps as many calls
  in flight as its share allows.
* **Backpressure.** ``--concurrency`` stays the total: each of N actors gets
  ``ceil(concurrency / N)`` calls in flight. A recipe's ``calls.max_requests_per_minute`` and
  ``max_tokens_per_minute`` are enforced cluster-wide by one small named actor
  (:class:`_RateLimiterServer`) that hands out request and token slots (and follows the limits
  providers announce); every gateway awaits its slot before each attempt it sends to a
  provider and settles the tokens afterwards. Without those settings no limiter actor exists:
  each actor follows the announced limits alone, with ``1/N`` of them.
* **Counters.** Each actor's gateway has its own ``CallStats``. Every output batch carries the
  actor's id, a sequence number and its cumulative :class:`Counters`; the driver keeps the
  latest report of each actor and merges the growth of their sum as batches arrive, so
  progress, the manifest's calls/cache_hits/retries/failures/tokens and the cost budget see the
  whole cluster.
  ``--max-cost`` is split evenly between the actors, so the cluster never spends more than it.
* **Results.** The driver collects the output batches as Arrow, restores the seeds' order and
  builds a ``datasets.Dataset`` with ``OUTPUT_FEATURES`` and the transform's own fingerprint, so
  both engines give the same rows, fingerprints and file names.

The request cache, and why it is not a shared folder: one sqlite file, on the driver's machine.
Actors on the driver's machine open that file themselves; SQLite in WAL mode with a busy
timeout is safe between processes of one machine. Actors on other machines reach the same file
through a cache actor pinned to the driver's node (:class:`_CacheServer`): one lookup and, after
a call, one store per request, each a small RPC next to a model call that takes seconds. SQLite
on a network filesystem is unsafe (WAL needs shared memory, NFS locking is unreliable), and
per-node caches would make a rerun free only if every row landed on the same node again;
merging them afterwards would still lose the calls of a crashed run. With one file every
answer is committed the moment it arrives, a rerun anywhere on the cluster makes zero calls and
a crashed run resumes from its last stored call. The cost: the cache actor serialises lookups
(a few thousand per second), far above any provider's rate limit.

Ray is imported only inside this module's functions: the local engine, the default, never
needs it, and ``--engine ray`` without Ray is a clean error naming ``pip install 'boost-qa[ray]'``.
A cluster the user runs (``--ray-address`` or ``RAY_ADDRESS``) is checked before any seed is
prepared and joined with a job ``runtime_env`` that carries boost-qa's code and the driver's
provider settings (keys, endpoints, ``BOOST_QA_PROVIDERS``) to the actors; see
:mod:`boost_qa.pipeline.engines.ray_cluster`.
"""

from __future__ import annotations

import asyncio
import importlib.util
import itertools
import json
import logging
import math
import os
import resource
import sys
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, cast

import pyarrow as pa
import pyarrow.compute as pc
from datasets import Dataset, DatasetInfo
from datasets.table import InMemoryTable

from boost_qa.errors import ProviderRefused, RecipeError
from boost_qa.llm.cache import RequestCache, ResponseStore
from boost_qa.llm.provider_limits import Headers, ProviderLimits, parse_rate_limit_headers
from boost_qa.llm.ratelimit import PROBE_POLL, Permit, RateBook
from boost_qa.pipeline.engines.base import BATCH_SIZE, Engine, Job
from boost_qa.pipeline.engines.counters import Counters
from boost_qa.pipeline.engines.ray_cluster import (
    cluster_address,
    joined_error,
    preflight,
    runtime_env,
)
from boost_qa.pipeline.engines.spec import WorkerSpec
from boost_qa.pipeline.engines.worker import Worker
from boost_qa.transform import OUTPUT_COLUMNS, OUTPUT_FEATURES, OUTPUT_SCHEMA, output_table
from boost_qa.types import ChatRequest, ChatResult

INSTALL_HINT = "pip install 'boost-qa[ray]'"

POSITION, WORKER, SEQUENCE, REPORT = "_position", "_worker", "_sequence", "_report"
"""Extra columns: a seed's place in the config, and the reporting actor's counters."""


def require_ray() -> None:
    """Fail cleanly (exit 2 from the CLI) when Ray is not installed."""
    if importlib.util.find_spec("ray") is None or importlib.util.find_spec("ray.data") is None:
        raise RecipeError("--engine", f"the ray engine needs Ray Data: {INSTALL_HINT}")


def check_cluster(address: str | None) -> None:
    """Before any work: Ray is installed and, when the build joins a cluster, it may join it.

    Args:
        address: ``--ray-address``; None falls back to ``RAY_ADDRESS``, then a private cluster
            (which has nothing to check). A Ray session the caller started is used as it is.

    Raises:
        RecipeError: Ray is missing, or the cluster is unreachable or refuses this driver.
    """
    require_ray()
    joined = cluster_address(address)
    ray = sys.modules.get("ray")
    if joined is None or (ray is not None and ray.is_initialized()):
        return
    preflight(joined)


@dataclass(frozen=True)
class ClusterServices:
    """The cluster's shared actors, by name, as an actor finds them."""

    driver_node: str
    cache_server: str | None
    limiter: str | None


class DialogueWorker:
    """One actor of the pool: an event loop thread and a :class:`Worker`."""

    def __init__(self, spec: WorkerSpec, services: ClusterServices) -> None:
        """Start the loop and the worker (LiteLLM now rather than in the first batch)."""
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="boost-qa-worker-loop", daemon=True
        )
        self._thread.start()
        limiter = _RayLimiter(services.limiter) if services.limiter else None
        self._worker = Worker(spec, cache=_worker_cache(spec, services), limiter=limiter)
        self._id = uuid.uuid4().hex
        self._sequence = itertools.count(1)
        self._lock = threading.Lock()
        self._cpu_at_start = _cpu_seconds()

    def __call__(self, batch: pa.Table) -> pa.Table:
        """Make the dialogues of one batch of seeds; tag them with this actor's counters."""
        rows = batch.drop_columns([POSITION]).to_pydict()
        coroutine = self._worker.run_batch(rows)
        output = asyncio.run_coroutine_threadsafe(coroutine, self._loop).result()
        table = output_table(output)
        with self._lock:
            sequence = next(self._sequence)
            report = {
                "counters": self._worker.counters().to_dict(),
                "cpu_seconds": _cpu_seconds() - self._cpu_at_start,
            }
        count = table.num_rows
        table = table.append_column(POSITION, batch.column(POSITION))
        table = table.append_column(WORKER, pa.array([self._id] * count, pa.string()))
        table = table.append_column(SEQUENCE, pa.array([sequence] * count, pa.int64()))
        return table.append_column(REPORT, pa.array([json.dumps(report)] * count, pa.string()))


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _worker_cache(spec: WorkerSpec, services: ClusterServices) -> ResponseStore | None:
    """The cache file itself on the driver's machine, the cache actor elsewhere."""
    if spec.cache_dir is None:
        return None
    import ray

    if services.cache_server is not None and ray.get_runtime_context().get_node_id() != (
        services.driver_node
    ):
        return _RemoteCache(services.cache_server)
    return spec.open_cache()


class _RemoteCache:
    """The driver's request cache, reached through its cache actor."""

    def __init__(self, name: str) -> None:
        import ray

        self._server = ray.get_actor(name)

    def get(self, key: str) -> ChatResult | None:
        import ray

        return cast("ChatResult | None", ray.get(self._server.get.remote(key)))

    def put(self, key: str, request: ChatRequest, result: ChatResult) -> None:
        import ray

        ray.get(self._server.put.remote(key, request, result))

    async def store(self, key: str, request: ChatRequest, result: ChatResult) -> None:
        """Put through the cache actor, which commits before it answers (off the loop)."""
        await asyncio.to_thread(self.put, key, request, result)

    def flush(self) -> None:
        """Nothing to wait for: the cache actor commits every put before answering."""


class _CacheServer:
    """Serves the driver's sqlite cache file to actors on other machines (a Ray actor)."""

    def __init__(self, directory: str) -> None:
        self._cache = RequestCache(Path(directory))

    def get(self, key: str) -> ChatResult | None:
        return self._cache.get(key)

    def put(self, key: str, request: ChatRequest, result: ChatResult) -> None:
        self._cache.put(key, request, result)
        self._cache.flush()  # the actor may be stopped at any time: commit before answering


class _RateLimiterServer:
    """The cluster's one rate book (a Ray actor): hands out slots, never sleeps."""

    def __init__(self, rpm: int | None, tpm: int | None, follow: bool) -> None:
        self._book = RateBook(
            requests_per_minute=rpm, tokens_per_minute=tpm, follow_provider=follow
        )

    def reserve(self, tokens: int) -> tuple[float | None, Permit]:
        import time

        return self._book.reserve(time.monotonic(), tokens)

    def settle(self, permit: Permit, used: int | None, limits: ProviderLimits | None) -> None:
        import time

        self._book.settle(time.monotonic(), permit, used, limits)


class _RayLimiter:
    """A gateway's view of the cluster's rate limiter actor."""

    def __init__(self, name: str) -> None:
        import ray

        self._server = ray.get_actor(name)

    async def acquire(self, tokens: int = 0) -> Permit:
        while True:
            wait, permit = await self._server.reserve.remote(tokens)
            if wait is None:
                await asyncio.sleep(PROBE_POLL)
                continue
            if wait > 0:
                await asyncio.sleep(wait)
            return cast("Permit", permit)

    def settle(self, permit: Permit, used: int | None, headers: Headers = ()) -> None:
        limits = parse_rate_limit_headers(headers) if headers else None
        if permit.charged or permit.probe or limits is not None:
            self._server.settle.remote(permit, used, limits)  # nobody waits for it


class RayCluster:
    """A Ray cluster for one build: joined (or started locally), plus the shared actors.

    Inside an already initialised Ray session (``ray.init`` by the caller) that session is used
    and left running; otherwise ``--ray-address`` is joined, or a private local cluster is
    started (``address="local"``) whose processes end with the build.
    """

    def __init__(
        self,
        *,
        address: str | None,
        workers: int | None,
        requests_per_minute: int | None,
        cache_dir: Path | None,
        cache_server: bool | None = None,
        tokens_per_minute: int | None = None,
        follow_headers: bool = False,
    ) -> None:
        """Describe the cluster; nothing starts before :meth:`start`.

        Args:
            address: A Ray address to join (``--ray-address`` or ``RAY_ADDRESS``), or None for
                the current session or a private local cluster.
            workers: Actors per config (default: the cluster's CPU count).
            requests_per_minute: The recipe's rate limit, held cluster-wide; None for none.
            tokens_per_minute: The recipe's token limit, held cluster-wide; None for none.
            follow_headers: Whether the cluster's limiter follows announced limits too.
            cache_dir: The request cache folder, None for no cache.
            cache_server: Serve the cache through an actor (default: only on multi-node clusters).
        """
        self.address = address
        self.requested_workers = workers
        self.requests_per_minute = requests_per_minute
        self.tokens_per_minute = tokens_per_minute
        self.follow_headers = follow_headers
        self.cache_dir = cache_dir
        self._want_cache_server = cache_server
        self._started = False
        self._actors: list[Any] = []
        self.workers = 1
        self.cpus_per_worker = 1.0
        self.driver_node = ""
        self.cache_server: str | None = None
        self.limiter: str | None = None

    def start(self) -> None:
        """Connect, size the pool, and start the limiter and cache actors that are needed."""
        require_ray()
        import ray
        import ray.data

        if not ray.is_initialized():
            try:
                ray.init(**_init_kwargs(self.address, self.requested_workers))
            except (ConnectionError, RuntimeError, ValueError) as exc:
                # ray.exceptions.AuthenticationError is a RuntimeError.
                if self.address is None:
                    raise
                raise joined_error(self.address, exc) from exc
            self._started = True
        _quiet_ray_data(ray.data.DataContext.get_current())
        context = ray.get_runtime_context()
        self.driver_node = context.get_node_id()
        cpus = float(ray.cluster_resources().get("CPU", 1.0))  # type: ignore[no-untyped-call]
        self.workers = self.requested_workers or max(1, int(cpus))
        self.cpus_per_worker = min(1.0, cpus / self.workers)
        run = uuid.uuid4().hex[:12]
        if self.requests_per_minute is not None or self.tokens_per_minute is not None:
            self.limiter = f"boost-qa-rate-limiter-{run}"
            limiter_actor = ray.remote(num_cpus=0)(_RateLimiterServer)
            caps = (self.requests_per_minute, self.tokens_per_minute, self.follow_headers)
            self._actors.append(limiter_actor.options(name=self.limiter).remote(*caps))
        if self.cache_dir is not None and self._serve_cache(ray):
            self.cache_server = self._start_cache_server(ray, f"boost-qa-cache-{run}")

    def stop(self) -> None:
        """Stop the shared actors, and the cluster if this build started it."""
        import ray

        for actor in self._actors:
            ray.kill(actor)
        self._actors.clear()
        if self._started:
            ray.shutdown()

    def _serve_cache(self, ray: Any) -> bool:
        if self._want_cache_server is not None:
            return self._want_cache_server
        return sum(1 for node in ray.nodes() if node.get("Alive")) > 1

    def _start_cache_server(self, ray: Any, name: str) -> str:
        from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

        pinned = NodeAffinitySchedulingStrategy(node_id=self.driver_node, soft=False)
        server = ray.remote(num_cpus=0)(_CacheServer)
        self._actors.append(
            server.options(name=name, scheduling_strategy=pinned).remote(str(self.cache_dir))
        )
        return name

    def services(self) -> ClusterServices:
        """What every actor needs to find the shared actors."""
        return ClusterServices(self.driver_node, self.cache_server, self.limiter)


def _init_kwargs(address: str | None, workers: int | None) -> dict[str, Any]:
    """``ray.init`` arguments: join ``address`` with the build's runtime_env, or start a cluster."""
    kwargs: dict[str, Any] = {"logging_level": logging.WARNING}
    if address is not None:
        # The actors start on the cluster's nodes, in the environment of its `ray start`:
        # boost-qa's code and the provider settings go with the job.
        return {**kwargs, "address": address, "runtime_env": runtime_env()}
    # Logical CPUs only: an actor waits on the network, so a small machine may run more
    # actors than it has cores (each still costs about 3 ms of CPU per call).
    cpus = max(os.cpu_count() or 1, workers or 1)
    return {**kwargs, "address": "local", "include_dashboard": False, "num_cpus": cpus}


def _quiet_ray_data(context: Any) -> None:
    """The build draws its own progress line; Ray Data's bars and banners would garble it."""
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    context.enable_progress_bars = False
    context.enable_operator_progress_bars = False
    context.print_on_execution_start = False
    context.enable_auto_log_stats = False


class _Reports:
    """The latest cumulative counters of each actor, and how much their sum grew per batch."""

    def __init__(self) -> None:
        self._latest: dict[str, tuple[int, Counters, float]] = {}

    def update(self, batch: pa.Table) -> tuple[Counters, float]:
        """Take the reports of one output batch; return the growth of counters and CPU seconds."""
        before, cpu_before = self.totals()
        columns = (batch.column(name).to_pylist() for name in (WORKER, SEQUENCE, REPORT))
        for worker, sequence, report in set(zip(*columns, strict=True)):
            if worker not in self._latest or sequence > self._latest[worker][0]:
                values = json.loads(report)
                counters = Counters.from_dict(values["counters"])
                self._latest[worker] = (sequence, counters, values["cpu_seconds"])
        after, cpu_after = self.totals()
        return after - before, cpu_after - cpu_before

    def totals(self) -> tuple[Counters, float]:
        """The counters and CPU seconds of every actor, summed."""
        counters, cpu = Counters(), 0.0
        for _, report, seconds in self._latest.values():
            counters, cpu = counters + report, cpu + seconds
        return counters, cpu


def _seed_blocks(seeds: Dataset, rows_per_block: int) -> list[pa.Table]:
    table = seeds.with_format("arrow")[:]
    table = table.append_column(POSITION, pa.array(range(table.num_rows), pa.int64()))
    return [
        table.slice(start, rows_per_block) for start in range(0, table.num_rows, rows_per_block)
    ]


def _as_dataset(batches: list[pa.Table], fingerprint: str) -> Dataset:
    """The output batches in seed order, as the ``Dataset`` the local engine's map returns."""
    if batches:
        table = pa.concat_tables(batches)
        table = table.take(pc.sort_indices(table, [(POSITION, "ascending")]))
        table = table.select(OUTPUT_COLUMNS).cast(OUTPUT_SCHEMA)
    else:
        table = OUTPUT_SCHEMA.empty_table()
    info = DatasetInfo(features=OUTPUT_FEATURES)
    return Dataset(InMemoryTable(table), info=info, fingerprint=fingerprint)


class RayEngine(Engine):
    """A pool of Ray actors per config, on one cluster for the whole build.

    The driver's gateway makes no calls itself: it lends the build's policy (retries, rate
    limit, budget) and counters to the cluster.
    """

    shared_limiter = True

    @contextmanager
    def session(self) -> Iterator[None]:
        """Join or start the cluster and its shared actors; stop them after the last config."""
        self.worker_cpu_seconds = 0.0
        if self.settings.cache_dir is not None:
            # Actors of a `ray start` cluster run in its working directory, not the driver's.
            self.settings = replace(self.settings, cache_dir=self.settings.cache_dir.resolve())
        self.cluster = RayCluster(
            address=cluster_address(self.settings.address),
            workers=self.settings.workers,
            requests_per_minute=self.gateway.retry.max_requests_per_minute,
            tokens_per_minute=self.gateway.retry.max_tokens_per_minute,
            follow_headers=self.gateway.retry.follow_rate_limit_headers,
            cache_dir=self.settings.cache_dir,
            cache_server=self.settings.options.get("cache_server"),
        )
        self.cluster.start()
        try:
            yield
        finally:
            self.cluster.stop()

    def worker_count(self) -> int:
        """The pool's size: ``--workers``, or the cluster's CPU count."""
        return self.cluster.workers

    def schedule(self, job: Job) -> Dataset:
        """Map the seed blocks through the actor pool; merge counters as batches come back."""
        blocks = _seed_blocks(job.seeds, BATCH_SIZE) if len(job.seeds) else []
        reports = _Reports()
        batches: list[pa.Table] = []
        if blocks:
            try:
                for batch in self._run_pool(blocks, job.spec):
                    batches.append(batch)
                    growth, cpu_seconds = reports.update(batch)
                    self.worker_cpu_seconds += cpu_seconds
                    self.merge(growth, rows=batch.num_rows)
            except Exception as exc:
                refusal = refusal_in(exc)
                if refusal is None:
                    raise
                raise refusal from None  # the CLI's clear exit 2, not Ray's wrapped traceback
        return _as_dataset(batches, job.fingerprint)

    def _run_pool(self, blocks: list[pa.Table], spec: WorkerSpec) -> Iterator[pa.Table]:
        """Map the blocks through a pool of actors; yield output batches as they are finished."""
        import ray.data

        workers = min(self.cluster.workers, len(blocks))
        # Enough batches per actor that its share of calls stays busy while batches finish.
        in_flight = max(2, math.ceil(2 * spec.max_concurrency / BATCH_SIZE))
        pool = ray.data.ActorPoolStrategy(
            size=workers,
            max_tasks_in_flight_per_actor=in_flight,
            max_concurrent_calls_per_actor=in_flight,
            enable_true_multi_threading=True,
        )
        dialogues = ray.data.from_arrow(blocks).map_batches(
            DialogueWorker,
            fn_constructor_args=(spec, self.cluster.services()),
            batch_size=BATCH_SIZE,
            batch_format="pyarrow",
            compute=pool,
            num_cpus=self.cluster.cpus_per_worker,
        )
        yield from dialogues.iter_batches(batch_size=None, batch_format="pyarrow")


def refusal_in(exc: BaseException) -> ProviderRefused | None:
    """The :class:`ProviderRefused` an actor raised, found inside Ray's wrapping exceptions."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        current = todo.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ProviderRefused):
            return ProviderRefused(current.model, current.reason, current.refusals, current.speaker)
        cause = getattr(current, "cause", None)
        todo += [current.__cause__, current.__context__]
        if isinstance(cause, BaseException):
            todo.append(cause)
    return None

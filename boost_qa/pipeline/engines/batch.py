"""The batch engine: every turn of every dialogue through a provider's batch API, in waves.

Why: batch APIs price the same calls at about half, but answer after minutes or hours, and in a
dialogue turn k+1 depends on turn k. The request cache makes the transform deterministic turn by
turn: replaying a dialogue answers every cached turn at once and needs the model only at its
first missing turn. So a build advances in *waves*:

1. Play every unfinished dialogue with a ``generate`` that answers from the cache and, on a
   miss, notes the request and suspends the dialogue (:class:`Suspended`, a ``BaseException``
   that no dialogue code turns into a row failure).
2. Write the noted requests into batch input files (``batch_files``), one set per model and
   endpoint, record each in ``batches.sqlite`` (``boost_qa.llm.batch_state``) and submit it.
3. Poll with backoff, put every answer into the request cache, and go to 1.

When no dialogue is waiting, the final pass is an ordinary ``Dataset.map`` of the transform,
so rows, fingerprint and failures are the other engines'. Answers from this build's batches
count as fresh calls there (``cached_calls`` as online, ``cost`` the batch price charged).

A line the provider failed, or left out of an expired batch, goes into the next wave, up to
``calls.max_attempts``; after that its dialogue fails with the provider's reason
(``failures.jsonl``). A wave whose estimated batch price would pass ``--max-cost`` is not sent.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter as Tally
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from datasets import Dataset

from boost_qa.dialogue.prompts import PromptLibrary
from boost_qa.dialogue.settings import GenerationSettings
from boost_qa.errors import BoostQAError, LLMCallError, RecipeError
from boost_qa.llm.batch_state import TERMINAL, BatchRecord, BatchState, LineResult
from boost_qa.llm.cache import ResponseStore, request_key
from boost_qa.llm.retry import backoff_delay, classify
from boost_qa.pipeline.engines.base import Engine, Job, map_seeds
from boost_qa.pipeline.engines.batch_files import (
    MAX_BYTES,
    MAX_LINES,
    InputFile,
    input_line,
    missing_lines,
    parse_output,
    split_lines,
)
from boost_qa.pipeline.engines.result import GeneratedConfig
from boost_qa.pipeline.prepare import PreparedConfig
from boost_qa.transform import MasterTransform
from boost_qa.types import ChatRequest, ChatResult

_T = TypeVar("_T")
FIRST_POLL = 1.0
"""Seconds before the first poll; each later wait doubles, up to ``calls.batch_poll_seconds``."""


class Suspended(BaseException):  # noqa: N818 - a signal, not an error
    """A dialogue waits for a turn that the next wave will ask for.

    A ``BaseException`` so that no ``except Exception`` of dialogue code can take it for a
    failed turn.
    """


class BatchInterrupted(BoostQAError):
    """Ctrl-C while waiting: the batches go on at the provider; a rerun resumes polling."""


def check_batchable(settings: GenerationSettings) -> None:
    """Refuse, before any work, a model whose provider's batch API this engine cannot drive."""
    from boost_qa.llm.batches import BATCH_PROVIDERS, supports_batches

    models = [settings.role(name).model for name in settings.roles] + [
        settings.models.weak,
        settings.models.mid,
        settings.models.strong,
    ]
    for model in dict.fromkeys(models):
        if not supports_batches(model):
            raise RecipeError(
                "--batch",
                f"{model} has no batch API boost-qa can use (batch mode supports the "
                f"{', '.join(BATCH_PROVIDERS)} provider(s), e.g. openai/gpt-4o-mini); "
                "build it online",
            )


@dataclass
class BatchReport:
    """What batch mode did for one config (the manifest's ``batch`` record)."""

    waves: list[int] = field(default_factory=list)
    """Lines submitted per wave."""
    batches: list[dict[str, Any]] = field(default_factory=list)
    """Per batch: wave, provider batch id, model, lines, final state."""
    cost: float = 0.0
    """Batch price charged for this build's answers (USD)."""
    failed_lines: int = 0
    stopped: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON for the manifest: ids, states and counts, nothing secret."""
        return {
            "mode": "batch",
            "waves": len(self.waves),
            "calls_per_wave": self.waves,
            "batches": self.batches,
            "cost": round(self.cost, 6),
            "failed_lines": self.failed_lines,
            **({"stopped": self.stopped} if self.stopped else {}),
        }


class _WaveGenerate:
    """``generate`` of one wave: the cache's answer, or a note of the request and a suspension."""

    def __init__(self, cache: ResponseStore, exhausted: dict[str, tuple[str, int]]) -> None:
        self.cache = cache
        self.exhausted = exhausted
        self.pending: dict[str, ChatRequest] = {}

    async def __call__(self, request: ChatRequest) -> ChatResult:
        key = request_key(request)
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        if key in self.exhausted:
            reason, attempts = self.exhausted[key]
            raise LLMCallError(reason, attempts=attempts)
        self.pending.setdefault(key, request)
        raise Suspended


class BatchEngine(Engine):
    """Waves of provider batches, then one ordinary pass over the seeds (see the module)."""

    shared_limiter = True

    def worker_count(self) -> int:
        """One: the provider runs the calls in parallel, this process only waits."""
        return 1

    def generate(self, prepared: PreparedConfig) -> GeneratedConfig:
        """The base's config run, with the batch record added to its counters."""
        self._report = BatchReport()
        self._spent = 0.0
        self._random = random.Random(0)
        generated = super().generate(prepared)
        generated.counters["batch"] = self._report.to_dict()
        return generated

    def schedule(self, job: Job) -> Dataset:
        """Run the waves, then the final pass that makes the rows."""
        cache = self.gateway.cache
        if cache is None or self.settings.cache_dir is None:
            raise RecipeError("--batch", "batch mode keeps its answers in the request cache; "
                              "unset BOOST_QA_DISABLE_CACHE")  # fmt: skip
        check_batchable(job.spec.settings)
        state = BatchState(self.settings.cache_dir)
        try:
            try:
                fresh, exhausted, used = asyncio.run(self._waves_then_close(job, cache, state))
            except KeyboardInterrupt:
                raise BatchInterrupted(
                    "interrupted; the submitted batches go on at the provider. Rerun the same "
                    "command to resume polling them (nothing is submitted twice)"
                ) from None
            rows = self._final_pass(job, fresh, exhausted)
            state.consume(used)
            return rows
        finally:
            state.close()

    # -- waves ----------------------------------------------------------------------------

    async def _waves_then_close(
        self, job: Job, cache: ResponseStore, state: BatchState
    ) -> tuple[dict[str, tuple[int, LineResult]], dict[str, tuple[str, int]], set[int]]:
        from boost_qa.llm.batches import close_clients

        try:
            return await self._waves(job, cache, state)
        finally:
            await close_clients()

    async def _waves(
        self, job: Job, cache: ResponseStore, state: BatchState
    ) -> tuple[dict[str, tuple[int, LineResult]], dict[str, tuple[str, int]], set[int]]:
        prompts = PromptLibrary.from_sources(job.spec.prompts)
        rows = [dict(r) for r in job.seeds]
        waiting = list(range(len(rows)))
        used: set[int] = set()
        exhausted: dict[str, tuple[str, int]] = {}
        started = time.monotonic()
        wave = 0
        while True:
            self._exhaust(state, job, exhausted)
            generate = _WaveGenerate(cache, exhausted)
            transform = MasterTransform(job.spec.settings, generate=generate, prompts=prompts)
            waiting = [i for i in waiting if not await _play(transform, rows[i])]
            if not generate.pending:
                break
            wave += 1
            pending = generate.pending
            if not self._affordable(pending, job):
                reason = f"cost limit of ${self.gateway.max_cost} reached: wave {wave} not sent"
                self._report.stopped = reason
                exhausted.update({key: (reason, 0) for key in pending})
                continue
            self._report.waves.append(len(pending))
            used |= await self._run_wave(wave, pending, job, cache, state, started)
        fresh = state.fresh()
        used |= {batch for key, (batch, _) in fresh.items() if cache.get(key) is not None}
        self._report.cost = sum(line.cost for _, line in fresh.values())
        return fresh, exhausted, used

    def _exhaust(self, state: BatchState, job: Job, exhausted: dict[str, tuple[str, int]]) -> None:
        """Keys whose lines failed ``calls.max_attempts`` times: their dialogues fail."""
        limit = job.spec.retry.max_attempts
        for key, reasons in state.failed_lines().items():
            if len(reasons) >= limit:
                exhausted[key] = (reasons[-1], len(reasons))
        self._report.failed_lines = sum(len(r) for r in state.failed_lines().values())

    def _affordable(self, pending: dict[str, ChatRequest], job: Job) -> bool:
        """Whether the wave's estimated batch price keeps the build within ``--max-cost``."""
        if self.gateway.max_cost is None:
            return True
        from boost_qa.llm.batches import batch_cost

        estimate = sum(
            batch_cost(r.model, sum(len(t) for _, t in r.messages) // 4, r.max_tokens)
            for r in pending.values()
        )
        spent = self.gateway.stats.cost + self._spent
        return spent + estimate <= self.gateway.max_cost

    async def _run_wave(
        self,
        wave: int,
        pending: dict[str, ChatRequest],
        job: Job,
        cache: ResponseStore,
        state: BatchState,
        started: float,
    ) -> set[int]:
        """Submit (or find) the wave's batches, wait for them, store their answers."""
        from boost_qa.llm.batches import wire_body

        groups: dict[tuple[str, str | None], dict[str, bytes]] = {}
        for key, request in pending.items():
            wire = await wire_body(request)
            lines = groups.setdefault((request.model, request.api_base), {})
            lines[key] = input_line(key, wire.url, wire.body)
        options = self.settings.options
        files = [
            (model, api_base, file)
            for (model, api_base), lines in sorted(groups.items(), key=lambda g: str(g[0]))
            for file in split_lines(
                lines,
                max_lines=int(options.get("batch_max_lines", MAX_LINES)),
                max_bytes=int(options.get("batch_max_bytes", MAX_BYTES)),
            )
        ]
        watch = _Watch(self, wave, started, sum(len(f.keys) for _, _, f in files))
        records = await asyncio.gather(
            *(
                self._submit_and_wait(model, api_base, file, pending, job, cache, state, watch)
                for model, api_base, file in files
            )
        )
        return {r.row for r in records}

    async def _submit_and_wait(
        self,
        model: str,
        api_base: str | None,
        file: InputFile,
        pending: dict[str, ChatRequest],
        job: Job,
        cache: ResponseStore,
        state: BatchState,
        watch: _Watch,
    ) -> BatchRecord:
        from boost_qa.llm.batches import BatchClient, provider_of

        client = BatchClient(provider_of(model), api_base, timeout=job.spec.retry.timeout)
        record = state.latest(file.sha256)
        if record is None or record.processed:
            attempt = 0 if record is None else record.attempt + 1
            record = state.add(file.sha256, attempt, model, api_base, len(file.keys))
        entry = {"wave": watch.wave, "model": model, "lines": len(file.keys), "batch_id": None}
        self._report.batches.append(entry)
        try:
            batch_id = record.batch_id or await self._submit(record, client, file, job, state)
            entry["batch_id"] = batch_id
            info = await self._poll(client, batch_id, job, watch)
            state.update(record.row, status=info.status)
            entry["status"] = info.status
            outcomes = []
            for file_id in (info.output_file_id, info.error_file_id):
                if file_id is not None:
                    outcomes += parse_output(await self._call(job, _content(client, file_id)))
        except LLMCallError as exc:
            # The batch could not be sent or read: its lines go to the next wave.
            entry["status"] = "error"
            reason = f"batch API: {exc.reason}"
            state.record_lines(record.row, [LineResult(k, False, reason) for k in file.keys])
            watch.done(len(file.keys))
            return record
        results = self._store(outcomes, file, pending, cache, info.status, batch_id)
        state.record_lines(record.row, results)
        watch.done(len(file.keys))
        return record

    async def _submit(
        self, record: BatchRecord, client: Any, file: InputFile, job: Job, state: BatchState
    ) -> str:
        """Upload the file (unless an earlier run did) and start the batch; record both ids."""
        uploaded = record.file_id
        if uploaded is None:
            name = f"boost-qa-{file.sha256[:16]}.jsonl"
            uploaded = str(await self._call(job, lambda: client.upload(file.data, name)))
            state.update(record.row, file_id=uploaded)
        metadata = {"boost_qa_input": file.sha256[:32]}
        batch_id: str = await self._call(
            job, lambda: client.create(uploaded, "/v1/chat/completions", metadata)
        )
        state.update(record.row, batch_id=batch_id, status="validating")
        return batch_id

    def _store(
        self,
        outcomes: list[Any],
        file: InputFile,
        pending: dict[str, ChatRequest],
        cache: ResponseStore,
        status: str,
        batch_id: str,
    ) -> list[LineResult]:
        """Put each answer into the cache; say why each other line has none."""
        from boost_qa.llm.batches import batch_cost

        results: list[LineResult] = []
        asked = set(file.keys)
        for outcome in outcomes:
            if outcome.key not in asked:
                continue
            if outcome.result is None:
                results.append(LineResult(outcome.key, False, outcome.reason))
                continue
            request = pending[outcome.key]
            answer: ChatResult = outcome.result
            cost = batch_cost(request.model, answer.prompt_tokens, answer.completion_tokens)
            cache.put(outcome.key, request, ChatResult(**{**answer.__dict__, "cost": cost}))
            results.append(LineResult(outcome.key, True, "", cost))
            self._spent += cost
        cache.flush()  # the answers are durable before the batch is recorded as collected
        reason = f"missing from {status} batch {batch_id}"
        missing = missing_lines(file.keys, (o.key for o in outcomes))
        results += [LineResult(k, False, reason) for k in missing]
        return results

    async def _poll(self, client: Any, batch_id: str, job: Job, watch: _Watch) -> Any:
        """Wait until the batch ends, waiting longer between polls (up to the policy's cap)."""
        wait = min(FIRST_POLL, job.spec.retry.batch_poll_seconds)
        while True:
            info = await self._call(job, lambda: client.retrieve(batch_id))
            watch.state(batch_id, info.status)
            if info.status in TERMINAL:
                return info
            await asyncio.sleep(wait)
            wait = min(wait * 2, job.spec.retry.batch_poll_seconds)

    async def _call(self, job: Job, call: Callable[[], Awaitable[_T]]) -> _T:
        """One batch API call, retried like model calls (``calls:``); LLMCallError at the end."""
        policy = job.spec.retry
        for attempt in range(1, policy.max_attempts + 1):
            try:
                async with asyncio.timeout(policy.timeout + 5):
                    return await call()
            except Exception as exc:  # noqa: BLE001 - classified below
                failure = classify(exc)
                if not failure.retryable or attempt == policy.max_attempts:
                    raise LLMCallError(failure.reason, attempts=attempt) from exc
                self.gateway.stats.bump("retries")
                await asyncio.sleep(backoff_delay(attempt, policy, failure, self._random))
        raise AssertionError("unreachable")

    # -- the final pass -------------------------------------------------------------------

    def _final_pass(
        self,
        job: Job,
        fresh: dict[str, tuple[int, LineResult]],
        exhausted: dict[str, tuple[str, int]],
    ) -> Dataset:
        """The rows, made as an online build would make them, from the cache."""
        gateway = self.gateway
        cache = gateway.cache
        assert cache is not None

        async def generate(request: ChatRequest) -> ChatResult:
            key = request_key(request)
            if key in exhausted:
                reason, attempts = exhausted[key]
                gateway.stats.bump("failures")
                raise LLMCallError(reason, attempts=max(attempts, 1))
            if key in fresh:
                stored = cache.get(key)
                if stored is not None:
                    result = ChatResult(
                        **{**stored.__dict__, "cached": False, "cost": fresh[key][1].cost}
                    )
                    gateway.stats.record(result)
                    return result
            return await gateway.complete(request)

        prompts = PromptLibrary.from_sources(job.spec.prompts)
        transform = MasterTransform(
            job.spec.settings,
            generate=generate,
            prompts=prompts,
            on_row=lambda row: self.progress.row_done(row),
        )
        return map_seeds(job, transform)


def _content(client: Any, file_id: str) -> Callable[[], Awaitable[bytes]]:
    return lambda: client.content(file_id)  # type: ignore[no-any-return]


async def _play(transform: MasterTransform, row: dict[str, Any]) -> bool:
    """Play one dialogue as far as the cache goes; True when it finished (or failed)."""
    try:
        await transform.engine.run_row(row)
    except Suspended:
        return False
    return True


class _Watch:
    """The progress of one wave: batches' states, lines done, time waited."""

    def __init__(self, engine: BatchEngine, wave: int, started: float, lines: int) -> None:
        self.engine = engine
        self.wave = wave
        self.started = started
        self.lines = lines
        self.finished = 0
        self.states: dict[str, str] = {}

    def state(self, batch_id: str, status: str) -> None:
        self.states[batch_id] = status
        self._show()

    def done(self, lines: int) -> None:
        self.finished += lines
        self._show()

    def _show(self) -> None:
        counts = Tally(self.states.values())
        states = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
        waited = int(time.monotonic() - self.started)
        self.engine.progress.detail(
            f"wave {self.wave}: batches {states or 'submitting'}; "
            f"lines {self.finished}/{self.lines}; waited {waited // 60}m{waited % 60:02d}s"
        )

"""The MASTER transform: seed rows in, one teaching dialogue per seed out, for ``Dataset.map``.

Use it like any map function, with the function that makes model calls given explicitly::

    transform = MasterTransform(GenerationSettings(), generate=Gateway().complete)
    dialogues = seeds.map(transform, **transform.map_kwargs(seeds))

``Gateway`` (``boost_qa.llm.gateway``) adds the request cache, retries and limits; any async
``ChatRequest -> ChatResult`` function will do. Without ``generate`` a transform still plans
(``fingerprint``, ``map_kwargs``, ``expected_calls``) but cannot make dialogues.

``map_kwargs`` supplies ``batched=True``, the output ``features``, ``remove_columns`` and an
explicit ``new_fingerprint`` that changes exactly when the seeds, prompts, models or sampling
parameters change. A row whose dialogue could not be finished comes out with ``failure`` set
(turn, speaker, reason) and no messages, so nothing is dropped silently; ``boost-qa build``
moves those rows to ``failures.jsonl``.
"""

from __future__ import annotations

import asyncio
import functools
import json
from collections import deque
from collections.abc import Callable, Mapping
from typing import Any

import pyarrow as pa
import xxhash
from datasets import Dataset, Features, IterableDataset, List, Value

from boost_qa.dialogue.base import Generate, Scenario, SeedView, Stage, TurnFailed, derive_seed
from boost_qa.dialogue.messages import to_messages
from boost_qa.dialogue.prompts import PromptLibrary, prompt_library
from boost_qa.dialogue.registry import SCENARIO_CLASSES
from boost_qa.dialogue.settings import GenerationSettings
from boost_qa.llm.call_loop import PerLoop
from boost_qa.types import Dialogue

SCHEMA_VERSION = "3"

SOURCE_FEATURE = {
    "dataset": Value("string"),
    "config": Value("string"),
    "split": Value("string"),
    "revision": Value("string"),
    "row": Value("int64"),
}
OUTPUT_FEATURES = Features(
    {
        "id": Value("string"),
        "seed_id": Value("string"),
        "scenario": Value("string"),
        "messages": List(
            {
                "role": Value("string"),
                "content": Value("string"),
                "name": Value("string"),
                "weight": Value("int64"),
            }
        ),
        "dialogue": List(
            {"speaker": Value("string"), "role": Value("string"), "content": Value("string")}
        ),
        "question": Value("string"),
        "reference_answer": Value("string"),
        "context": Value("string"),
        "source": SOURCE_FEATURE,
        "analog_question": Value("string"),
        "analog_answer": Value("string"),
        "analog_retriever": Value("string"),
        "models": List(
            {"speaker": Value("string"), "model": Value("string"), "temperature": Value("float64")}
        ),
        "usage": {
            "prompt_tokens": Value("int64"),
            "completion_tokens": Value("int64"),
            "cost": Value("float64"),
            "calls": Value("int64"),
            "cached_calls": Value("int64"),
            "retries": Value("int64"),
        },
        "attempts": List(
            {
                "turn": Value("int64"),
                "speaker": Value("string"),
                "attempts": Value("int64"),
                "rejected": List(Value("string")),
                "accepted": Value("bool"),
            }
        ),
        "failure": {"turn": Value("int64"), "speaker": Value("string"), "reason": Value("string")},
    }
)
OUTPUT_COLUMNS = list(OUTPUT_FEATURES)
OUTPUT_SCHEMA = OUTPUT_FEATURES.arrow_schema


def output_table(columns: Mapping[str, list[Any]]) -> pa.Table:
    """A batch of output columns as Arrow, for map functions that return tables.

    Why: ``Dataset.map`` writes a returned dict through ``datasets``' per-column Python
    encoding, about 0.2 ms per dialogue row; pyarrow converts the same nested values in C,
    four times faster, to the same table.
    """
    return pa.Table.from_pydict(dict(columns), schema=OUTPUT_SCHEMA)


def assign_scenario(seed_id: str, settings: GenerationSettings) -> str:
    """A seeded, order-independent choice of scenario in the recipe's proportions."""
    weights = [(name, w) for name, w in settings.scenarios.items() if w > 0]
    total = sum(w for _, w in weights)
    point = derive_seed(seed_id, "scenario", settings.seed) / 0x80000000 * total
    for name, weight in weights:
        point -= weight
        if point < 0:
            return name
    return weights[-1][0]


ROWS_PER_TURN = 8
"""Rows that start per turn of the event loop (see :class:`_Starts`)."""


class _Starts:
    """Lets rows start a few per turn of the event loop, in the order they asked.

    Why: every batch of a map starts at once, so without this one turn of the loop renders
    every row's first prompt (a few hundred microseconds each, thousands of rows), and the
    first call, the endpoint's probe (:mod:`boost_qa.llm.fail_fast`) that every other call
    waits for, sends its request and reads its answer only between those turns: 0.75 s for a
    0.5 s call. :data:`ROWS_PER_TURN` rows a turn keep each turn to a few milliseconds.
    """

    def __init__(self) -> None:
        self._waiting: deque[asyncio.Future[None]] = deque()
        self._releasing = False

    async def turn(self) -> None:
        """Return when this row may start."""
        loop = asyncio.get_running_loop()
        start: asyncio.Future[None] = loop.create_future()
        self._waiting.append(start)
        if not self._releasing:
            self._releasing = True
            loop.call_soon(self._release, loop)
        await start

    def _release(self, loop: asyncio.AbstractEventLoop) -> None:
        waiting = self._waiting
        for _ in range(min(ROWS_PER_TURN, len(waiting))):
            start = waiting.popleft()
            if not start.done():  # a cancelled batch's row
                start.set_result(None)
        if waiting:
            loop.call_soon(self._release, loop)
        else:
            self._releasing = False


_STARTS = PerLoop(_Starts)
"""Row starts are paced per event loop, whichever transform the rows belong to."""


class _Engine:
    """Holds what every row needs; one per transform."""

    def __init__(
        self,
        settings: GenerationSettings,
        generate: Generate | None,
        prompts: PromptLibrary,
        on_row: Callable[[dict[str, Any]], None] | None,
    ) -> None:
        self.settings = settings
        self.prompts = prompts
        self.on_row = on_row
        self.scenarios: dict[str, Scenario] = {
            name: cls(settings) for name, cls in SCENARIO_CLASSES.items()
        }
        self._generate = generate

    @property
    def generate(self) -> Generate:
        if self._generate is None:
            raise TypeError(
                "this MasterTransform was made without generate=, so it can plan (fingerprint, "
                "expected_calls) but not make dialogues; pass generate=Gateway().complete "
                "(boost_qa.llm.gateway) or any async ChatRequest -> ChatResult function"
            )
        return self._generate

    async def run_batch(self, batch: Mapping[str, list[Any]]) -> dict[str, list[Any]]:
        columns = list(batch)
        rows = [
            dict(zip(columns, values, strict=True)) for values in zip(*batch.values(), strict=True)
        ]
        outputs = await asyncio.gather(*(self._run_row_in_turn(row) for row in rows))
        return {name: [out[name] for out in outputs] for name in OUTPUT_COLUMNS}

    async def _run_row_in_turn(self, row: Mapping[str, Any]) -> dict[str, Any]:
        await _STARTS.get().turn()
        return await self.run_row(row)

    async def run_row(self, row: Mapping[str, Any]) -> dict[str, Any]:
        seed = SeedView.from_row(row)
        name = row.get("scenario") or assign_scenario(seed.id, self.settings)
        scenario = self.scenarios[name]
        dialogue = Dialogue(scenario=name)
        stage = Stage(
            seed,
            dialogue,
            settings=self.settings,
            prompts=self.prompts,
            generate=self.generate,
            labels=scenario.labels,
            expected_calls=scenario.expected_calls(seed),
        )
        if seed.context:
            dialogue.say("system", "system", seed.context)
        failure = None
        messages: list[dict[str, Any]] = []
        try:
            await scenario.play(stage)
            messages = to_messages(dialogue.turns, self.settings.chat, scenario.labels)
        except TurnFailed as exc:
            failure = {"turn": exc.turn, "speaker": exc.speaker, "reason": exc.reason}
        except ValueError as exc:  # a script that cannot take chat shape: a bug, said per row
            failure = {"turn": len(dialogue.turns), "speaker": "", "reason": str(exc)}
        out = _output_row(row, seed, dialogue, failure, messages)
        if self.on_row is not None:
            self.on_row(out)
        return out


def _output_row(
    row: Mapping[str, Any],
    seed: SeedView,
    dialogue: Dialogue,
    failure: dict[str, Any] | None,
    messages: list[dict[str, Any]],
) -> dict[str, Any]:
    is_analogy = dialogue.scenario == "analogy"
    turns = [] if failure else dialogue.turns
    return {
        "id": f"{seed.id}-{dialogue.scenario}",
        "seed_id": seed.id,
        "scenario": dialogue.scenario,
        "messages": messages,
        "dialogue": [{"speaker": t.speaker, "role": t.role, "content": t.content} for t in turns],
        "question": seed.question,
        "reference_answer": seed.reference_answer,
        "context": seed.context,
        "source": row.get("source"),
        "analog_question": seed.analog_question if is_analogy else None,
        "analog_answer": seed.analog_answer if is_analogy else None,
        "analog_retriever": row.get("analog_retriever") if is_analogy else None,
        "models": [
            {"speaker": speaker, "model": model, "temperature": temperature}
            for speaker, (model, temperature) in dialogue.models.items()
        ],
        "usage": dialogue.usage.to_dict(),
        "attempts": [
            {**record, "accepted": record.get("accepted", False)} for record in dialogue.attempts
        ],
        "failure": failure,
    }


class MasterTransform(functools.partial):  # type: ignore[type-arg]
    """An async, batched map function producing MASTER dialogues from seed rows.

    It subclasses ``functools.partial`` because ``datasets`` recognises async map functions
    with ``inspect.iscoroutinefunction``, which sees through partials but not through an object
    with an async ``__call__``.
    """

    engine: _Engine

    def __new__(
        cls,
        settings: GenerationSettings,
        *,
        generate: Generate | None = None,
        prompts: PromptLibrary | None = None,
        on_row: Callable[[dict[str, Any]], None] | None = None,
    ) -> MasterTransform:
        """Bind a new engine (settings, prompts, model access) to the batch function.

        Args:
            settings: What the dialogues say (models, scenarios, sampling).
            generate: Makes one model call; required to make dialogues (see the module doc).
            prompts: The prompt templates (default: the settings' ``prompt_dir`` or built-ins).
            on_row: Called with each finished output row (progress, streaming writes).
        """
        engine = _Engine(settings, generate, prompts or prompt_library(settings.prompt_dir), on_row)
        self = super().__new__(cls, _run_batch, engine)
        self.engine = engine
        return self

    @property
    def settings(self) -> GenerationSettings:
        """The generation settings the dialogues are made with."""
        return self.engine.settings

    def fingerprint(self, input_fingerprint: str) -> str:
        """A fingerprint for the output: same seeds, prompts, models and parameters, same value."""
        payload = {
            "schema": SCHEMA_VERSION,
            "input": input_fingerprint,
            "settings": self.settings.model_dump(mode="json"),
            "prompts": self.engine.prompts.hashes(),
        }
        return xxhash.xxh128_hexdigest(json.dumps(payload, sort_keys=True).encode())

    def map_kwargs(self, seeds: Dataset | IterableDataset, batch_size: int = 16) -> dict[str, Any]:
        """The keyword arguments ``seeds.map(self, **...)`` needs."""
        kwargs: dict[str, Any] = {
            "batched": True,
            "batch_size": batch_size,
            "features": OUTPUT_FEATURES,
            "remove_columns": list(seeds.column_names or []),
        }
        if isinstance(seeds, Dataset):
            kwargs["new_fingerprint"] = self.fingerprint(seeds._fingerprint)
        return kwargs

    def expected_calls(self, row: Mapping[str, Any]) -> int:
        """Model calls the row's dialogue will make (for dry runs and progress)."""
        seed = SeedView.from_row(row)
        name = row.get("scenario") or assign_scenario(seed.id, self.settings)
        return self.engine.scenarios[name].expected_calls(seed)


async def _run_batch(engine: _Engine, batch: Mapping[str, list[Any]]) -> dict[str, list[Any]]:
    return await engine.run_batch(batch)

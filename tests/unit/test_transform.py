"""The transform as a datasets map function: fingerprints, async map, failures recorded."""

from __future__ import annotations

import asyncio
from pathlib import Path

import datasets
import pytest

from boost_qa.dialogue.prompts import PromptLibrary
from boost_qa.dialogue.settings import GenerationSettings
from boost_qa.llm.gateway import Gateway
from boost_qa.llm.retry import RetryPolicy
from boost_qa.transform import OUTPUT_FEATURES, MasterTransform, output_table
from boost_qa.types import CALLS_TO_COME

FAST = RetryPolicy(max_attempts=3, base_delay=0.01, max_delay=0.05, timeout=5)


def make(settings: GenerationSettings, **kwargs) -> MasterTransform:
    return MasterTransform(settings, generate=Gateway(retry=FAST).complete, **kwargs)


def test_dataset_map_takes_the_transform_directly(scripted, scripted_roles, seed_rows):
    seeds = datasets.Dataset.from_list(seed_rows)
    transform = make(GenerationSettings(roles=scripted_roles))
    out = seeds.map(transform, **transform.map_kwargs(seeds, batch_size=4))
    assert out.features == OUTPUT_FEATURES
    assert len(out) == len(seeds)
    assert out["id"] == [f"{r['id']}-{s}" for r, s in zip(seed_rows, out["scenario"], strict=True)]
    assert all(f is None for f in out["failure"])
    assert out._fingerprint == transform.fingerprint(seeds._fingerprint)
    # Rerunning gives identical dialogues (seeded scenarios, deterministic scripted replies).
    again = seeds.map(transform, keep_in_memory=True, **transform.map_kwargs(seeds))
    assert again["messages"] == out["messages"]


def test_iterable_dataset_map(scripted, scripted_roles, seed_rows):
    seeds = datasets.Dataset.from_list(seed_rows).to_iterable_dataset()
    transform = make(GenerationSettings(roles=scripted_roles))
    rows = list(seeds.map(transform, **transform.map_kwargs(seeds, batch_size=2)))
    assert [r["seed_id"] for r in rows] == [r["id"] for r in seed_rows]
    assert all(r["messages"] for r in rows)


def test_output_table_is_the_table_datasets_would_write(scripted, scripted_roles, seed_rows):
    """Engines return Arrow from their map functions; it must be what the dict would give."""
    scripted.fail(10, status=400, when=lambda name: name == "teacher", message="boom")
    transform = make(GenerationSettings(roles=scripted_roles))
    seeds = datasets.Dataset.from_list(seed_rows)
    batch = seeds[:]
    columns = asyncio.run(transform(batch))
    assert any(f is not None for f in columns["failure"])  # failed rows: null structs
    assert any(f is None for f in columns["failure"])
    expected = datasets.Dataset.from_dict(columns, features=OUTPUT_FEATURES)
    table = output_table(columns)
    assert table.schema == OUTPUT_FEATURES.arrow_schema
    assert table.equals(expected.data.table)
    mapped = seeds.map(
        lambda b: output_table(columns),
        batched=True,
        batch_size=len(seeds),
        remove_columns=seeds.column_names,
        features=OUTPUT_FEATURES,
        keep_in_memory=True,
    )
    assert mapped.features == OUTPUT_FEATURES
    assert mapped.to_list() == expected.to_list()


@pytest.mark.parametrize("scenario", ["error_correction", "debate", "analogy"])
def test_each_call_says_how_many_calls_its_dialogue_has_still_to_come(
    scripted, scripted_roles, seed_rows, scenario
):
    """The gateway serves dialogues with more turns to come first (``Lanes`` priority)."""
    gateway = Gateway(retry=FAST)
    seen: list[int] = []

    async def generate(request):  # type: ignore[no-untyped-def]
        seen.append(CALLS_TO_COME.get())
        return await gateway.complete(request)

    settings = GenerationSettings(roles=scripted_roles, scenarios={scenario: 1})
    transform = MasterTransform(settings, generate=generate)
    row = seed_rows[0]
    out = asyncio.run(transform.engine.run_row(row))
    assert out["failure"] is None
    expected = transform.expected_calls(row)
    assert seen == list(range(expected - 1, -1, -1))
    assert CALLS_TO_COME.get() == 0  # reset after each call


def fingerprint(settings: GenerationSettings, prompts: PromptLibrary | None = None) -> str:
    return MasterTransform(settings, prompts=prompts).fingerprint("input-fp")


def test_fingerprint_contract(tmp_path: Path):
    base = GenerationSettings()
    assert fingerprint(base) == fingerprint(GenerationSettings())
    assert MasterTransform(base).fingerprint("a") != MasterTransform(base).fingerprint("b")
    changed = [
        GenerationSettings(models={"strong": "openai/gpt-4o"}),
        GenerationSettings(roles={"teacher": {"temperature": 0.3}}),
        GenerationSettings(max_tokens=100),
        GenerationSettings(seed=1),
        GenerationSettings(debate_rounds=2),
        GenerationSettings(language="German"),
        GenerationSettings(scenarios={"debate": 1.0}),
    ]
    prints = {fingerprint(s) for s in changed}
    assert len(prints) == len(changed) and fingerprint(base) not in prints
    override = tmp_path / "prompts" / "error_correction"
    override.mkdir(parents=True)
    (override / "teacher.j2").write_text("You are {{ me }}. Be brief.")
    edited = PromptLibrary(tmp_path / "prompts")
    assert fingerprint(base, edited) != fingerprint(base)


def test_retried_call_completes_the_row(scripted, scripted_roles, seed_rows):
    scripted.fail(2, status=429, when=lambda name: name == "dull_student", retry_after=0.01)
    transform = make(GenerationSettings(roles=scripted_roles, scenarios={"error_correction": 1}))
    seeds = datasets.Dataset.from_list(seed_rows[:1])
    [row] = seeds.map(transform, keep_in_memory=True, **transform.map_kwargs(seeds))
    assert row["failure"] is None
    assert row["usage"]["retries"] == 2
    assert len(scripted.requests_for("dull_student")) == 3


@pytest.mark.parametrize(
    ("status", "attempts"),
    [(500, 3), (400, 1)],  # 5xx is retried up to max_attempts; other 4xx fail at once
)
def test_failed_call_is_recorded_not_dropped(scripted, scripted_roles, seed_rows, status, attempts):
    scripted.fail(10, status=status, when=lambda name: name == "teacher", message="boom")
    transform = make(GenerationSettings(roles=scripted_roles, scenarios={"error_correction": 1}))
    seeds = datasets.Dataset.from_list(seed_rows[:2])
    out = seeds.map(transform, keep_in_memory=True, **transform.map_kwargs(seeds))
    assert len(out) == 2
    for row in out:
        assert row["failure"]["speaker"] == "teacher"
        assert row["failure"]["turn"] == 2
        assert f"HTTP {status}" in row["failure"]["reason"] and "boom" in row["failure"]["reason"]
        assert row["messages"] == []
    assert len(scripted.requests_for("teacher")) == 2 * attempts


def test_first_call_goes_out_while_later_rows_wait_their_turn(
    scripted, scripted_roles, seed_rows, monkeypatch: pytest.MonkeyPatch
):
    """Rows start ``ROWS_PER_TURN`` per loop turn, so the first call (the endpoint's probe) is
    not queued behind every row's first prompt."""
    import asyncio

    from boost_qa import transform as transform_module
    from boost_qa.llm.litellm_client import completion_for

    rows = [{**row, "id": f"{row['id']}-{copy}"} for copy in range(3) for row in seed_rows]
    started: list[str] = []
    started_at_first_call: list[int] = []
    original_run_row = transform_module._Engine.run_row

    async def run_row(self, row):  # type: ignore[no-untyped-def]
        started.append(row["id"])
        return await original_run_row(self, row)

    model = completion_for("auto")

    async def completion(request, timeout):  # type: ignore[no-untyped-def]
        if not started_at_first_call:
            started_at_first_call.append(len(started))
        return await model(request, timeout)

    monkeypatch.setattr(transform_module._Engine, "run_row", run_row)
    gateway = Gateway(retry=FAST, completion=completion)
    transform = MasterTransform(GenerationSettings(roles=scripted_roles), generate=gateway.complete)
    columns = {name: [row[name] for row in rows] for name in rows[0]}
    out = asyncio.run(transform.engine.run_batch(columns))
    assert out["seed_id"] == [row["id"] for row in rows]  # every row, in order
    assert all(failure is None for failure in out["failure"])
    assert len(started) == len(rows) == 18
    assert started_at_first_call[0] <= transform_module.ROWS_PER_TURN < len(rows)

"""Dry-run estimates: calls are exact, tokens and cost are rough (documented) guesses.

Prompt tokens per call ≈ (persona and rules text + question + reference answer + the turns so
far) / 4 characters per token; completion tokens per call ≈ half the token limit. Cost uses
LiteLLM's price table for the role's model (zero for local and unknown models).
"""

from __future__ import annotations

from typing import Any

from boost_qa.pipeline.engines.batch_files import waves_of
from boost_qa.pipeline.prepare import PreparedConfig
from boost_qa.transform import MasterTransform

PERSONA_CHARS = 1200
CHARS_PER_TOKEN = 4


def estimate_config(prepared: PreparedConfig, *, batch: bool = False) -> dict[str, Any]:
    """Calls, tokens and cost one config's build would take if nothing were cached.

    With ``batch``, also the waves of a batch build (calls per wave, when no turn is asked
    again) and the cost at the batch price beside the online one.
    """
    transform = MasterTransform(prepared.settings)
    strong = prepared.settings.role("teacher")
    completion_per_call = strong.max_tokens // 2
    calls = prompt_tokens = 0
    scenarios: dict[str, int] = {}
    per_dialogue: list[int] = []
    for row in prepared.seeds:
        n = transform.expected_calls(row)
        per_dialogue.append(n)
        calls += n
        scenarios[row["scenario"]] = scenarios.get(row["scenario"], 0) + 1
        text = len(row["question"]) + len(row["reference_answer"])
        for turn in range(n):
            prompt_chars = PERSONA_CHARS + text + turn * completion_per_call * CHARS_PER_TOKEN
            prompt_tokens += prompt_chars // CHARS_PER_TOKEN
    completion_tokens = calls * completion_per_call
    estimate: dict[str, Any] = {
        "seeds": len(prepared.seeds),
        "scenarios": scenarios,
        "calls": calls,
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "cost": _cost(strong.model, prompt_tokens, completion_tokens),
        "skipped": prepared.skipped_counts,
        "retriever": prepared.retriever,
    }
    if batch:
        waves = waves_of(per_dialogue)
        estimate["batch"] = {
            "waves": len(waves),
            "calls_per_wave": waves,
            "cost": _batch_cost(strong.model, prompt_tokens, completion_tokens),
            "online_cost": estimate["cost"],
        }
    return estimate


def batch_totals(plans: list[dict[str, Any]]) -> dict[str, Any]:
    """The batch plans of several configs together (configs are built one after another)."""
    return {
        "waves": sum(p["waves"] for p in plans),
        "calls_per_wave": [n for p in plans for n in p["calls_per_wave"]],
        "cost": sum(p["cost"] for p in plans),
        "online_cost": sum(p["online_cost"] for p in plans),
    }


def _cost(model: str, prompt_tokens: int, completion_tokens: int) -> float:
    # Imported lazily: LiteLLM loads in about a second, and only a dry run's last step needs it.
    from boost_qa.llm.litellm_client import token_cost

    return token_cost(model, prompt_tokens, completion_tokens)


def _batch_cost(model: str, prompt_tokens: int, completion_tokens: int) -> float:
    from boost_qa.llm.batches import batch_cost

    return batch_cost(model, prompt_tokens, completion_tokens)

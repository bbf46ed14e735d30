"""An optional LLM judge that grades each dialogue, like the paper's Qwen2.5-32B verifier.

Off by default. When a recipe names a judge model, every built row gets ``judge_verdict``
(``correct``, ``incorrect`` or ``unparsed``; null when the judge call failed) and
``judge_reason``. Calls go through the same gateway as generation: cached, retried, counted.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Mapping
from typing import Any

import xxhash
from datasets import Dataset, Value

from boost_qa.dialogue.base import Generate, derive_seed
from boost_qa.dialogue.prompts import PromptLibrary
from boost_qa.errors import LLMCallError
from boost_qa.settings import JudgeSettings
from boost_qa.types import ChatRequest

VERDICT = re.compile(r"VERDICT:\s*\**\s*(correct|incorrect)", re.IGNORECASE)
REASON = re.compile(r"REASON:\s*(.+)", re.IGNORECASE)


def parse_verdict(text: str) -> tuple[str, str]:
    """Read ``VERDICT:``/``REASON:`` lines; ``unparsed`` when the judge ignored the format."""
    verdict = VERDICT.search(text)
    reason = REASON.search(text)
    return (
        verdict.group(1).lower() if verdict else "unparsed",
        reason.group(1).strip() if reason else text.strip()[:500],
    )


def _transcript(row: Mapping[str, Any]) -> str:
    return "\n\n".join(f"{t['speaker']}: {t['content']}" for t in row["dialogue"])


async def judge_row(
    row: Mapping[str, Any],
    settings: JudgeSettings,
    generate: Generate,
    prompts: PromptLibrary,
    language: str,
) -> tuple[str | None, str]:
    """Grade one dialogue; a failed call gives (None, the failure reason)."""
    system = prompts.render(
        "judge/verify.j2",
        question=row["question"],
        reference_answer=row["reference_answer"],
        analog_question=row.get("analog_question"),
        analog_answer=row.get("analog_answer"),
        language=language,
    )
    request = ChatRequest(
        model=settings.model,
        messages=(("system", system), ("user", _transcript(row))),
        temperature=settings.temperature,
        max_tokens=settings.max_tokens,
        seed=derive_seed(row["id"], "judge"),
        api_base=settings.api_base,
    )
    try:
        result = await generate(request)
    except LLMCallError as exc:
        return None, f"judge call failed: {exc.reason}"
    return parse_verdict(result.content)


def judge_dataset(
    rows: Dataset,
    settings: JudgeSettings,
    generate: Generate,
    *,
    language: str = "English",
    prompts: PromptLibrary | None = None,
) -> Dataset:
    """Add ``judge_verdict`` and ``judge_reason`` columns (an async batched map)."""
    library = prompts or PromptLibrary()

    async def grade(batch: dict[str, list[Any]]) -> dict[str, list[Any]]:
        items = [
            dict(zip(batch, values, strict=True)) for values in zip(*batch.values(), strict=True)
        ]
        results = await asyncio.gather(
            *(judge_row(row, settings, generate, library, language) for row in items)
        )
        batch["judge_verdict"] = [verdict for verdict, _ in results]
        batch["judge_reason"] = [reason for _, reason in results]
        return batch

    features = rows.features.copy()
    features["judge_verdict"] = Value("string")
    features["judge_reason"] = Value("string")
    fingerprint = xxhash.xxh64_hexdigest(
        f"{rows._fingerprint}|{settings.model_dump_json()}|{library.hashes().get('judge/verify.j2')}".encode()
    )
    return rows.map(
        grade,
        batched=True,
        batch_size=16,
        features=features,
        new_fingerprint=fingerprint,
        keep_in_memory=True,
        desc="Judging dialogues",
    )

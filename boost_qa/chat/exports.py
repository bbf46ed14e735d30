"""Other trainer formats of a config, written as extra configs when a recipe asks for them.

- ``prompt_completion``: one row per learned turn (``weight`` 1): the conversation before it
  as ``prompt`` and the turn as ``completion``, TRL's conversational prompt-completion shape.
  ``SFTTrainer`` then computes the loss on the completion only, so it learns exactly the
  weighted turns with no custom code.
- ``sharegpt``: ``conversations`` as ``[{from, value}]`` (``system``/``human``/``gpt``), the
  format older trainers and LLaMA-Factory's defaults read.

Both are batched ``Dataset.map`` functions over a config's rows; the quality flags ride along
so a trainer can filter either export the same way as the main config.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import datasets
import xxhash
from datasets import Dataset, Features, List, Value

EXPORTS = ("prompt_completion", "sharegpt")
KEPT_COLUMNS = (
    "id",
    "config",
    "scenario",
    "well_formed",
    "role_confusion",
    "answer_leak",
    "final_correct",
    "near_duplicate",
    "degenerate",
    "prompt_echo",
    "telling",
    "success_at",
)
SHAREGPT_FROM = {"system": "system", "user": "human", "assistant": "gpt"}
_CHAT = List({"role": Value("string"), "content": Value("string")})


def export_name(config: str, kind: str) -> str:
    """The config name of one export: ``<config>_<kind>``."""
    return f"{config}_{kind}"


def prompt_completion(batch: Mapping[str, Sequence[Any]]) -> dict[str, list[Any]]:
    """One row per weighted message: everything before it as prompt, it as completion."""
    kept = [c for c in KEPT_COLUMNS if c in batch]
    out: dict[str, list[Any]] = {c: [] for c in kept}
    out.update(turn=[], prompt=[], completion=[])
    for index, messages in enumerate(batch["messages"]):
        for position, message in enumerate(messages):
            if not message.get("weight"):
                continue
            for column in kept:
                out[column].append(batch[column][index])
            out["turn"].append(position)
            out["prompt"].append([_plain(m) for m in messages[:position]])
            out["completion"].append([_plain(message)])
    return out


def sharegpt(batch: Mapping[str, Sequence[Any]]) -> dict[str, list[Any]]:
    """``conversations`` in ShareGPT's ``from``/``value`` form, one row per row."""
    kept = [c for c in KEPT_COLUMNS if c in batch]
    out: dict[str, list[Any]] = {c: list(batch[c]) for c in kept}
    out["conversations"] = [
        [{"from": SHAREGPT_FROM[m["role"]], "value": m["content"]} for m in messages]
        for messages in batch["messages"]
    ]
    return out


def _plain(message: Mapping[str, Any]) -> dict[str, str]:
    return {"role": str(message["role"]), "content": str(message["content"])}


def export_rows(rows: Dataset, kind: str) -> Dataset:
    """One export of a config's rows (fingerprinted by ``datasets`` from the rows and kind)."""
    kept = [c for c in KEPT_COLUMNS if c in rows.column_names]
    features = {c: rows.features[c] for c in kept}
    if kind == "prompt_completion":
        features.update(turn=Value("int64"), prompt=_CHAT, completion=_CHAT)
        function = prompt_completion
    elif kind == "sharegpt":
        features["conversations"] = List({"from": Value("string"), "value": Value("string")})
        function = sharegpt
    else:
        raise ValueError(f"unknown export {kind!r}; known: {list(EXPORTS)}")
    quiet = datasets.are_progress_bars_disabled()
    datasets.disable_progress_bars()
    try:
        return rows.map(
            function,
            batched=True,
            remove_columns=rows.column_names,
            features=Features(features),
            keep_in_memory=True,
            new_fingerprint=xxhash.xxh64_hexdigest(f"{rows._fingerprint}|export={kind}".encode()),
        )
    finally:
        if not quiet:
            datasets.enable_progress_bars()

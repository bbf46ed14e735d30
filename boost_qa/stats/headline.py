"""The headline metrics of a stats report, shared by the terminal table and the dataset card.

Each entry reads one number from a group of the report (a config, or a scenario within it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Getter = Callable[[Mapping[str, Any]], Any]


def _rate(*keys: str) -> Getter:
    """A quality rate by its keys under ``quality.rates`` (None when an older report lacks it)."""

    def get(group: Mapping[str, Any]) -> Any:
        value: Any = group["quality"]["rates"]
        for key in keys:
            value = value.get(key) if isinstance(value, Mapping) else None
        return value

    return get


HEADLINE: list[tuple[str, Getter]] = [
    ("rows", lambda g: g["rows"]),
    ("distinct-1", lambda g: g["diversity"]["distinct_1"]),
    ("distinct-2", lambda g: g["diversity"]["distinct_2"]),
    ("distinct-3", lambda g: g["diversity"]["distinct_3"]),
    ("self-BLEU", lambda g: g["diversity"]["self_bleu"]),
    ("compression ratio", lambda g: g["diversity"]["compression_ratio"]),
    ("embedding diversity", lambda g: g["diversity"]["embedding_diversity"]),
    ("turns / dialogue", lambda g: g["shape"]["turns_per_dialogue"]["mean"]),
    ("well_formed", _rate("well_formed")),
    ("role_confusion", _rate("role_confusion")),
    ("degenerate", _rate("degenerate")),
    ("prompt_echo", _rate("prompt_echo")),
    ("answer_leak", _rate("answer_leak")),
    ("final_correct true", _rate("final_correct", "true")),
    ("final_correct false", _rate("final_correct", "false")),
    ("final_correct unknown", _rate("final_correct", "unknown")),
    ("near_duplicate", _rate("near_duplicate")),
    ("Telling", _rate("telling")),
    ("Success@1", _rate("success_at", "1")),
    ("Success@2", _rate("success_at", "2")),
    ("Success@3", _rate("success_at", "3")),
]
"""Rows of the report tables. Telling and Success@k (MathDial) are rates over the rows with a
readable (numeric or code) reference; the other flags are rates over all rows."""


def format_value(value: Any) -> str:
    """A report value for display: floats to 3 decimals, None as a dash."""
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def groups(config: Mapping[str, Any]) -> tuple[list[str], list[Mapping[str, Any]]]:
    """Column names and groups of a config report: the whole config, then each scenario."""
    scenarios: Mapping[str, Any] = config.get("scenarios") or {}
    return ["all", *scenarios], [config, *scenarios.values()]

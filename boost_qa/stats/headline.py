"""The headline metrics of a stats report, shared by the terminal table and the dataset card.

Each entry reads one number from a group of the report (a config, or a scenario within it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Getter = Callable[[Mapping[str, Any]], Any]
HEADLINE: list[tuple[str, Getter]] = [
    ("rows", lambda g: g["rows"]),
    ("distinct-1", lambda g: g["diversity"]["distinct_1"]),
    ("distinct-2", lambda g: g["diversity"]["distinct_2"]),
    ("distinct-3", lambda g: g["diversity"]["distinct_3"]),
    ("self-BLEU", lambda g: g["diversity"]["self_bleu"]),
    ("compression ratio", lambda g: g["diversity"]["compression_ratio"]),
    ("embedding diversity", lambda g: g["diversity"]["embedding_diversity"]),
    ("turns / dialogue", lambda g: g["shape"]["turns_per_dialogue"]["mean"]),
    ("well_formed", lambda g: g["quality"]["rates"]["well_formed"]),
    ("role_confusion", lambda g: g["quality"]["rates"]["role_confusion"]),
    ("answer_leak", lambda g: g["quality"]["rates"]["answer_leak"]),
    ("final_correct true", lambda g: g["quality"]["rates"]["final_correct"]["true"]),
    ("final_correct false", lambda g: g["quality"]["rates"]["final_correct"]["false"]),
    ("final_correct unknown", lambda g: g["quality"]["rates"]["final_correct"]["unknown"]),
    ("near_duplicate", lambda g: g["quality"]["rates"]["near_duplicate"]),
]


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

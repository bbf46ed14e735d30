"""Render a stats report as rich tables: one per config, one column per scenario."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from rich.table import Table

Getter = Callable[[Mapping[str, Any]], Any]
METRICS: list[tuple[str, Getter]] = [
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


def stats_tables(stats: Mapping[str, Any]) -> Iterator[Table]:
    """One table per config: metrics down, the whole config and each scenario across."""
    for name, config in stats["configs"].items():
        scenarios = config.get("scenarios", {})
        mix = ", ".join(f"{s} {g['rows']}" for s, g in scenarios.items())
        table = Table(title=f"{name}  ({config['rows']} rows: {mix})", title_justify="left")
        table.add_column("metric")
        table.add_column("all", justify="right")
        for scenario in scenarios:
            table.add_column(scenario, justify="right")
        groups = [config, *scenarios.values()]
        for label, get in METRICS:
            table.add_row(label, *(_cell(get(group)) for group in groups))
        notes = config.get("notes") or []
        if notes:
            table.caption = "; ".join(notes)
        yield table


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)

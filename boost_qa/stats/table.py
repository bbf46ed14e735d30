"""Render a stats report as rich tables: one per config, one column per scenario."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from rich.table import Table

from boost_qa.stats.headline import HEADLINE, format_value, groups


def stats_tables(stats: Mapping[str, Any]) -> Iterator[Table]:
    """One table per config: metrics down, the whole config and each scenario across."""
    for name, config in stats["configs"].items():
        names, columns = groups(config)
        mix = ", ".join(f"{n} {g['rows']}" for n, g in zip(names[1:], columns[1:], strict=True))
        table = Table(title=f"{name}  ({config['rows']} rows: {mix})", title_justify="left")
        table.add_column("metric")
        for column in names:
            table.add_column(column, justify="right")
        for label, get in HEADLINE:
            table.add_row(label, *(format_value(get(group)) for group in columns))
        notes = config.get("notes") or []
        if notes:
            table.caption = "; ".join(notes)
        yield table

"""The statistics section of a dataset card: one Markdown table per config."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from boost_qa.stats.headline import HEADLINE, format_value, groups


def stats_markdown(stats: Mapping[str, Any]) -> dict[str, str]:
    """Markdown per config from a ``stats.json`` report: metrics down, scenarios across."""
    rendered = {}
    for name, config in (stats.get("configs") or {}).items():
        names, columns = groups(config)
        lines = [
            "| metric | " + " | ".join(f"`{n}`" if n != "all" else n for n in names) + " |",
            "|---|" + "---:|" * len(names),
        ]
        for label, get in HEADLINE:
            lines.append(f"| {label} | " + " | ".join(format_value(get(g)) for g in columns) + " |")
        notes = config.get("notes") or []
        if notes:
            lines.extend(["", *(f"_{note}_" for note in notes)])
        lines.extend(["", _footnote(stats)])
        rendered[name] = "\n".join(lines)
    return rendered


def _footnote(stats: Mapping[str, Any]) -> str:
    settings = stats.get("settings") or {}
    return (
        f"Computed by `boost-qa stats` ({stats.get('generated_by', 'boost-qa')}); self-BLEU on "
        f"{settings.get('sample_size', '?')} sampled dialogues, embedding diversity on "
        f"{settings.get('embed_sample', '?')}, seed {settings.get('seed', '?')}; tokens are "
        "whitespace tokens. Telling and Success@k (MathDial, Macina et al. 2023) are over rows "
        "with a numeric or code reference. Flag criteria: `boost_qa/stats/quality.py`."
    )

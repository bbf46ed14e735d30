"""PNG plots of turn counts and turn lengths, saved in the release and shown in its card."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from boost_qa.release.layout import META_DIR
from boost_qa.stats.loading import discover_configs, load_rows
from boost_qa.stats.quality import dialogue_turns


def write_plots(folder: Path) -> list[Path]:
    """Write ``boost_qa/plots/{turns,lengths}.png`` for the release's configs."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    configs = {
        name: load_rows(folder, name, files) for name, files in discover_configs(folder).items()
    }
    configs = {name: rows for name, rows in configs.items() if rows}
    if not configs:
        return []
    out = folder / META_DIR / "plots"
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "turns_per_dialogue.png", out / "characters_per_turn.png"]

    figure, axis = plt.subplots(figsize=(7, 3.5))
    turns = {name: [len(dialogue_turns(r)) for r in rows] for name, rows in configs.items()}
    top = max(max(v) for v in turns.values())
    axis.hist(list(turns.values()), bins=range(1, top + 2), label=list(turns), align="left")
    axis.set(xlabel="turns per dialogue", ylabel="dialogues", title="Turns per dialogue")
    axis.legend()
    figure.tight_layout()
    figure.savefig(paths[0], dpi=110)
    plt.close(figure)

    lengths = _lengths_by_speaker(configs)
    figure, axis = plt.subplots(figsize=(7, 3.5))
    axis.boxplot(list(lengths.values()), showfliers=False)
    axis.set_xticks(range(1, len(lengths) + 1), list(lengths), rotation=30, ha="right")
    axis.set(ylabel="characters", title="Characters per turn, by speaker (all configs)")
    figure.tight_layout()
    figure.savefig(paths[1], dpi=110)
    plt.close(figure)
    return paths


def _lengths_by_speaker(configs: dict[str, list[dict[str, Any]]]) -> dict[str, list[int]]:
    lengths: defaultdict[str, list[int]] = defaultdict(list)
    for rows in configs.values():
        for row in rows:
            for turn in dialogue_turns(row):
                lengths[str(turn["speaker"])].append(len(turn["content"] or ""))
    return dict(sorted(lengths.items()))

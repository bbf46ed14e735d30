"""PNG plots of turn counts and turn lengths, from configs' rows, streamed.

Both plots are drawn from histograms (value -> how many), counted a batch at a time, so
plotting a million dialogues takes no more memory than plotting a thousand.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from pathlib import Path

import numpy as np
from datasets import Dataset

from boost_qa.stats.quality import dialogue_turns
from boost_qa.stats.rows import BATCH_SIZE, iter_batches

PLOT_FILES = ("turns_per_dialogue.png", "characters_per_turn.png")


def plot_configs(
    configs: Mapping[str, Dataset], out: Path, *, batch_size: int = BATCH_SIZE
) -> list[Path]:
    """Write ``out/{turns_per_dialogue,characters_per_turn}.png`` for the configs' rows."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import cbook

    turns: dict[str, Counter[int]] = {}
    lengths: defaultdict[str, Counter[int]] = defaultdict(Counter)
    for name, rows in configs.items():
        counts: Counter[int] = Counter()
        for batch in iter_batches(rows, batch_size):
            for row in batch:
                dialogue = dialogue_turns(row)
                counts[len(dialogue)] += 1
                for turn in dialogue:
                    lengths[str(turn["speaker"])][len(turn["content"] or "")] += 1
        if counts:
            turns[name] = counts
    if not turns:
        return []
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / name for name in PLOT_FILES]

    figure, axis = plt.subplots(figsize=(7, 3.5))
    top = max(max(c) for c in turns.values())
    axis.hist(
        [list(c) for c in turns.values()],
        weights=[list(c.values()) for c in turns.values()],
        bins=range(1, top + 2),
        label=list(turns),
        align="left",
    )
    axis.set(xlabel="turns per dialogue", ylabel="dialogues", title="Turns per dialogue")
    axis.legend()
    figure.tight_layout()
    figure.savefig(paths[0], dpi=110)
    plt.close(figure)

    speakers = sorted(lengths)
    boxes = []
    for speaker in speakers:
        values = sorted(lengths[speaker])
        data = np.repeat(values, [lengths[speaker][v] for v in values])
        boxes.append(cbook.boxplot_stats(data)[0])
    figure, axis = plt.subplots(figsize=(7, 3.5))
    axis.bxp(boxes, showfliers=False)
    axis.set_xticks(range(1, len(speakers) + 1), speakers, rotation=30, ha="right")
    axis.set(ylabel="characters", title="Characters per turn, by speaker (all configs)")
    figure.tight_layout()
    figure.savefig(paths[1], dpi=110)
    plt.close(figure)
    return paths

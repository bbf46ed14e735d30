"""The statistics of one group of dialogues (a config, or one scenario of it), mergeable.

Every turn is counted once, in its scenario's group and under its speaker; a config's numbers
are the merge of its scenarios' groups, and a group's overall distinct-n is the merge of its
speakers' n-gram counts. Self-BLEU and the compression ratio need whole texts, so a group
keeps its dialogue texts on disk (``SpooledTexts``) and computes those when it is finalized.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any, Self

import numpy as np

from boost_qa.stats.bleu import self_bleu
from boost_qa.stats.diversity import NgramCounts, compression_ratio, mean_cosine_distance, rounded
from boost_qa.stats.quality import Flag, FlagCounts, dialogue_turns
from boost_qa.stats.shape import ShapeStats
from boost_qa.stats.spool import SpooledTexts

Flags = Mapping[str, Flag]


class GroupStats:
    """Shape, quality flags and diversity counts of a group of dialogue rows."""

    def __init__(self) -> None:
        self.shape = ShapeStats()
        self.speakers: defaultdict[str, NgramCounts] = defaultdict(NgramCounts)
        self.texts = SpooledTexts()
        self.quality = FlagCounts()

    def update(self, row: Mapping[str, Any], flags: Flags | None = None) -> None:
        """Count one row, and its quality flags when given (else later: ``count_flags``)."""
        self.shape.update(row)
        if flags is not None:
            self.quality.update(flags)
        turns = dialogue_turns(row)
        for turn in turns:
            self.speakers[str(turn["speaker"])].update(str(turn.get("content") or ""))
        self.texts.append("\n".join(str(t.get("content") or "") for t in turns))

    def count_flags(self, flags: Flags) -> None:
        """Count one row's quality flags (rows added without them, once they are known)."""
        self.quality.update(flags)

    def merge(self, other: Self) -> Self:
        """Add another group's rows (their texts are shared, not copied)."""
        self.shape.merge(other.shape)
        for speaker, counts in other.speakers.items():
            self.speakers[speaker].merge(counts)
        self.texts.merge(other.texts)
        self.quality.merge(other.quality)
        return self

    def finalize(
        self, *, sample_size: int, seed: int, vectors: np.ndarray | None
    ) -> dict[str, Any]:
        """Rows, quality rates, diversity (embedding diversity from ``vectors``) and shape."""
        overall = NgramCounts()
        for counts in self.speakers.values():
            overall.merge(counts)
        diversity = {
            **overall.finalize(),
            "self_bleu": rounded(self_bleu(self.texts, sample_size=sample_size, seed=seed)),
            "self_bleu_sample": min(len(self.texts), sample_size),
            "compression_ratio": compression_ratio(self.texts),
            "embedding_diversity": None if vectors is None else mean_cosine_distance(vectors),
            "embedding_sample": 0 if vectors is None else len(vectors),
            "by_speaker": {name: c.finalize() for name, c in sorted(self.speakers.items())},
        }
        return {
            "rows": len(self.texts),
            "quality": self.quality.finalize(),
            "diversity": diversity,
            "shape": self.shape.finalize(),
        }


def group_rows(rows: Sequence[Mapping[str, Any]], flags: Sequence[Flags]) -> dict[str, GroupStats]:
    """One ``GroupStats`` per scenario, in order of first appearance."""
    groups: dict[str, GroupStats] = {}
    for row, flag in zip(rows, flags, strict=True):
        scenario = str(row.get("scenario"))
        groups.setdefault(scenario, GroupStats()).update(row, flag)
    return groups

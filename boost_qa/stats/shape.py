"""The shape of a set of dialogues: how long, who says how much, what it cost.

Tokens are whitespace tokens (``str.split``), not model tokens; model token counts come from
the ``usage`` column when rows have one. Turn indexes count non-system turns from 0 (a leading
system turn is reported under the speaker ``system`` only). ``ShapeStats`` keeps histograms of the
values, so stats of shards merge exactly.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from typing import Any, Self

import numpy as np

from boost_qa.stats.quality import dialogue_turns


class Summary:
    """Numbers, reported as count, mean, median, p10, p90, min, max and sum.

    Kept as a histogram (value -> how often), not a list: lengths and turn counts take few
    distinct values, so its size stays flat as rows grow, and the numbers are those of the
    list (the float sum of non-integer values, such as costs, may differ in the last bit).
    """

    def __init__(self) -> None:
        self.counts: Counter[float] = Counter()

    def add(self, value: float) -> None:
        """Record one value."""
        self.counts[value] += 1

    def merge(self, other: Self) -> Self:
        """Add another summary's values."""
        self.counts.update(other.counts)
        return self

    def __len__(self) -> int:
        return sum(self.counts.values())

    def finalize(self) -> dict[str, Any]:
        """The summary numbers (all None but count when there are no values)."""
        if not self.counts:
            keys = ("mean", "median", "p10", "p90", "min", "max", "sum")
            return {"count": 0, **dict.fromkeys(keys)}
        values = sorted(self.counts)
        data = np.repeat(np.asarray(values, dtype=np.float64), [self.counts[v] for v in values])
        p10, median, p90 = np.percentile(data, [10, 50, 90])
        return {
            "count": len(data),
            "mean": round(float(data.mean()), 4),
            "median": round(float(median), 4),
            "p10": round(float(p10), 4),
            "p90": round(float(p90), 4),
            "min": round(float(data.min()), 4),
            "max": round(float(data.max()), 4),
            "sum": round(float(data.sum()), 6),
        }


class ShapeStats:
    """Rows, scenario mix, turns, characters and tokens per speaker and turn index, usage."""

    def __init__(self) -> None:
        self.rows = 0
        self.scenarios: Counter[str] = Counter()
        self.turns = Summary()
        self.chars: defaultdict[str, Summary] = defaultdict(Summary)
        self.tokens: defaultdict[str, Summary] = defaultdict(Summary)
        self.index_chars: defaultdict[int, Summary] = defaultdict(Summary)
        self.index_tokens: defaultdict[int, Summary] = defaultdict(Summary)
        self.usage_tokens = Summary()
        self.usage_cost = Summary()

    def update(self, row: Mapping[str, Any]) -> None:
        """Count one row (its dialogue turns, ``scenario`` and ``usage``)."""
        self.rows += 1
        self.scenarios[str(row.get("scenario"))] += 1
        turns = dialogue_turns(row)
        self.turns.add(sum(1 for t in turns if t.get("role") != "system"))
        index = 0
        for message in turns:
            text = str(message.get("content") or "")
            speaker = str(message["speaker"])
            self.chars[speaker].add(len(text))
            self.tokens[speaker].add(len(text.split()))
            if message.get("role") != "system":
                self.index_chars[index].add(len(text))
                self.index_tokens[index].add(len(text.split()))
                index += 1
        self._add_usage(row.get("usage"))

    def _add_usage(self, usage: Any) -> None:
        if not isinstance(usage, Mapping):
            return
        prompt, completion = usage.get("prompt_tokens"), usage.get("completion_tokens")
        if prompt is not None or completion is not None:
            self.usage_tokens.add(float((prompt or 0) + (completion or 0)))
        if usage.get("cost") is not None:
            self.usage_cost.add(float(usage["cost"]))

    def merge(self, other: Self) -> Self:
        """Add another shape's counts."""
        self.rows += other.rows
        self.scenarios.update(other.scenarios)
        self.turns.merge(other.turns)
        self.usage_tokens.merge(other.usage_tokens)
        self.usage_cost.merge(other.usage_cost)
        for mine, theirs in ((self.chars, other.chars), (self.tokens, other.tokens)):
            for speaker, summary in theirs.items():
                mine[speaker].merge(summary)
        for by_index, other_index in (
            (self.index_chars, other.index_chars),
            (self.index_tokens, other.index_tokens),
        ):
            for index, summary in other_index.items():
                by_index[index].merge(summary)
        return self

    def finalize(self) -> dict[str, Any]:
        """Plain JSON values; ``usage`` is None when no row had one."""
        mix = dict(self.scenarios.most_common())
        return {
            "rows": self.rows,
            "scenario_mix": mix,
            "scenario_share": {k: round(v / self.rows, 4) for k, v in mix.items()},
            "turns_per_dialogue": self.turns.finalize(),
            "chars_per_speaker": {k: v.finalize() for k, v in sorted(self.chars.items())},
            "tokens_per_speaker": {k: v.finalize() for k, v in sorted(self.tokens.items())},
            "chars_per_turn_index": {
                str(k): v.finalize() for k, v in sorted(self.index_chars.items())
            },
            "tokens_per_turn_index": {
                str(k): v.finalize() for k, v in sorted(self.index_tokens.items())
            },
            "usage": self._usage(),
        }

    def _usage(self) -> dict[str, Any] | None:
        if not self.usage_tokens.counts and not self.usage_cost.counts:
            return None
        return {
            "tokens_per_row": self.usage_tokens.finalize(),
            "cost_per_row": self.usage_cost.finalize(),
        }

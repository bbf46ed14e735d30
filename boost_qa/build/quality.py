"""Quality flags as columns of every built row, and the recipe's policy on what to drop.

Flags are stored so trainers can filter (``ds.filter(lambda r: r["well_formed"])``); a recipe's
``quality.drop`` removes rows at build time instead, and the manifest counts them by reason.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Literal

import xxhash
from datasets import Dataset, Value
from pydantic import BaseModel, ConfigDict, Field

from boost_qa.stats.quality import quality_flags

DropReason = Literal[
    "malformed", "role_confusion", "answer_leak", "incorrect", "unverified", "near_duplicate"
]
FLAG_COLUMNS = ("well_formed", "role_confusion", "answer_leak", "final_correct", "near_duplicate")


class QualityPolicy(BaseModel):
    """What a recipe drops at build time; everything else is only flagged."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    drop: list[DropReason] = Field(default_factory=list)
    near_duplicate_threshold: float = Field(0.8, gt=0, le=1)


def drop_reasons(flags: dict[str, Any]) -> list[str]:
    """Every policy reason a row's flags match."""
    return [
        reason
        for reason, hit in (
            ("malformed", flags["well_formed"] is False),
            ("role_confusion", flags["role_confusion"] is True),
            ("answer_leak", flags["answer_leak"] is True),
            ("incorrect", flags["final_correct"] is False),
            ("unverified", flags["final_correct"] is None),
            ("near_duplicate", flags["near_duplicate"] is True),
        )
        if hit
    ]


def apply_quality(rows: Dataset, policy: QualityPolicy) -> tuple[Dataset, dict[str, int]]:
    """Add the flag columns; drop what the policy names; count drops by first reason."""
    flags = quality_flags(list(rows), threshold=policy.near_duplicate_threshold)
    flagged = rows
    for name in FLAG_COLUMNS:
        flagged = flagged.add_column(
            name,
            [f[name] for f in flags],
            feature=Value("bool"),
            new_fingerprint=xxhash.xxh64_hexdigest(
                f"{flagged._fingerprint}|{name}|{policy.model_dump_json()}".encode()
            ),
        )
    dropped: Counter[str] = Counter()
    keep = []
    for index, flag in enumerate(flags):
        reasons = [r for r in drop_reasons(flag) if r in policy.drop]
        if reasons:
            dropped[reasons[0]] += 1
        else:
            keep.append(index)
    if len(keep) == len(flags):
        return flagged, {}
    return flagged.select(keep), dict(dropped)

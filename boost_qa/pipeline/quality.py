"""Quality flags as columns of every built row, and the recipe's policy on what to drop.

Flags are stored so trainers can filter (``ds.filter(lambda r: r["well_formed"])``); a recipe's
``quality.drop`` removes rows at build time instead, and the manifest counts them by reason.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

import xxhash
from datasets import Dataset, Value

from boost_qa.settings import DropReason as DropReason  # re-exported: recipe-level settings
from boost_qa.settings import QualityPolicy as QualityPolicy
from boost_qa.stats.quality import FLAG_NAMES, quality_flags

FLAG_COLUMNS = FLAG_NAMES
"""The flag columns of a built row, in order (criteria in ``boost_qa.stats.quality``)."""
FLAG_FEATURES: dict[str, Value] = {
    name: Value("int32") if name == "success_at" else Value("bool") for name in FLAG_COLUMNS
}
"""Column types: ``success_at`` is an int (null: never right or unreadable), the rest bools."""


def drop_reasons(flags: Mapping[str, Any]) -> list[str]:
    """Every policy reason a row's flags match.

    malformed: ``well_formed`` is False; role_confusion, answer_leak, degenerate, prompt_echo,
    telling, near_duplicate: that flag is True; incorrect: ``final_correct`` is False;
    unverified: ``final_correct`` is None.
    """
    return [
        reason
        for reason, hit in (
            ("malformed", flags.get("well_formed") is False),
            ("role_confusion", flags.get("role_confusion") is True),
            ("answer_leak", flags.get("answer_leak") is True),
            ("degenerate", flags.get("degenerate") is True),
            ("prompt_echo", flags.get("prompt_echo") is True),
            ("telling", flags.get("telling") is True),
            ("incorrect", flags.get("final_correct") is False),
            ("unverified", "final_correct" in flags and flags["final_correct"] is None),
            ("near_duplicate", flags.get("near_duplicate") is True),
        )
        if hit
    ]


def apply_quality(rows: Dataset, policy: QualityPolicy) -> tuple[Dataset, dict[str, int]]:
    """Add the flag columns; drop what the policy names; count drops by first reason.

    The rows are read with ``to_list`` (Arrow's ``to_pylist``, 0.06 s for 2,000 dialogues),
    not by iterating the dataset, which formats one row at a time in Python (0.7 s).
    """
    flags = quality_flags(rows.to_list(), threshold=policy.near_duplicate_threshold)
    flagged = rows
    for name in FLAG_COLUMNS:
        flagged = flagged.add_column(
            name,
            [f[name] for f in flags],
            feature=FLAG_FEATURES[name],
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

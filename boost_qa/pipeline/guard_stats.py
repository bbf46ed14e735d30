"""What the turn guards did in one config: tries, rejections by reason, turns kept anyway.

The manifest and the card report it, so a reader sees how much regeneration the data took.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

_DETAIL = re.compile(r"\s*[(:].*$")


def reason_kind(reason: str) -> str:
    """A rejection reason without its particulars ("degenerate: a line ..." -> "degenerate")."""
    return _DETAIL.sub("", reason).strip() or reason


def guard_summary(
    attempts: Iterable[Iterable[Mapping[str, Any]] | None], failures: Iterable[Mapping[str, Any]]
) -> dict[str, Any]:
    """Agent turns, tries, turns that needed more than one, rejections by reason, bad turns."""
    turns = tries = retried = kept_bad = 0
    reasons: Counter[str] = Counter()
    for row in attempts:
        for record in row or []:
            turns += 1
            tries += int(record.get("attempts") or 0)
            rejected = list(record.get("rejected") or [])
            retried += bool(rejected)
            kept_bad += not record.get("accepted", True)
            reasons.update(reason_kind(r) for r in rejected)
    failed = [f for f in failures if str(f.get("reason", "")).startswith("every attempt was")]
    return {
        "agent_turns": turns,
        "tries": tries,
        "turns_retried": retried,
        "turns_kept_bad": kept_bad,
        "rows_failed_by_guards": len(failed),
        "rejected": dict(reasons.most_common()),
    }

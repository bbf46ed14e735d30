"""The shape every mergeable statistic has: update with rows, merge with another, finalize.

Statistics keep counts (n-gram sets, value lists, sums) rather than ratios, so the stats of
shards, retried batches or configs combine exactly: ``a.merge(b)`` equals the stat of a's rows
followed by b's rows, and ``finalize()`` turns the counts into the reported numbers.
``NgramCounts``, ``Summary`` and ``ShapeStats`` follow it; ``GroupStats`` merges the same way
but needs sample settings to finalize.
"""

from __future__ import annotations

from typing import Any, Protocol, Self, runtime_checkable


@runtime_checkable
class Mergeable(Protocol):
    """A statistic that can absorb another one of its kind."""

    def merge(self, other: Self) -> Self:
        """Add ``other``'s counts to this one and return self."""
        ...

    def finalize(self) -> dict[str, Any]:
        """The reported numbers, as plain JSON values."""
        ...

"""Call counters that add up: one worker's growth, a cluster's sum, a config's share."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

from boost_qa.llm.gateway import CallStats


@dataclass(frozen=True)
class Counters:
    """A gateway's counters as a value: workers report them, the engine base adds them up.

    Built from :meth:`CallStats.to_dict` (cost rounded as the manifest shows it), so "after
    minus before" gives the same numbers whichever process made the calls.
    """

    calls: int = 0
    cache_hits: int = 0
    retries: int = 0
    failures: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float = 0.0

    @classmethod
    def of(cls, stats: CallStats) -> Counters:
        """The counters of a gateway now."""
        return cls.from_dict(stats.to_dict())

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> Counters:
        """Counters from the ``to_dict`` shape; missing names count zero, unknown ones fail."""
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        """The ``CallStats.to_dict`` shape, in its order (manifest counters, ``CallStats.add``)."""
        return asdict(self)

    def __add__(self, other: Counters) -> Counters:
        """Both counts together."""
        return Counters(*(getattr(self, f.name) + getattr(other, f.name) for f in _FIELDS))

    def __sub__(self, other: Counters) -> Counters:
        """What grew from ``other`` to ``self``."""
        return Counters(*(getattr(self, f.name) - getattr(other, f.name) for f in _FIELDS))


_FIELDS = fields(Counters)

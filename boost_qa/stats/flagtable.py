"""Every row's quality flags in a compact table: two bytes a flag, decoded back on demand.

The near-duplicate flag of a row is known only once every row is in (a later row can join two
clusters), so a stats pass keeps all rows' flags until the end: as an int16 table, ``-1`` for
None, rather than one dict a row.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from boost_qa.stats.quality import FLAG_NAMES, Flag

_COLUMN = {name: index for index, name in enumerate(FLAG_NAMES)}
_INTEGER = frozenset({"success_at"})
"""Flags stored as an int (the others are bools)."""


class FlagTable:
    """The flags of ``rows`` rows in ``FLAG_NAMES`` order."""

    def __init__(self, rows: int) -> None:
        self.values = np.full((rows, len(FLAG_NAMES)), -1, dtype=np.int16)

    def __len__(self) -> int:
        return len(self.values)

    def set(self, index: int, flags: Mapping[str, Flag]) -> None:
        """Store one row's flags (a missing flag is None)."""
        self.values[index] = [_encode(flags.get(name)) for name in FLAG_NAMES]

    def set_column(self, name: str, values: np.ndarray) -> None:
        """Store one flag for every row (bools)."""
        self.values[:, _COLUMN[name]] = np.asarray(values, dtype=np.int16)

    def row(self, index: int) -> dict[str, Flag]:
        """One row's flags as plain Python values, in ``FLAG_NAMES`` order."""
        return {
            name: _decode(int(value), name in _INTEGER)
            for name, value in zip(FLAG_NAMES, self.values[index].tolist(), strict=True)
        }


def _encode(value: Flag) -> int:
    return -1 if value is None else int(value)


def _decode(value: int, integer: bool) -> Flag:
    if value < 0:
        return None
    return value if integer else bool(value)

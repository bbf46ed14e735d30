"""The columns statistics read from a config's rows, and those rows as a stream of batches.

Statistics take a config's rows as an Arrow-backed ``datasets.Dataset`` (memory-mapped when it
was loaded from files) and read it ``BATCH_SIZE`` rows at a time, so memory does not grow with
the number of rows; a row is read again by index only when a statistic needs its text later
(a seeded sample, a near-duplicate candidate).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload

from datasets import Dataset

from boost_qa.errors import SourceError
from boost_qa.stats.quality import FLAG_NAMES, dialogue_text, dialogue_turns

REQUIRED_COLUMNS = (
    "scenario",
    "question",
    "reference_answer",
    "analog_question",
    "analog_answer",
)
OPTIONAL_COLUMNS = ("id", "usage", "speakers", "attempts")
"""Read when present: ``attempts`` (turn guard records) feeds ``well_formed``."""
TURN_COLUMNS = ("dialogue", "messages")
"""The dialogue turns: ``dialogue`` (speaker, role, content), else ``messages`` (+ ``speakers``)."""
BATCH_SIZE = 1000
Row = dict[str, Any]


def missing_columns(columns: Sequence[str]) -> list[str]:
    """The columns statistics need that ``columns`` lacks (the turns as "dialogue or messages")."""
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if not any(column in columns for column in TURN_COLUMNS):
        missing.insert(0, " or ".join(TURN_COLUMNS))
    return missing


def check_columns(rows: Dataset, where: str) -> None:
    """Raise when ``rows`` cannot be measured; ``where`` names them in the message.

    Raises:
        SourceError: A required column is missing, or there are no rows.
    """
    missing = missing_columns(rows.column_names)
    if missing:
        raise SourceError(
            f"{where} lacks column(s) {', '.join(missing)}; "
            f"it has: {', '.join(rows.column_names) or '(none)'}"
        )
    if len(rows) == 0:
        raise SourceError(f"{where} has no rows")


def has_stored_flags(columns: Sequence[str]) -> bool:
    """Whether the rows carry every quality flag as a column (a build stored them)."""
    return all(name in columns for name in FLAG_NAMES)


def read_columns(columns: Sequence[str], *, flags: bool) -> list[str]:
    """The columns statistics read, in a fixed order; the flag columns when ``flags``."""
    turns = next((c for c in TURN_COLUMNS if c in columns), None)
    wanted = [turns, *REQUIRED_COLUMNS, *OPTIONAL_COLUMNS, *(FLAG_NAMES if flags else ())]
    return [c for c in wanted if c is not None and c in columns]


def iter_batches(
    rows: Dataset, batch_size: int = BATCH_SIZE, *, columns: Iterable[str] | None = None
) -> Iterator[list[Row]]:
    """The rows as lists of row dicts, ``batch_size`` at a time, in dataset order."""
    keep = list(columns) if columns is not None else read_columns(rows.column_names, flags=False)
    view = rows.select_columns(keep)
    for batch in view.iter(batch_size=batch_size):
        names = list(batch)
        yield [
            dict(zip(names, values, strict=True)) for values in zip(*batch.values(), strict=True)
        ]


class DialogueTexts(Sequence[str]):
    """The dialogue texts (``dialogue_text``) of a Dataset's rows, read by index on demand."""

    def __init__(self, rows: Dataset) -> None:
        turns = [c for c in (*TURN_COLUMNS, "speakers") if c in rows.column_names]
        self._rows = rows.select_columns(turns)

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return dialogue_text(dialogue_turns(self._rows[int(index)]))

"""Dialogue texts kept on disk: a group's texts for self-BLEU and the compression ratio.

Self-BLEU reads a seeded sample of a group's texts and the compression ratio reads all of them
in order, so a group must keep its texts until it is finalized; keeping them in memory made
memory grow with the rows. ``SpooledTexts`` appends each text to an unnamed temporary file and
keeps only its offset (8 bytes), reads one back by index, and merges by reference: a config's
texts are its scenarios' spools one after the other, without a copy.
"""

from __future__ import annotations

import tempfile
from array import array
from collections.abc import Iterator, Sequence
from typing import IO, Self, overload


class _Spool:
    """One temporary file of UTF-8 texts and where each one starts."""

    def __init__(self) -> None:
        self.file: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - lives with the spool
        self.starts = array("q", [0])
        self._writing = True

    def __len__(self) -> int:
        return len(self.starts) - 1

    def append(self, text: str) -> None:
        data = text.encode("utf-8")
        if not self._writing:
            self.file.seek(0, 2)
            self._writing = True
        self.file.write(data)
        self.starts.append(self.starts[-1] + len(data))

    def read(self, index: int) -> str:
        if self._writing:
            self.file.flush()
            self._writing = False
        self.file.seek(self.starts[index])
        return self.file.read(self.starts[index + 1] - self.starts[index]).decode("utf-8")


class SpooledTexts(Sequence[str]):
    """An append-only list of texts stored in temporary files."""

    def __init__(self) -> None:
        self._parts: list[_Spool] = []

    def append(self, text: str) -> None:
        """Add a text at the end."""
        if not self._parts:
            self._parts.append(_Spool())
        self._parts[-1].append(text)

    def merge(self, other: Self) -> Self:
        """Follow these texts with ``other``'s (shared, not copied; append to neither after)."""
        self._parts.extend(other._parts)
        return self

    def __len__(self) -> int:
        return sum(len(part) for part in self._parts)

    def __iter__(self) -> Iterator[str]:
        for part in self._parts:
            for index in range(len(part)):
                yield part.read(index)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        for part in self._parts:
            if 0 <= index < len(part):
                return part.read(index)
            index -= len(part)
        raise IndexError("text index out of range")

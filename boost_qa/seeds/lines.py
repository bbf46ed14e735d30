"""Find the data file and line of a source row, for the list of skipped rows.

A row index alone does not let anyone open the source and look at the row: the JSON-lines
loader drops blank lines, a CSV record may span several lines, and a glob reads several files.
So the files `load_source` read are scanned once more (one streaming pass, only when rows were
skipped) with the loaders' own rules for what makes a record, and a line is given only when the
records counted that way add up to the rows `datasets` loaded: a line that might be wrong is
left out rather than guessed. A file is named by its base name (by its path below the files'
common folder when two base names clash), never by a local absolute path.
"""

from __future__ import annotations

import contextlib
import csv
import itertools
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import PurePath
from typing import Any

import datasets
import pyarrow.parquet as pq

from boost_qa.seeds.source import (
    _COMPRESSIONS,
    SourceOrigin,
    _extension_builder,
    _is_json_lines,
    source_origin,
)

__all__ = ["locate_rows"]

Place = dict[str, Any]
"""``{"file": name, "line": n}``, or ``{"file": name}`` where the file has no lines."""

_Segment = tuple[str, int, int]
"""A run of the loaded rows: the split they come from and their [start, end) in that split."""

_CSV_FIELD_LIMIT = 2**31 - 1
_BLANK_CSV = " \t\r\n"
"""The characters of a CSV line that pandas (the CSV loader) skips as blank."""


class _Uncountable(Exception):
    """A data file whose records cannot be counted here (compressed, a JSON array)."""


def locate_rows(
    ds: datasets.Dataset | datasets.IterableDataset, rows: Iterable[int]
) -> dict[int, Place]:
    """Return the data file, and the line where lines mean something, of each of ``rows``.

    Args:
        ds: A source as `load_source` returned it (before any `select`).
        rows: Row indices into ``ds``.

    Returns:
        ``{row: place}``. A row is absent when its file is unknown (a Hub dataset, a dataset
        `load_source` did not load, files whose records do not add up); ``line`` is absent for
        Parquet, a JSON array, a compressed file, and a streaming source.
    """
    origin = source_origin(ds)
    wanted = sorted(set(rows))
    if origin is None or not wanted:
        return {}
    segments = _segments(origin)
    files = _split_files(origin) if segments else {}
    places: dict[int, Place] = {}
    for split, split_rows in _by_split(wanted, segments or []).items():
        if split in files:
            expected = origin.split_sizes.get(split) if not origin.streaming else None
            places.update(_locate_in_split(files[split], origin.builder, split_rows, expected))
    return places


def _segments(origin: SourceOrigin) -> list[_Segment] | None:
    """Where the loaded rows come from, as `datasets` cut them from the whole splits."""
    if origin.streaming:
        plain = not set(origin.split) & set("[]+")
        return [(origin.split, 0, sys.maxsize)] if plain else None
    try:
        spec = datasets.ReadInstruction.from_spec(origin.split)
        absolute = spec.to_absolute(origin.split_sizes)
    except Exception:  # an unknown split or slice: datasets raises several kinds of error
        return None
    segments = [(str(part.splitname), part.from_, part.to) for part in absolute]
    if sum(end - start for _, start, end in segments) != origin.rows:
        return None
    return segments


def _by_split(wanted: Sequence[int], segments: list[_Segment]) -> dict[str, dict[int, list[int]]]:
    """Map each wanted row to its split and its row within that split."""
    out: dict[str, dict[int, list[int]]] = {}
    offset = 0
    for split, start, end in segments:
        for row in wanted:
            if offset <= row < offset + end - start:
                out.setdefault(split, {}).setdefault(start + row - offset, []).append(row)
        offset += end - start
    return out


def _split_files(origin: SourceOrigin) -> dict[str, tuple[str, ...]]:
    """The local data files of each split, in the order `datasets` reads them."""
    if origin.data_files is not None:
        return {"train": origin.data_files}  # loose files always load as the train split
    if origin.folder_kwargs is None:
        return {}
    try:
        builder = datasets.load_dataset_builder(**origin.folder_kwargs)
        resolved = builder.config.data_files or {}
    except Exception:  # the folder loaded a moment ago; never fail the build over a line
        return {}
    files = {str(split): tuple(str(f) for f in paths) for split, paths in resolved.items()}
    return {split: paths for split, paths in files.items() if all(map(os.path.isfile, paths))}


def _locate_in_split(
    files: tuple[str, ...],
    builder: str | None,
    split_rows: dict[int, list[int]],
    expected: int | None,
) -> dict[int, Place]:
    """Place rows of one split; without a verified count, only a single file can be named."""
    names = _display_names(files)
    fallback: dict[int, Place] = {}
    if len(files) == 1:
        fallback = {row: {"file": names[0]} for rows in split_rows.values() for row in rows}
    if expected is None:
        return fallback
    try:
        places, counted = _scan(files, names, builder, split_rows)
    except (_Uncountable, OSError, ValueError, csv.Error):
        return fallback
    return places if counted == expected else fallback


def _scan(
    files: tuple[str, ...],
    names: list[str],
    builder: str | None,
    split_rows: dict[int, list[int]],
) -> tuple[dict[int, Place], int]:
    """Walk every record of the files once; return the wanted rows' places and the count."""
    places: dict[int, Place] = {}
    position = 0
    for path, name in zip(files, names, strict=True):
        for line in _records(path, builder):
            for row in split_rows.get(position, ()):
                places[row] = {"file": name} if line is None else {"file": name, "line": line}
            position += 1
    return places, position


def _records(path: str, builder: str | None) -> Iterator[int | None]:
    """Yield the 1-based first line of each record of a file (None where there are no lines)."""
    kind = builder or _extension_builder(path)
    if path.lower().endswith(_COMPRESSIONS):
        raise _Uncountable(path)
    if kind == "parquet":
        return itertools.repeat(None, pq.ParquetFile(path).metadata.num_rows)
    if kind == "csv":
        return _csv_lines(path)
    if kind == "json" and _is_json_lines(path):
        return _json_lines(path)
    raise _Uncountable(path)


def _json_lines(path: str) -> Iterator[int]:
    """Yield the number of each non-blank line: the JSON-lines loader skips blank ones.

    Like the loader's, a line ends at LF, CRLF or a lone CR (universal newlines).
    """
    with open(path, encoding="utf-8") as handle:
        for number, raw in enumerate(handle, start=1):
            if raw.strip():
                yield number


def _csv_lines(path: str) -> Iterator[int]:
    """Yield the first line of each CSV data record, as pandas (the CSV loader) splits them.

    A quoted field may hold line breaks, so one record can span lines; pandas skips lines of
    spaces and tabs only, and the first record it keeps is the header.
    """
    with open(path, encoding="utf-8", newline="") as handle, _no_field_limit():
        last = [""]
        reader = csv.reader(_remember_last(handle, last))
        end = 0
        header = True
        for _ in reader:
            start, end = end + 1, reader.line_num
            if start == end and not last[0].strip(_BLANK_CSV):
                continue
            if header:
                header = False
                continue
            yield start


def _remember_last(lines: Iterable[str], last: list[str]) -> Iterator[str]:
    """Pass lines through, keeping the latest in ``last[0]`` (the csv module drops them)."""
    for line in lines:
        last[0] = line
        yield line


@contextlib.contextmanager
def _no_field_limit() -> Iterator[None]:
    """Let the csv module read fields of any length (it stops at 128 KiB by default)."""
    previous = csv.field_size_limit(_CSV_FIELD_LIMIT)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _display_names(files: tuple[str, ...]) -> list[str]:
    """Name files by base name, or below their common folder when base names clash."""
    names = [os.path.basename(path) for path in files]
    if len(set(names)) == len(names):
        return names
    try:
        root = os.path.commonpath(files)
    except ValueError:  # paths on different drives
        return names
    return [PurePath(os.path.relpath(path, root)).as_posix() for path in files]

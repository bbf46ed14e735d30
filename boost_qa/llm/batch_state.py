"""What a batch build has submitted and read back, kept beside the request cache.

Layout::

    <cache folder>/batches.sqlite
        batches   one row per batch submitted: input hash, attempt, provider ids, state
        lines     one row per line read back: its request key, answer or failure, batch price

Why: a provider's batch takes minutes to hours. A build records each batch before it waits
(the input file's SHA-256 -> provider file id and batch id), so a build killed while waiting
finds the same input hash on its rerun and polls the same batch instead of paying twice.

A batch's answers go into the request cache like online answers. Until a build has finished
with them, they also count as *this build's* calls (``fresh``): the rows of a resumed build
then say ``cached_calls`` and ``cost`` exactly as the uninterrupted build would. A finished
build marks them ``consumed``; later builds see them as ordinary cache hits.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from boost_qa.llm.cache import _enable_wal

TERMINAL = frozenset({"completed", "failed", "expired", "cancelled"})
"""Batch states after which nothing more will be answered."""


@dataclass(frozen=True)
class BatchRecord:
    """One submitted (or about to be submitted) batch."""

    row: int
    input_hash: str
    attempt: int
    model: str
    api_base: str | None
    lines: int
    file_id: str | None
    batch_id: str | None
    status: str
    processed: bool


@dataclass(frozen=True)
class LineResult:
    """One line read back: an answer (``ok``) with its batch price, or why it failed."""

    key: str
    ok: bool
    reason: str = ""
    cost: float = 0.0


class BatchState:
    """The ``batches.sqlite`` file of one cache folder."""

    def __init__(self, directory: Path) -> None:
        """Open (or create) the state file in ``directory``."""
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / "batches.sqlite"
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(self.path, timeout=60, check_same_thread=False)
        _enable_wal(self._conn)
        self._conn.executescript(
            "CREATE TABLE IF NOT EXISTS batches ("
            " row INTEGER PRIMARY KEY AUTOINCREMENT, input_hash TEXT NOT NULL,"
            " attempt INTEGER NOT NULL, model TEXT NOT NULL, api_base TEXT, lines INTEGER,"
            " file_id TEXT, batch_id TEXT, status TEXT NOT NULL DEFAULT 'new',"
            " processed INTEGER NOT NULL DEFAULT 0, consumed INTEGER NOT NULL DEFAULT 0,"
            " created REAL DEFAULT (unixepoch('subsec')), UNIQUE (input_hash, attempt));"
            "CREATE TABLE IF NOT EXISTS lines ("
            " batch INTEGER NOT NULL, key TEXT NOT NULL, ok INTEGER NOT NULL,"
            " reason TEXT NOT NULL DEFAULT '', cost REAL NOT NULL DEFAULT 0,"
            " PRIMARY KEY (batch, key));"
            "CREATE INDEX IF NOT EXISTS lines_key ON lines (key);"
        )
        self._conn.commit()

    _COLUMNS = (
        "row, input_hash, attempt, model, api_base, lines, file_id, batch_id, status, processed"
    )

    def latest(self, input_hash: str) -> BatchRecord | None:
        """The last batch made from this input file, None if there is none."""
        with self._lock:
            found = self._conn.execute(
                f"SELECT {self._COLUMNS} FROM batches WHERE input_hash = ?"  # noqa: S608
                " AND consumed = 0 ORDER BY attempt DESC LIMIT 1",
                (input_hash,),
            ).fetchone()
        return None if found is None else _record(found)

    def add(
        self, input_hash: str, attempt: int, model: str, api_base: str | None, lines: int
    ) -> BatchRecord:
        """Record a batch about to be uploaded (before anything is sent)."""
        with self._lock:
            cursor = self._conn.execute(
                "INSERT INTO batches (input_hash, attempt, model, api_base, lines)"
                " VALUES (?, ?, ?, ?, ?)",
                (input_hash, attempt, model, api_base, lines),
            )
            self._conn.commit()
            row = cursor.lastrowid
        assert row is not None
        return BatchRecord(
            row, input_hash, attempt, model, api_base, lines, None, None, "new", False
        )

    def update(self, row: int, **values: str | None) -> None:
        """Set ``file_id``, ``batch_id`` or ``status`` of one batch, committed at once."""
        allowed = {"file_id", "batch_id", "status"}
        if not values or set(values) - allowed:
            raise ValueError(f"can set only {sorted(allowed)}")
        assignments = ", ".join(f"{name} = ?" for name in values)
        with self._lock:
            self._conn.execute(
                f"UPDATE batches SET {assignments} WHERE row = ?",  # noqa: S608 - names checked
                (*values.values(), row),
            )
            self._conn.commit()

    def record_lines(self, row: int, results: Iterable[LineResult]) -> None:
        """Store a finished batch's lines and mark it processed, in one transaction."""
        with self._lock:
            self._conn.executemany(
                "INSERT OR REPLACE INTO lines (batch, key, ok, reason, cost)"
                " VALUES (?, ?, ?, ?, ?)",
                [(row, r.key, int(r.ok), r.reason, r.cost) for r in results],
            )
            self._conn.execute("UPDATE batches SET processed = 1 WHERE row = ?", (row,))
            self._conn.commit()

    def fresh(self) -> dict[str, tuple[int, LineResult]]:
        """Answers of batches no finished build has used yet: key -> (batch row, line)."""
        with self._lock:
            found = self._conn.execute(
                "SELECT l.batch, l.key, l.cost FROM lines l JOIN batches b ON b.row = l.batch"
                " WHERE l.ok = 1 AND b.consumed = 0"
            ).fetchall()
        return {key: (batch, LineResult(key, True, "", cost)) for batch, key, cost in found}

    def failed_lines(self) -> dict[str, list[str]]:
        """Why each key failed, once per failed line, in batches not yet consumed."""
        with self._lock:
            found = self._conn.execute(
                "SELECT l.key, l.reason FROM lines l JOIN batches b ON b.row = l.batch"
                " WHERE l.ok = 0 AND b.consumed = 0 ORDER BY l.batch"
            ).fetchall()
        out: dict[str, list[str]] = {}
        for key, reason in found:
            out.setdefault(key, []).append(reason)
        return out

    def consume(self, rows: Iterable[int]) -> None:
        """Mark batches as used by a finished build (their answers become plain cache hits)."""
        with self._lock:
            self._conn.executemany(
                "UPDATE batches SET consumed = 1 WHERE row = ?", [(r,) for r in set(rows)]
            )
            self._conn.commit()

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._conn.close()


def _record(found: tuple[object, ...]) -> BatchRecord:
    row, input_hash, attempt, model, api_base, lines, file_id, batch_id, status, processed = found
    return BatchRecord(
        row=int(row),  # type: ignore[call-overload]
        input_hash=str(input_hash),
        attempt=int(attempt),  # type: ignore[call-overload]
        model=str(model),
        api_base=None if api_base is None else str(api_base),
        lines=int(lines or 0),  # type: ignore[call-overload]
        file_id=None if file_id is None else str(file_id),
        batch_id=None if batch_id is None else str(batch_id),
        status=str(status),
        processed=bool(processed),
    )

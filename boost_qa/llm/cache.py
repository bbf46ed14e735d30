"""Content-addressed request cache, shared by builds, processes and reruns.

Layout::

    $BOOST_QA_CACHE_DIR (default ~/.cache/boost-qa)/
        requests.sqlite      one row per answered request: key -> response JSON

The key is the SHA-256 of the canonical JSON of what determines a response: the model string,
the fully rendered messages, the sampling parameters and the seed (``ChatRequest.key_payload``).
Not the prompt code, not the run: a harmless refactor keeps every entry valid, and a changed
prompt misses only for the turns whose rendered text changed. Where a call goes (``api_base``)
and how it is authenticated are not part of the key.

SQLite in WAL mode with a busy timeout makes the file safe to share between processes on one
machine; every response is committed as soon as it arrives, so a build killed at any point
loses at most the calls that were in flight. ``BOOST_QA_DISABLE_CACHE=1`` turns it off.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any, Protocol

from boost_qa.types import ChatRequest, ChatResult

DEFAULT_CACHE_DIR = Path("~/.cache/boost-qa")


def default_cache_dir() -> Path:
    """Return the cache folder from ``BOOST_QA_CACHE_DIR`` or the per-user default."""
    return Path(os.environ.get("BOOST_QA_CACHE_DIR") or DEFAULT_CACHE_DIR).expanduser()


def cache_disabled() -> bool:
    """Whether ``BOOST_QA_DISABLE_CACHE`` asks for no cache."""
    return os.environ.get("BOOST_QA_DISABLE_CACHE", "").lower() in {"1", "true", "yes"}


def request_key(request: ChatRequest) -> str:
    """Hash the canonical JSON of the request's content."""
    canonical = json.dumps(
        request.key_payload(), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class ResponseStore(Protocol):
    """What the gateway needs from a cache: this module's file, or a proxy to one elsewhere."""

    def get(self, key: str) -> ChatResult | None:
        """Return the stored result for ``key``, marked as cached, or None."""
        ...

    def put(self, key: str, request: ChatRequest, result: ChatResult) -> None:
        """Store one response durably before returning."""
        ...


class RequestCache:
    """Maps request keys to stored responses in one SQLite file."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / "requests.sqlite"
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(self.path, timeout=60, check_same_thread=False)
        _enable_wal(self._conn)
        # NORMAL in WAL mode survives a killed process (not a power cut), far cheaper than FULL.
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS responses ("
            " key TEXT PRIMARY KEY, model TEXT NOT NULL, response TEXT NOT NULL,"
            " created REAL DEFAULT (unixepoch('subsec')))"
        )
        self._conn.commit()

    def get(self, key: str) -> ChatResult | None:
        """Return the stored result for ``key``, marked as cached, or None."""
        with self._lock:
            row = self._conn.execute(
                "SELECT response FROM responses WHERE key = ?", (key,)
            ).fetchone()
        if row is None:
            return None
        data: dict[str, Any] = json.loads(row[0])
        return ChatResult(
            content=data["content"],
            prompt_tokens=int(data.get("prompt_tokens", 0)),
            completion_tokens=int(data.get("completion_tokens", 0)),
            cost=0.0,
            cached=True,
            finish_reason=data.get("finish_reason"),
        )

    def put(self, key: str, request: ChatRequest, result: ChatResult) -> None:
        """Store one response and commit at once, so a crash right after keeps it."""
        payload = json.dumps(
            {
                "content": result.content,
                "prompt_tokens": result.prompt_tokens,
                "completion_tokens": result.completion_tokens,
                "cost": result.cost,
                "finish_reason": result.finish_reason,
            },
            ensure_ascii=False,
        )
        with self._lock:
            self._conn.execute(
                "INSERT OR REPLACE INTO responses (key, model, response) VALUES (?, ?, ?)",
                (key, request.model, payload),
            )
            self._conn.commit()

    def __len__(self) -> int:
        with self._lock:
            (count,) = self._conn.execute("SELECT COUNT(*) FROM responses").fetchone()
        return int(count)

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._conn.close()


def _enable_wal(conn: sqlite3.Connection, *, attempts: int = 200, pause: float = 0.05) -> None:
    """Switch the file to WAL mode, waiting out another process doing the same.

    Changing the journal mode needs an exclusive lock, and SQLite may answer "database is
    locked" at once, without its busy timeout, while other processes open the file together
    (workers starting on one cache).
    """
    for attempt in range(attempts):
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(pause)

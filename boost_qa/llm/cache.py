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
machine. ``store`` (the gateway's path) commits the answer on the caller's thread before it
returns; the gateway awaits it before it uses the answer or frees the call's slot, so a build
killed at any point loses at most the calls in flight. ``put`` (batch results, the Ray cache
actor) hands answers to a writer thread that commits whatever has arrived since its last commit;
``flush`` waits for it. ``BOOST_QA_DISABLE_CACHE=1`` turns the cache off.

Why ``store`` commits in place: one row's ``INSERT`` and commit cost about 0.1 ms, while handing
it to a thread and being woken when it is done costs two turns of the event loop, 9 ms on
average at 460 calls/s, with the call's slot held all along. What must stay off the call path is
the WAL checkpoint, which copies pages back into the database and fsyncs: the committing
connection never checkpoints (``wal_autocheckpoint=0``), and a thread of its own runs a
passive checkpoint every ``CHECKPOINT_EVERY`` commits. Writers of several processes take turns
through a ``flock`` on ``requests.sqlite.writer-lock``.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import sqlite3
import threading
import time
import weakref
from pathlib import Path
from typing import Any, Protocol

import orjson

try:
    import fcntl
except ImportError:  # Windows: SQLite's busy timeout alone
    fcntl = None  # type: ignore[assignment]

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
    payload = request.key_payload()
    if _orjson_agrees(request):
        try:
            return hashlib.sha256(orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)).hexdigest()
        except orjson.JSONEncodeError:  # an integer past 64 bits, say: the slow path below
            pass
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _orjson_agrees(request: ChatRequest) -> bool:
    """Whether orjson writes this request's key JSON byte for byte as ``json.dumps`` does.

    It does for every string and integer and for finite floats from 1e-4 up; below that
    ``json`` writes ``1e-05`` and orjson ``0.00001``, so such requests keep the ``json`` path
    and every key stays what it was (``tests/unit/llm/test_request_key.py``).
    """
    values: list[Any] = [request.temperature]
    for _, value in request.sampling:
        values.extend(value if isinstance(value, (tuple, list)) else (value,))
    return all(
        type(value) is not float or value == 0.0 or 1e-4 <= abs(value) < 1e16 for value in values
    )


class ResponseStore(Protocol):
    """What the gateway needs from a cache: this module's file, or a proxy to one elsewhere."""

    def get(self, key: str) -> ChatResult | None:
        """Return the stored result for ``key``, marked as cached, or None."""
        ...

    def put(self, key: str, request: ChatRequest, result: ChatResult) -> None:
        """Store one response (durable within milliseconds, readable at once)."""
        ...

    async def store(self, key: str, request: ChatRequest, result: ChatResult) -> None:
        """Put one response and return once it is durable."""
        ...

    def flush(self) -> None:
        """Return once every response put so far is durable."""
        ...


_INSERT = "INSERT OR REPLACE INTO responses (key, model, response) VALUES (?, ?, ?)"

CHECKPOINT_EVERY = 256
"""Commits by ``store`` between two WAL checkpoints (run by a background thread)."""

OWN_KEYS_LIMIT = 200_000
"""Keys a cache empty at open remembers (about 150 bytes each); past that it reads the file."""


class RequestCache:
    """Maps request keys to stored responses in one SQLite file."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / "requests.sqlite"
        self._lock = threading.Lock()
        self._conn = _connect(self.path)
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS responses ("
            " key TEXT PRIMARY KEY, model TEXT NOT NULL, response TEXT NOT NULL,"
            " created REAL DEFAULT (unixepoch('subsec')))"
        )
        self._conn.commit()
        self._writer: _Writer | None = None
        self._committer: _Committer | None = None
        # A cache that was empty when opened can only hold what this object put in it (or a
        # concurrent build's answers, which a miss merely asks again): a first build then
        # looks up only its own keys, not the file, for each of its calls.
        self._own: set[str] | None = set() if self._is_empty() else None

    def get(self, key: str) -> ChatResult | None:
        """Return the stored result for ``key``, marked as cached, or None."""
        writer = self._writer
        payload = writer.pending_payload(key) if writer is not None else None
        if payload is None:
            own = self._own
            if own is not None and key not in own:
                return None
            with self._lock:
                row = self._conn.execute(
                    "SELECT response FROM responses WHERE key = ?", (key,)
                ).fetchone()
            if row is None:
                return None
            payload = row[0]
        data: dict[str, Any] = orjson.loads(payload)
        return ChatResult(
            content=data["content"],
            prompt_tokens=int(data.get("prompt_tokens", 0)),
            completion_tokens=int(data.get("completion_tokens", 0)),
            cost=0.0,
            cached=True,
            finish_reason=data.get("finish_reason"),
        )

    def put(self, key: str, request: ChatRequest, result: ChatResult) -> None:
        """Hand one response to the writer thread; it is readable here at once."""
        writer = self._writer
        if writer is None or writer.pid != os.getpid():  # first put, or a forked child's copy
            with self._lock:
                writer = self._writer
                if writer is None or writer.pid != os.getpid():
                    writer = self._writer = _Writer(self.path)
        self._remember(key)
        writer.add(key, request.model, _payload(result))

    async def store(self, key: str, request: ChatRequest, result: ChatResult) -> None:
        """Commit one response before returning (on this thread, see the module docstring).

        The gateway awaits this before it hands the answer on (holding the call's slot), so a
        killed build loses at most the calls in flight.
        """
        committer = self._committer
        if committer is None or committer.pid != os.getpid():  # first store, or a forked child
            with self._lock:
                committer = self._committer
                if committer is None or committer.pid != os.getpid():
                    committer = self._committer = _Committer(self.path)
        try:
            committer.commit(key, request.model, _payload(result))
        except sqlite3.Error as exc:
            raise RuntimeError(f"the request cache could not be written: {exc}") from exc
        self._remember(key)

    def _remember(self, key: str) -> None:
        own = self._own
        if own is not None:
            own.add(key)
            if len(own) > OWN_KEYS_LIMIT:  # bounded memory: look the file up from now on
                self._own = None

    def _is_empty(self) -> bool:
        with self._lock:
            return self._conn.execute("SELECT 1 FROM responses LIMIT 1").fetchone() is None

    def flush(self) -> None:
        """Wait until every response handed over so far is committed."""
        writer = self._writer
        if writer is not None and writer.pid == os.getpid():
            writer.flush()

    def __len__(self) -> int:
        self.flush()
        with self._lock:
            (count,) = self._conn.execute("SELECT COUNT(*) FROM responses").fetchone()
        return int(count)

    def close(self) -> None:
        """Write what is pending, stop the writer and close the connections."""
        writer = self._writer
        if writer is not None and writer.pid == os.getpid():
            writer.close()
        self._writer = None
        committer = self._committer
        if committer is not None and committer.pid == os.getpid():
            committer.close()
        self._committer = None
        with self._lock:
            self._conn.close()


def _payload(result: ChatResult) -> str:
    return orjson.dumps(
        {
            "content": result.content,
            "prompt_tokens": result.prompt_tokens,
            "completion_tokens": result.completion_tokens,
            "cost": result.cost,
            "finish_reason": result.finish_reason,
        }
    ).decode()


class _Committer:
    """``store``'s connection: commits one answer on the caller's thread, never checkpoints."""

    def __init__(self, path: Path) -> None:
        self.pid = os.getpid()
        self._lock = threading.Lock()
        self._turns = _TurnLock(path.with_name(path.name + ".writer-lock"))
        self._conn = _connect(path)
        self._conn.execute("PRAGMA wal_autocheckpoint=0")
        self._commits = 0
        self._checkpointer = _Checkpointer(path)

    def commit(self, key: str, model: str, payload: str) -> None:
        with self._lock, self._turns:
            self._conn.execute(_INSERT, (key, model, payload))
            self._conn.commit()
            self._commits += 1
            if self._commits % CHECKPOINT_EVERY == 0:
                self._checkpointer.wanted.set()

    def close(self) -> None:
        self._checkpointer.close()
        with self._lock:
            self._conn.close()
            self._turns.close()


class _Checkpointer:
    """A thread that copies the WAL back into the database when asked (a checkpoint fsyncs)."""

    def __init__(self, path: Path) -> None:
        self.wanted = threading.Event()
        self._path = path
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="boost-qa-checkpoint", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._closed = True
        self.wanted.set()
        self._thread.join(timeout=60)

    def _run(self) -> None:
        conn = _connect(self._path)
        try:
            while True:
                self.wanted.wait()
                self.wanted.clear()
                if self._closed:
                    break
                try:
                    # PASSIVE: copies what it can without waiting for, or blocking, any writer.
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                except sqlite3.Error:  # busy or locked: the next request tries again
                    pass
        finally:
            conn.close()


class _Writer:
    """A thread with its own connection that commits handed-over responses in groups.

    Writers of several processes (``--workers N``, Ray actors on one machine) take turns through
    a lock file before each commit: SQLite's own busy handler polls a held lock with sleeps of 1,
    2, 5, 10 ms and more, which every caller waiting on a commit would wait out, while a
    blocking ``flock`` wakes the next writer the moment the last one is done.
    """

    def __init__(self, path: Path) -> None:
        self.pid = os.getpid()
        self._turns = _TurnLock(path.with_name(path.name + ".writer-lock"))
        self._conn = _connect(path)
        self._pending: dict[str, tuple[str, str]] = {}
        self._cond = threading.Condition()
        self._writing = 0
        self._closed = False
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="boost-qa-cache", daemon=True)
        self._thread.start()
        _live_writers.add(self)

    def pending_payload(self, key: str) -> str | None:
        entry = self._pending.get(key)  # a dict read is atomic under the GIL
        return None if entry is None else entry[1]

    def add(self, key: str, model: str, payload: str) -> None:
        with self._cond:
            self._raise_error()
            self._pending[key] = (model, payload)
            if len(self._pending) == 1:  # wake the writer; later ones gather until it writes
                self._cond.notify_all()

    def flush(self) -> None:
        with self._cond:
            while (self._pending or self._writing) and self._error is None:
                self._cond.wait(1.0)
            self._raise_error()

    def close(self) -> None:
        try:
            self.flush()
        finally:
            with self._cond:
                self._closed = True
                self._cond.notify_all()
            self._thread.join(timeout=60)
            _live_writers.discard(self)

    def _raise_error(self) -> None:
        if self._error is not None:
            raise RuntimeError(f"the request cache could not be written: {self._error}")

    def _run(self) -> None:
        try:
            while True:
                with self._cond:
                    while not self._pending and not self._closed:
                        self._cond.wait()
                    if not self._pending:  # closed, and nothing left
                        break
                    batch = list(self._pending.items())
                    self._writing = len(batch)
                try:
                    with self._turns:
                        self._conn.executemany(
                            _INSERT, [(key, model, payload) for key, (model, payload) in batch]
                        )
                        self._conn.commit()
                except BaseException as exc:  # noqa: BLE001 - reported to the next put or flush
                    with self._cond:
                        self._error = exc
                        self._writing = 0
                        self._cond.notify_all()
                    return
                with self._cond:
                    for key, entry in batch:
                        if self._pending.get(key) is entry:  # not replaced meanwhile
                            del self._pending[key]
                    self._writing = 0
                    self._cond.notify_all()
        finally:
            self._conn.close()
            self._turns.close()


class _TurnLock:
    """An exclusive ``flock`` on a file beside the database (nothing where there is no flock)."""

    def __init__(self, path: Path) -> None:
        self._fd: int | None = None
        if fcntl is not None:
            self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)

    def __enter__(self) -> None:
        if self._fd is not None and fcntl is not None:
            fcntl.flock(self._fd, fcntl.LOCK_EX)  # waits without the GIL

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None and fcntl is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


_live_writers: weakref.WeakSet[_Writer] = weakref.WeakSet()


@atexit.register
def _flush_at_exit() -> None:
    """Commit what is still pending when the interpreter exits without ``close``."""
    for writer in list(_live_writers):
        if writer.pid == os.getpid():
            try:
                writer.close()
            except Exception:  # noqa: BLE001 - exiting; the error was reported to a put
                pass


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=60, check_same_thread=False)
    _enable_wal(conn)
    # NORMAL in WAL mode survives a killed process (not a power cut), far cheaper than FULL.
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


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

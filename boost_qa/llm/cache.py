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
machine. A response is handed to a writer thread with its own connection, which commits
whatever has arrived since its last commit; the gateway waits for that commit (``store``)
before it uses the answer or frees the call's slot, so a build killed at any point loses at
most the calls in flight. ``BOOST_QA_DISABLE_CACHE=1`` turns it off.

Why a writer thread: an ``INSERT`` and its commit cost about 0.14 ms of CPU, a large share of
a model call's own cost at hundreds of calls per second. SQLite does that work without holding
the GIL, so the thread commits while the call loop goes on with other calls, and several
responses share a commit when they arrive together.
"""

from __future__ import annotations

import asyncio
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

    def put(
        self,
        key: str,
        request: ChatRequest,
        result: ChatResult,
        waiter: asyncio.Future[None] | None = None,
    ) -> None:
        """Hand one response to the writer thread; it is readable here at once."""
        payload = orjson.dumps(
            {
                "content": result.content,
                "prompt_tokens": result.prompt_tokens,
                "completion_tokens": result.completion_tokens,
                "cost": result.cost,
                "finish_reason": result.finish_reason,
            }
        ).decode()
        writer = self._writer
        if writer is None or writer.pid != os.getpid():  # first put, or a forked child's copy
            with self._lock:
                writer = self._writer
                if writer is None or writer.pid != os.getpid():
                    writer = self._writer = _Writer(self.path)
        own = self._own
        if own is not None:
            own.add(key)
            if len(own) > OWN_KEYS_LIMIT:  # bounded memory: look the file up from now on
                self._own = None
        writer.add(key, request.model, payload, waiter)

    async def store(self, key: str, request: ChatRequest, result: ChatResult) -> None:
        """Put one response and return once it is committed; the loop runs on meanwhile.

        The gateway awaits this before it hands the answer on (holding the call's slot), so a
        killed build loses at most the calls in flight, as with a commit per call.
        """
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.put(key, request, result, waiter)
        await waiter

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
        with self._lock:
            self._conn.close()


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
        self._waiters: dict[str, list[asyncio.Future[None]]] = {}
        self._closed = False
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="boost-qa-cache", daemon=True)
        self._thread.start()
        _live_writers.add(self)

    def pending_payload(self, key: str) -> str | None:
        entry = self._pending.get(key)  # a dict read is atomic under the GIL
        return None if entry is None else entry[1]

    def add(
        self, key: str, model: str, payload: str, waiter: asyncio.Future[None] | None = None
    ) -> None:
        with self._cond:
            self._raise_error()
            self._pending[key] = (model, payload)
            if waiter is not None:
                self._waiters.setdefault(key, []).append(waiter)
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
                        waiters = [w for ws in self._waiters.values() for w in ws]
                        self._waiters.clear()
                        self._cond.notify_all()
                    _settle(waiters, exc)
                    return
                with self._cond:
                    waiters = []
                    for key, entry in batch:
                        if self._pending.get(key) is entry:  # not replaced meanwhile
                            del self._pending[key]
                        waiters += self._waiters.pop(key, ())
                    self._writing = 0
                    self._cond.notify_all()
                _settle(waiters, None)
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
        if self._fd is not None:  # only set where fcntl exists
            fcntl.flock(self._fd, fcntl.LOCK_EX)  # waits without the GIL

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _settle(waiters: list[asyncio.Future[None]], error: BaseException | None) -> None:
    """Wake the callers waiting on a commit, on their own loops (one wake-up per loop)."""
    by_loop: dict[asyncio.AbstractEventLoop, list[asyncio.Future[None]]] = {}
    for waiter in waiters:
        by_loop.setdefault(waiter.get_loop(), []).append(waiter)
    for loop, group in by_loop.items():
        try:
            loop.call_soon_threadsafe(_resolve, group, error)
        except RuntimeError:  # that loop is closed: nobody waits any more
            pass


def _resolve(waiters: list[asyncio.Future[None]], error: BaseException | None) -> None:
    for waiter in waiters:
        if waiter.done():
            continue
        if error is None:
            waiter.set_result(None)
        else:
            waiter.set_exception(RuntimeError(f"the request cache could not be written: {error}"))


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

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
machine. A response is staged, and committed on the event loop right after the callbacks of
the answers that arrived with it (one commit for all of them); the gateway waits for that
commit (``store``) before it uses the answer or frees the call's slot, so a build killed at
any point loses at most the calls in flight. ``BOOST_QA_DISABLE_CACHE=1`` turns it off.

Why on the loop and not on a writer thread: a commit costs about 0.07 ms of CPU, while handing
each answer to a thread and waking the loop back (a futex, the GIL, the loop's self-pipe) cost
more than that per call at hundreds of calls per second (``scripts/bench_build.py``).
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
from collections.abc import Iterable
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
        """Store one response: readable at once, durable once ``flush`` returns."""
        ...

    async def store(self, key: str, request: ChatRequest, result: ChatResult) -> None:
        """Put one response and return once it is durable."""
        ...

    def flush(self) -> None:
        """Return once every response put so far is durable."""
        ...


_SELECT = "SELECT response FROM responses WHERE key = ?"
_INSERT = "INSERT OR REPLACE INTO responses (key, model, response) VALUES (?, ?, ?)"

OWN_KEYS_LIMIT = 200_000
"""Keys a cache empty at open remembers (about 150 bytes each); past that it reads the file."""


class RequestCache:
    """Maps request keys to stored responses in one SQLite file."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / "requests.sqlite"
        self._lock = threading.Lock()
        self._pid = os.getpid()
        self._conn = _connect(self.path)
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS responses ("
            " key TEXT PRIMARY KEY, model TEXT NOT NULL, response TEXT NOT NULL,"
            " created REAL DEFAULT (unixepoch('subsec')))"
        )
        self._conn.commit()
        self._turns = _TurnLock(self._lock_path())
        self._staged: dict[str, tuple[str, str]] = {}
        self._waiters: list[asyncio.Future[None]] = []
        self._due: set[asyncio.AbstractEventLoop] = set()
        # A cache that was empty when opened can only hold what this object put in it (or a
        # concurrent build's answers, which a miss merely asks again): a first build then
        # looks up only its own keys, not the file, for each of its calls.
        self._own: set[str] | None = set() if self._is_empty() else None
        _live_caches.add(self)

    def get(self, key: str) -> ChatResult | None:
        """Return the stored result for ``key``, marked as cached, or None."""
        entry = self._staged.get(key)  # a dict read is atomic under the GIL
        if entry is not None:
            payload = entry[1]
        else:
            own = self._own
            if own is not None and key not in own:
                return None
            with self._lock:
                row = self._connection().execute(_SELECT, (key,)).fetchone()
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
        """Stage one response: readable here at once, durable at the next commit or flush."""
        payload = orjson.dumps(
            {
                "content": result.content,
                "prompt_tokens": result.prompt_tokens,
                "completion_tokens": result.completion_tokens,
                "cost": result.cost,
                "finish_reason": result.finish_reason,
            }
        ).decode()
        with self._lock:
            self._staged[key] = (request.model, payload)
        own = self._own
        if own is not None:
            own.add(key)
            if len(own) > OWN_KEYS_LIMIT:  # bounded memory: look the file up from now on
                self._own = None

    async def store(self, key: str, request: ChatRequest, result: ChatResult) -> None:
        """Put one response and return once it is committed.

        The gateway awaits this before it hands the answer on (holding the call's slot), so a
        killed build loses at most the calls in flight. The commit runs on the loop once the
        answers that arrived together are in: one commit for all of them.
        """
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[None] = loop.create_future()
        self.put(key, request, result)
        with self._lock:
            self._waiters.append(waiter)
            first = loop not in self._due
            self._due.add(loop)
        if first:
            loop.call_soon(self._commit_due, loop)
        await waiter

    def _commit_due(self, loop: asyncio.AbstractEventLoop) -> None:
        with self._lock:
            self._due.discard(loop)
        try:
            self.flush()
        except RuntimeError:  # already handed to every waiter, who report it
            pass

    def _is_empty(self) -> bool:
        with self._lock:
            return self._conn.execute("SELECT 1 FROM responses LIMIT 1").fetchone() is None

    def flush(self) -> None:
        """Commit every response staged so far, and wake whoever waits on it."""
        error: Exception | None = None
        with self._lock:
            staged, self._staged = self._staged, {}
            waiters, self._waiters = self._waiters, []
            if staged:
                try:
                    with self._turns:
                        conn = self._connection()
                        conn.executemany(
                            _INSERT, [(key, model, body) for key, (model, body) in staged.items()]
                        )
                        conn.commit()
                except (sqlite3.Error, OSError) as exc:
                    error = exc
        _settle(waiters, error)
        if error is not None:
            raise RuntimeError(f"the request cache could not be written: {error}") from error

    def answered(self, models: Iterable[str]) -> set[str]:
        """Which of ``models`` have an answer stored (a first build: none, without a look)."""
        if self._own is not None and not self._own:
            return set()
        found = set()
        with self._lock:
            for model in set(models):
                query = "SELECT 1 FROM responses WHERE model = ? LIMIT 1"
                if self._connection().execute(query, (model,)).fetchone() is not None:
                    found.add(model)
        return found

    def __len__(self) -> int:
        self.flush()
        with self._lock:
            (count,) = self._connection().execute("SELECT COUNT(*) FROM responses").fetchone()
        return int(count)

    def close(self) -> None:
        """Write what is staged and close the connection."""
        try:
            self.flush()
        finally:
            _live_caches.discard(self)
            with self._lock:
                self._conn.close()
                self._turns.close()

    def _lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".writer-lock")

    def _connection(self) -> sqlite3.Connection:
        """This process's connection: a forked child opens its own (callers hold the lock)."""
        if self._pid != os.getpid():
            self._pid = os.getpid()
            self._conn = _connect(self.path)
            self._turns = _TurnLock(self._lock_path())
        return self._conn


class _TurnLock:
    """An exclusive ``flock`` on a file beside the database (nothing where there is no flock).

    Caches of several processes (``--workers N``, Ray actors on one machine) take turns through
    it before each commit: SQLite's own busy handler polls a held lock with sleeps of 1, 2, 5,
    10 ms and more, which every caller waiting on a commit would wait out, while a blocking
    ``flock`` wakes the next writer the moment the last one is done.
    """

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
    """Wake the callers waiting on a commit: at once on this thread's loop, else through theirs."""
    try:
        running: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    elsewhere: dict[asyncio.AbstractEventLoop, list[asyncio.Future[None]]] = {}
    for waiter in waiters:
        loop = waiter.get_loop()
        if loop is running:
            _resolve([waiter], error)
        else:
            elsewhere.setdefault(loop, []).append(waiter)
    for loop, group in elsewhere.items():
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


_live_caches: weakref.WeakSet[RequestCache] = weakref.WeakSet()


@atexit.register
def _flush_at_exit() -> None:
    """Commit what is still staged when the interpreter exits without ``close``."""
    for cache in list(_live_caches):
        try:
            cache.flush()
        except Exception:  # noqa: BLE001 - exiting; nothing left to tell
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

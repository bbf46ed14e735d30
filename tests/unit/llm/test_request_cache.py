"""The request cache: ``store`` durable on return, ``put`` readable at once, checkpoints aside."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import boost_qa.llm.cache as cache_module
from boost_qa.llm.cache import RequestCache, request_key
from boost_qa.types import ChatRequest, ChatResult


def _request(n: int) -> ChatRequest:
    return ChatRequest(
        model="openai/m", messages=(("user", f"q{n}"),), temperature=0.2, max_tokens=8, seed=n
    )


def _committed(directory: Path) -> set[str]:
    """The keys another connection (another process) sees now."""
    with sqlite3.connect(directory / "requests.sqlite") as conn:
        return {key for (key,) in conn.execute("SELECT key FROM responses")}


def test_store_returns_once_the_answer_is_committed(tmp_path: Path) -> None:
    cache = RequestCache(tmp_path)
    requests = [_request(n) for n in range(50)]
    keys = [request_key(r) for r in requests]

    async def store_all() -> None:
        await asyncio.gather(
            *(
                cache.store(k, r, ChatResult(content=f"a{n}", prompt_tokens=3, completion_tokens=2))
                for n, (k, r) in enumerate(zip(keys, requests, strict=True))
            )
        )
        # Every awaited store is visible to another connection, without flush or close.
        assert _committed(tmp_path) == set(keys)

    asyncio.run(store_all())
    hit = cache.get(keys[7])
    assert hit is not None and hit.cached and hit.content == "a7" and hit.prompt_tokens == 3
    cache.close()


def test_a_put_is_readable_at_once_and_durable_after_flush(tmp_path: Path) -> None:
    cache = RequestCache(tmp_path)
    request = _request(1)
    key = request_key(request)
    cache.put(key, request, ChatResult(content="first", prompt_tokens=1, completion_tokens=1))
    assert cache.get(key).content == "first"  # type: ignore[union-attr]
    cache.put(key, request, ChatResult(content="second", prompt_tokens=1, completion_tokens=1))
    assert cache.get(key).content == "second"  # type: ignore[union-attr]
    cache.flush()
    assert _committed(tmp_path) == {key}
    assert len(cache) == 1
    cache.close()
    reopened = RequestCache(tmp_path)
    assert reopened.get(key).content == "second"  # type: ignore[union-attr]
    assert reopened.get(request_key(_request(2))) is None
    reopened.close()


def test_close_writes_what_is_pending(tmp_path: Path) -> None:
    cache = RequestCache(tmp_path)
    keys = []
    for n in range(200):
        request = _request(n)
        keys.append(request_key(request))
        cache.put(keys[-1], request, ChatResult(content="x", prompt_tokens=1, completion_tokens=1))
    cache.close()
    assert _committed(tmp_path) == set(keys)


def test_a_cache_empty_at_open_reads_back_its_own_answers_only(tmp_path: Path) -> None:
    # Opened empty, the cache skips the file for keys it never stored (a first build's calls).
    first = RequestCache(tmp_path)
    other = RequestCache(tmp_path)  # another build opened on the same empty folder
    request = _request(1)
    key = request_key(request)
    first.put(key, request, ChatResult(content="mine", prompt_tokens=1, completion_tokens=1))
    first.flush()  # committed: the answer is now read from the file, not the writer
    assert first.get(key).content == "mine"  # type: ignore[union-attr]
    assert other.get(key) is None  # a miss asks the model again, it never answers wrongly
    other.close()
    first.close()
    # Opened on a file that holds answers, every lookup reads the file.
    again = RequestCache(tmp_path)
    assert again.get(key).content == "mine"  # type: ignore[union-attr]
    assert again.get(request_key(_request(2))) is None
    again.close()


def test_writers_of_several_processes_take_turns_and_lose_nothing(tmp_path: Path) -> None:
    # Two caches on one folder stand for two worker processes: their writer threads commit in
    # turns through the lock file beside the database, and every answer of both is stored.
    caches = [RequestCache(tmp_path), RequestCache(tmp_path)]
    keys: list[str] = []

    async def store_all(cache: RequestCache, offset: int) -> None:
        requests = [_request(offset + n) for n in range(300)]
        await asyncio.gather(
            *(
                cache.store(request_key(r), r, ChatResult(content="x", completion_tokens=1))
                for r in requests
            )
        )
        keys.extend(request_key(r) for r in requests)

    async def both() -> None:
        await asyncio.gather(store_all(caches[0], 0), store_all(caches[1], 1000))

    asyncio.run(both())
    assert (tmp_path / "requests.sqlite.writer-lock").exists()
    assert _committed(tmp_path) == set(keys) and len(keys) == 600
    for cache in caches:
        cache.close()


def _store_all(cache: RequestCache, requests: list[ChatRequest]) -> None:
    async def run() -> None:
        for r in requests:
            await cache.store(request_key(r), r, ChatResult(content="x", completion_tokens=1))

    asyncio.run(run())


def _wait_for(condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def test_store_never_checkpoints_on_the_call_path_a_thread_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A checkpoint copies the WAL into the database file and fsyncs: the file grows only when
    # the background thread runs one, every CHECKPOINT_EVERY commits.
    database = tmp_path / "requests.sqlite"
    monkeypatch.setattr(cache_module, "CHECKPOINT_EVERY", 10**9)
    quiet = RequestCache(tmp_path)
    empty_size = database.stat().st_size
    _store_all(quiet, [_request(n) for n in range(1500)])
    # 1,500 commits, past SQLite's own checkpoint point (1,000 pages), all still in the WAL.
    assert database.stat().st_size == empty_size
    assert len(quiet) == 1500
    quiet.close()

    monkeypatch.setattr(cache_module, "CHECKPOINT_EVERY", 50)
    other = tmp_path / "other"
    busy = RequestCache(other)
    empty_size = (other / "requests.sqlite").stat().st_size
    _store_all(busy, [_request(n) for n in range(300)])
    assert _wait_for(lambda: (other / "requests.sqlite").stat().st_size > empty_size * 10)
    busy.close()
    assert _committed(other) == {request_key(_request(n)) for n in range(300)}


def test_a_first_builds_own_keys_are_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache_module, "OWN_KEYS_LIMIT", 5)
    cache = RequestCache(tmp_path)
    requests = [_request(n) for n in range(8)]
    _store_all(cache, requests[:5])
    assert cache._own is not None and len(cache._own) == 5
    _store_all(cache, requests[5:])
    assert cache._own is None  # past the limit every lookup reads the file
    assert all(cache.get(request_key(r)) is not None for r in requests)
    assert cache.get(request_key(_request(99))) is None
    cache.close()

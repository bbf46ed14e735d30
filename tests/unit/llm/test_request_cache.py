"""The request cache: answers readable at once, durable when ``store`` returns, committed together."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
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


def _store_all(cache: RequestCache, requests: list[ChatRequest]) -> None:
    """Store an answer for each request, the gateway's way (``await store``)."""

    async def run() -> None:
        for n, r in enumerate(requests):
            result = ChatResult(content=f"a{n}", prompt_tokens=3, completion_tokens=2)
            await cache.store(request_key(r), r, result)

    asyncio.run(run())


def test_store_returns_once_the_answer_is_committed(tmp_path: Path) -> None:
    cache = RequestCache(tmp_path)
    requests = [_request(n) for n in range(50)]
    _store_all(cache, requests)
    # Every awaited store is visible to another connection, without flush or close.
    assert _committed(tmp_path) == {request_key(r) for r in requests}
    hit = cache.get(request_key(requests[7]))
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
    # Two caches on one folder, storing from two threads at once, stand for two worker
    # processes: their commits take turns through the lock file beside the
    # database, and every answer of both is stored.
    caches = [RequestCache(tmp_path), RequestCache(tmp_path)]
    batches = [[_request(offset + n) for n in range(300)] for offset in (0, 1000)]
    threads = [
        threading.Thread(target=_store_all, args=(cache, batch))
        for cache, batch in zip(caches, batches, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (tmp_path / "requests.sqlite.writer-lock").exists()
    assert _committed(tmp_path) == {request_key(r) for batch in batches for r in batch}
    for cache in caches:
        cache.close()


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


def test_answers_that_arrive_together_share_one_commit(tmp_path: Path) -> None:
    # Stores made in one turn of the loop (answers read from one poll) are committed together,
    # on the loop, before any of them returns.
    cache = RequestCache(tmp_path)
    commits: list[str] = []
    cache._conn.set_trace_callback(
        lambda sql: commits.append(sql) if sql.upper() == "COMMIT" else None
    )
    requests = [_request(n) for n in range(40)]

    async def run() -> None:
        async def one(n: int, r: ChatRequest) -> None:
            await cache.store(request_key(r), r, ChatResult(content=f"a{n}"))
            # Durable for another connection by the time store returns.
            assert request_key(r) in _committed(tmp_path)

        await asyncio.gather(*(one(n, r) for n, r in enumerate(requests)))
        await one(99, _request(99))  # a later turn: a commit of its own

    asyncio.run(run())
    assert len(commits) == 2
    assert _committed(tmp_path) == {request_key(r) for r in [*requests, _request(99)]}
    cache.close()

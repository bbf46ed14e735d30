"""One event loop per process for every model call, so clients and connection pools live on.

Why: ``Dataset.map`` runs an async map function on a new event loop for every map call, and
HTTP clients (aiohttp sessions, LiteLLM's cached OpenAI clients) belong to the loop that made
them. Calls made on the map's loop would rebuild their clients and reconnect on every map, or
fail when a client outlives its loop. The call loop runs in a daemon thread for the life of
the process; engines hand it whole batches (:func:`run_on_call_loop`), and a gateway called
from any other loop hands it each call, so no client is ever rebuilt.

A forked child (``--workers N``) does not inherit the parent's thread: it starts its own loop
on first use (the loop is looked up per process id).

The loop is uvloop's where it is installed (Linux and macOS): its event loop and socket
transports are compiled, which takes about a tenth of a millisecond of CPU off every call and
lets answers be read sooner on a busy loop. ``BOOST_QA_EVENT_LOOP=asyncio`` keeps the standard
loop (for debugging, or to compare).
"""

from __future__ import annotations

import asyncio
import atexit
import os
import threading
import weakref
from collections.abc import Awaitable, Callable, Coroutine
from concurrent.futures import Future
from typing import Any, Generic, TypeVar

T = TypeVar("T")

_lock = threading.Lock()
_loops: dict[int, asyncio.AbstractEventLoop] = {}
_closers: list[Callable[[], Awaitable[None]]] = []


def call_loop() -> asyncio.AbstractEventLoop:
    """This process's call loop, started on first use."""
    pid = os.getpid()
    loop = _loops.get(pid)
    if loop is not None:
        return loop
    with _lock:
        loop = _loops.get(pid)
        if loop is None:
            loop = new_event_loop()
            ready = threading.Event()
            thread = threading.Thread(
                target=_serve, args=(loop, ready), name="boost-qa-calls", daemon=True
            )
            thread.start()
            ready.wait()
            _loops.clear()  # a forked child's copy of the parent's (dead) loop
            _loops[pid] = loop
    return loop


def new_event_loop() -> asyncio.AbstractEventLoop:
    """A new loop of the kind ``BOOST_QA_EVENT_LOOP`` asks for (uvloop when installed)."""
    wanted = os.environ.get("BOOST_QA_EVENT_LOOP", "auto").strip().lower() or "auto"
    if wanted not in ("auto", "uvloop", "asyncio"):
        raise ValueError(f"BOOST_QA_EVENT_LOOP must be auto, uvloop or asyncio, not {wanted!r}")
    if wanted != "asyncio":
        try:
            import uvloop
        except ImportError:
            if wanted == "uvloop":
                raise
        else:
            return uvloop.new_event_loop()
    return asyncio.new_event_loop()


def _serve(loop: asyncio.AbstractEventLoop, ready: threading.Event) -> None:
    asyncio.set_event_loop(loop)
    loop.call_soon(ready.set)
    loop.run_forever()


def on_call_loop() -> bool:
    """Whether the running code is on this process's call loop."""
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        return False
    return _loops.get(os.getpid()) is running


async def run_on_call_loop(
    coroutine: Coroutine[Any, Any, T], pending: set[Future[Any]] | None = None
) -> T:
    """Await ``coroutine`` on the call loop from any loop (directly when already on it).

    Cancelling the caller cancels the coroutine on the call loop too. ``pending`` collects the
    work while it runs, so its owner can cancel what is left when it gives up (a map whose
    other batch failed would otherwise leave these running, and calling the model, unawaited).
    """
    if on_call_loop():
        return await coroutine
    future = asyncio.run_coroutine_threadsafe(_outcome(coroutine), call_loop())
    if pending is not None:
        pending.add(future)
        future.add_done_callback(pending.discard)
    ok, value = await asyncio.wrap_future(future)
    if not ok:
        raise value
    return value  # type: ignore[no-any-return]


async def _outcome(coroutine: Coroutine[Any, Any, T]) -> tuple[bool, Any]:
    """The result or the exception, as a value.

    When the caller has gone (one batch of a map failed, so the map dropped the others), an
    exception raised on the call loop would be logged as "never retrieved".
    """
    try:
        return True, await coroutine
    except Exception as exc:  # noqa: BLE001 - re-raised in the caller's loop
        return False, exc


def register_closer(close: Callable[[], Awaitable[None]]) -> None:
    """Run ``close()`` on the call loop at interpreter exit (e.g. close an HTTP session)."""
    _closers.append(close)


@atexit.register
def _shutdown() -> None:
    loop = _loops.get(os.getpid())
    if loop is None or not loop.is_running():
        return

    async def close_all() -> None:
        for close in _closers:
            try:
                await close()
            except Exception:  # noqa: BLE001,S110 - best effort at exit
                pass

    try:
        asyncio.run_coroutine_threadsafe(close_all(), loop).result(timeout=2)
    except Exception:  # noqa: BLE001,S110 - best effort at exit
        pass
    loop.call_soon_threadsafe(loop.stop)


class PerLoop(Generic[T]):
    """One object per event loop, made there on first use: asyncio objects belong to a loop."""

    def __init__(self, make: Callable[[], T]) -> None:
        self._make = make
        self._by_loop: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, T]
        self._by_loop = weakref.WeakKeyDictionary()

    def get(self) -> T:
        """The running loop's object."""
        loop = asyncio.get_running_loop()
        value = self._by_loop.get(loop)
        if value is None:
            value = self._by_loop[loop] = self._make()
        return value

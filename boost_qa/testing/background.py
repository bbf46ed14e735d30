"""Run an asyncio server on its own event loop in a background thread, or until a signal.

Shared by the test LLM server and the test Hub: tests start them in-process (the thread keeps
the server's loop apart from the code under test), and their command lines serve until
SIGINT/SIGTERM after printing one line with the URL.
"""

from __future__ import annotations

import asyncio
import signal
import threading
from collections.abc import Callable
from typing import Generic, Protocol, Self, TypeVar

_T = TypeVar("_T")


class AsyncServer(Protocol):
    """A server started and stopped on a running event loop."""

    async def start(self) -> str:
        """Start listening; return the URL."""
        ...

    async def stop(self) -> None:
        """Stop listening and cancel what is in flight."""
        ...


S = TypeVar("S", bound=AsyncServer)


class BackgroundServer(Generic[S]):
    """Owns a daemon thread running ``server`` on a private event loop."""

    def __init__(self, server: S, *, name: str, timeout: float, grace: float) -> None:
        self._server = server
        self._name = name
        self._timeout = timeout
        self._grace = grace
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop_event: asyncio.Event | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> Self:
        """Start the thread and block until the server listens."""
        if self._thread is not None:
            raise RuntimeError(f"{self._name} already started")
        self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
        self._thread.start()
        if not self._ready.wait(self._timeout):
            raise TimeoutError(f"{self._name} did not start in time")
        if self._error is not None:
            self._thread.join(self._timeout)
            raise RuntimeError(f"{self._name} failed to start") from self._error
        return self

    def stop(self) -> None:
        """Stop the server (cancelling hanging requests) and join the thread."""
        thread, loop, stop_event = self._thread, self._loop, self._stop_event
        if thread is None or loop is None or stop_event is None:
            return
        if thread.is_alive():
            loop.call_soon_threadsafe(stop_event.set)
        thread.join(self._timeout + self._grace * 2)
        self._thread = None

    def _call(self, func: Callable[[], _T]) -> _T:
        """Run ``func`` on the server's loop (where its state lives) and return the result."""
        if self._loop is None or self._thread is None or not self._thread.is_alive():
            raise RuntimeError(f"{self._name} is not running")
        future = asyncio.run_coroutine_threadsafe(_invoke(func), self._loop)
        return future.result(self._timeout)

    def _run(self) -> None:
        asyncio.run(self._serve())

    async def _serve(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop_event = asyncio.Event()
        try:
            await self._server.start()
        except BaseException as exc:  # reported to the starting thread
            self._error = exc
            self._ready.set()
            return
        self._ready.set()
        try:
            await self._stop_event.wait()
        finally:
            await self._server.stop()


async def _invoke(func: Callable[[], _T]) -> _T:
    return func()


async def serve_until_signal(server: AsyncServer, announce: Callable[[str], object]) -> None:
    """Serve until SIGINT or SIGTERM; ``announce`` gets the URL once listening."""
    url = await server.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    announce(url)
    try:
        await stop.wait()
    finally:
        await server.stop()

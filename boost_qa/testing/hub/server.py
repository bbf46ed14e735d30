"""Running the test Hub: :class:`HubServer` (asyncio), :class:`HubServerThread` and the CLI."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Final, TypeVar

from boost_qa.testing.aio import web
from boost_qa.testing.background import BackgroundServer, serve_until_signal
from boost_qa.testing.hub.protocol import Fault
from boost_qa.testing.hub.routes import HubRoutes
from boost_qa.testing.hub.settings import HOST, HubSettings
from boost_qa.testing.hub.state import Commit, HubState

__all__ = ["HubServer", "HubServerThread", "main"]

_SHUTDOWN_TIMEOUT: Final = 0.5
_T = TypeVar("_T")


class HubServer:
    """The aiohttp application and the Hub state; runs on the caller's event loop.

    Use :class:`HubServerThread` from synchronous tests, or ``await start()`` / ``await stop()``
    from async code. Methods are not thread-safe: call them on the server's event loop.
    """

    def __init__(self, settings: HubSettings | None = None) -> None:
        self._settings = settings or HubSettings()
        self._state = HubState(self._settings.storage, self._settings.username)
        self._routes = HubRoutes(self._state, self._settings)
        self._runner: web.AppRunner | None = None
        self._port: int | None = None

    @property
    def settings(self) -> HubSettings:
        """The settings in force."""
        return self._settings

    @property
    def url(self) -> str:
        """The endpoint to put in ``HF_ENDPOINT``, e.g. ``http://127.0.0.1:PORT``."""
        if self._port is None:
            raise RuntimeError("server is not running")
        return f"http://{HOST}:{self._port}"

    @property
    def state(self) -> HubState:
        """The live state (``state.repos`` maps ``(repo_type, repo_id)`` to a :class:`Repo`)."""
        return self._state

    @property
    def unhandled(self) -> list[str]:
        """``"METHOD /path"`` of every request no route handled (a copy)."""
        return list(self._routes.unhandled)

    @property
    def requests(self) -> list[tuple[str, str, int]]:
        """``(method, path, status)`` of every request served so far (a copy)."""
        return list(self._routes.requests)

    def fail_next(self, match: str, status: int, times: int = 1) -> None:
        """Fail the next ``times`` requests whose ``"METHOD /path"`` contains ``match``.

        Example: ``fail_next("/commit/", 500)`` fails the next commit with a 500 and leaves
        the state untouched. Rules are checked in the order they were added.
        """
        if times < 1 or not 100 <= status <= 599:
            raise ValueError("times must be >= 1 and status an HTTP status code")
        self._routes.faults.append(Fault(match, status, times))

    def commits(self, repo_id: str, rev: str = "main", repo_type: str = "dataset") -> list[Commit]:
        """Return the commits reachable from ``rev`` (first parents), newest first."""
        repo = self._state.get_repo(repo_type, repo_id)
        return list(repo.history(repo.resolve(rev)))

    def tags(self, repo_id: str, repo_type: str = "dataset") -> dict[str, str]:
        """Return ``tag -> commit oid`` of a repo."""
        return dict(self._state.get_repo(repo_type, repo_id).tags)

    async def start(self) -> str:
        """Bind 127.0.0.1 and start serving; return :attr:`url`."""
        if self._runner is not None:
            raise RuntimeError("server already started")
        app = web.Application(client_max_size=self._settings.max_body)
        app.router.add_route("*", "/{tail:.*}", self._routes.dispatch)
        runner = web.AppRunner(
            app,
            access_log=None,
            handle_signals=False,
            handler_cancellation=True,
            shutdown_timeout=_SHUTDOWN_TIMEOUT,
        )
        await runner.setup()
        try:
            await web.TCPSite(runner, HOST, self._settings.port, backlog=256).start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        self._port = int(runner.addresses[0][1])
        return self.url

    async def stop(self) -> None:
        """Stop listening and clean up."""
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()


class HubServerThread(BackgroundServer[HubServer]):
    """Run a :class:`HubServer` on its own event loop in a background thread.

    Example:
        >>> with HubServerThread(HubSettings(token="hf_test")) as hub:  # doctest: +SKIP
        ...     # run client code with HF_ENDPOINT=hub.url, HF_TOKEN=hf_test
        ...     assert hub.unhandled == []
    """

    def __init__(self, settings: HubSettings | None = None, *, timeout: float = 10.0) -> None:
        super().__init__(
            HubServer(settings), name="boost-qa test Hub", timeout=timeout, grace=_SHUTDOWN_TIMEOUT
        )

    @property
    def url(self) -> str:
        """The endpoint to put in ``HF_ENDPOINT``, e.g. ``http://127.0.0.1:PORT``."""
        return self._server.url

    @property
    def settings(self) -> HubSettings:
        """The settings in force."""
        return self._server.settings

    @property
    def state(self) -> HubState:
        """The live state; read it only while no request is in flight."""
        return self._server.state

    @property
    def unhandled(self) -> list[str]:
        """``"METHOD /path"`` of every request no route handled."""
        return self._call(lambda: self._server.unhandled)

    @property
    def requests(self) -> list[tuple[str, str, int]]:
        """``(method, path, status)`` of every request served so far."""
        return self._call(lambda: self._server.requests)

    def fail_next(self, match: str, status: int, times: int = 1) -> None:
        """Fail the next matching requests; see :meth:`HubServer.fail_next`."""
        self._call(lambda: self._server.fail_next(match, status, times))

    def commits(self, repo_id: str, rev: str = "main", repo_type: str = "dataset") -> list[Commit]:
        """Commits reachable from ``rev``, newest first; see :meth:`HubServer.commits`."""
        return self._call(lambda: self._server.commits(repo_id, rev, repo_type))

    def tags(self, repo_id: str, repo_type: str = "dataset") -> dict[str, str]:
        """``tag -> commit oid`` of a repo."""
        return self._call(lambda: self._server.tags(repo_id, repo_type))


def _parse_args(argv: Sequence[str] | None) -> HubSettings:
    defaults = HubSettings()
    parser = argparse.ArgumentParser(
        prog="python -m boost_qa.testing.hub",
        description="Hub-compatible HTTP server for offline tests (127.0.0.1 only).",
    )
    parser.add_argument("--port", type=int, default=defaults.port, help="0 picks a free port")
    parser.add_argument("--storage", type=Path, default=None, help="persist repos in this folder")
    parser.add_argument("--token", default=None, help="require this bearer token for writes")
    parser.add_argument("--username", default=defaults.username)
    parser.add_argument("--page-size", type=int, default=defaults.page_size, dest="page_size")
    args = parser.parse_args(argv)
    try:
        return HubSettings(**vars(args))
    except ValueError as exc:
        parser.error(str(exc))


def main(argv: Sequence[str] | None = None) -> int:
    """Serve until SIGINT/SIGTERM, after printing ``boost-qa test Hub listening on URL``.

    Args:
        argv: Command-line arguments (defaults to ``sys.argv[1:]``).

    Returns:
        The process exit status.
    """
    settings = _parse_args(argv)

    def announce(url: str) -> None:
        print(f"boost-qa test Hub listening on {url}", flush=True)

    asyncio.run(serve_until_signal(HubServer(settings), announce))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Settings of the boost-qa test Hub."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

__all__ = ["HOST", "HubSettings"]

HOST: Final = "127.0.0.1"


@dataclass(frozen=True)
class HubSettings:
    """Behaviour of the test Hub.

    Attributes:
        token: If set, writes (and reads of private repos) need ``Authorization: Bearer <token>``
            and any other bearer token is rejected with 401 on every route, as the Hub does. If
            ``None``, any bearer token counts as valid and writes need none.
        storage: Directory holding ``state.json`` and ``blobs/`` so repos survive a restart;
            ``None`` keeps everything in memory.
        username: The user every valid token belongs to (``whoami``, default namespace).
        port: TCP port to bind; 0 picks a free port.
        page_size: Entries per page of tree and commit listings (``Link: rel="next"`` beyond).
        lfs_threshold: Files larger than this many bytes are LFS files at preupload.
        max_body: Largest accepted request body, in bytes.
        host: Always 127.0.0.1; the server never listens on other interfaces.
    """

    token: str | None = None
    storage: Path | None = None
    username: str = "boost-qa"
    port: int = 0
    page_size: int = 1000
    lfs_threshold: int = 1024 * 1024
    max_body: int = 1 << 30
    host: str = field(default=HOST, init=False)

    def __post_init__(self) -> None:
        if self.token is not None and not self.token:
            raise ValueError("token must be None or a non-empty string")
        if not 0 <= self.port <= 65535:
            raise ValueError(f"invalid port {self.port}")
        if self.page_size < 1 or self.lfs_threshold < 0 or self.max_body < 1:
            raise ValueError("page_size and max_body must be >= 1, lfs_threshold >= 0")
        if not self.username or "/" in self.username:
            raise ValueError(f"invalid username {self.username!r}")

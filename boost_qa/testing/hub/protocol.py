"""Wire-level helpers of the test Hub: JSON and error answers, revisions, ranges, faults."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import unquote

from boost_qa.testing.aio import web
from boost_qa.testing.hub.state import HubError

__all__ = [
    "Fault",
    "byte_range",
    "error_response",
    "json_response",
    "split_revision",
    "truthy",
]

_JSON: Final = "application/json"
_REV_REFS: Final = ("pr", "convert", "heads", "tags")


@dataclass
class Fault:
    """A pending injected failure.

    The next ``times`` requests whose ``"METHOD /path"`` (decoded path) contains ``match`` get
    ``status`` instead of being handled.
    """

    match: str
    status: int
    times: int


def truthy(value: str | None) -> bool:
    """Read a boolean query or form value (``1``, ``true``, ``yes``; any case)."""
    return value is not None and value.lower() in ("1", "true", "yes")


def _ascii(text: str) -> str:
    return text.encode("ascii", "backslashreplace").decode("ascii")


def json_response(data: Any, status: int = 200, content_type: str = _JSON) -> web.Response:
    """Serialise ``data`` (dates in card data become strings)."""
    body = json.dumps(data, separators=(",", ":"), default=str).encode()
    return web.Response(body=body, status=status, headers={"Content-Type": content_type})


def error_response(error: HubError) -> web.Response:
    """Turn a :class:`HubError` into the JSON + ``X-Error-*`` headers the client parses."""
    response = json_response({"error": error.message}, status=error.status)
    response.headers["X-Error-Message"] = _ascii(error.message)
    if error.code is not None:
        response.headers["X-Error-Code"] = error.code
    response.headers.update(error.headers)
    return response


def split_revision(rest: str) -> tuple[str, str]:
    """Split ``{rev}/{path}`` (raw) into the decoded revision and path.

    The revision is one encoded segment (``refs%2Fpr%2F1``) or, when a client did not encode it,
    the three segments ``refs/pr/N`` (likewise ``refs/convert``, ``refs/heads``, ``refs/tags``).
    """
    segments = rest.split("/")
    if len(segments) >= 3 and segments[0] == "refs" and segments[1] in _REV_REFS:
        return "/".join(segments[:3]), unquote("/".join(segments[3:]))
    return unquote(segments[0]), unquote("/".join(segments[1:]))


def byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """Parse a single ``Range: bytes=a-b`` header into an inclusive ``(start, end)``.

    Returns ``None`` when there is no usable range (the whole body is sent); raises 416 when
    the range cannot be satisfied.
    """
    match = re.fullmatch(r"bytes=(\d*)-(\d*)", (header or "").strip())
    if match is None or not (match[1] or match[2]):
        return None
    if match[1]:
        start = int(match[1])
        end = min(int(match[2]) if match[2] else size - 1, size - 1)
    else:
        start, end = max(size - int(match[2]), 0), size - 1
        if int(match[2]) == 0:
            start = size
    if start >= size or start > end:
        raise HubError(416, "Range Not Satisfiable", headers={"Content-Range": f"bytes */{size}"})
    return start, end

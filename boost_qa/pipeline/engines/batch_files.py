"""Batch input and output files: pure functions, no provider, no LiteLLM.

An input line is OpenAI's batch format::

    {"custom_id": <request cache key>, "method": "POST", "url": "/v1/chat/completions",
     "body": <the JSON body an online call sends>}

The custom id is the request cache key, so each answer goes into the cache under exactly the
key an online call would use. Lines are sorted by key and files are split at fixed limits, so
the same pending requests always give the same files, byte for byte: a file's SHA-256 is the
batch's identity (``boost_qa.llm.batch_state``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from boost_qa.llm.openai_direct import reply_content
from boost_qa.types import ChatResult

MAX_LINES = 50_000
"""OpenAI's limit of requests per batch file."""
MAX_BYTES = 200 * 1024 * 1024
"""OpenAI's limit of bytes per batch input file."""


@dataclass(frozen=True)
class InputFile:
    """One batch input file: its bytes, their SHA-256, and the keys it asks for."""

    data: bytes
    keys: tuple[str, ...]

    @property
    def sha256(self) -> str:
        """The batch's identity."""
        return hashlib.sha256(self.data).hexdigest()


def input_line(key: str, url: str, body: Mapping[str, Any]) -> bytes:
    """One JSONL line (canonical JSON, so equal requests give equal bytes)."""
    line = {"custom_id": key, "method": "POST", "url": url, "body": body}
    return json.dumps(line, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def split_lines(
    lines: Mapping[str, bytes], *, max_lines: int = MAX_LINES, max_bytes: int = MAX_BYTES
) -> list[InputFile]:
    """Input files for ``key -> line``, in key order, each within both limits.

    Raises:
        ValueError: One line alone is larger than ``max_bytes``.
    """
    files: list[InputFile] = []
    keys: list[str] = []
    chunk: list[bytes] = []
    size = 0
    for key in sorted(lines):
        line = lines[key] + b"\n"
        if len(line) > max_bytes:
            raise ValueError(f"request {key[:12]} is {len(line)} bytes, over the file limit")
        if chunk and (len(chunk) >= max_lines or size + len(line) > max_bytes):
            files.append(InputFile(b"".join(chunk), tuple(keys)))
            keys, chunk, size = [], [], 0
        keys.append(key)
        chunk.append(line)
        size += len(line)
    if chunk:
        files.append(InputFile(b"".join(chunk), tuple(keys)))
    return files


@dataclass(frozen=True)
class LineOutcome:
    """What the provider said about one line: an answer, or why there is none."""

    key: str
    result: ChatResult | None
    reason: str = ""


def parse_output(data: bytes) -> list[LineOutcome]:
    """The lines of a batch output or error file (OpenAI's format)."""
    outcomes = []
    for text in data.decode("utf-8").splitlines():
        if text.strip():
            outcomes.append(_parse_line(json.loads(text)))
    return outcomes


def _parse_line(line: Mapping[str, Any]) -> LineOutcome:
    key = str(line.get("custom_id"))
    response = line.get("response") or {}
    error = line.get("error")
    status = response.get("status_code")
    body = response.get("body") or {}
    if error or status != 200:
        detail = error or body.get("error") or {}
        message = detail.get("message") if isinstance(detail, dict) else str(detail)
        return LineOutcome(key, None, f"batch line failed: HTTP {status}: {message}")
    try:
        choice = body["choices"][0]
        message = choice["message"]
        usage = body.get("usage") or {}
    except (KeyError, IndexError, TypeError):
        return LineOutcome(key, None, "batch line failed: malformed response body")
    try:  # content null beside the thinking: an empty turn, as on the other transports
        content = reply_content(
            message.get("content"),
            message.get("reasoning_content", message.get("reasoning")),
            choice.get("finish_reason"),
        )
    except (ValueError, AttributeError):
        return LineOutcome(key, None, "batch line failed: response has no text content")
    result = ChatResult(
        content=content,
        prompt_tokens=int(usage.get("prompt_tokens") or 0),
        completion_tokens=int(usage.get("completion_tokens") or 0),
        finish_reason=choice.get("finish_reason"),
    )
    return LineOutcome(key, result)


def missing_lines(keys: Iterable[str], seen: Iterable[str]) -> list[str]:
    """Keys a finished batch did not answer at all (an expired or failed batch)."""
    answered = set(seen)
    return [k for k in keys if k not in answered]


def waves_of(calls_per_dialogue: Iterable[int]) -> list[int]:
    """Calls per wave when every dialogue makes its turns one after another, none failing."""
    waves: list[int] = []
    for calls in calls_per_dialogue:
        for wave in range(calls):
            if wave == len(waves):
                waves.append(0)
            waves[wave] += 1
    return waves

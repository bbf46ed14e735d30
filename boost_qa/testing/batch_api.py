"""The OpenAI files and batches API for the test server: deterministic, slow on purpose, faulty.

Why: batch builds (``boost-qa build --batch``) submit one turn of every dialogue as a batch,
wait, and read the answers back. Testing that needs a server that takes its time, changes
state like OpenAI's (``validating`` -> ``in_progress`` -> ``finalizing`` -> ``completed``),
answers each line exactly as its chat endpoint would answer the same body (so batch and online
builds can be compared), and fails in the ways a provider does: single failed lines, a batch
that expires with lines missing, and 5xx answers from the batch endpoints themselves.

Routes (registered by :meth:`BatchAPI.add_routes`, see ``openai_server.py``)::

    POST /v1/files                   upload (multipart: file, purpose)
    GET  /v1/files/{id}              the file object
    GET  /v1/files/{id}/content      the bytes
    POST /v1/batches                 create (input_file_id, endpoint, completion_window)
    GET  /v1/batches/{id}            retrieve; the state follows the clock
    POST /v1/batches/{id}/cancel     cancel

The counters (under ``batch`` in ``/stats``) include every upload and every batch created, with
the hash of each batch's input file, so a test can assert that nothing was submitted twice.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from boost_qa.testing.aio import web

__all__ = ["BatchAPI", "BatchSettings"]

_JSON: Final = "application/json"
STATES: Final = ("validating", "in_progress", "finalizing")
"""The states a batch passes through before its end, each for a third of ``delay``."""

Reply = Callable[[dict[str, Any]], dict[str, Any]]
"""The chat endpoint's answer to one request body (a ``chat.completion`` object)."""


@dataclass(frozen=True)
class BatchSettings:
    """How the batch endpoints behave.

    Attributes:
        delay: Seconds from a batch's creation to its end (three equal steps of state).
        line_failure_rate: Probability that one line fails (500 in the error file).
        expire_rate: Probability that a batch ends ``expired``, only its first half answered.
        rate_5xx: Probability that any call to a files or batches route answers 500.
        seed: Seed of the draws (line failures, expiry, 5xx), in the order they are made.
    """

    delay: float = 0.3
    line_failure_rate: float = 0.0
    expire_rate: float = 0.0
    rate_5xx: float = 0.0
    seed: int = 0

    def __post_init__(self) -> None:
        if self.delay < 0:
            raise ValueError("delay must be >= 0")
        for name in ("line_failure_rate", "expire_rate", "rate_5xx"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must be within [0, 1]")


@dataclass
class _Stats:
    files_uploaded: int = 0
    batches_created: int = 0
    batches_cancelled: int = 0
    batches_expired: int = 0
    lines: int = 0
    lines_failed: int = 0
    faults_5xx: int = 0
    retrieves: int = 0
    inputs: dict[str, int] = field(default_factory=dict)
    """sha256 of each batch's input file -> batches created from it."""

    def snapshot(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["repeated_inputs"] = sum(n - 1 for n in self.inputs.values() if n > 1)
        return data


@dataclass
class _Batch:
    id: str
    input_file_id: str
    endpoint: str
    created: float
    lines: list[dict[str, Any]]
    expires: bool
    metadata: dict[str, Any] | None
    status: str = "validating"
    output_file_id: str | None = None
    error_file_id: str | None = None
    completed: int = 0
    failed: int = 0
    ended_at: float | None = None


class BatchAPI:
    """Files and batches in memory, answered with ``reply`` (the chat endpoint's function)."""

    def __init__(self, reply: Reply, settings: BatchSettings | None = None) -> None:
        """Serve batches whose lines ``reply`` answers."""
        self._reply = reply
        self.settings = settings or BatchSettings()
        self._rng = random.Random(self.settings.seed)
        self._files: dict[str, tuple[dict[str, Any], bytes]] = {}
        self._batches: dict[str, _Batch] = {}
        self._stats = _Stats()

    def add_routes(self, router: web.UrlDispatcher) -> None:
        """Register the routes (before any catch-all route)."""
        router.add_post("/v1/files", self._upload)
        router.add_get("/v1/files/{id}", self._file)
        router.add_get("/v1/files/{id}/content", self._content)
        router.add_post("/v1/batches", self._create)
        router.add_get("/v1/batches/{id}", self._retrieve)
        router.add_post("/v1/batches/{id}/cancel", self._cancel)

    def update(self, **changes: Any) -> BatchSettings:
        """Change settings; passing ``seed`` restarts the draws."""
        self.settings = dataclasses.replace(self.settings, **changes)
        if "seed" in changes:
            self._rng = random.Random(self.settings.seed)
        return self.settings

    def stats(self) -> dict[str, Any]:
        """The counters (served under ``batch`` in ``/stats``)."""
        return self._stats.snapshot()

    def reset(self) -> None:
        """Zero the counters (files and batches stay)."""
        self._stats = _Stats()

    # -- routes ---------------------------------------------------------------------------

    def _fault(self) -> web.Response | None:
        if self.settings.rate_5xx and self._rng.random() < self.settings.rate_5xx:
            self._stats.faults_5xx += 1
            return _error(500, "The server had an error (injected).", "server_error")
        return None

    async def _upload(self, request: web.Request) -> web.StreamResponse:
        if (fault := self._fault()) is not None:
            return fault
        form = await request.post()
        upload = form.get("file")
        if not isinstance(upload, web.FileField):
            return _error(400, "'file' is required (multipart upload).", "invalid_request_error")
        data = upload.file.read()
        purpose = str(form.get("purpose", ""))
        self._stats.files_uploaded += 1
        obj = self._store(data, purpose, str(upload.filename or "upload.jsonl"))
        return _json(obj)

    def _store(self, data: bytes, purpose: str, filename: str) -> dict[str, Any]:
        file_id = f"file-{len(self._files) + 1:06d}"
        obj = {
            "id": file_id,
            "object": "file",
            "bytes": len(data),
            "created_at": int(time.time()),
            "filename": filename,
            "purpose": purpose,
            "status": "processed",
        }
        self._files[file_id] = (obj, data)
        return obj

    async def _file(self, request: web.Request) -> web.StreamResponse:
        if (fault := self._fault()) is not None:
            return fault
        stored = self._files.get(request.match_info["id"])
        if stored is None:
            return _error(404, "No such file.", "invalid_request_error")
        return _json(stored[0])

    async def _content(self, request: web.Request) -> web.StreamResponse:
        if (fault := self._fault()) is not None:
            return fault
        stored = self._files.get(request.match_info["id"])
        if stored is None:
            return _error(404, "No such file.", "invalid_request_error")
        return web.Response(body=stored[1], content_type="application/octet-stream")

    async def _create(self, request: web.Request) -> web.StreamResponse:
        if (fault := self._fault()) is not None:
            return fault
        try:
            body = json.loads(await request.read())
        except ValueError:
            return _error(400, "Request body is not valid JSON.", "invalid_request_error")
        stored = self._files.get(str(body.get("input_file_id")))
        if stored is None:
            return _error(400, "input_file_id names no uploaded file.", "invalid_request_error")
        try:
            lines = [json.loads(line) for line in stored[1].decode().splitlines() if line.strip()]
        except ValueError:
            return _error(400, "The input file is not JSONL.", "invalid_request_error")
        batch = _Batch(
            id=f"batch_{len(self._batches) + 1:06d}",
            input_file_id=stored[0]["id"],
            endpoint=str(body.get("endpoint", "/v1/chat/completions")),
            created=time.time(),
            lines=lines,
            expires=bool(self.settings.expire_rate)
            and self._rng.random() < self.settings.expire_rate,
            metadata=body.get("metadata"),
        )
        self._batches[batch.id] = batch
        digest = hashlib.sha256(stored[1]).hexdigest()
        self._stats.batches_created += 1
        self._stats.inputs[digest] = self._stats.inputs.get(digest, 0) + 1
        return _json(self._object(batch))

    async def _retrieve(self, request: web.Request) -> web.StreamResponse:
        if (fault := self._fault()) is not None:
            return fault
        batch = self._batches.get(request.match_info["id"])
        if batch is None:
            return _error(404, "No such batch.", "invalid_request_error")
        self._stats.retrieves += 1
        self._advance(batch)
        return _json(self._object(batch))

    async def _cancel(self, request: web.Request) -> web.StreamResponse:
        if (fault := self._fault()) is not None:
            return fault
        batch = self._batches.get(request.match_info["id"])
        if batch is None:
            return _error(404, "No such batch.", "invalid_request_error")
        if batch.ended_at is None:
            batch.status, batch.ended_at = "cancelled", time.time()
            self._stats.batches_cancelled += 1
        return _json(self._object(batch))

    # -- the batch's life -----------------------------------------------------------------

    def _advance(self, batch: _Batch) -> None:
        """Move the batch along the clock; at its end, answer its lines."""
        if batch.ended_at is not None:
            return
        elapsed = time.time() - batch.created
        delay = self.settings.delay
        if elapsed < delay:
            batch.status = STATES[min(int(3 * elapsed / delay), 2)] if delay else STATES[-1]
            return
        answered = batch.lines[: len(batch.lines) // 2] if batch.expires else batch.lines
        outputs: list[dict[str, Any]] = []
        errors: list[dict[str, Any]] = []
        for number, line in enumerate(answered):
            self._stats.lines += 1
            out = self._answer(batch, number, line)
            (outputs if out["response"]["status_code"] == 200 else errors).append(out)
        batch.completed, batch.failed = len(outputs), len(errors)
        if outputs:
            batch.output_file_id = self._store(_jsonl(outputs), "batch_output", "output.jsonl")[
                "id"
            ]
        if errors:
            batch.error_file_id = self._store(_jsonl(errors), "batch_output", "errors.jsonl")["id"]
        batch.status = "expired" if batch.expires else "completed"
        if batch.expires:
            self._stats.batches_expired += 1
        batch.ended_at = time.time()

    def _answer(self, batch: _Batch, number: int, line: dict[str, Any]) -> dict[str, Any]:
        request_id = f"req_{batch.id}_{number}"
        custom_id = line.get("custom_id")
        rate = self.settings.line_failure_rate
        if rate and self._rng.random() < rate:
            self._stats.lines_failed += 1
            error = {"message": "The server had an error (injected line failure).",
                     "type": "server_error", "param": None, "code": None}  # fmt: skip
            response = {"status_code": 500, "request_id": request_id, "body": {"error": error}}
        else:
            body = line.get("body") or {}
            response = {"status_code": 200, "request_id": request_id, "body": self._reply(body)}
        return {"id": f"batch_req_{number}", "custom_id": custom_id, "response": response,
                "error": None}  # fmt: skip

    def _object(self, batch: _Batch) -> dict[str, Any]:
        created = int(batch.created)
        ended = None if batch.ended_at is None else int(batch.ended_at)
        return {
            "id": batch.id,
            "object": "batch",
            "endpoint": batch.endpoint,
            "errors": None,
            "input_file_id": batch.input_file_id,
            "completion_window": "24h",
            "status": batch.status,
            "output_file_id": batch.output_file_id,
            "error_file_id": batch.error_file_id,
            "created_at": created,
            "in_progress_at": created,
            "expires_at": created + 86400,
            "finalizing_at": ended,
            "completed_at": ended if batch.status == "completed" else None,
            "failed_at": None,
            "expired_at": ended if batch.status == "expired" else None,
            "cancelling_at": None,
            "cancelled_at": ended if batch.status == "cancelled" else None,
            "request_counts": {
                "total": len(batch.lines),
                "completed": batch.completed,
                "failed": batch.failed,
            },
            "metadata": batch.metadata,
        }


def _jsonl(rows: list[dict[str, Any]]) -> bytes:
    return b"".join(json.dumps(row, separators=(",", ":")).encode() + b"\n" for row in rows)


def _json(data: Any, status: int = 200) -> web.Response:
    return web.Response(body=json.dumps(data).encode(), status=status, content_type=_JSON)


def _error(status: int, message: str, kind: str) -> web.Response:
    return _json({"error": {"message": message, "type": kind, "param": None, "code": None}}, status)

"""A deterministic, fault-injecting OpenAI-compatible chat-completions server.

Why it exists: the dialogue pipeline talks to LLMs through LiteLLM, and its retry, caching,
resume and concurrency logic must be tested against real HTTP behaviour (status codes, headers,
dropped connections, slow answers) without a provider, an API key or the network. This module
serves the OpenAI ``/v1/chat/completions`` wire format on 127.0.0.1 only, answers every request
with content that is a pure function of the request, and counts what it served so tests can
assert, for example, that a resumed run never asked for the same completion twice.

Determinism: the reply is derived from ``h = sha256(canonical JSON of model, messages,
temperature, max_tokens, seed)``. It is a short paragraph naming the model and ending with
``"The final answer is N."`` where ``N = int(h[:8], 16) % 100``.

Fault model: every completion call makes exactly one draw from ``random.Random(seed)``; the draw
selects at most one fault, with the configured probabilities, in this order:

* ``429``: rate-limit JSON error with a ``Retry-After`` header (seconds, may be fractional).
* ``500``: server-error JSON error.
* ``hang``: sleep ``hang_seconds``, then answer normally (exercises client timeouts).
* ``malformed``: status 200, ``application/json``, but a truncated, unparseable body.
* ``reset``: abort the TCP connection (RST) without sending any response.

``latency`` plus a uniform ``0..jitter`` delay applies to every completion call, faults included.

Provider-like rate limits (off by default): with ``requests_per_minute`` and/or
``tokens_per_minute`` the server keeps token buckets holding ``burst_seconds`` worth of each
rate, as a provider does (a small burst makes a short test meaningful). A call is charged on
arrival: 1 request, and prompt characters / 4 + ``max_tokens`` tokens (OpenAI's accounting);
the unused tokens come back with the answer, all of them with an injected fault. A call that
does not fit is answered 429 with ``Retry-After`` (counted as ``rate_limited`` in ``/stats``),
before any fault draw. Every answer then carries OpenAI's ``x-ratelimit-{limit,remaining,
reset}-{requests,tokens}`` headers, with resets as durations (``20ms``, ``1.5s``, ``6m0s``).
Reasoning (off by default): with ``think`` every reply opens with a ``<think>...</think>``
block, as a reasoning model writes it behind a server with no reasoning parser; the block holds
a draft answer one off the final one and a speaker label line, which no turn may keep. With
``runaway`` every reply runs past its end-of-turn token into the next turn, as a model writes
it when its server does not stop there (``<|im_end|>`` then ``<|im_start|>user``). With
``think_only`` every reply is cut off while thinking, as a server with a reasoning parser
answers it: ``content: null``, the thinking in ``reasoning_content``, ``finish_reason:
length``.
Connectivity checks: a completion request with ``max_tokens`` of 1 (what a client sends to
check a key and a model before its real work, as boost-qa's endpoint check does) is answered
as any other (key, limits, latency) but draws no fault and is counted apart, under ``checks``,
not in ``calls``, ``ok`` or ``by_key``: the counters describe the real work.
Streaming is not supported (``stream: true`` gets a 400). ``/stats`` and ``/reset`` expose and
zero the counters; any other route answers a 404 JSON error and is recorded under ``unhandled``.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import hashlib
import json
import math
import random
import re
import socket
import struct
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final, TypeVar

from boost_qa.testing.aio import web
from boost_qa.testing.background import BackgroundServer, serve_until_signal
from boost_qa.testing.batch_api import BatchAPI, BatchSettings

__all__ = ["FAULT_KINDS", "HOST", "OpenAIServer", "ServerSettings", "ServerThread", "main"]

HOST: Final = "127.0.0.1"
FAULT_KINDS: Final = ("429", "500", "hang", "malformed", "reset")
MALFORMED_BODY: Final = b'{"id": "x", "choices": ['
_SHUTDOWN_TIMEOUT: Final = 0.5
_MAX_BODY: Final = 32 * 1024 * 1024
_JSON: Final = "application/json"
_T = TypeVar("_T")

_OPENERS: Final = (
    "Let us work through this carefully.",
    "Start by restating what the question actually asks.",
    "The key is to break the problem into smaller steps.",
    "First, list the quantities the question gives us.",
)
_MIDDLES: Final = (
    "each step follows from the previous one without extra assumptions",
    "the intermediate values stay consistent with the stated conditions",
    "a quick estimate agrees with the exact computation",
    "checking the units confirms the approach is sound",
)
_CLOSERS: Final = (
    "That settles it.",
    "Putting the pieces together gives a single value.",
    "Nothing in the question contradicts this result.",
    "A final check confirms the arithmetic.",
)


@dataclass(frozen=True)
class ServerSettings:
    """Behaviour of the test server; all times are in seconds and rates are probabilities.

    Attributes:
        latency: Fixed delay added to every completion call.
        jitter: Upper bound of an extra uniform random delay.
        rate_429: Probability of a 429 rate-limit answer.
        rate_500: Probability of a 500 server error.
        rate_hang: Probability of sleeping ``hang_seconds`` before answering normally.
        rate_malformed: Probability of a 200 answer whose body is not valid JSON.
        rate_reset: Probability of aborting the connection without a response.
        retry_after: Value of the ``Retry-After`` header sent with 429 answers.
        hang_seconds: How long a ``hang`` fault sleeps.
        seed: Seed of the fault and jitter RNGs (``None`` for nondeterministic faults).
        require_token: If set, requests must send ``Authorization: Bearer <require_token>``.
        requests_per_minute: Provider-like request limit, announced in headers (None: off).
        tokens_per_minute: Provider-like token limit, announced in headers (None: off).
        burst_seconds: How many seconds of each limit the server lets through at once.
        think: Open every reply with a reasoning model's ``<think>...</think>`` block.
        runaway: End every reply with its end-of-turn token written out and a next turn.
        think_only: Answer every call with thinking only, cut off (``content: null``).
        port: TCP port to bind; 0 picks a free port.
        host: Always 127.0.0.1; the server never listens on other interfaces.
    """

    latency: float = 0.0
    jitter: float = 0.0
    rate_429: float = 0.0
    rate_500: float = 0.0
    rate_hang: float = 0.0
    rate_malformed: float = 0.0
    rate_reset: float = 0.0
    retry_after: float = 0.05
    hang_seconds: float = 30.0
    seed: int | None = 0
    require_token: str | None = None
    requests_per_minute: float | None = None
    tokens_per_minute: float | None = None
    burst_seconds: float = 1.0
    think: bool = False
    runaway: bool = False
    think_only: bool = False
    port: int = 0
    host: str = field(default=HOST, init=False)

    def __post_init__(self) -> None:
        for name in ("latency", "jitter", "retry_after", "hang_seconds"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be >= 0")
        for name in ("requests_per_minute", "tokens_per_minute", "burst_seconds"):
            value = getattr(self, name)
            if value is not None and value <= 0:
                raise ValueError(f"{name} must be > 0")
        rates = self.fault_rates()
        for kind, rate in rates:
            if not 0.0 <= rate <= 1.0:
                raise ValueError(f"rate_{kind} must be within [0, 1], got {rate}")
        if sum(rate for _, rate in rates) > 1.0 + 1e-9:
            raise ValueError("fault rates must sum to at most 1 (one draw picks one fault)")
        if not 0 <= self.port <= 65535:
            raise ValueError(f"invalid port {self.port}")

    def fault_rates(self) -> tuple[tuple[str, float], ...]:
        """Return ``(kind, probability)`` pairs in the order the fault draw tests them."""
        return (
            ("429", self.rate_429),
            ("500", self.rate_500),
            ("hang", self.rate_hang),
            ("malformed", self.rate_malformed),
            ("reset", self.rate_reset),
        )


_CHECK = re.compile(rb'"max_tokens"\s*:\s*1\s*[,}]')
"""A one-token completion request: a connectivity check (see the module's docstring)."""


@dataclass
class _Counters:
    calls: int = 0
    checks: int = 0
    ok: int = 0
    bad_request: int = 0
    unauthorized: int = 0
    abandoned: int = 0
    rate_limited: int = 0
    in_flight: int = 0
    peak_in_flight: int = 0
    faults: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FAULT_KINDS, 0))
    by_key: dict[str, int] = field(default_factory=dict)
    unhandled: list[str] = field(default_factory=list)

    def snapshot(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["repeated"] = sum(n - 1 for n in self.by_key.values() if n > 1)
        return data


def request_key(body: dict[str, Any]) -> str:
    """Return the sha256 hex digest that determines the reply to a completion request.

    Args:
        body: The decoded JSON request body.

    Returns:
        The hash of the canonical JSON of model, messages, temperature, max_tokens and seed.
    """
    canonical = {k: body.get(k) for k in ("model", "messages", "temperature", "max_tokens", "seed")}
    text = json.dumps(canonical, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def reply_text(model: str, key: str) -> str:
    """Return the deterministic assistant reply for a model and request hash.

    Args:
        model: The model name from the request.
        key: The request hash from :func:`request_key`.

    Returns:
        A short paragraph mentioning ``model`` and ending with ``The final answer is N.``.
    """
    answer = int(key[:8], 16) % 100
    opener = _OPENERS[int(key[8:10], 16) % len(_OPENERS)]
    middle = _MIDDLES[int(key[10:12], 16) % len(_MIDDLES)]
    closer = _CLOSERS[int(key[12:14], 16) % len(_CLOSERS)]
    steps = int(key[14:18], 16) % 9 + 2
    return (
        f"{opener} Reasoning as {model}, I worked in {steps} steps and made sure {middle}. "
        f"{closer} The final answer is {answer}."
    )


def _message_chars(messages: list[Any]) -> int:
    total = 0
    for message in messages:
        content = message.get("content") if isinstance(message, dict) else message
        if isinstance(content, str):
            total += len(content)
        elif isinstance(content, list):
            total += sum(len(str(p.get("text", ""))) for p in content if isinstance(p, dict))
    return total


def thinking_text(key: str) -> str:
    """The ``<think>`` block a reasoning model writes before its reply (``think`` setting)."""
    draft = (int(key[:8], 16) % 100 + 1) % 100
    return (
        f"<think>\nLet me work this out privately first. A draft gives {draft}.\n"
        "Teacher: would ask for the steps, so I will list them.\n</think>\n\n"
    )


RUNAWAY_TAIL = "<|im_end|>\n<|im_start|>user\nTeacher: Good. Now the next one.<|im_end|>\n"
"""What a runaway reply writes after its turn (``runaway`` setting)."""


def completion_body(
    body: dict[str, Any],
    key: str,
    *,
    think: bool = False,
    runaway: bool = False,
    think_only: bool = False,
) -> dict[str, Any]:
    """Build the OpenAI ``chat.completion`` response for a validated request.

    Args:
        body: The decoded JSON request body (``model`` and ``messages`` present).
        key: The request hash from :func:`request_key`.
        think: Open the reply with a reasoning block (:func:`thinking_text`).
        runaway: Run on past the end of the turn (``RUNAWAY_TAIL``).
        think_only: Thinking only, cut off: no content, the thinking in ``reasoning_content``.

    Returns:
        The response object, ready to be serialised as JSON.
    """
    model = str(body["model"])
    content = (thinking_text(key) if think else "") + reply_text(model, key)
    content += RUNAWAY_TAIL if runaway else ""
    prompt_tokens = max(1, _message_chars(body["messages"]) // 4)
    completion_tokens = max(1, len(content) // 4)
    message: dict[str, Any] = {"role": "assistant", "content": content}
    finish_reason = "stop"
    if think_only:
        message = {"role": "assistant", "content": None, "reasoning_content": thinking_text(key)}
        finish_reason = "length"
    return {
        "id": f"chatcmpl-{key[:24]}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "system_fingerprint": "fp_boost_qa_test",
        "choices": [
            {
                "index": 0,
                "message": message,
                "logprobs": None,
                "finish_reason": finish_reason,
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


def _json_response(data: Any, status: int = 200) -> web.Response:
    body = json.dumps(data, separators=(",", ":")).encode()
    return web.Response(body=body, status=status, content_type=_JSON)


def _error(status: int, message: str, kind: str, code: str | None = None) -> web.Response:
    err = {"message": message, "type": kind, "param": None, "code": code}
    return _json_response({"error": err}, status=status)


def _make_rngs(seed: int | None) -> tuple[random.Random, random.Random]:
    """Return independent fault and jitter RNGs, so jitter never shifts the fault sequence."""
    if seed is None:
        return random.Random(), random.Random()
    return random.Random(seed), random.Random(f"{seed}:jitter")


def _abort_connection(request: web.Request) -> None:
    """Close the request's TCP connection with an RST, sending no response at all."""
    transport = request.transport
    if transport is None:
        return
    sock = transport.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()


class OpenAIServer:
    """The aiohttp application, its fault RNG and its counters; runs on the caller's loop.

    Use :class:`ServerThread` from synchronous tests, or ``await start()`` / ``await stop()``
    from async code. Methods are not thread-safe: call them on the server's event loop.
    """

    def __init__(self, settings: ServerSettings | None = None) -> None:
        self._settings = settings or ServerSettings()
        self._fault_rng, self._jitter_rng = _make_rngs(self._settings.seed)
        self._counters = _Counters()
        self._limits = _ProviderLimits(self._settings)
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self.batches = BatchAPI(lambda body: completion_body(body, request_key(body)))

    @property
    def settings(self) -> ServerSettings:
        """The settings in force."""
        return self._settings

    @property
    def url(self) -> str:
        """Base URL for OpenAI clients, e.g. ``http://127.0.0.1:PORT/v1``."""
        if self._port is None:
            raise RuntimeError("server is not running")
        return f"http://{HOST}:{self._port}/v1"

    def make_app(self) -> web.Application:
        """Return the aiohttp application serving the OpenAI routes and control endpoints."""
        app = web.Application(client_max_size=_MAX_BODY)
        app.router.add_post("/v1/chat/completions", self._completions)
        app.router.add_post("/chat/completions", self._completions)
        app.router.add_get("/v1/models", self._models)
        self.batches.add_routes(app.router)
        app.router.add_get("/stats", self._stats)
        app.router.add_post("/reset", self._reset)
        app.router.add_route("*", "/{tail:.*}", self._unhandled)
        return app

    async def start(self) -> str:
        """Bind 127.0.0.1 and start serving.

        Returns:
            The base URL (see :attr:`url`).
        """
        if self._runner is not None:
            raise RuntimeError("server already started")
        runner = web.AppRunner(
            self.make_app(),
            access_log=None,
            handle_signals=False,
            handler_cancellation=True,
            shutdown_timeout=_SHUTDOWN_TIMEOUT,
        )
        await runner.setup()
        try:
            await web.TCPSite(runner, HOST, self._settings.port, backlog=1024).start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        self._port = int(runner.addresses[0][1])
        return self.url

    async def stop(self) -> None:
        """Stop listening, cancel hanging handlers after a short grace period, and clean up."""
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    def stats(self) -> dict[str, Any]:
        """Return a snapshot of the counters (the same JSON ``GET /stats`` serves)."""
        return {**self._counters.snapshot(), "batch": self.batches.stats()}

    def reset(self) -> None:
        """Zero all counters (``in_flight`` keeps tracking requests still being handled)."""
        in_flight = self._counters.in_flight
        self._counters = _Counters(in_flight=in_flight, peak_in_flight=in_flight)
        self.batches.reset()

    def update(self, **changes: Any) -> ServerSettings:
        """Change settings at runtime, e.g. ``update(rate_429=0.5, latency=0.1)``.

        Args:
            **changes: ``ServerSettings`` fields to replace; ``port`` cannot change while
                running. Passing ``seed`` re-seeds the fault and jitter RNGs.

        Returns:
            The new settings.
        """
        if "port" in changes and self._runner is not None:
            raise ValueError("cannot change the port of a running server")
        self._settings = dataclasses.replace(self._settings, **changes)
        if {"requests_per_minute", "tokens_per_minute", "burst_seconds"} & changes.keys():
            self._limits = _ProviderLimits(self._settings)
        if "seed" in changes:
            self._fault_rng, self._jitter_rng = _make_rngs(self._settings.seed)
        return self._settings

    def _authorized(self, request: web.Request) -> bool:
        token = self._settings.require_token
        return token is None or request.headers.get("Authorization") == f"Bearer {token}"

    def _draw_fault(self) -> str | None:
        draw = self._fault_rng.random()
        threshold = 0.0
        for kind, rate in self._settings.fault_rates():
            threshold += rate
            if draw < threshold:
                return kind
        return None

    async def _completions(self, request: web.Request) -> web.StreamResponse:
        if not self._authorized(request):
            self._counters.unauthorized += 1
            return _error(401, "Incorrect API key provided.", "invalid_request_error", "401")
        counters = self._counters
        if _CHECK.search(await request.read()):
            counters.checks += 1
            response = await self._answer(request, check=True)
            self._limits.announce(response)
            return response
        counters.calls += 1
        counters.in_flight += 1
        counters.peak_in_flight = max(counters.peak_in_flight, counters.in_flight)
        try:
            response = await self._answer(request)
            self._limits.announce(response)
            return response
        finally:
            # reset() may have swapped the counters object while this call was in flight.
            self._counters.in_flight -= 1

    async def _answer(self, request: web.Request, *, check: bool = False) -> web.StreamResponse:
        body, problem = _parse_completion_request(await request.read())
        if body is None:
            self._counters.bad_request += 1
            return _error(400, problem, "invalid_request_error")
        settings = self._settings
        limits = self._limits
        charge = limits.charge(body)
        wait = limits.admit(charge)
        if wait is not None:
            self._counters.rate_limited += 1
            response = _error(429, "Rate limit reached (provider-like).", "requests", "rate_limit")
            response.headers["Retry-After"] = f"{wait:.3f}"
            return response
        fault = None if check else self._draw_fault()
        if fault is not None:
            self._counters.faults[fault] += 1
        delay = settings.latency
        if settings.jitter > 0:
            delay += self._jitter_rng.uniform(0.0, settings.jitter)
        if fault == "hang":
            delay += settings.hang_seconds
        if delay > 0:
            await asyncio.sleep(delay)
        if fault is not None and fault != "hang":
            limits.give_back(charge)
            return self._fault_response(request, fault, settings)
        key = request_key(body)
        answer = completion_body(
            body,
            key,
            think=settings.think,
            runaway=settings.runaway,
            think_only=settings.think_only,
        )
        limits.give_back(charge - answer["usage"]["total_tokens"])
        response = _json_response(answer)
        if check:
            pass
        elif request.transport is None or request.transport.is_closing():
            self._counters.abandoned += 1
        else:
            self._counters.ok += 1
            by_key = self._counters.by_key
            by_key[key] = by_key.get(key, 0) + 1
        return response

    @staticmethod
    def _fault_response(
        request: web.Request, fault: str, settings: ServerSettings
    ) -> web.StreamResponse:
        if fault == "429":
            response = _error(429, "Rate limit reached (injected).", "requests", "rate_limit")
            response.headers["Retry-After"] = f"{settings.retry_after:g}"
            response.headers["retry-after-ms"] = str(round(settings.retry_after * 1000))
            return response
        if fault == "500":
            return _error(500, "The server had an error (injected).", "server_error")
        if fault == "malformed":
            return web.Response(body=MALFORMED_BODY, content_type=_JSON)
        _abort_connection(request)
        # aiohttp cannot write this to the aborted transport and drops it silently.
        return web.Response(status=500)

    async def _models(self, request: web.Request) -> web.StreamResponse:
        if not self._authorized(request):
            self._counters.unauthorized += 1
            return _error(401, "Incorrect API key provided.", "invalid_request_error", "401")
        model = {"id": "boost-qa-test", "object": "model", "created": 0, "owned_by": "boost-qa"}
        return _json_response({"object": "list", "data": [model]})

    async def _stats(self, request: web.Request) -> web.StreamResponse:
        return _json_response(self.stats())

    async def _reset(self, request: web.Request) -> web.StreamResponse:
        self.reset()
        return _json_response({"reset": True})

    async def _unhandled(self, request: web.Request) -> web.StreamResponse:
        self._counters.unhandled.append(f"{request.method} {request.path}")
        return _error(404, f"Unknown route {request.method} {request.path}", "not_found")


class _Bucket:
    """One provider-like limit: ``per_minute`` units, ``burst_seconds`` of them at once."""

    def __init__(self, per_minute: float, burst_seconds: float) -> None:
        self.limit = per_minute
        self.rate = per_minute / 60.0
        self.capacity = max(1.0, self.rate * burst_seconds)
        self.level = self.capacity
        self._at = time.monotonic()

    def refill(self) -> None:
        now = time.monotonic()
        self.level = min(self.capacity, self.level + (now - self._at) * self.rate)
        self._at = now

    def shortfall(self, units: float) -> float:
        """Seconds until ``units`` fit (0 when they fit now)."""
        self.refill()
        return max(0.0, (units - self.level) / self.rate)

    def headers(self, kind: str) -> dict[str, str]:
        self.refill()
        reset = (self.capacity - self.level) / self.rate
        return {
            f"x-ratelimit-limit-{kind}": f"{self.limit:g}",
            f"x-ratelimit-remaining-{kind}": str(int(self.level)),
            f"x-ratelimit-reset-{kind}": _duration(reset),
        }


class _ProviderLimits:
    """The server's request and token buckets (``ServerSettings.requests_per_minute`` ...)."""

    def __init__(self, settings: ServerSettings) -> None:
        burst = settings.burst_seconds
        rpm, tpm = settings.requests_per_minute, settings.tokens_per_minute
        self.requests = None if rpm is None else _Bucket(rpm, burst)
        self.tokens = None if tpm is None else _Bucket(tpm, burst)

    def charge(self, body: dict[str, Any]) -> int:
        """Tokens a call is charged on arrival: prompt characters / 4 + ``max_tokens``."""
        max_tokens = body.get("max_tokens") or body.get("max_completion_tokens") or 0
        return _message_chars(body["messages"]) // 4 + int(max_tokens)

    def admit(self, tokens: int) -> float | None:
        """Take the call's request and tokens; None when admitted, else seconds to wait."""
        waits = [0.0]
        if self.requests is not None:
            waits.append(self.requests.shortfall(1))
        if self.tokens is not None:
            waits.append(self.tokens.shortfall(tokens))
        if max(waits) > 0:
            return max(waits)
        if self.requests is not None:
            self.requests.level -= 1
        if self.tokens is not None:
            self.tokens.level -= tokens
        return None

    def give_back(self, tokens: int) -> None:
        if self.tokens is not None and tokens > 0:
            self.tokens.refill()
            self.tokens.level = min(self.tokens.capacity, self.tokens.level + tokens)

    def announce(self, response: web.StreamResponse) -> None:
        for bucket, kind in ((self.requests, "requests"), (self.tokens, "tokens")):
            if bucket is not None:
                response.headers.update(bucket.headers(kind))


def _duration(seconds: float) -> str:
    """OpenAI's reset format: ``20ms`` under a second, else ``1.5s`` or ``6m0s``."""
    if seconds < 1:
        return f"{math.ceil(seconds * 1000)}ms"
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes)}m{rest:.3g}s" if minutes else f"{rest:.3f}s"


def _parse_completion_request(raw: bytes) -> tuple[dict[str, Any] | None, str]:
    """Decode and validate a chat-completions body; return ``(body, "")`` or ``(None, why)``."""
    try:
        body = json.loads(raw)
    except ValueError:
        return None, "Request body is not valid JSON."
    if not isinstance(body, dict):
        return None, "Request body must be a JSON object."
    if not isinstance(body.get("model"), str):
        return None, "'model' is required and must be a string."
    if not isinstance(body.get("messages"), list) or not body["messages"]:
        return None, "'messages' is required and must be a non-empty list."
    if body.get("stream"):
        return None, "Streaming is not supported by the boost-qa test server."
    return body, ""


class ServerThread(BackgroundServer[OpenAIServer]):
    """Run an :class:`OpenAIServer` on its own event loop in a background thread.

    Example:
        >>> with ServerThread(ServerSettings(rate_429=0.1)) as server:  # doctest: +SKIP
        ...     litellm.completion(model="openai/x", api_base=server.url, ...)
        ...     assert server.stats()["calls"] == 1
    """

    def __init__(self, settings: ServerSettings | None = None, *, timeout: float = 10.0) -> None:
        super().__init__(
            OpenAIServer(settings),
            name="boost-qa test LLM server",
            timeout=timeout,
            grace=_SHUTDOWN_TIMEOUT,
        )

    @property
    def url(self) -> str:
        """Base URL for OpenAI clients, e.g. ``http://127.0.0.1:PORT/v1``."""
        return self._server.url

    @property
    def settings(self) -> ServerSettings:
        """The settings in force."""
        return self._server.settings

    def stats(self) -> dict[str, Any]:
        """Return a snapshot of the counters, taken on the server's loop."""
        return self._call(self._server.stats)

    def reset(self) -> None:
        """Zero the counters."""
        self._call(self._server.reset)

    def update(self, **changes: Any) -> ServerSettings:
        """Change settings at runtime; see :meth:`OpenAIServer.update`."""
        return self._call(lambda: self._server.update(**changes))

    def update_batches(self, **changes: Any) -> BatchSettings:
        """Change the batch endpoints' settings; see :class:`BatchSettings`."""
        return self._call(lambda: self._server.batches.update(**changes))


def _parse_args(argv: Sequence[str] | None) -> ServerSettings:
    defaults = ServerSettings()
    parser = argparse.ArgumentParser(
        prog="python -m boost_qa.testing.openai_server",
        description="Deterministic fault-injecting OpenAI-compatible server (127.0.0.1 only).",
    )
    parser.add_argument("--port", type=int, default=defaults.port, help="0 picks a free port")
    for name in ("latency", "jitter", "retry_after", "hang_seconds"):
        flag = "--" + name.replace("_", "-")
        parser.add_argument(flag, type=float, default=getattr(defaults, name), dest=name)
    for kind, _ in defaults.fault_rates():
        parser.add_argument(f"--rate-{kind}", type=float, default=0.0, dest=f"rate_{kind}")
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument("--require-token", default=None, help="expected bearer token")
    for name in ("requests_per_minute", "tokens_per_minute"):
        flag = "--" + name.replace("_", "-")
        parser.add_argument(flag, type=float, default=None, dest=name, help="provider-like limit")
    parser.add_argument("--burst-seconds", type=float, default=defaults.burst_seconds)
    parser.add_argument(
        "--think", action="store_true", help="open replies with a reasoning model's <think> block"
    )
    parser.add_argument(
        "--runaway", action="store_true", help="run replies on past their end-of-turn token"
    )
    parser.add_argument(
        "--think-only", action="store_true", help="answer with cut-off thinking, content null"
    )
    args = parser.parse_args(argv)
    try:
        return ServerSettings(**vars(args))
    except ValueError as exc:
        parser.error(str(exc))


def main(argv: Sequence[str] | None = None) -> int:
    """Serve until SIGINT/SIGTERM, after printing ``... listening on http://127.0.0.1:PORT/v1``.

    Args:
        argv: Command-line arguments (defaults to ``sys.argv[1:]``).

    Returns:
        The process exit status.
    """
    settings = _parse_args(argv)

    def announce(url: str) -> None:
        print(f"boost-qa test LLM server listening on {url}", flush=True)

    asyncio.run(serve_until_signal(OpenAIServer(settings), announce))
    return 0


if __name__ == "__main__":
    sys.exit(main())

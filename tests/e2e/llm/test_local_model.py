"""The embedded SmolLM2 model as LiteLLM's ``local`` provider, exercised through litellm itself."""

import os

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")  # before litellm is imported

import asyncio  # noqa: E402
import importlib.util  # noqa: E402
import threading  # noqa: E402
from typing import Any  # noqa: E402

import litellm  # noqa: E402
import pytest  # noqa: E402
from litellm.exceptions import ContextWindowExceededError  # noqa: E402

from boost_qa.llm import local_model  # noqa: E402
from boost_qa.llm.local_model import (  # noqa: E402
    MODEL,
    register_embedded_provider,
)

HAVE_LLAMA = importlib.util.find_spec("llama_cpp") is not None
needs_model = pytest.mark.skipif(
    not HAVE_LLAMA, reason="llama-cpp-python is not installed (pip install 'boost-qa[local]')"
)

CHAT = [
    {"role": "system", "content": "You are a patient maths teacher."},
    {"role": "user", "content": "What is a fraction? Answer in one sentence."},
]
OTHER_CHAT = [{"role": "user", "content": "Name a colour."}]


@pytest.fixture(autouse=True)
def registered() -> None:
    register_embedded_provider()


def complete(messages: list[dict[str, str]], **params: Any) -> litellm.ModelResponse:
    """One call through ``litellm.acompletion`` in its own event loop."""
    params.setdefault("max_tokens", 24)
    return asyncio.run(litellm.acompletion(model=MODEL, messages=messages, **params))


def text(response: litellm.ModelResponse) -> str:
    content = response.choices[0].message.content
    assert isinstance(content, str)
    return content


# --- the real model --------------------------------------------------------------------------


@pytest.mark.embedded
@needs_model
def test_short_chat_returns_text_and_usage() -> None:
    response = complete(CHAT, temperature=0.7, seed=1)
    assert text(response).strip()
    assert response.model == MODEL
    assert response.choices[0].finish_reason in ("stop", "length")
    usage = response.usage
    assert usage.prompt_tokens > 0 and usage.completion_tokens > 0
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens
    sync = litellm.completion(model=MODEL, messages=CHAT, temperature=0.7, seed=1, max_tokens=24)
    assert text(sync) == text(response)


@pytest.mark.embedded
@needs_model
def test_same_seed_same_output_whatever_ran_before() -> None:
    first = text(complete(CHAT, temperature=1.0, seed=123))
    complete(OTHER_CHAT, temperature=1.0, seed=5)  # would leak KV cache / RNG state if not reset
    assert text(complete(CHAT, temperature=1.0, seed=123)) == first
    # Without a reset, an identical prompt right after itself samples from stale logits.
    assert text(complete(CHAT, temperature=1.0, seed=123)) == first
    # The seed really reaches the sampler: other seeds give other texts.
    others = {text(complete(CHAT, temperature=1.0, seed=seed)) for seed in (1, 2, 3)}
    assert len(others | {first}) > 1


@pytest.mark.embedded
@needs_model
def test_concurrent_calls_complete_serialised(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = [text(complete(CHAT, temperature=0.8, seed=s)) for s in (11, 12)]
    llama = local_model._load_llama()
    real = llama.create_chat_completion
    active = 0
    peak = 0
    threads: set[int] = set()
    guard = threading.Lock()

    def spy(*args: Any, **kwargs: Any) -> Any:
        nonlocal active, peak
        with guard:
            active += 1
            peak = max(peak, active)
            threads.add(threading.get_ident())
        try:
            return real(*args, **kwargs)
        finally:
            with guard:
                active -= 1

    monkeypatch.setattr(llama, "create_chat_completion", spy)

    async def both() -> tuple[list[str], int]:
        ticks = 0

        async def tick() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.005)
                ticks += 1

        ticker = asyncio.create_task(tick())
        calls = [
            litellm.acompletion(model=MODEL, messages=CHAT, temperature=0.8, seed=s, max_tokens=24)
            for s in (11, 12)
        ]
        responses = await asyncio.gather(*calls)
        ticker.cancel()
        return [text(r) for r in responses], ticks

    texts, ticks = asyncio.run(both())
    again, _ = asyncio.run(both())  # another event loop
    assert texts == again == expected  # both finished, each as if it ran alone
    assert peak == 1  # never two generations on the one llama.cpp context
    # Always the same thread: llama.cpp's OpenMP team of an idle calling thread spins.
    assert len(threads) == 1
    assert ticks > 0  # the event loop kept running while the model worked


@pytest.mark.embedded
@needs_model
def test_works_across_event_loops() -> None:
    first = text(complete(OTHER_CHAT, seed=7))
    second = text(complete(OTHER_CHAT, seed=7))  # a second asyncio.run: a new loop
    assert first and first == second


@pytest.mark.embedded
@needs_model
def test_over_long_prompt_is_a_400_and_the_model_survives() -> None:
    huge = [{"role": "user", "content": "fraction " * 5000}]
    with pytest.raises(ContextWindowExceededError) as caught:
        complete(huge)
    assert caught.value.status_code == 400
    assert text(complete(OTHER_CHAT, seed=3)).strip()


@pytest.mark.embedded
@needs_model
def test_close_frees_the_model_and_the_next_call_reloads_it() -> None:
    before = text(complete(OTHER_CHAT, seed=9))
    local_model._close_llama()  # what atexit runs, so Llama.__del__ has nothing left to free
    assert local_model._llama is None
    assert text(complete(OTHER_CHAT, seed=9)) == before
    assert local_model._llama is not None

"""Request keys: the fast (orjson) path hashes exactly the bytes ``json.dumps`` wrote before.

A changed key would silently miss every cache entry written by an earlier version.
"""

from __future__ import annotations

import hashlib
import json
import random

import pytest

from boost_qa.llm import cache
from boost_qa.llm.cache import request_key
from boost_qa.types import ChatRequest


def _json_key(request: ChatRequest) -> str:
    """The key as every earlier version computed it."""
    canonical = json.dumps(
        request.key_payload(), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


TEXTS = [
    "plain",
    'quote " backslash \\ slash /',
    "tab\tnew\nline\rcr \b \f \x00 \x1f \x7f",
    "accents é ñ ü, CJK 漢字, emoji 🎉, RTL مرحبا, U+2028 \u2028 U+2029 \u2029",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize(
    "temperature", [0.0, -0.0, 0.2, 0.7, 1.0, 1.9999, 1e-4, 9.999e-5, 1e-7, 3e16]
)
def test_keys_equal_the_json_keys(text: str, temperature: float) -> None:
    request = ChatRequest(
        model="openai/m",
        messages=(("system", text), ("user", text * 2)),
        temperature=temperature,
        max_tokens=64,
        seed=2**31 - 1,
        sampling=(
            ("stop", ("\nTeacher:", "\nStudent:")),
            ("top_p", 0.95),
            ("min_p", 5e-5),
            ("repeat_penalty", 1.1),
        ),
    )
    assert request_key(request) == _json_key(request)


def test_random_floats_and_huge_integers_keep_their_keys() -> None:
    rng = random.Random(7)
    for _ in range(2000):
        value = rng.choice([rng.random() * 2, rng.random() * 1e-3, rng.uniform(-1e20, 1e20)])
        request = ChatRequest(
            model="m",
            messages=(("user", "q"),),
            temperature=round(rng.random() * 2, rng.randint(0, 6)),
            max_tokens=rng.choice([1, 2**40, 2**70]),  # past 64 bits: orjson refuses
            seed=rng.randint(0, 2**31),
            sampling=(("frequency_penalty", value),),
        )
        assert request_key(request) == _json_key(request)


def test_the_fast_path_is_taken_for_usual_requests(monkeypatch: pytest.MonkeyPatch) -> None:
    request = ChatRequest(
        model="m", messages=(("user", "q"),), temperature=0.7, max_tokens=8, seed=1
    )
    monkeypatch.setattr(cache.json, "dumps", _refuse)
    assert request_key(request) == _json_key_with_real_json(request)


def _refuse(*args: object, **kwargs: object) -> str:
    raise AssertionError("json.dumps is the slow path")


def _json_key_with_real_json(request: ChatRequest) -> str:
    import importlib

    real = importlib.import_module("json")
    canonical = real.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        request.key_payload()
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

"""One worker spec: the build's limits split between N workers."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from boost_qa.dialogue.prompts import PromptLibrary
from boost_qa.dialogue.settings import GenerationSettings
from boost_qa.llm.gateway import Gateway
from boost_qa.llm.retry import RetryPolicy
from boost_qa.pipeline.engines import WorkerSpec


def spec(concurrency: int = 64, rpm: int | None = 601, max_cost: float | None = 3.0) -> WorkerSpec:
    gateway = Gateway(
        max_concurrency=concurrency,
        retry=RetryPolicy(max_requests_per_minute=rpm),
        max_cost=max_cost,
    )
    return WorkerSpec.of(GenerationSettings(), PromptLibrary(), gateway, Path("/tmp/c"))


def test_the_whole_build_before_the_split() -> None:
    whole = spec()
    assert whole.max_concurrency == 64 and whole.max_cost == 3.0
    assert whole.retry.max_requests_per_minute == 601
    assert whole.cache_dir == "/tmp/c"
    assert "error_correction/teacher.j2" in whole.prompts


def test_limits_divide_between_workers() -> None:
    share = spec().split(4)
    assert share.max_concurrency == 16
    assert share.retry.max_requests_per_minute == 150
    assert share.max_cost == pytest.approx(0.75)
    assert share.settings == spec().settings and share.cache_dir == "/tmp/c"


def test_concurrency_rounds_up_and_the_rate_never_reaches_zero() -> None:
    share = spec(concurrency=5, rpm=3).split(4)
    assert share.max_concurrency == 2
    assert share.retry.max_requests_per_minute == 1


def test_a_shared_limiter_keeps_the_whole_rate() -> None:
    share = spec().split(4, shared_limiter=True)
    assert share.retry.max_requests_per_minute == 601
    assert share.max_concurrency == 16 and share.max_cost == pytest.approx(0.75)


def test_no_limits_stay_no_limits() -> None:
    share = spec(rpm=None, max_cost=None).split(3)
    assert share.max_cost is None and share.retry.max_requests_per_minute is None


def test_one_worker_gets_everything() -> None:
    whole = spec()
    assert whole.split(1) == whole


def test_the_budget_is_what_the_build_has_left() -> None:
    gateway = Gateway(max_concurrency=8, max_cost=1.0)
    gateway.stats.add({"cost": 0.25})
    left = WorkerSpec.of(GenerationSettings(), PromptLibrary(), gateway, None)
    assert left.max_cost == pytest.approx(0.75) and left.cache_dir is None
    assert left.split(3).max_cost == pytest.approx(0.25)


def test_the_spec_travels() -> None:
    whole = spec()
    assert pickle.loads(pickle.dumps(whole)) == whole


def test_token_rates_and_announced_limits_divide_too() -> None:
    gateway = Gateway(max_concurrency=8, retry=RetryPolicy(max_tokens_per_minute=10_001))
    whole = WorkerSpec.of(GenerationSettings(), PromptLibrary(), gateway, None)
    share = whole.split(4)
    assert share.retry.max_tokens_per_minute == 2500
    assert share.retry.provider_share == pytest.approx(0.25)
    # A shared limiter keeps the whole caps; announced limits still divide for workers that
    # follow them alone (a Ray cluster without caps has no limiter actor).
    shared = whole.split(4, shared_limiter=True)
    assert shared.retry.max_tokens_per_minute == 10_001
    assert shared.retry.provider_share == pytest.approx(0.25)

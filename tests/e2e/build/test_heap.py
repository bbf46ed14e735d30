"""The build freezes the heap while it generates, and hands it back to the collector after."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from boost_qa.llm import gateway as gateway_module
from boost_qa.pipeline.run import BuildOptions, build_release
from boost_qa.types import ChatRequest, ChatResult
from tests.e2e.build.test_resilience import write_recipe


def test_model_calls_run_with_the_heap_frozen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    frozen: list[int] = []

    async def answer(request: ChatRequest, timeout: float) -> ChatResult:
        if request.max_tokens == 1:  # the endpoint check, made while the seeds are prepared
            return ChatResult(content="OK")
        frozen.append(gc.get_freeze_count())
        return ChatResult(content=f"Answer {len(frozen)}. #### 4", prompt_tokens=9)

    monkeypatch.setattr(gateway_module, "_litellm_completion", lambda: answer)
    before = gc.get_freeze_count()
    recipe = write_recipe(tmp_path / "recipe.yaml", "http://127.0.0.1:9/v1", limit=3)
    options = BuildOptions(out=tmp_path / "out", cache_dir=tmp_path / "cache", progress=False)
    report = build_release(recipe, options)

    assert report.exit_code == 0 and report.totals["calls"] == len(frozen) > 0
    assert all(count > before for count in frozen)
    assert gc.get_freeze_count() == before

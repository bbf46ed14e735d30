"""The call loop: one per process, uvloop's by default, the standard one on request."""

from __future__ import annotations

import asyncio

import pytest
import uvloop

from boost_qa.llm.call_loop import call_loop, new_event_loop, run_on_call_loop


def test_uvloop_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BOOST_QA_EVENT_LOOP", raising=False)
    loop = new_event_loop()
    try:
        assert isinstance(loop, uvloop.Loop)
    finally:
        loop.close()


def test_the_standard_loop_on_request(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOOST_QA_EVENT_LOOP", "asyncio")
    loop = new_event_loop()
    try:
        assert not isinstance(loop, uvloop.Loop)
        assert isinstance(loop, asyncio.BaseEventLoop)
    finally:
        loop.close()


def test_an_unknown_loop_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOOST_QA_EVENT_LOOP", "trio")
    with pytest.raises(ValueError, match="BOOST_QA_EVENT_LOOP"):
        new_event_loop()


def test_calls_run_on_one_loop_that_outlives_each_caller() -> None:
    async def which_loop() -> asyncio.AbstractEventLoop:
        return asyncio.get_running_loop()

    first = asyncio.run(run_on_call_loop(which_loop()))
    second = asyncio.run(run_on_call_loop(which_loop()))
    assert first is second is call_loop()
    assert first.is_running()

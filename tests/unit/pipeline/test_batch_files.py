"""Batch input/output files: canonical lines, splitting at the limits, parsing, wave counts."""

from __future__ import annotations

import json

import pytest

from boost_qa.pipeline.engines.batch_files import (
    input_line,
    missing_lines,
    parse_output,
    split_lines,
    waves_of,
)


def test_an_input_line_is_openai_batch_format_and_canonical() -> None:
    a = input_line("k1", "/v1/chat/completions", {"model": "m", "messages": [], "seed": 1})
    b = input_line("k1", "/v1/chat/completions", {"seed": 1, "messages": [], "model": "m"})
    assert a == b
    line = json.loads(a)
    assert line == {
        "custom_id": "k1",
        "method": "POST",
        "url": "/v1/chat/completions",
        "body": {"model": "m", "messages": [], "seed": 1},
    }


def test_files_split_at_the_line_and_byte_limits_in_key_order() -> None:
    lines = {f"k{i}": b"x" * 9 for i in (3, 1, 2, 5, 4)}  # 10 bytes each with the newline
    by_lines = split_lines(lines, max_lines=2)
    assert [f.keys for f in by_lines] == [("k1", "k2"), ("k3", "k4"), ("k5",)]
    by_bytes = split_lines(lines, max_bytes=35)
    assert [len(f.keys) for f in by_bytes] == [3, 2]
    assert all(len(f.data) <= 35 for f in by_bytes)
    # Same requests, same files, same identity.
    again = split_lines(dict(reversed(list(lines.items()))), max_lines=2)
    assert [f.sha256 for f in again] == [f.sha256 for f in by_lines]
    with pytest.raises(ValueError, match="over the file limit"):
        split_lines({"big": b"x" * 100}, max_bytes=50)


def test_output_lines_give_answers_or_reasons() -> None:
    ok = {
        "custom_id": "a",
        "response": {
            "status_code": 200,
            "body": {
                "choices": [{"message": {"content": " hi \n"}, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 7, "completion_tokens": 2},
            },
        },
        "error": None,
    }
    failed = {
        "custom_id": "b",
        "response": {"status_code": 500, "body": {"error": {"message": "boom"}}},
        "error": None,
    }
    odd = {"custom_id": "c", "response": {"status_code": 200, "body": {"choices": []}}}
    data = "\n".join(json.dumps(x) for x in (ok, failed, odd)).encode()
    a, b, c = parse_output(data)
    assert a.result is not None and a.result.content == "hi"
    assert (a.result.prompt_tokens, a.result.completion_tokens) == (7, 2)
    assert a.result.finish_reason == "stop" and not a.result.cached
    assert b.result is None and "HTTP 500" in b.reason and "boom" in b.reason
    assert c.result is None and "malformed" in c.reason
    assert missing_lines(["a", "b", "x"], ["a", "b"]) == ["x"]


def test_a_batch_line_that_only_thought_is_an_empty_reply() -> None:
    def line(key: str, message: dict, finish: str) -> dict:
        choice = {"message": message, "finish_reason": finish}
        return {"custom_id": key, "response": {"status_code": 200, "body": {"choices": [choice]}}}

    thought = line("t", {"content": None, "reasoning_content": "48 / 2 is..."}, "length")
    broken = line("b", {"content": None}, "stop")
    data = "\n".join(json.dumps(x) for x in (thought, broken)).encode()
    t, b = parse_output(data)
    assert t.result is not None and t.result.content == "" and t.result.finish_reason == "length"
    assert b.result is None and "no text content" in b.reason


def test_waves_count_the_dialogues_still_talking() -> None:
    assert waves_of([3, 4, 1]) == [3, 2, 2, 1]
    assert waves_of([]) == []

"""The batch state file: a batch is found by its input hash; answers are fresh until consumed."""

from __future__ import annotations

from pathlib import Path

from boost_qa.llm.batch_state import BatchState, LineResult


def test_a_recorded_batch_is_found_again_by_its_input_hash(tmp_path: Path) -> None:
    state = BatchState(tmp_path)
    record = state.add("h1", 0, "openai/m", "http://127.0.0.1:1/v1", 3)
    state.update(record.row, file_id="file-1")
    state.update(record.row, batch_id="batch-1", status="in_progress")
    state.close()

    again = BatchState(tmp_path).latest("h1")  # a new process after a kill
    assert again is not None
    assert (again.file_id, again.batch_id, again.status) == ("file-1", "batch-1", "in_progress")
    assert not again.processed and again.lines == 3
    assert BatchState(tmp_path).latest("other") is None


def test_lines_are_fresh_until_a_finished_build_consumes_them(tmp_path: Path) -> None:
    state = BatchState(tmp_path)
    first = state.add("h1", 0, "m", None, 3)
    state.record_lines(
        first.row,
        [
            LineResult("a", True, cost=0.5),
            LineResult("b", False, "HTTP 500"),
            LineResult("c", False, "missing from expired batch"),
        ],
    )
    retry = state.add("h1", 1, "m", None, 2)  # the same file again: a new attempt
    state.record_lines(retry.row, [LineResult("b", False, "HTTP 500 again")])
    latest = state.latest("h1")
    assert latest is not None and latest.attempt == 1 and latest.processed

    assert {k: line.cost for k, (_, line) in state.fresh().items()} == {"a": 0.5}
    assert state.failed_lines() == {
        "b": ["HTTP 500", "HTTP 500 again"],
        "c": ["missing from expired batch"],
    }
    state.consume([first.row, retry.row])
    assert state.fresh() == {} and state.failed_lines() == {}
    assert state.latest("h1") is None

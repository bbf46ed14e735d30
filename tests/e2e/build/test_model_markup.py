"""Models behind servers that leave their markup in the text: thinking and end-of-turn tokens.

The test server's ``think`` setting opens every reply with a ``<think>`` block holding a wrong
draft answer and a ``Teacher:`` line, as DeepSeek-R1 or Qwen3 write it when vLLM or Ollama
leave the thinking in the content. The turn guards take it out, so the build's rows are those
of the same server without thinking, and every turn is one speaker saying one thing. Its
``runaway`` setting makes every reply run past ``<|im_end|>`` into a teacher's next turn, as a
model does whose server does not stop at its end-of-turn token; the guards cut it there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from boost_qa.testing.openai_server import ServerSettings, ServerThread
from tests.e2e.build.test_resilience import build, dialogues, load_rows, manifest, write_recipe


@pytest.fixture(autouse=True)
def _openai_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")


@pytest.mark.parametrize("markup", ["think", "runaway"])
def test_markup_is_taken_out_and_the_rows_are_those_of_a_plain_model(
    tmp_path: Path, markup: str
) -> None:
    with ServerThread(ServerSettings()) as server:
        recipe = write_recipe(tmp_path / "recipe.yaml", server.url)
        plain = build(recipe, tmp_path / "plain", tmp_path / "cache-plain")
        server.update(**{markup: True})
        thinking = build(recipe, tmp_path / "thinking", tmp_path / "cache-thinking")

    assert plain.exit_code == thinking.exit_code == 0, thinking.failures
    rows = load_rows(tmp_path / "thinking")
    assert len(rows) == 12
    plain_rows = load_rows(tmp_path / "plain")
    assert dialogues(rows) == dialogues(plain_rows)
    # the same verdicts too: the thinking changed no flag and no guard's verdict
    assert [r["well_formed"] for r in rows] == [r["well_formed"] for r in plain_rows]
    assert [r["attempts"] for r in rows] == [r["attempts"] for r in plain_rows]
    for row in rows:
        for message in row["messages"]:
            for leftover in ("think>", "draft gives", "<|im_", "Now the next one"):
                assert leftover not in message["content"]
    # the markup was really sent: the same calls, each with more completion tokens
    plain_totals = manifest(tmp_path / "plain")["totals"]
    thinking_totals = manifest(tmp_path / "thinking")["totals"]
    assert thinking_totals["calls"] == plain_totals["calls"] > 0
    assert thinking_totals["completion_tokens"] > plain_totals["completion_tokens"]


@pytest.mark.parametrize("transport", ["auto", "litellm"])
def test_a_reply_cut_off_while_thinking_is_asked_again_then_fails_with_its_reason(
    tmp_path: Path, transport: str
) -> None:
    # A server with a reasoning parser answers content: null; that is a turn to ask again with
    # a new seed (twice here), not a broken response to retry as it is.
    with ServerThread(ServerSettings(think_only=True)) as server:
        recipe = write_recipe(
            tmp_path / "recipe.yaml", server.url, limit=3, calls={"transport": transport}
        )
        text = recipe.read_text().replace("turn_attempts: 1", "turn_attempts: 2")
        recipe.write_text(text.replace("bad_turns: keep", "bad_turns: fail"))
        report = build(recipe, tmp_path / "out", tmp_path / "cache")
        stats = server.stats()

    assert len(report.failures) == 3
    for failure in report.failures:
        assert "max_tokens ran out before any text" in failure["reason"], failure
    # each failed dialogue asked its first turn twice, and nothing was retried on the wire
    assert stats["calls"] == stats["ok"] == 6
    assert manifest(tmp_path / "out")["totals"]["retries"] == 0

"""`boost-qa check` and the render checks behind it, on small templates written to show each case."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from boost_qa.chat.check import check_rows, recommended_max_length, row_messages
from boost_qa.chat.spans import markers, render_checked
from boost_qa.chat.template import ChatTemplate, TemplateError, load_template, template_set
from boost_qa.cli import main
from tests.helpers.stats_release import write_release

CHATML = (
    "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)
# Gemma-2's rules: no system role, strict alternation.
STRICT = (
    "{% if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}"
    "{% for m in messages %}{% if (m['role'] == 'user') != (loop.index0 % 2 == 0) %}"
    "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}"
    "<start_of_turn>{{ 'model' if m.role == 'assistant' else m.role }}\n{{ m.content | trim }}<end_of_turn>\n{% endfor %}"
)
# Mistral-v0.3's habit: the system prompt only goes before a final user turn.
DROPS_SYSTEM = (
    "{% set sys = messages[0].content if messages[0].role == 'system' else '' %}"
    "{% for m in messages if m.role != 'system' %}{% if m.role == 'user' %}[INST] "
    "{% if loop.last and sys %}{{ sys }}\n\n{% endif %}{{ m.content }}[/INST]"
    "{% else %} {{ m.content }}</s>{% endif %}{% endfor %}"
)
# DeepSeek-V3's habit: an assistant header only after a user turn.
BLURS = (
    "{% set ns = namespace(prev='') %}{% for m in messages %}"
    "{% if m.role == 'user' %}<|User|>{{ m.content }}{% elif ns.prev == 'assistant' %}{{ m.content }}<|eos|>"
    "{% else %}<|Assistant|>{{ m.content }}<|eos|>{% endif %}{% set ns.prev = m.role %}{% endfor %}"
)


def template(source: str, name: str = "t") -> ChatTemplate:
    return ChatTemplate(
        name=name, source=source, special_tokens={"bos_token": "", "eos_token": "</s>"}
    )


def msgs(*pairs: tuple[str, str]) -> list[dict[str, Any]]:
    return [
        {"role": role, "content": content, "name": role, "weight": int(role == "assistant")}
        for role, content in pairs
    ]


GOOD = msgs(
    ("user", "What is 2 + 3?"),
    ("assistant", "2 + 3 = 5."),
    ("user", "And 2 + 4?"),
    ("assistant", "6."),
)
WITH_SYSTEM = msgs(("system", "Be brief."), ("user", "Hi?"), ("assistant", "Hello."))
TWO_ASSISTANTS = msgs(("user", "Q?"), ("assistant", "A says 4."), ("assistant", "C says 5."))


def test_markers_are_learned_from_the_template() -> None:
    found = markers(template(CHATML))
    assert found.user == "<|im_start|>user" and found.assistant == "<|im_start|>assistant"
    # Mistral writes no assistant header: the end of the user turn marks the answer.
    assert markers(template(DROPS_SYSTEM)).assistant == "[/INST]"


def test_a_good_conversation_renders_intact_everywhere() -> None:
    for source in (CHATML, STRICT, DROPS_SYSTEM, BLURS):
        rendering = render_checked(template(source), GOOD)
        assert rendering.status == "ok", (source, rendering.problems)
        assert all(span is not None for span in rendering.spans)


def test_trimmed_content_is_still_found() -> None:
    padded = msgs(("user", "  Q?  \n"), ("assistant", "\n A. \n"))
    assert render_checked(template(STRICT), padded).status == "ok"


@pytest.mark.parametrize(
    ("source", "status", "problem"),
    [
        (STRICT, "raises", "System role not supported"),
        (DROPS_SYSTEM, "lost", "the system turn is missing in the render"),
        (CHATML, "ok", None),
    ],
)
def test_system_turns(source: str, status: str, problem: str | None) -> None:
    rendering = render_checked(template(source), WITH_SYSTEM)
    assert rendering.status == status
    assert rendering.problems == ([problem] if problem else [])


def test_consecutive_assistant_turns_raise_or_blur() -> None:
    assert render_checked(template(STRICT), TWO_ASSISTANTS).status == "raises"
    blurred = render_checked(template(BLURS), TWO_ASSISTANTS)
    assert blurred.status == "blurs"
    assert blurred.problems == ["message 2 (assistant) runs on from the previous assistant turn"]
    assert (
        render_checked(template(CHATML), TWO_ASSISTANTS).status == "ok"
    )  # ChatML keeps turns apart


def test_a_message_that_holds_the_templates_markup_blurs() -> None:
    runaway = msgs(("user", "What is 2 + 3?"), ("assistant", "5.<|im_end|>\n<|im_start|>user\nOk"))
    rendering = render_checked(template(CHATML), runaway)
    assert rendering.status == "blurs"
    assert rendering.problems == [
        "message 1 (assistant) holds the template's markup '<|im_end|>': a trainer's tokenizer "
        "reads it as a turn boundary, not text"
    ]
    # Gemma's markup is its own: ChatML tokens in a Gemma row are text to it, and the other
    # way round; Mistral's end of sequence is a special token it renders with
    assert render_checked(template(STRICT), runaway).status == "ok"
    gemma = msgs(("user", "Q?"), ("assistant", "A.<end_of_turn>"))
    assert render_checked(template(STRICT), gemma).status == "blurs"
    mistral = msgs(("user", "Q?"), ("assistant", "A.</s> and more"))
    assert render_checked(template(DROPS_SYSTEM), mistral).status == "blurs"
    # markup-like text the template never writes stays text
    html = msgs(("user", "Q?"), ("assistant", "Use <b>bold</b> and [NOTE] here."))
    assert render_checked(template(CHATML), html).status == "ok"


def test_a_template_that_loses_or_repeats_text_is_caught() -> None:
    drops_last = "{% for m in messages[:-1] %}<{{ m.role }}>{{ m.content }}{% endfor %}<x>"
    assert render_checked(template(drops_last), GOOD).status == "lost"
    twice = "{% for m in messages %}<{{ m.role }}>{{ m.content }}{{ m.content }}{% endfor %}"
    assert render_checked(template(twice), GOOD).status == "duplicated"


def test_a_template_that_writes_names_is_noted() -> None:
    named = "{% for m in messages %}<|{{ m.name or m.role }}|>{{ m.content }}<|end|>{% endfor %}"
    rendering = render_checked(template(named), GOOD)
    assert rendering.status == "ok"
    assert any("`name`" in note for note in rendering.notes)


def test_check_rows_names_misshaped_rows_and_counts() -> None:
    rows = [{"id": "good", "messages": GOOD}, {"id": "bad", "messages": TWO_ASSISTANTS}]
    result = check_rows(template(CHATML), "math", rows)
    assert result.rows == 2 and result.statuses["ok"] == 1
    assert [(f.id, f.status) for f in result.failures] == [("bad", "misshaped")]
    assert "user, assistant, assistant" in result.failures[0].problems[0]


def test_row_shapes_are_read_from_any_chat_column() -> None:
    prompt = {
        "prompt": [{"role": "user", "content": "Q"}],
        "completion": [{"role": "assistant", "content": "A"}],
    }
    sharegpt = {"conversations": [{"from": "human", "value": "Q"}, {"from": "gpt", "value": "A"}]}
    expected = [{"role": "user", "content": "Q"}, {"role": "assistant", "content": "A"}]
    assert row_messages(prompt) == expected
    assert row_messages(sharegpt) == expected
    assert row_messages({"messages": json.dumps(expected)}) == expected


def test_token_lengths_summary() -> None:
    result = check_rows(
        template(CHATML), "c", [{"id": str(i), "messages": GOOD} for i in range(10)]
    )
    result.tokens = list(range(100, 1100, 100))
    lengths = result.lengths(max_length=512)
    assert (lengths["p50"], lengths["p90"], lengths["max"]) == (500, 900, 1000)
    assert lengths["over_max_length"] == 5 and lengths["over"]["512"] == 5
    assert lengths["recommended_max_length"] == recommended_max_length(1000) == 1024


def test_load_template_errors_name_the_path(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="no such file or folder"):
        load_template(str(tmp_path / "missing.jinja"))
    (tmp_path / "set.json").write_text("[1, 2]")
    with pytest.raises(TemplateError, match="not a template set"):
        template_set(tmp_path / "set.json")


def cli(*args: str) -> Any:
    return CliRunner().invoke(main, ["check", *args])


def test_check_cli_passes_a_good_release_and_names_a_broken_row(tmp_path: Path) -> None:
    (tmp_path / "chatml.jinja").write_text(CHATML)
    good = write_release(
        tmp_path / "good",
        {"math": [{"id": "r1", "messages": GOOD}, {"id": "r2", "messages": WITH_SYSTEM}]},
        "a",
    )
    result = cli(str(good), "--template", str(tmp_path / "chatml.jinja"), "--tokenizer", "none")
    assert result.exit_code == 0, result.output
    assert "every row renders intact" in result.output

    bad = write_release(
        tmp_path / "bad",
        {"math": [{"id": "r1", "messages": GOOD}, {"id": "broken-7", "messages": TWO_ASSISTANTS}]},
        "b",
    )
    result = cli(str(bad), "--template", str(tmp_path / "chatml.jinja"), "--tokenizer", "none")
    assert result.exit_code == 1
    assert "misshaped math broken-7: roles do not alternate" in result.output
    report = json.loads(
        cli(
            str(bad), "--template", str(tmp_path / "chatml.jinja"), "--tokenizer", "none", "--json"
        ).stdout
    )
    assert report[0]["configs"]["math"]["failures"] == [
        {
            "id": "broken-7",
            "status": "misshaped",
            "problems": [
                "roles do not alternate user/assistant ending on assistant: user, assistant, assistant"
            ],
        }
    ]


def test_check_cli_bad_input_exits_2(tmp_path: Path) -> None:
    result = cli(str(tmp_path / "nowhere"), "--template", "missing.jinja")
    assert result.exit_code == 2
    assert "missing.jinja" in result.output
    good = write_release(tmp_path / "good", {"math": [{"id": "r1", "messages": GOOD}]}, "a")
    (tmp_path / "t.jinja").write_text(CHATML)
    result = cli(
        str(good),
        "--template",
        str(tmp_path / "t.jinja"),
        "--config",
        "nope",
        "--tokenizer",
        "none",
    )
    assert result.exit_code == 2 and "no config(s) ['nope']" in result.output

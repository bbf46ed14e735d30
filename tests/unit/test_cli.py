"""The CLI's one error handler: a BoostQAError from any command is ``error: ...``, exit 2."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner

from boost_qa.cli import BoostQAGroup, main
from boost_qa.errors import BoostQAError, RecipeError
from tests.conftest import REPO


def _group(error: Exception) -> click.Group:
    @click.group(cls=BoostQAGroup)
    def group() -> None:
        """A group with one failing command."""

    @group.command()
    def boom() -> None:
        raise error

    return group


def test_a_boostqa_error_is_one_redacted_line_and_exit_2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "super-secret-value")
    error = RecipeError("models", "bad key super-secret-value for 'boost-qa[ray]' hf_abcdefghijkl")
    result = CliRunner().invoke(_group(error), ["boom"])
    assert result.exit_code == 2
    assert result.output.strip() == "error: models: bad key *** for 'boost-qa[ray]' ***"


def test_other_exceptions_are_not_swallowed() -> None:
    result = CliRunner().invoke(_group(RuntimeError("a bug")), ["boom"])
    assert result.exit_code == 1
    assert isinstance(result.exception, RuntimeError)


def test_every_command_is_under_the_handler(tmp_path: Path) -> None:
    assert isinstance(main, BoostQAGroup)
    result = CliRunner().invoke(main, ["publish", str(tmp_path), "--version", "1.0.0"])
    assert result.exit_code == 2
    assert result.output.strip() == "error: give exactly one of --repo OWNER/NAME or --to DIR"
    assert issubclass(RecipeError, BoostQAError)


def test_a_scripted_model_without_its_hook_stops_the_build_early(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BOOST_QA_PROVIDERS", raising=False)
    recipe = tmp_path / "recipe.yaml"
    recipe.write_text(
        yaml.safe_dump(
            {
                "name": "no-hook",
                "models": {"weak": "scripted/w", "mid": "scripted/m", "strong": "scripted/s"},
                "configs": [
                    {
                        "name": "math",
                        "source": {"path": str(REPO / "samples/gsm8k.jsonl")},
                        "preset": "orca-math",
                    }
                ],
            }
        )
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(recipe), "--out", str(out), "--no-progress"])
    assert result.exit_code == 2, result.output
    assert "scripted/m: the scripted/ provider is boost-qa's test model" in result.output
    assert "BOOST_QA_PROVIDERS=boost_qa.testing.scripted:register" in result.output
    assert not out.exists()

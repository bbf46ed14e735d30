"""Secrets never reach a release, the output or an error message (a build against the test server)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from boost_qa.cli import main
from boost_qa.testing.openai_server import ServerSettings, ServerThread
from tests.e2e.build.test_build_cli import write_recipe

FAKE = {
    "OPENAI_API_KEY": "sk-fake-openai-key-0123456789abcdef",
    "ANTHROPIC_API_KEY": "sk-ant-fake-key-0123456789abcdef",
    "HF_TOKEN": "hf_FakeHubToken0123456789abcdef",
    "MY_SERVICE_SECRET": "correct-horse-battery-staple",
}


def all_text(folder: Path) -> str:
    return "\n".join(
        p.read_bytes().decode("utf-8", "replace") for p in folder.rglob("*") if p.is_file()
    )


def test_no_secret_reaches_the_release_or_the_output(tmp_path, monkeypatch, cache_dir):
    for name, value in FAKE.items():
        monkeypatch.setenv(name, value)
    # The server rejects the key, so error messages about it are produced and recorded.
    with ServerThread(ServerSettings(require_token="another-key")) as server:
        recipe = write_recipe(
            tmp_path / "r.yaml",
            {},
            models={"weak": "openai/m", "mid": "openai/m", "strong": "openai/m"},
            generation={"api_base": server.url, "retriever": "lexical", "max_tokens": 16},
        )
        result = CliRunner().invoke(
            main, ["build", str(recipe), "--out", str(tmp_path / "out"), "--no-progress"]
        )
    # A refused key stops the build after a few calls (issue 14), with the refusal in the error.
    assert result.exit_code == 2
    text = all_text(tmp_path / "out") + result.output
    assert "401" in text
    for value in FAKE.values():
        assert value not in text

"""Secrets never reach a release, a log or an error; unsafe environments are refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from boost_qa.cli import main
from boost_qa.errors import SecurityError
from boost_qa.llm import safety
from boost_qa.testing.openai_server import ServerSettings, ServerThread
from tests.build.test_build_cli import write_recipe
from tests.conftest import REPO

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
    assert result.exit_code == 1  # every row failed with 401, and says so
    text = all_text(tmp_path / "out") + result.output
    assert "401" in text
    for value in FAKE.values():
        assert value not in text


def test_compromised_litellm_is_refused(monkeypatch):
    monkeypatch.setattr(safety.metadata, "version", lambda name: "1.82.7")
    with pytest.raises(SecurityError, match="compromised"):
        safety.check_litellm()


def test_litellm_init_pth_is_refused(monkeypatch, tmp_path):
    (tmp_path / "litellm_init.pth").write_text("import os")
    monkeypatch.setattr(safety, "_site_dirs", lambda: [tmp_path])
    with pytest.raises(SecurityError, match="litellm_init.pth"):
        safety.check_litellm()


def test_the_installed_litellm_passes():
    assert safety.check_litellm() not in safety.COMPROMISED_LITELLM


def test_no_code_path_trusts_remote_code():
    # Code, not prose: a keyword argument or a string key naming it.
    pattern = re.compile(r"trust_remote_code\s*=|[\"']trust_remote_code[\"']")
    offenders = [
        str(p.relative_to(REPO))
        for p in (REPO / "boost_qa").rglob("*.py")
        if pattern.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []

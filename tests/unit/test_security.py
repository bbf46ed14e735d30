"""Unsafe environments are refused; no code path trusts remote code (see also e2e/test_security.py)."""

from __future__ import annotations

import re

import pytest

from boost_qa.errors import SecurityError
from boost_qa.llm import safety
from tests.conftest import REPO


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

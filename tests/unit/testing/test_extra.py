"""The test tools name the testing extra when aiohttp is missing."""

from __future__ import annotations

import sys

import pytest

from boost_qa.testing import INSTALL_HINT, require_aiohttp


def test_missing_aiohttp_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "aiohttp", None)  # makes `import aiohttp` fail
    with pytest.raises(ImportError) as caught:
        require_aiohttp()
    assert "pip install 'boost-qa[testing]'" in str(caught.value)
    assert INSTALL_HINT == "pip install 'boost-qa[testing]'"


def test_the_servers_import_aiohttp_through_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m.startswith(("boost_qa.testing.", "aiohttp"))]:
        if name != "boost_qa.testing.scripted":
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "aiohttp", None)
    for module in ("boost_qa.testing.openai_server", "boost_qa.testing.hub"):
        with pytest.raises(ImportError, match=r"pip install 'boost-qa\[testing\]'"):
            __import__(module)

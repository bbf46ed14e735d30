"""The unit tier's guard: no subprocesses, no sockets, no models, no Ray.

Every unit test runs with process creation, socket connect/bind/listen and model loading
replaced by a function that raises :class:`TierError` (``llama_cpp.Llama`` too); ``import ray``
fails. A test that needs any of them belongs in ``tests/e2e`` (see CONTRIBUTING.md, "Tests").
``test_tiers.py`` checks the imports and markers of the unit modules statically.
"""

from __future__ import annotations

import importlib.machinery
import multiprocessing.process
import os
import socket
import subprocess
import sys
import types
from collections.abc import Callable, Iterator
from typing import Any

import pytest


class TierError(RuntimeError):
    """A unit test tried to use what only the e2e tier may use."""


def _refuse(what: str) -> Callable[..., Any]:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise TierError(f"a unit test may not {what}; move the test to tests/e2e")

    return refuse


def _process_starters() -> list[tuple[Any, str]]:
    starters: list[tuple[Any, str]] = [
        (subprocess.Popen, "_execute_child"),
        (multiprocessing.process.BaseProcess, "start"),
    ]
    starters += [
        (os, name) for name in ("fork", "forkpty", "posix_spawn", "posix_spawnp", "system")
    ]
    try:
        import multiprocess.process  # the fork of multiprocessing that `datasets` uses
    except ImportError:
        pass
    else:
        starters.append((multiprocess.process.BaseProcess, "start"))
    return starters


_STARTERS = _process_starters()


def _refusing_llama_cpp() -> types.ModuleType:
    """A stand-in for ``llama_cpp`` whose ``Llama`` (the model loader) raises."""
    module = types.ModuleType("llama_cpp")
    module.__spec__ = importlib.machinery.ModuleSpec("llama_cpp", None)
    module.Llama = _refuse("load the embedded model")  # type: ignore[attr-defined]
    return module


@pytest.fixture(autouse=True)
def unit_tier_guard(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Make processes, sockets, models and Ray fail loudly inside a unit test."""
    for owner, name in _STARTERS:
        if hasattr(owner, name):
            monkeypatch.setattr(owner, name, _refuse(f"start a process ({name})"))
    for name in ("connect", "connect_ex", "bind", "listen"):
        monkeypatch.setattr(socket.socket, name, _refuse(f"open a socket ({name})"))
    import boost_qa.embeddings

    monkeypatch.setattr(boost_qa.embeddings, "_model", _refuse("load an embedding model"))
    # llama.cpp stays importable (tests of the model's error paths run) but cannot load a model,
    # and a model an earlier e2e test loaded in this process is out of reach.
    monkeypatch.setitem(sys.modules, "llama_cpp", _refusing_llama_cpp())
    local_model = sys.modules.get("boost_qa.llm.local_model")
    if local_model is not None:
        monkeypatch.setattr(local_model, "_llama", None)
    monkeypatch.setitem(sys.modules, "ray", None)  # a None entry makes `import ray` fail
    yield

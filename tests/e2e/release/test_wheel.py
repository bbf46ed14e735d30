"""The wheel carries every file boost-qa reads at run time, so a pip install works as a checkout.

The prompt templates, the card templates (installed from ``dataset_card/`` as
``boost_qa.card_templates``) and the evaluate measurement modules are package data, not modules:
a missing glob in ``pyproject.toml`` would pass every test run from the checkout and break every
installed copy. The wheel is built offline from a copy of the sources, so the checkout gets no
``build/`` folder.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import REPO

_SKIP = shutil.ignore_patterns("__pycache__", "*.pyc")


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts]


def test_wheel_carries_every_runtime_file(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    for folder in ("boost_qa", "dataset_card"):
        shutil.copytree(REPO / folder, source / folder, ignore=_SKIP)

    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index"]
        + ["--wheel-dir", str(tmp_path / "dist"), str(source)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    # setuptools warns when a folder of package data is not declared (it may stop installing
    # such folders); every one is declared in pyproject.toml.
    assert "absent from the `packages` configuration" not in built.stderr + built.stdout

    (wheel,) = (tmp_path / "dist").glob("boost_qa-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "boost_qa/" + path.relative_to(REPO / "boost_qa").as_posix()
        for path in _files(REPO / "boost_qa")
    }
    expected |= {"boost_qa/card_templates/" + path.name for path in _files(REPO / "dataset_card")}
    assert any(name.endswith(".j2") for name in expected)  # the templates are looked at
    assert sorted(expected - names) == []

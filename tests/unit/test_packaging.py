"""Packaging and test configuration: every subpackage is installed, every test folder runs."""

import fnmatch
import tomllib

from tests.conftest import REPO


def test_every_subpackage_is_listed():
    listed = set(
        tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(init.parent.relative_to(REPO).parts)
        for init in (REPO / "boost_qa").rglob("__init__.py")
        if "modules" not in init.parts  # evaluate module folders are package data
    }
    assert found - listed == set()
    assert "boost_qa.card_templates" in listed  # mapped from dataset_card/


def test_pytest_collects_every_test_folder():
    # pytest's default norecursedirs contains "build": tests/e2e/build would silently go unrun.
    options = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["pytest"]
    patterns = options["ini_options"]["norecursedirs"]
    folders = [p for p in (REPO / "tests").rglob("*") if p.is_dir() and any(p.glob("test_*.py"))]
    assert (REPO / "tests" / "e2e" / "build") in folders
    for folder in folders:
        for part in folder.relative_to(REPO).parts:
            assert not any(fnmatch.fnmatch(part, pattern) for pattern in patterns), folder

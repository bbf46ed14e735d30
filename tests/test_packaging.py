"""The hand-written package list in pyproject.toml covers every subpackage."""

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

"""The public API: ``boost_qa.__all__`` resolves, lazily, to the one definition of each name."""

from __future__ import annotations

import ast
import importlib

import boost_qa
from tests.conftest import REPO


def test_star_import_resolves_every_name() -> None:
    namespace: dict[str, object] = {}
    exec("from boost_qa import *", namespace)  # noqa: S102 - the star import is the test
    assert sorted(name for name in namespace if not name.startswith("__")) == sorted(
        boost_qa.__all__
    )
    assert all(namespace[name] is not None for name in boost_qa.__all__)


def test_every_name_is_its_defining_modules_object() -> None:
    assert sorted(boost_qa.__all__) == sorted(boost_qa._EXPORTS)
    for name, module in boost_qa._EXPORTS.items():
        assert getattr(boost_qa, name) is getattr(importlib.import_module(module), name)


def test_the_entry_points_a_user_needs_are_exported() -> None:
    wanted = {
        "load_recipe",
        "Recipe",
        "build_release",
        "BuildOptions",
        "BuildReport",
        "MasterTransform",
        "GenerationSettings",
        "compute_stats",
        "publish_release",
    }
    assert wanted <= set(boost_qa.__all__)
    assert (
        boost_qa.compute_stats
        is importlib.import_module("boost_qa.release.statistics").compute_stats
    )


def test_unknown_names_are_attribute_errors() -> None:
    try:
        boost_qa.no_such_name  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


def test_importing_boost_qa_imports_nothing_heavy() -> None:
    # Outside ``if TYPE_CHECKING:``, the package module imports only the standard library, so
    # ``import boost_qa`` loads neither LiteLLM nor datasets.
    tree = ast.parse((REPO / "boost_qa" / "__init__.py").read_text(encoding="utf-8"))
    runtime = []
    for node in tree.body:
        if isinstance(node, ast.If):  # the TYPE_CHECKING block
            continue
        if isinstance(node, ast.Import):
            runtime += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            runtime.append(node.module or "")
    assert set(runtime) <= {"__future__", "importlib", "typing"}

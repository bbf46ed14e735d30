"""The layering rules of CONTRIBUTING.md ("Layering rules"), checked on every module's imports.

Data flows source → seeds → dialogues → statistics → release folder → Hub; a later layer may
import an earlier one (or its own), never the reverse. Imports are read with ``ast``, function
-level ones included, so a lazy import counts like any other.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO

LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"types", "errors", "redact", "text"}),
    frozenset({"llm", "seeds", "dialogue", "embeddings", "retrieval"}),
    frozenset({"transform"}),
    frozenset({"settings", "recipe"}),
    frozenset({"stats"}),
    frozenset({"chat", "judge"}),
    frozenset({"release"}),
    frozenset({"pipeline"}),
    frozenset({"publish"}),
    frozenset({"cli", "__main__", "__init__", "prompts"}),
)
"""Units of ``boost_qa`` (a subpackage or a top-level module), earliest layer first."""

TEST_TOOLS = "testing"
"""``boost_qa/testing/``: test tools (the ``testing`` extra); exempt from the order, never
imported by product code, and allowed LiteLLM and huggingface_hub (the scripted model, the Hub
emulator's clients)."""

ONLY_IMPORTED_BY: dict[str, frozenset[str]] = {
    "litellm": frozenset({"llm", TEST_TOOLS}),
    "huggingface_hub": frozenset({"release", "publish", TEST_TOOLS}),
}
"""Third-party packages that only these units may import."""

PENDING: frozenset[tuple[str, str]] = frozenset()
"""Known violations that other issue-13 branches remove: (importing file, imported unit).

An entry that no longer matches an import fails ``test_no_stale_pending_entries``: delete it.
"""

RANK = {unit: rank for rank, layer in enumerate(LAYERS) for unit in layer}


@dataclass(frozen=True)
class Import:
    """One import statement: which file (relative to the repository), which line, what it names."""

    path: str
    line: int
    name: str

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line} imports {self.name}"

    @property
    def source(self) -> str:
        """The importing unit: ``boost_qa/stats/report.py`` -> ``stats``."""
        parts = Path(self.path).parts[1:]
        return parts[0] if len(parts) > 1 else Path(self.path).stem

    @property
    def target(self) -> str | None:
        """The imported unit: ``boost_qa.stats.report`` -> ``stats``; outside boost_qa: None."""
        parts = self.name.split(".")
        if parts[0] != "boost_qa":
            return None
        return parts[1] if len(parts) > 1 else "__init__"


def imports_of(path: Path, root: Path = REPO) -> Iterator[Import]:
    """Every module one file imports, at any depth (module level, functions, TYPE_CHECKING)."""
    rel = path.relative_to(root)
    parts = list(rel.with_suffix("").parts)
    module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(rel))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(str(rel), node.lineno, alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if target == "boost_qa":  # `from boost_qa import stats` names a subpackage
                for alias in node.names:
                    yield Import(str(rel), node.lineno, f"boost_qa.{alias.name}")
            else:
                yield Import(str(rel), node.lineno, target)


def all_imports(root: Path = REPO) -> list[Import]:
    """The imports of every module of boost_qa."""
    return [
        imp for path in sorted((root / "boost_qa").rglob("*.py")) for imp in imports_of(path, root)
    ]


def _between_units(imports: list[Import]) -> Iterator[Import]:
    """Imports from one unit of boost_qa into another, PENDING ones left out."""
    for imp in imports:
        if imp.target is not None and imp.target != imp.source:
            if (imp.path, imp.target) not in PENDING:
                yield imp


# --- the rules, as functions of an import list (so the tests below can break them) -----------


def order_violations(imports: list[Import]) -> list[str]:
    """Imports of a later layer, and units missing from LAYERS."""
    problems = []
    for imp in _between_units(imports):
        source, target = imp.source, imp.target
        assert target is not None
        if TEST_TOOLS in (source, target):
            continue  # the test tools have their own rule
        missing = [unit for unit in (source, target) if unit not in RANK]
        if missing:
            problems.append(f"{imp.where}: {missing} in no layer (add to LAYERS, CONTRIBUTING.md)")
        elif RANK[target] > RANK[source]:
            problems.append(f"{imp.where}: {source} may not import the later {target}")
    return problems


def tools_import_violations(imports: list[Import]) -> list[str]:
    """Product modules importing boost_qa.testing."""
    return [
        f"{i.where}: product code may not import the test tools (boost_qa.testing)"
        for i in imports
        if i.target == TEST_TOOLS and i.source != TEST_TOOLS
    ]


def third_party_violations(imports: list[Import]) -> list[str]:
    """litellm outside llm/, huggingface_hub outside release/ and publish/."""
    problems = []
    for imp in imports:
        allowed = ONLY_IMPORTED_BY.get(imp.name.split(".")[0])
        if allowed is not None and imp.source not in allowed:
            problems.append(f"{imp.where}: only {sorted(allowed)} may import it")
    return problems


def unit_cycles(imports: list[Import]) -> list[list[str]]:
    """Cycles in the graph of units (PENDING imports left out)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for imp in _between_units(imports):
        assert imp.target is not None
        graph[imp.source].add(imp.target)
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return cycles


# --- the tests ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def imports() -> list[Import]:
    return all_imports()


def test_layers_point_one_way(imports: list[Import]) -> None:
    assert order_violations(imports) == []


def test_no_import_cycles_between_packages(imports: list[Import]) -> None:
    assert unit_cycles(imports) == []


def test_only_llm_imports_litellm_and_only_release_and_publish_import_the_hub(
    imports: list[Import],
) -> None:
    assert third_party_violations(imports) == []


def test_no_product_module_imports_the_test_tools(imports: list[Import]) -> None:
    assert tools_import_violations(imports) == []


def test_no_stale_pending_entries(imports: list[Import]) -> None:
    assert sorted(PENDING - {(i.path, i.target) for i in imports}) == []


def test_every_unit_has_a_layer(imports: list[Import]) -> None:
    assert sorted({i.source for i in imports} - set(RANK) - {TEST_TOOLS}) == []


# --- the checks catch what they must ------------------------------------------------------------


def _write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_a_backwards_import_is_caught(imports: list[Import]) -> None:
    bad = [*imports, Import("boost_qa/recipe.py", 1, "boost_qa.pipeline.quality")]
    assert any("recipe may not import the later pipeline" in p for p in order_violations(bad))
    assert unit_cycles(bad)  # the pipeline imports recipe: a cycle too


def test_a_function_level_import_counts(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "boost_qa/stats/x.py",
        "def f():\n    from boost_qa.publish import run\n    import litellm.utils\n",
    )
    found = list(imports_of(path, tmp_path))
    assert any("stats may not import the later publish" in p for p in order_violations(found))
    assert third_party_violations(found)


def test_third_party_and_test_tool_imports_are_caught(imports: list[Import]) -> None:
    bad = [
        *imports,
        Import("boost_qa/pipeline/estimate.py", 1, "litellm"),
        Import("boost_qa/stats/report.py", 1, "huggingface_hub.errors"),
        Import("boost_qa/pipeline/run.py", 1, "boost_qa.testing.scripted"),
    ]
    third = third_party_violations(bad)
    assert any(p.startswith("boost_qa/pipeline/estimate.py:1") for p in third)
    assert any(p.startswith("boost_qa/stats/report.py:1") for p in third)
    assert tools_import_violations(bad)


def test_relative_and_package_imports_resolve(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "boost_qa/stats/x.py",
        "from ..release import layout\nfrom . import quality\nfrom boost_qa import judge\n",
    )
    assert [i.target for i in imports_of(path, tmp_path)] == ["release", "stats", "judge"]

"""The unit tier stays honest: no server, Hub or Ray imports, no `embedded` marker, and the
guard in ``conftest.py`` is active."""

from __future__ import annotations

import ast
import socket
import subprocess
from pathlib import Path

import pytest

UNIT = Path(__file__).resolve().parent
FORBIDDEN = ("boost_qa.testing.openai_server", "boost_qa.testing.hub", "ray")


def _imports(tree: ast.AST) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append(node.module)
            names += [f"{node.module}.{alias.name}" for alias in node.names]
    return names


def _uses_embedded_marker(tree: ast.AST) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "embedded":
            if isinstance(node.value, ast.Attribute) and node.value.attr == "mark":
                return True
        if isinstance(node, ast.Constant) and node.value == "embedded":
            return True  # pytest.mark.usefixtures / getattr(pytest.mark, "embedded")
    return False


def violations(folder: Path) -> list[str]:
    """Every forbidden import or `embedded` marker in the Python files under ``folder``."""
    found = []
    for path in sorted(folder.rglob("*.py")):
        if path == Path(__file__).resolve():
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        name = path.relative_to(folder.parent)
        for module in _imports(tree):
            if any(module == bad or module.startswith(bad + ".") for bad in FORBIDDEN):
                found.append(f"{name} imports {module}")
        if _uses_embedded_marker(tree):
            found.append(f"{name} uses the embedded marker")
    return found


def test_unit_modules_import_no_server_hub_or_ray_and_use_no_embedded_marker() -> None:
    assert violations(UNIT) == []


def test_every_test_module_is_in_a_tier() -> None:
    tests = UNIT.parent
    outside = [
        str(path.relative_to(tests))
        for path in sorted(tests.rglob("test_*.py"))
        if path.relative_to(tests).parts[0] not in ("unit", "e2e")
    ]
    assert outside == []


def test_the_static_check_finds_what_it_forbids(tmp_path: Path) -> None:
    unit = tmp_path / "unit"
    unit.mkdir()
    (unit / "test_bad.py").write_text(
        "import ray.data\n"
        "from boost_qa.testing import hub\n"
        "from boost_qa.testing.openai_server import ServerThread\n"
        "import pytest\n"
        "pytestmark = pytest.mark.embedded\n"
    )
    (unit / "test_fine.py").write_text("from boost_qa.testing import background\nimport rayon\n")
    assert violations(unit) == [
        "unit/test_bad.py imports ray.data",
        "unit/test_bad.py imports boost_qa.testing.hub",
        "unit/test_bad.py imports boost_qa.testing.openai_server",
        "unit/test_bad.py imports boost_qa.testing.openai_server.ServerThread",
        "unit/test_bad.py uses the embedded marker",
    ]


def test_the_guard_refuses_processes_sockets_models_and_ray() -> None:
    # RuntimeError: conftest.TierError is imported under another module name here.
    with pytest.raises(RuntimeError, match="start a process"):
        subprocess.run(["true"], check=False)
    with pytest.raises(RuntimeError, match="open a socket"):
        socket.create_connection(("127.0.0.1", 9), timeout=0.1)
    with pytest.raises(RuntimeError, match="open a socket"):
        socket.socket().bind(("127.0.0.1", 0))
    from boost_qa.embeddings import embed

    with pytest.raises(RuntimeError, match="embedding model"):
        embed(["a sentence"])
    from llama_cpp import Llama

    with pytest.raises(RuntimeError, match="embedded model"):
        Llama(model_path="model.gguf")
    with pytest.raises(ImportError):
        import ray  # noqa: F401

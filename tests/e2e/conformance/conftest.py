"""Releases the conformance suite renders: one built with the scripted model, one with the real
embedded model, both from ``recipe.yaml`` (every scenario and every ``system`` policy)."""

from __future__ import annotations

import hashlib
import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from boost_qa.chat.template import ChatTemplate, template_set
from tests.conftest import ROLES

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates" / "templates.json"
RECIPE = HERE / "recipe.yaml"

# Replies shaped like real model output: Markdown, code fences, lists, leading and trailing
# whitespace, quotes of other speakers and non-ASCII text, so templates that trim or escape
# content are exercised. Student replies carry numbers and code (every solving turn must
# answer, in math and in code); teacher replies carry no digits (a guiding turn must not give
# the result away). A reply takes a shape no earlier turn used, so no turn copies another.
STUDENT_SHAPES = (
    "  Let me think.\n\n1. First, 12 * 3 = 36.\n2. Then 36 - 4 = 32.\n\n```python\nprint(36 - 4)\n```\n\nFinal answer: 32  \n",
    "As Student A said, the rate matters.\n\n```python\ndef total(xs):\n    return sum(xs)\n```\n\nSo the answer is `total([1, 2])` = 3.",
    "**Step 1:** read the problem.\n**Step 2:** compute 7 × 8 = 56.\n\n> Note: units are cm².\n\n```python\narea = 7 * 8\n```\nFinal answer: 56 cm²",
    'I disagree with Student B: 40% of 25 is 10, not 15. Café owners say "¡olé!" — 10 it is.\n\n```python\nprint(0.4 * 25)\n```',
    "Quick check: 9 + 6 = 15, and 15 / 3 = 5.\n\n```python\nassert (9 + 6) / 3 == 5\n```\nSo 5 per group.",
    "## My solution\n\nThe costs add up: $4.50 + $2.25 = $6.75 (tax included).\n\n```python\ncost = 4.50 + 2.25\n```",
)
TEACHER_SHAPES = (
    "Good work on the setup! You found each step; now check the units again.",
    "Your reasoning is wrong in the second step: *half as many* means dividing, not adding.\n\n- Re-read the question.\n- Redo that step.",
    "  Think about which quantity changes and which stays the same — then combine them.  ",
)
_TAIL = ("carefully", "again", "slowly", "twice", "together", "first", "then", "here", "now", "so")


def varied_reply(name: str) -> Any:
    shapes = TEACHER_SHAPES if name == "teacher" else STUDENT_SHAPES

    def reply(messages: list[dict[str, str]]) -> str:
        digest = hashlib.sha256((name + repr(messages)).encode()).digest()
        seen = "\n".join(m["content"] for m in messages)
        fresh = [shape for shape in shapes if shape.strip()[:40] not in seen] or list(shapes)
        tail = " ".join(_TAIL[b % len(_TAIL)] for b in digest[1:13])
        return f"{fresh[digest[0] % len(fresh)]}\n\n({tail})"

    return reply


def build(out: Path, recipe: Path, *, strict: bool = True, **options: Any) -> Path:
    """Build a release; ``strict``: every row must be built (the scripted model's are)."""
    from boost_qa.pipeline.run import BuildOptions, build_release

    report = build_release(recipe, BuildOptions(out=out, progress=False, **options))
    if strict:
        assert report.exit_code == 0, report.failures
    assert report.totals["rows"] >= 3, report.failures
    return out


@pytest.fixture(scope="session")
def scripted_release(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The conformance recipe built with one scripted model per role."""
    from boost_qa.llm.litellm_client import configure

    configure()  # the scripted provider: BOOST_QA_PROVIDERS (tests/conftest.py)
    from boost_qa.testing.scripted import SCRIPTED

    root = tmp_path_factory.mktemp("conformance-scripted")
    recipe = yaml.safe_load(RECIPE.read_text())
    recipe["roles"] = {role: {"model": f"scripted/{role}"} for role in ROLES}
    path = HERE / f".recipe-scripted-{root.name}.yaml"  # beside recipe.yaml: same relative paths
    path.write_text(yaml.safe_dump(recipe))
    SCRIPTED.reset()
    for role in ROLES:
        SCRIPTED.script(role, [varied_reply(role)] * 500)
    try:
        yield build(root / "release", path, cache_dir=root / "cache")
    finally:
        path.unlink()
        SCRIPTED.reset()


@pytest.fixture(scope="session")
def embedded_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A smaller cut of the conformance recipe built with the real embedded SmolLM2 model."""
    if importlib.util.find_spec("llama_cpp") is None:
        pytest.skip("needs the local extra")
    root = tmp_path_factory.mktemp("conformance-embedded")
    recipe = yaml.safe_load(RECIPE.read_text())
    # Short replies, and every row kept (bad turns flagged, not failed): this release is here
    # to be rendered, whatever the 135M model writes.
    recipe["generation"].update(
        max_tokens=48, bad_turns="keep", length_limit="keep", turn_attempts=1
    )
    keep = {"math": 3, "system-keep": 2, "debate-all": 1}
    recipe["configs"] = [
        {**c, "seeds": {**c["seeds"], "limit": keep[c["name"]]}}
        for c in recipe["configs"]
        if c["name"] in keep
    ]
    path = HERE / f".recipe-embedded-{root.name}.yaml"
    path.write_text(yaml.safe_dump(recipe))
    try:
        # A turn left empty after its guards cannot be kept: such a row fails, the rest render.
        return build(root / "release", path, cache_dir=root / "cache", strict=False)
    finally:
        path.unlink()


@pytest.fixture(scope="session")
def templates() -> list[ChatTemplate]:
    """The 74 vendored real chat templates (see templates/SOURCES.md)."""
    return template_set(TEMPLATES)

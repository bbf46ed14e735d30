"""The vendored set of real chat templates the e2e conformance tests render under (moved from
tests/e2e/conformance/test_templates.py): the required ones are there, with provenance."""

from __future__ import annotations

import json

from tests.conftest import REPO

TEMPLATES = REPO / "tests" / "e2e" / "conformance" / "templates" / "templates.json"
REQUIRED = {
    "llama-3.1", "llama-3.3", "mistral-7b-v0.3", "mistral-nemo", "mistral-small-3.2", "gemma-2",
    "gemma-3", "gemma-4", "qwen2.5", "qwen3", "phi-3.5", "phi-4", "deepseek-r1-distill-llama",
    "deepseek-v3.1", "smollm2", "devstral",
}  # fmt: skip


def test_the_vendored_set_has_the_required_templates_with_provenance() -> None:
    entries = json.loads(TEMPLATES.read_text())
    assert REQUIRED <= set(entries)
    for slug, entry in entries.items():
        assert (TEMPLATES.parent / entry["file"]).is_file(), slug
        assert entry["vendored_from"] and entry["licence"], slug

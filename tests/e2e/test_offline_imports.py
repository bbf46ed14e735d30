"""A run that sets nothing still reads LiteLLM's bundled price map: no download at import.

The test environment sets ``LITELLM_LOCAL_MODEL_COST_MAP`` for every test, which would hide a
module that loads litellm before boost-qa defaults it; so each import order is tried in a fresh
interpreter without it.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import REPO

PROBE = """
import os, sys

seen = []


class Watch:
    def find_spec(self, name, path=None, target=None):
        if name == "litellm" and not seen:
            seen.append(os.environ.get("LITELLM_LOCAL_MODEL_COST_MAP"))
        return None


sys.meta_path.insert(0, Watch())
import importlib

importlib.import_module(sys.argv[1])
print(seen[0] if seen else "not loaded")
"""


@pytest.mark.parametrize(
    "module",
    [
        "boost_qa.cli",
        "boost_qa.pipeline.run",  # the build: reaches litellm through the batch engine first
        "boost_qa.llm.openai_direct",
        "boost_qa.llm.local_model",
        "boost_qa.testing.scripted",
    ],
)
def test_litellm_loads_only_after_the_offline_price_map_is_set(module: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "LITELLM_LOCAL_MODEL_COST_MAP"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, module],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    assert result.stdout.strip().splitlines()[-1] in ("True", "not loaded"), result.stdout
    assert "model cost map fetch" not in result.stderr

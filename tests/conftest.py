"""Test isolation: offline, private caches, no real keys; plus the scripted-model fixtures.

Environment variables are set before any test module imports datasets, huggingface_hub,
evaluate or litellm, which read them at import time. ``BOOST_QA_PROVIDERS`` registers the
scripted test model (``scripted/<name>``) in every process that configures LiteLLM, including
the builds and workers the tests start as subprocesses, which inherit the environment.
"""

from __future__ import annotations

import os
import tempfile

_HOME = tempfile.mkdtemp(prefix="boost-qa-tests-")
os.environ.update(
    {
        "HF_HUB_OFFLINE": "1",
        "HF_DATASETS_OFFLINE": "1",
        "HF_EVALUATE_OFFLINE": "1",
        # Nothing listens on port 9 (discard): any request that slips through fails at once.
        "HF_ENDPOINT": "http://127.0.0.1:9",
        "HF_HOME": os.path.join(_HOME, "hf"),
        "HF_HUB_DISABLE_TELEMETRY": "1",
        "LITELLM_LOCAL_MODEL_COST_MAP": "True",
        "BOOST_QA_CACHE_DIR": os.path.join(_HOME, "boost-qa-cache"),
        "TOKENIZERS_PARALLELISM": "false",
        "BOOST_QA_PROVIDERS": "boost_qa.testing.scripted:register",
    }
)
os.environ.pop("BOOST_QA_DISABLE_CACHE", None)

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
ROLES = (
    "teacher",
    "dull_student",
    "smart_student",
    "student_a",
    "student_b",
    "student_c",
    "diligent_student",
)


@pytest.fixture
def scripted() -> Iterator[Any]:
    """The process-wide scripted model, reset before and after the test."""
    from boost_qa.llm.litellm_client import configure
    from boost_qa.testing.scripted import SCRIPTED

    configure()  # registers the scripted provider (BOOST_QA_PROVIDERS, set above)

    SCRIPTED.reset()
    yield SCRIPTED
    SCRIPTED.reset()


@pytest.fixture
def scripted_roles() -> dict[str, dict[str, str]]:
    """Recipe `roles:` that route every role to its own scripted model, `scripted/<role>`."""
    return {role: {"model": f"scripted/{role}"} for role in ROLES}


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A request cache private to the test."""
    path = tmp_path / "cache"
    monkeypatch.setenv("BOOST_QA_CACHE_DIR", str(path))
    return path


@pytest.fixture
def seed_rows() -> list[dict[str, Any]]:
    """Canonical seed rows with analogues attached, as the transform receives them."""
    rows = []
    for i in range(6):
        rows.append(
            {
                "id": f"seed{i}",
                "question": f"Tom has {i + 2} apples and buys {i + 3} more. How many now?",
                "reference_answer": f"He has {i + 2} + {i + 3} = {2 * i + 5} apples. #### {2 * i + 5}",
                "context": None,
                "source": {
                    "dataset": "t",
                    "config": None,
                    "split": "train",
                    "revision": None,
                    "row": i,
                },
                "analog_question": "Ann has 4 pears and buys 5 more. How many now?",
                "analog_answer": "4 + 5 = 9. #### 9",
                "analog_retriever": "lexical:tfidf",
            }
        )
    return rows

"""Shared fixtures of the seed-layer tests: sample paths and a private datasets cache."""

import os

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_DATASETS_OFFLINE"] = "1"

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import datasets  # noqa: E402
import pytest  # noqa: E402

SAMPLES = Path(__file__).resolve().parents[3] / "samples"


@pytest.fixture(scope="session")
def samples() -> Path:
    return SAMPLES


@pytest.fixture(autouse=True)
def private_datasets_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Keep Arrow caches of these tests out of the user's ~/.cache (one cache per session)."""
    cache = tmp_path_factory.getbasetemp() / "hf-datasets-cache"
    cache.mkdir(exist_ok=True)
    monkeypatch.setattr(datasets.config, "HF_DATASETS_CACHE", cache)
    yield

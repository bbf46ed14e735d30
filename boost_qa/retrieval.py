"""Analogy retrieval: for each seed, a similar question from the pool (the source minus the seeds).

Questions are embedded with all-MiniLM-L6-v2 and compared by cosine similarity; one of the top-k
is picked with a seeded choice. Without the ``embed`` extra a TF-IDF cosine retriever stands in,
and every analogy row records which retriever found its analogue (``analog_retriever``).
A seed is never its own analogue: pool rows with the same id or the same question are excluded.
When every source row is a seed, the other seeds stand in for the pool (`analogy_pool`).
"""

from __future__ import annotations

import math
import re
from abc import ABC, abstractmethod
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Literal

import numpy as np
import xxhash
from datasets import Dataset

from boost_qa.dialogue.base import derive_seed
from boost_qa.embeddings import cached_embeddings, embed, embeddings_available
from boost_qa.errors import RecipeError

_WORD = re.compile(r"\w+", re.UNICODE)

PoolKind = Literal["non-seed rows", "other seeds"]
"""Where analogues come from: the paper's pool, or the seeds themselves when no other row exists."""


class Retriever(ABC):
    """Scores queries against a fitted pool of questions (higher is more similar)."""

    kind: str

    @abstractmethod
    def fit(self, pool: list[str], fingerprint: str) -> None:
        """Index the pool questions."""

    @abstractmethod
    def scores(self, queries: list[str]) -> np.ndarray:
        """A (queries x pool) matrix of cosine similarities."""


class EmbeddingRetriever(Retriever):
    """Cosine similarity of all-MiniLM-L6-v2 embeddings."""

    kind = "embedding:all-MiniLM-L6-v2"

    def __init__(self, cache_dir: Path | None = None) -> None:
        self.cache_dir = cache_dir
        self._pool = np.zeros((0, 384), dtype=np.float32)

    def fit(self, pool: list[str], fingerprint: str) -> None:
        """Embed the pool once, reusing cached vectors."""
        self._pool = cached_embeddings(pool, fingerprint, self.cache_dir)

    def scores(self, queries: list[str]) -> np.ndarray:
        """Dot products of unit vectors."""
        return embed(queries) @ self._pool.T


class LexicalRetriever(Retriever):
    """TF-IDF cosine similarity over word tokens, through an inverted index."""

    kind = "lexical:tfidf"

    def __init__(self) -> None:
        self._postings: dict[str, list[tuple[int, float]]] = {}
        self._idf: dict[str, float] = {}
        self._size = 0

    def fit(self, pool: list[str], fingerprint: str) -> None:
        """Build IDF weights and normalised postings."""
        counts = [Counter(_WORD.findall(text.lower())) for text in pool]
        df: Counter[str] = Counter(term for c in counts for term in c)
        self._size = len(pool)
        self._idf = {t: math.log((1 + self._size) / (1 + n)) + 1 for t, n in df.items()}
        postings: defaultdict[str, list[tuple[int, float]]] = defaultdict(list)
        for doc, c in enumerate(counts):
            weights = {t: (1 + math.log(n)) * self._idf[t] for t, n in c.items()}
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            for term, weight in weights.items():
                postings[term].append((doc, weight / norm))
        self._postings = dict(postings)

    def scores(self, queries: list[str]) -> np.ndarray:
        """Sparse dot products through the postings."""
        out = np.zeros((len(queries), self._size), dtype=np.float32)
        for row, text in enumerate(queries):
            c = Counter(_WORD.findall(text.lower()))
            weights = {t: (1 + math.log(n)) * self._idf[t] for t, n in c.items() if t in self._idf}
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            for term, weight in weights.items():
                for doc, doc_weight in self._postings[term]:
                    out[row, doc] += weight / norm * doc_weight
        return out


def make_retriever(kind: str, cache_dir: Path | None = None) -> Retriever:
    """The retriever a recipe asks for; ``auto`` means embeddings when the extra is installed."""
    if kind == "lexical" or (kind == "auto" and not embeddings_available()):
        return LexicalRetriever()
    if not embeddings_available():
        raise RecipeError(
            "retriever", "'embedding' needs the embed extra: pip install 'boost-qa[embed]'"
        )
    return EmbeddingRetriever(cache_dir)


def analogy_pool(seeds: Dataset, pool: Dataset, *, pool_size: int) -> tuple[Dataset, PoolKind]:
    """The pool analogues are retrieved from, and which kind it is.

    The MASTER paper's pool, the source rows that are not seeds, is used whenever it has at least
    one row, even fewer than ``top_k``: the draw is then among fewer candidates, but an analogue
    stays a question the build does not augment. Only when it is empty (every source row is a
    seed: a whole-dataset build or a small file) do the seeds themselves stand in, cut to
    ``pool_size``; `attach_analogues` still excludes each seed's own id and question, so every
    analogue is another seed. A ``pool_size`` of 0 asks for no pool and gets none.
    """
    if len(pool) or not len(seeds) or pool_size == 0:
        return pool, "non-seed rows"
    size = min(pool_size, len(seeds))
    # Its own fingerprint: the analogues' fingerprint and the embedding cache key follow the pool.
    fingerprint = xxhash.xxh64_hexdigest(f"{seeds._fingerprint}|other seeds|{size}".encode())
    return seeds.select(range(size), new_fingerprint=fingerprint), "other seeds"


def attach_analogues(
    seeds: Dataset,
    pool: Dataset,
    retriever: Retriever,
    *,
    top_k: int,
    seed: int,
    chunk_size: int = 256,
) -> Dataset:
    """Add ``analog_question``/``analog_answer``/``analog_retriever`` to analogy seeds.

    Only rows whose ``scenario`` is ``analogy`` get an analogue; others get nulls. A row left
    without a candidate (empty pool) keeps nulls and fails later with that reason recorded.
    """
    wanted = [i for i, name in enumerate(seeds["scenario"]) if name == "analogy"]
    found: dict[int, tuple[str, str]] = {}
    if wanted and len(pool):
        retriever.fit(pool["question"], pool._fingerprint)
        pool_ids, pool_questions = pool["id"], pool["question"]
        pool_answers = pool["reference_answer"]
        exclude: defaultdict[str, list[int]] = defaultdict(list)
        for index, (pid, text) in enumerate(zip(pool_ids, pool_questions, strict=True)):
            exclude[pid].append(index)
            exclude[text.strip()].append(index)
        for start in range(0, len(wanted), chunk_size):
            rows = seeds.select(wanted[start : start + chunk_size])
            matrix = retriever.scores(rows["question"])
            for offset, row in enumerate(rows):
                pick = _pick(matrix[offset], row, exclude, top_k, seed)
                if pick is not None:
                    found[wanted[start + offset]] = (pool_questions[pick], pool_answers[pick])

    def add(batch: dict[str, list[Any]], indices: list[int]) -> dict[str, list[Any]]:
        pairs = [found.get(i) for i in indices]
        batch["analog_question"] = [p[0] if p else None for p in pairs]
        batch["analog_answer"] = [p[1] if p else None for p in pairs]
        batch["analog_retriever"] = [retriever.kind if p else None for p in pairs]
        return batch

    return seeds.map(
        add,
        batched=True,
        with_indices=True,
        new_fingerprint=xxhash.xxh64_hexdigest(
            f"{seeds._fingerprint}|{pool._fingerprint}|{retriever.kind}|{top_k}|{seed}".encode()
        ),
        desc="Attaching analogues",
    )


def _pick(
    scores: np.ndarray,
    row: dict[str, Any],
    exclude: dict[str, list[int]],
    top_k: int,
    seed: int,
) -> int | None:
    scores = scores.astype(np.float64, copy=True)
    for key in (row["id"], row["question"].strip()):
        for index in exclude.get(key, ()):
            scores[index] = -math.inf
    candidates = [int(i) for i in np.argsort(-scores)[:top_k] if np.isfinite(scores[i])]
    if not candidates:
        return None
    return candidates[derive_seed(row["id"], "analogue", seed) % len(candidates)]

"""Lexical and semantic diversity of a set of dialogues.

- **distinct-n** (Li et al., 2016): distinct n-grams / all n-grams, n = 1..3, over lowercased
  whitespace tokens; n-grams never cross a turn boundary. ``NgramCounts`` keeps the n-gram sets
  and totals, so counts of shards merge exactly.
- **self-BLEU** on a seeded sample (``boost_qa.stats.bleu``): higher means more repetitive.
- **compression ratio**: zlib (level 9) size of all dialogue texts joined by newlines divided
  by their UTF-8 size; repetitive text compresses better, so lower means more repetitive.
- **embedding diversity**: mean pairwise cosine distance (1 - cosine similarity, over distinct
  pairs) of all-MiniLM-L6-v2 embeddings of a seeded sample of dialogue texts; the model reads at
  most 256 word pieces of each text, so long dialogues are judged by their opening. Needs the
  ``embed`` extra; without it the value is None and a note says why.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from typing import Any, Self

import numpy as np

from boost_qa.stats.bleu import sample_indices, self_bleu

MAX_N = 3
EMBED_MISSING = "embedding diversity skipped: the embed extra (sentence-transformers) is missing"


class NgramCounts:
    """Distinct and total n-gram counts (n = 1..3) over lowercased whitespace tokens.

    An n-gram is kept as its Python hash (an int, a quarter of the size of the tuple of
    strings); two distinct n-grams of one run share a 64-bit hash with negligible odds.
    """

    def __init__(self) -> None:
        self.seen: list[set[int]] = [set() for _ in range(MAX_N)]
        self.total = [0] * MAX_N

    def update(self, text: str) -> None:
        """Count one turn's n-grams."""
        tokens = text.lower().split()
        shifted = [tokens[i:] for i in range(MAX_N)]
        for n in range(1, MAX_N + 1):
            self.seen[n - 1].update(map(hash, zip(*shifted[:n], strict=False)))
            self.total[n - 1] += max(len(tokens) - n + 1, 0)

    def merge(self, other: Self) -> Self:
        """Add another counter's n-grams."""
        for n in range(MAX_N):
            self.seen[n] |= other.seen[n]
            self.total[n] += other.total[n]
        return self

    def finalize(self) -> dict[str, Any]:
        """``distinct_1``..``distinct_3`` (None without any n-gram) and the totals."""
        out: dict[str, Any] = {}
        for n in range(MAX_N):
            total = self.total[n]
            out[f"distinct_{n + 1}"] = round(len(self.seen[n]) / total, 6) if total else None
        out["ngrams"] = dict(zip(("1", "2", "3"), self.total, strict=True))
        return out


def distinct_n(texts: Sequence[str]) -> dict[str, Any]:
    """distinct-1/2/3 of ``texts`` (each text is one segment)."""
    counts = NgramCounts()
    for text in texts:
        counts.update(text)
    return counts.finalize()


def compression_ratio(texts: Iterable[str]) -> float | None:
    """zlib-9 compressed size / raw UTF-8 size of the texts joined by newlines (None if empty).

    Streamed through one compressor, which gives the bytes ``zlib.compress`` gives for the
    joined text, without joining it.
    """
    compressor = zlib.compressobj(9)
    raw = packed = 0
    for index, text in enumerate(texts):
        data = (text if index == 0 else "\n" + text).encode("utf-8")
        raw += len(data)
        packed += len(compressor.compress(data))
    packed += len(compressor.flush())
    return round(packed / raw, 6) if raw else None


def mean_cosine_distance(vectors: np.ndarray) -> float | None:
    """Mean of 1 - cosine similarity over all distinct pairs of unit vectors (None for < 2)."""
    count = len(vectors)
    if count < 2:
        return None
    total = vectors.sum(axis=0)
    # The sum of all pairwise dot products is |sum|^2; remove the n self-products.
    pair_sum = float(total @ total) - float(np.einsum("ij,ij->", vectors, vectors))
    return round(1.0 - pair_sum / (count * (count - 1)), 6)


def embed_sample(
    texts: Sequence[str], *, size: int, seed: int
) -> tuple[list[int], np.ndarray | None, str | None]:
    """Embed a seeded sample of ``texts``: (indices, vectors or None, note when skipped)."""
    from boost_qa.embeddings import embed, embeddings_available

    indices = sample_indices(len(texts), size, seed)
    if size <= 0 or not indices:
        return [], None, "embedding diversity skipped: embed sample size is 0"
    if not embeddings_available():
        return indices, None, EMBED_MISSING
    return indices, embed([texts[i] for i in indices]), None


def embedding_diversity(
    texts: Sequence[str], *, sample_size: int = 500, seed: int = 0
) -> dict[str, Any]:
    """Embedding diversity of a seeded sample: value, sample size and a note when skipped."""
    indices, vectors, note = embed_sample(texts, size=sample_size, seed=seed)
    value = None if vectors is None else mean_cosine_distance(vectors)
    return {"embedding_diversity": value, "embedding_sample": len(indices), "note": note}


def text_diversity(
    texts: Sequence[str], *, sample_size: int = 200, seed: int = 0
) -> dict[str, Any]:
    """distinct-n, self-BLEU and compression ratio of whole texts (one per dialogue)."""
    return {
        **distinct_n(texts),
        "self_bleu": rounded(self_bleu(texts, sample_size=sample_size, seed=seed)),
        "self_bleu_sample": min(len(texts), sample_size),
        "compression_ratio": compression_ratio(texts),
    }


def rounded(value: float | None) -> float | None:
    """``value`` rounded to 6 decimals (None stays None)."""
    return None if value is None else round(value, 6)

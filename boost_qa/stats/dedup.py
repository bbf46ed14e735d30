r"""Near-duplicate dialogues within one config: word shingles, MinHash LSH, exact confirmation.

Two dialogues are near duplicates when the Jaccard similarity of their 5-word shingle sets is at
least 0.8. Words are lowercased ``\w+`` runs of all turn texts joined (punctuation ignored); a
text shorter than five words is one shingle. Small sets (``exact_limit`` dialogues or fewer)
compare every pair exactly; larger ones take candidate pairs from a seeded MinHash LSH index
(``datasketch``, 128 permutations) and confirm each with the exact Jaccard, so both paths flag
the same pairs except for the rare pair LSH misses.

``NearDuplicateIndex`` takes the texts in batches, in dataset order, and keeps per row only the
hashes of its LSH bands (9 bands of 13 permutations for 0.8, as ``datasketch.MinHashLSH``
chooses, each band hashed to 64 bits: 72 bytes a row); the candidate pairs are the rows that
share a band, found by sorting each band's hashes when the last batch is in. Only the first
``exact_limit + 1`` rows' shingle sets are kept, and a candidate's text is read back through
``texts`` (by row index) to confirm it, so a config of any size takes a few bytes a row.

Similar pairs are joined into clusters. The first row of a cluster (in dataset order) is *not*
flagged and every other member is: dropping the flagged rows deduplicates the config and keeps
one representative of each cluster.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache

import numpy as np

SHINGLE_WORDS = 5
THRESHOLD = 0.8
NUM_PERM = 128
MINHASH_SEED = 1
EXACT_LIMIT = 200
_WORDS = re.compile(r"\w+")


def shingles(text: str, width: int = SHINGLE_WORDS) -> frozenset[str]:
    """The set of ``width``-word shingles of ``text`` (lowercased words, punctuation ignored)."""
    words = _WORDS.findall(text.lower())
    if len(words) <= width:
        return frozenset([" ".join(words)]) if words else frozenset()
    return frozenset(" ".join(words[i : i + width]) for i in range(len(words) - width + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Exact Jaccard similarity of two sets (0.0 when both are empty)."""
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


_BAND_MIX = np.uint64(0x9E3779B97F4A7C15)


def near_duplicates(
    texts: list[str],
    *,
    threshold: float = THRESHOLD,
    seed: int = MINHASH_SEED,
    exact_limit: int = EXACT_LIMIT,
) -> list[bool]:
    """Flag every text that near-duplicates an earlier member of its cluster."""
    index = NearDuplicateIndex(texts, threshold=threshold, seed=seed, exact_limit=exact_limit)
    index.add_batch(texts)
    return [bool(flag) for flag in index.flags()]


class NearDuplicateIndex:
    """Near-duplicate flags of texts added in batches; clusters span batches."""

    def __init__(
        self,
        texts: Sequence[str],
        *,
        threshold: float = THRESHOLD,
        seed: int = MINHASH_SEED,
        exact_limit: int = EXACT_LIMIT,
    ) -> None:
        """``texts`` reads back the text of an added row by its index (for confirmation)."""
        self.threshold, self.seed, self.exact_limit = threshold, seed, exact_limit
        self.count = 0
        self._first: list[frozenset[str]] = []
        self._keys: list[np.ndarray] = []
        self._filled: list[np.ndarray] = []
        self._shingles: Callable[[int], frozenset[str]] = lru_cache(maxsize=4096)(
            lambda i: shingles(texts[i])
        )
        self._ranges: list[tuple[int, int]] | None = None

    def add_batch(self, texts: Sequence[str]) -> None:
        """Add the next rows' texts (in dataset order)."""
        sets = [shingles(text) for text in texts]
        if self.count <= self.exact_limit:
            self._first.extend(sets[: self.exact_limit + 1 - len(self._first)])
        self.count += len(sets)
        if sets:
            self._keys.append(self._band_keys(sets))
            self._filled.append(np.fromiter((bool(s) for s in sets), dtype=bool, count=len(sets)))

    def flags(self) -> np.ndarray:
        """One bool per row: it joins a cluster whose first row is earlier."""
        parent = np.arange(self.count, dtype=np.int64)
        for i, j in self._candidates():
            if _find(parent, i) != _find(parent, j) and self._similar(i, j):
                _union(parent, i, j)
        roots = parent
        while True:
            above = roots[roots]
            if np.array_equal(above, roots):
                break
            roots = above
        return np.asarray(roots != np.arange(self.count), dtype=bool)

    def _similar(self, i: int, j: int) -> bool:
        if self.count <= self.exact_limit:
            return jaccard(self._first[i], self._first[j]) >= self.threshold
        return jaccard(self._shingles(i), self._shingles(j)) >= self.threshold

    def _candidates(self) -> Iterator[tuple[int, int]]:
        """Every pair (earlier, later) to confirm: all pairs while few, else shared LSH bands."""
        if self.count <= self.exact_limit:
            for j in range(self.count):
                for i in range(j + 1, self.count):
                    yield j, i
            return
        keys, filled = np.concatenate(self._keys), np.concatenate(self._filled)
        rows = np.flatnonzero(filled)
        for band in range(keys.shape[1]):
            values = keys[rows, band]
            order = np.argsort(values, kind="stable")
            ordered, members = values[order], rows[order]
            bounds = np.flatnonzero(np.diff(ordered)) + 1
            starts = np.concatenate(([0], bounds))
            ends = np.concatenate((bounds, [len(ordered)]))
            shared = ends - starts > 1
            for start, end in zip(starts[shared], ends[shared], strict=True):
                bucket = members[start:end]
                for later in range(1, len(bucket)):
                    for earlier in bucket[:later]:
                        yield int(earlier), int(bucket[later])

    def _band_keys(self, sets: list[frozenset[str]]) -> np.ndarray:
        """Per row, a 64-bit hash of each LSH band of its MinHash (rows x bands)."""
        from datasketch import MinHash, MinHashLSH

        if self._ranges is None:
            self._ranges = MinHashLSH(threshold=self.threshold, num_perm=NUM_PERM).hashranges
        hashes = MinHash.bulk(
            ([s.encode() for s in shingle_set] for shingle_set in sets),
            num_perm=NUM_PERM,
            seed=self.seed,
        )
        values = np.stack([h.hashvalues.astype(np.uint64) for h in hashes])
        keys = np.zeros((len(sets), len(self._ranges)), dtype=np.uint64)
        for band, (start, end) in enumerate(self._ranges):
            for column in range(start, end):
                keys[:, band] = keys[:, band] * _BAND_MIX + values[:, column]
        return keys


def _find(parent: np.ndarray, i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = int(parent[i])
    return i


def _union(parent: np.ndarray, i: int, j: int) -> None:
    """Join two clusters; the smaller index (the earlier row) stays the root."""
    a, b = _find(parent, i), _find(parent, j)
    if a != b:
        parent[max(a, b)] = min(a, b)

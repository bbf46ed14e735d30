r"""Near-duplicate dialogues within one config: word shingles, MinHash LSH, exact confirmation.

Two dialogues are near duplicates when the Jaccard similarity of their 5-word shingle sets is at
least 0.8. Words are lowercased ``\w+`` runs of all turn texts joined (punctuation ignored); a
text shorter than five words is one shingle. Small sets (``exact_limit`` dialogues or fewer)
compare every pair exactly; larger ones take candidate pairs from a seeded MinHash LSH index
(``datasketch``, 128 permutations) and confirm each with the exact Jaccard, so both paths flag
the same pairs except for the rare pair LSH misses.

Similar pairs are joined into clusters. The first row of a cluster (in dataset order) is *not*
flagged and every other member is: dropping the flagged rows deduplicates the config and keeps
one representative of each cluster.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

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


def near_duplicates(
    texts: list[str],
    *,
    threshold: float = THRESHOLD,
    seed: int = MINHASH_SEED,
    exact_limit: int = EXACT_LIMIT,
) -> list[bool]:
    """Flag every text that near-duplicates an earlier member of its cluster."""
    sets = [shingles(text) for text in texts]
    if len(sets) <= exact_limit:
        candidates: Iterable[tuple[int, int]] = (
            (i, j) for i in range(len(sets)) for j in range(i + 1, len(sets))
        )
    else:
        candidates = _lsh_candidates(sets, threshold, seed)
    parent = list(range(len(sets)))
    for i, j in candidates:
        if jaccard(sets[i], sets[j]) >= threshold:
            _union(parent, i, j)
    return [_find(parent, i) != i for i in range(len(sets))]


def _lsh_candidates(
    sets: list[frozenset[str]], threshold: float, seed: int
) -> list[tuple[int, int]]:
    from datasketch import MinHash, MinHashLSH

    hashes = MinHash.bulk(
        ([s.encode() for s in shingle_set] for shingle_set in sets), num_perm=NUM_PERM, seed=seed
    )
    index = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    pairs: list[tuple[int, int]] = []
    for i, minhash in enumerate(hashes):
        if not sets[i]:
            continue
        pairs.extend((j, i) for j in index.query(minhash))
        index.insert(i, minhash, check_duplication=False)
    return pairs


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _union(parent: list[int], i: int, j: int) -> None:
    """Join two clusters; the smaller index (the earlier row) stays the root."""
    a, b = _find(parent, i), _find(parent, j)
    if a != b:
        parent[max(a, b)] = min(a, b)

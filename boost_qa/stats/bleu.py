"""Self-BLEU: how much each dialogue repeats the others (1.0 = copies, 0.0 = nothing shared).

Each text of a seeded sample is scored with sentence BLEU-4 against all the *other* sampled texts
as references, and the scores are averaged (Zhu et al., Texygen, 2018). BLEU here is the usual
definition over lowercased whitespace tokens: modified n-gram precisions for n = 1..4 with counts
clipped by the highest count in any one reference, geometric mean, brevity penalty against the
reference length closest to the hypothesis length (the shorter on ties). Smoothing is add-one on
the precisions for n >= 2 (Lin and Och 2004; Chen and Cherry's method 2), so short texts do not
score zero; with no unigram in common the score is 0.

Clipping counts come from an index that keeps, for every n-gram, its two highest counts and
which texts have them: the best count among the *other* texts is then one lookup, and the whole
computation is linear in the sample's size rather than quadratic.
"""

from __future__ import annotations

import bisect
import math
import random
from collections import Counter
from collections.abc import Sequence

MAX_ORDER = 4
Ngram = tuple[str, ...]


def sample_indices(total: int, size: int, seed: int) -> list[int]:
    """A seeded sample of ``size`` indices out of ``total`` (all of them when fewer), in order."""
    if size >= total:
        return list(range(total))
    return sorted(random.Random(seed).sample(range(total), size))


def ngram_counts(tokens: Sequence[str], n: int) -> Counter[Ngram]:
    """Counts of the ``n``-grams of a token list."""
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def self_bleu(texts: Sequence[str], *, sample_size: int = 200, seed: int = 0) -> float | None:
    """Mean BLEU-4 of each sampled text against the other sampled texts; None for < 2 texts."""
    picked = [texts[i] for i in sample_indices(len(texts), sample_size, seed)]
    docs = [text.lower().split() for text in picked]
    if len(docs) < 2:
        return None
    counts = [[ngram_counts(doc, n) for n in range(1, MAX_ORDER + 1)] for doc in docs]
    best = [_top_two([c[n] for c in counts]) for n in range(MAX_ORDER)]
    lengths = sorted(len(doc) for doc in docs)
    scores = [
        _bleu(doc_id, counts[doc_id], best, _closest_other(lengths, len(docs[doc_id])))
        for doc_id in range(len(docs))
    ]
    return sum(scores) / len(scores)


def _top_two(
    per_doc: list[Counter[Ngram]],
) -> dict[Ngram, tuple[tuple[int, int], tuple[int, int]]]:
    """For each n-gram: its highest (count, doc) and second-highest (count, doc)."""
    best: dict[Ngram, tuple[tuple[int, int], tuple[int, int]]] = {}
    none = (0, -1)
    for doc_id, counter in enumerate(per_doc):
        for gram, count in counter.items():
            first, second = best.get(gram, (none, none))
            if count > first[0]:
                best[gram] = ((count, doc_id), first)
            elif count > second[0]:
                best[gram] = (first, (count, doc_id))
    return best


def _bleu(
    doc_id: int,
    counts: list[Counter[Ngram]],
    best: list[dict[Ngram, tuple[tuple[int, int], tuple[int, int]]]],
    ref_length: int,
) -> float:
    length = sum(counts[0].values())
    if length == 0:
        return 0.0
    log_sum = 0.0
    for order in range(MAX_ORDER):
        total = sum(counts[order].values())
        clipped = 0
        for gram, count in counts[order].items():
            first, second = best[order][gram]
            other = first[0] if first[1] != doc_id else second[0]
            clipped += min(count, other)
        if order == 0 and clipped == 0:
            return 0.0
        smooth = 0 if order == 0 else 1
        log_sum += math.log((clipped + smooth) / (total + smooth))
    penalty = 1.0 if length > ref_length else math.exp(1 - ref_length / length)
    return penalty * math.exp(log_sum / MAX_ORDER)


def _closest_other(lengths: list[int], length: int) -> int:
    """The length in ``lengths`` closest to ``length``, not counting one copy of itself."""
    left, right = bisect.bisect_left(lengths, length), bisect.bisect_right(lengths, length)
    if right - left > 1:
        return length
    below = lengths[left - 1] if left > 0 else None
    above = lengths[right] if right < len(lengths) else None
    if below is None:
        return above if above is not None else length
    if above is None or length - below <= above - length:
        return below
    return above

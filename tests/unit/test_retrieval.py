"""The analogy retrieval pool: the non-seed rows (paper), or the other seeds when every row is a
seed (moved from the analogy-pool e2e tests)."""

from __future__ import annotations

from boost_qa.retrieval import LexicalRetriever, analogy_pool, attach_analogues
from tests.helpers.analogy import empty_pool as _empty_pool
from tests.helpers.analogy import questions as _questions
from tests.helpers.analogy import seeds as _seeds


def test_fallback_pool_is_the_seeds_cut_to_pool_size():
    seeds = _seeds(_questions(6))
    pool, kind = analogy_pool(seeds, _empty_pool(), pool_size=4)
    assert kind == "other seeds" and pool["id"] == ["s0", "s1", "s2", "s3"]
    none, kind = analogy_pool(seeds, _empty_pool(), pool_size=0)
    assert kind == "non-seed rows" and len(none) == 0


def test_one_non_seed_row_keeps_the_paper_pool():
    seeds, pool = _seeds(_questions(6)), _seeds(["Ann has 3 pears. How many pears?"])
    kept, kind = analogy_pool(seeds, pool, pool_size=50)
    assert kind == "non-seed rows" and kept is pool


def test_fallback_never_picks_the_seed_or_its_question():
    questions = _questions(5)
    questions.append(questions[0])  # a duplicate question under another id
    seeds = _seeds(questions)
    pool, _ = analogy_pool(seeds, _empty_pool(), pool_size=50)
    out = attach_analogues(seeds, pool, LexicalRetriever(), top_k=10, seed=0)
    for question, analogue in zip(out["question"], out["analog_question"], strict=True):
        assert analogue is not None and analogue != question
    assert set(out["analog_retriever"]) == {"lexical:tfidf"}


def test_a_single_seed_still_has_no_analogue():
    seeds = _seeds(_questions(1))
    pool, kind = analogy_pool(seeds, _empty_pool(), pool_size=50)
    out = attach_analogues(seeds, pool, LexicalRetriever(), top_k=5, seed=0)
    assert kind == "other seeds" and out["analog_question"] == [None]


def test_fallback_has_its_own_deterministic_fingerprint():
    seeds = _seeds(_questions(6))
    pool, _ = analogy_pool(seeds, _empty_pool(), pool_size=50)
    again, _ = analogy_pool(seeds, _empty_pool(), pool_size=50)
    smaller, _ = analogy_pool(seeds, _empty_pool(), pool_size=3)
    assert pool._fingerprint == again._fingerprint
    assert len({seeds._fingerprint, pool._fingerprint, smaller._fingerprint}) == 3
    empty = attach_analogues(seeds, _empty_pool(), LexicalRetriever(), top_k=5, seed=0)
    fallback = attach_analogues(seeds, pool, LexicalRetriever(), top_k=5, seed=0)
    assert empty._fingerprint != fallback._fingerprint


class _Recording(LexicalRetriever):
    def __init__(self) -> None:
        super().__init__()
        self.fitted: list[str] = []

    def fit(self, pool: list[str], fingerprint: str) -> None:
        self.fitted.append(fingerprint)
        super().fit(pool, fingerprint)


def test_retriever_is_fitted_under_the_fallback_fingerprint():
    seeds = _seeds(_questions(6))
    pool, _ = analogy_pool(seeds, _empty_pool(), pool_size=50)
    retriever = _Recording()
    attach_analogues(seeds, pool, retriever, top_k=5, seed=0)
    assert retriever.fitted == [pool._fingerprint]

"""Counters add up: the engines merge workers' growth with them."""

from __future__ import annotations

import pytest

from boost_qa.llm.gateway import CallStats
from boost_qa.pipeline.engines import Counters
from boost_qa.types import ChatResult


def test_addition_and_subtraction_are_per_counter() -> None:
    a = Counters(calls=3, cache_hits=1, retries=2, failures=0, prompt_tokens=10, cost=0.5)
    b = Counters(calls=1, failures=1, completion_tokens=7, cost=0.25)
    total = a + b
    assert total == Counters(3 + 1, 1, 2, 1, 10, 7, 0.75)
    assert total - b == a and total - a == b
    assert a + Counters() == a and a - a == Counters()


def test_a_sum_of_growths_is_the_total_growth() -> None:
    reports = [Counters(calls=n, prompt_tokens=10 * n, cost=0.001 * n) for n in range(1, 6)]
    pairs = zip([Counters(), *reports[:-1]], reports, strict=True)
    growths = [after - before for before, after in pairs]
    assert sum(growths, Counters()) == reports[-1]


def test_dict_round_trip_keeps_the_call_stats_shape() -> None:
    stats = CallStats()
    stats.record(ChatResult(content="x", prompt_tokens=5, completion_tokens=3, cost=0.1234567))
    stats.record(ChatResult(content="y", prompt_tokens=2, cached=True))
    stats.bump("retries", 2)
    counters = Counters.of(stats)
    assert counters.to_dict() == stats.to_dict()
    assert list(counters.to_dict()) == list(stats.to_dict())  # the manifest's key order
    assert counters.cost == 0.123457  # rounded as the manifest shows it
    assert Counters.from_dict(counters.to_dict()) == counters
    assert Counters.from_dict({"calls": 2}) == Counters(calls=2)


def test_unknown_counters_are_refused() -> None:
    with pytest.raises(TypeError):
        Counters.from_dict({"calls": 1, "cpu_seconds": 2.0})


def test_growth_merged_into_call_stats_reads_back() -> None:
    stats = CallStats()
    before = Counters.of(stats)
    stats.add((Counters(calls=2, cost=0.5) + Counters(retries=1, cost=0.25)).to_dict())
    assert Counters.of(stats) - before == Counters(calls=2, retries=1, cost=0.75)

"""Statistics read the flags a build stored, so a row's flag and the card's rate agree."""

from __future__ import annotations

import datasets

from boost_qa.pipeline.quality import QualityPolicy, apply_quality
from boost_qa.stats import FLAG_NAMES, StatsSettings, analyse_config, flag_rates
from boost_qa.stats.card import stats_markdown
from boost_qa.stats.dedup import jaccard, shingles
from boost_qa.stats.quality import dialogue_text, dialogue_turns
from boost_qa.stats.report import flag_records
from tests.helpers.stats_release import rows_from_cases

THRESHOLD = 0.5


def with_a_loose_copy() -> datasets.Dataset:
    """The labelled rows and a copy of the first, edited to a Jaccard between 0.5 and 0.8."""
    rows = rows_from_cases()[:20]
    copy = dict(rows[0], id="copy")
    copy["messages"] = [
        {**m, "content": m["content"] + " and so on, as we said before, again"}
        for m in rows[0]["messages"]
    ]
    rows.append(copy)
    first, last = (shingles(dialogue_text(dialogue_turns(r))) for r in (rows[0], copy))
    assert THRESHOLD <= jaccard(first, last) < 0.8
    return datasets.Dataset.from_list(rows)


def test_stats_use_the_flags_the_build_stored() -> None:
    built, dropped = apply_quality(
        with_a_loose_copy(), QualityPolicy(near_duplicate_threshold=THRESHOLD)
    )
    assert dropped == {} and built[-1]["near_duplicate"] is True
    stored = [{name: row[name] for name in FLAG_NAMES} for row in built]

    analysis = analyse_config(built, StatsSettings(sample_size=5, embed_sample=0))
    records = [{k: r[k] for k in FLAG_NAMES} for r in flag_records("c", built, analysis.flags)]
    assert records == stored
    assert analysis.report["quality"] == flag_rates(stored)
    assert analysis.report["quality"]["counts"]["near_duplicate"] == 1
    card = stats_markdown({"configs": {"c": analysis.report}})["c"]
    assert f"| near_duplicate | {1 / 21:.3f} |" in card


def test_rows_without_flags_use_the_threshold_of_the_settings() -> None:
    rows = with_a_loose_copy()
    built, _ = apply_quality(rows, QualityPolicy(near_duplicate_threshold=THRESHOLD))
    settings = StatsSettings(sample_size=5, embed_sample=0, near_duplicate_threshold=THRESHOLD)
    computed = analyse_config(rows, settings)
    assert computed.report["quality"] == analyse_config(built, settings).report["quality"]
    default = analyse_config(rows, StatsSettings(sample_size=5, embed_sample=0))
    assert default.report["quality"]["counts"]["near_duplicate"] == 0

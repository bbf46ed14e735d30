"""What every engine hands back: good rows named by config, failed rows listed."""

from __future__ import annotations

from datasets import Dataset, concatenate_datasets

from boost_qa.pipeline.engines.result import with_config


def test_an_empty_table_of_several_blocks_takes_the_config_column() -> None:
    # A `--workers N` map concatenates N shards; when every row failed, the good rows are an
    # empty selection of a table of several blocks, which `add_column` cannot join as is.
    shards = [Dataset.from_dict({"id": [f"{n}-a", f"{n}-b"]}) for n in range(3)]
    rows = concatenate_datasets(shards).select([])
    named = with_config(rows, "math")
    assert len(named) == 0 and named.column_names == ["id", "config"]


def test_every_row_names_its_config_with_a_stable_fingerprint() -> None:
    rows = Dataset.from_dict({"id": ["a", "b"]})
    named = with_config(rows, "math")
    assert named["config"] == ["math", "math"]
    assert named._fingerprint == with_config(rows, "math")._fingerprint
    assert named._fingerprint != with_config(rows, "code")._fingerprint

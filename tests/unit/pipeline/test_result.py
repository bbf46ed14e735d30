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


def test_failed_rows_leave_and_good_rows_keep_their_order_without_an_indices_mapping() -> None:
    from boost_qa.pipeline.engines.result import split_failures
    from boost_qa.pipeline.prepare import PreparedConfig

    ids = [f"s{n}-debate" for n in range(6)]
    failure = {"turn": 2, "speaker": "teacher", "reason": "HTTP 500"}
    dialogues = Dataset.from_dict(
        {
            "id": ids,
            "seed_id": [f"s{n}" for n in range(6)],
            "scenario": ["debate"] * 6,
            "source": [{"row": n} for n in range(6)],
            "failure": [None, failure, None, None, failure, None],
        }
    )
    prepared = PreparedConfig.__new__(PreparedConfig)
    object.__setattr__(prepared, "name", "math")
    generated = split_failures(prepared, dialogues, "fp", {})
    assert generated.rows["id"] == [ids[0], ids[2], ids[3], ids[5]]
    assert generated.rows["config"] == ["math"] * 4
    assert "failure" not in generated.rows.column_names
    assert generated.rows._indices is None  # nothing left for a later flatten to copy
    assert [(f["id"], f["source_row"], f["reason"]) for f in generated.failures] == [
        (ids[1], 1, "HTTP 500"),
        (ids[4], 4, "HTTP 500"),
    ]
    again = split_failures(prepared, dialogues, "fp", {})
    assert again.rows._fingerprint == generated.rows._fingerprint

"""A skipped row names its data file and the 1-based line it starts on, where that is known."""

import os

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_DATASETS_OFFLINE"] = "1"

import csv  # noqa: E402
import gzip  # noqa: E402
import json  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import datasets  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
import pytest  # noqa: E402

from boost_qa.seeds import (  # noqa: E402
    PRESETS,
    SeedExtraction,
    SeedMapping,
    SourceSpec,
    extract_seeds,
    load_source,
    provenance_base,
)
from boost_qa.seeds.lines import locate_rows  # noqa: E402

Row = dict[str, Any]
GOOD: Row = {"question": "What is 2 + 2?", "answer": "4"}
EMPTY_Q: Row = {"question": "", "answer": "1"}
ZW_Q: Row = {"question": "\u200b\u2060", "answer": "1"}
NO_ANSWER: Row = {"question": "What is 5 + 5?", "answer": None}


def line(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False)


def extract(
    path: str | Path,
    preset: str | SeedMapping = "orca-math",
    base_dir: Path | None = None,
    max_rows: int | None = None,
    **spec: Any,
) -> SeedExtraction:
    source = SourceSpec(path=str(path), **spec)
    ds = load_source(source, base_dir=base_dir)
    mapping = PRESETS[preset] if isinstance(preset, str) else preset
    return extract_seeds(
        ds, mapping, provenance_base(source), source_name=str(path), max_rows=max_rows
    )


def places(result: SeedExtraction) -> list[tuple[Any, ...]]:
    """(row, file, line, reason) of each skipped row; None for a missing key."""
    return [(s["row"], s.get("file"), s.get("line"), s["reason"]) for s in result.skipped]


def assert_no_local_path(result: SeedExtraction, tmp_path: Path) -> None:
    for record in result.skipped:
        assert set(record) <= {"row", "file", "line", "reason"}
        assert str(tmp_path) not in json.dumps(record)
        assert str(tmp_path.name) not in json.dumps(record)
        if "file" in record:
            assert not os.path.isabs(record["file"]) and ".." not in record["file"]


def test_jsonl_lines_count_the_blank_lines_the_loader_skips(tmp_path: Path) -> None:
    text = "\n".join(
        [
            "",  # 1
            line(GOOD),  # 2: row 0
            "",  # 3
            "   \t",  # 4: whitespace only, skipped by the loader too
            line(EMPTY_Q),  # 5: row 1
            line(GOOD),  # 6: row 2
            "",  # 7
            "",  # 8
            line(ZW_Q),  # 9: row 3
            line(NO_ANSWER) + "\r",  # 10: row 4, CRLF line end
            line(GOOD),  # 11: row 5
        ]
    )
    path = tmp_path / "blank_lines.jsonl"
    path.write_bytes(text.encode("utf-8"))
    result = extract(path)
    assert result.scanned == 6
    assert places(result) == [
        (1, "blank_lines.jsonl", 5, "question is empty"),
        (3, "blank_lines.jsonl", 9, "question is empty"),
        (4, "blank_lines.jsonl", 10, "answer is missing"),
    ]
    assert_no_local_path(result, tmp_path)


def procqa_rows() -> list[dict[str, Any]]:
    def row(i: int, title: str, body: str, answer: str) -> dict[str, Any]:
        return {
            "question_id": 100 + i,
            "title": title,
            "question": body,
            "answer_id": 200 + i,
            "answer": answer,
        }

    return [
        row(0, "Flatten a list", "How do I flatten [[1], [2, 3]]?", "Use a comprehension."),
        row(1, "\u200b", " \ufeff", "An answer to nothing."),
        row(2, "Reverse a string", "How?", "s[::-1]"),
        row(3, "Sort a dict by value", "Which key function?", "\u2060"),
        row(4, "Read a file", "Line by line?", "for line in f: ..."),
    ]


def test_procqa_style_json_lines_file(tmp_path: Path) -> None:
    rows = procqa_rows()
    text = line(rows[0]) + "\n\n" + "\n".join(line(r) for r in rows[1:]) + "\n"
    path = tmp_path / "qa.en.python.json"
    path.write_text(text, encoding="utf-8")
    result = extract(path, "procqa")
    assert len(result.seeds) == 3
    assert places(result) == [
        (1, "qa.en.python.json", 3, "question is empty"),
        (3, "qa.en.python.json", 5, "answer is empty"),
    ]
    assert_no_local_path(result, tmp_path)


def test_procqa_style_folder_names_its_file(tmp_path: Path) -> None:
    rows = procqa_rows()
    folder = tmp_path / "procqa"
    folder.mkdir()
    text = "\n".join(line(r) for r in rows) + "\n"
    (folder / "qa.en.python.json").write_text(text, encoding="utf-8")
    result = extract("procqa", "procqa", base_dir=tmp_path)
    assert places(result) == [
        (1, "qa.en.python.json", 2, "question is empty"),
        (3, "qa.en.python.json", 4, "answer is empty"),
    ]
    assert_no_local_path(result, tmp_path)


def write_csv(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-8"))


def test_csv_lines_count_the_header_blank_lines_and_multi_line_fields(tmp_path: Path) -> None:
    text = (
        "question,answer\r\n"  # 1: header
        '"What is 2 + 2?",4\r\n'  # 2: row 0
        ",1\r\n"  # 3: row 1
        '"A question\n\nover three lines?","yes"\r\n'  # 4-6: row 2
        "\r\n"  # 7: blank, skipped by the loader
        "  \t\r\n"  # 8: spaces and tabs only, skipped too
        '"\u200b",1\r\n'  # 9: row 3
        '"What is ""5"" + 5?",\r\n'  # 10: row 4
        '"An answer over","two\nlines"\r\n'  # 11-12: row 5
        '"  ",1\r\n'  # 13: row 6, quoted blank is a row
        "What is 9 + 1?,10"  # 14: row 7, no line end
    )
    path = tmp_path / "questions.csv"
    write_csv(path, text)
    result = extract(path)
    assert result.scanned == 8
    assert result.seeds["question"] == [
        "What is 2 + 2?",
        "A question\n\nover three lines?",
        "An answer over",
        "What is 9 + 1?",
    ]
    assert places(result) == [
        (1, "questions.csv", 3, "question is empty"),
        (3, "questions.csv", 9, "question is empty"),
        (4, "questions.csv", 10, "answer is empty"),
        (6, "questions.csv", 13, "question is empty"),
    ]
    assert_no_local_path(result, tmp_path)


def test_csv_with_a_field_longer_than_the_csv_module_default(tmp_path: Path) -> None:
    long_answer = "x" * 200_000  # the csv module refuses fields over 128 KiB by default
    rows = [["question", "answer"], ["Q1?", long_answer], ["", "1"], ["Q3?", "3"]]
    path = tmp_path / "long.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    limit = csv.field_size_limit()
    result = extract(path)
    assert places(result) == [
        (0, "long.csv", 2, "answer longer than 20000 characters"),
        (1, "long.csv", 3, "question is empty"),
    ]
    assert csv.field_size_limit() == limit  # the process-wide limit is restored


def test_two_file_glob_names_the_file_and_its_own_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    first = [GOOD, EMPTY_Q, GOOD]
    second = [ZW_Q, GOOD, NO_ANSWER]
    (data / "part-0.jsonl").write_text("\n".join(line(r) for r in first) + "\n", "utf-8")
    (data / "part-1.jsonl").write_text(
        "\n\n" + line(second[0]) + "\n" + line(second[1]) + "\n\n" + line(second[2]) + "\n",
        "utf-8",
    )
    result = extract("data/part-*.jsonl", base_dir=tmp_path)
    assert result.scanned == 6
    assert places(result) == [
        (1, "part-0.jsonl", 2, "question is empty"),
        (3, "part-1.jsonl", 3, "question is empty"),
        (5, "part-1.jsonl", 6, "answer is missing"),
    ]
    assert_no_local_path(result, tmp_path)


def test_glob_with_clashing_base_names_names_the_file_below_their_folder(
    tmp_path: Path,
) -> None:
    for lang, rows in {"en": [GOOD, EMPTY_Q], "fr": [EMPTY_Q, GOOD]}.items():
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "train.jsonl").write_text(
            "\n".join(line(r) for r in rows) + "\n", "utf-8"
        )
    result = extract("*/train.jsonl", base_dir=tmp_path)
    assert places(result) == [
        (1, "en/train.jsonl", 2, "question is empty"),
        (2, "fr/train.jsonl", 1, "question is empty"),
    ]
    assert_no_local_path(result, tmp_path)


def test_glob_of_csv_files(tmp_path: Path) -> None:
    write_csv(tmp_path / "a.csv", 'question,answer\n"Q?",\n')
    write_csv(tmp_path / "b.csv", 'question,answer\n\n"Q?","A"\n"two\nlines",\n')
    result = extract("*.csv", base_dir=tmp_path)
    assert places(result) == [
        (0, "a.csv", 2, "answer is empty"),
        (2, "b.csv", 4, "answer is empty"),
    ]


def test_split_slice_and_max_rows_keep_the_lines_of_the_whole_file(tmp_path: Path) -> None:
    rows: list[dict[str, Any] | None] = [GOOD, EMPTY_Q, GOOD, None, ZW_Q, GOOD, EMPTY_Q]
    path = tmp_path / "slice.jsonl"
    path.write_text("\n".join(line(r) if r else "" for r in rows) + "\n", "utf-8")
    # The file's rows are 0..5 on lines 1, 2, 3, 5, 6, 7; the slice starts at file row 1.
    result = extract(path, split="train[1:]")
    assert places(result) == [
        (0, "slice.jsonl", 2, "question is empty"),
        (2, "slice.jsonl", 5, "question is empty"),
        (4, "slice.jsonl", 7, "question is empty"),
    ]
    result = extract(path, max_rows=3)
    assert places(result) == [(1, "slice.jsonl", 2, "question is empty")]


def test_streaming_source_names_its_one_file_but_no_line(tmp_path: Path) -> None:
    path = tmp_path / "stream.jsonl"
    path.write_text(f"{line(GOOD)}\n\n{line(EMPTY_Q)}\n{line(GOOD)}\n", "utf-8")
    result = extract(path, streaming=True, max_rows=10)
    assert places(result) == [(1, "stream.jsonl", None, "question is empty")]


def test_streaming_glob_keeps_row_and_reason_only(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for name in ("a", "b"):
        (data / f"{name}.jsonl").write_text(f"{line(EMPTY_Q)}\n", "utf-8")
    result = extract("data/*.jsonl", base_dir=tmp_path, streaming=True, max_rows=10)
    assert result.skipped == [
        {"row": 0, "reason": "question is empty"},
        {"row": 1, "reason": "question is empty"},
    ]


def test_parquet_rows_have_a_file_but_no_line(tmp_path: Path) -> None:
    for name, rows in {"a": [GOOD, EMPTY_Q], "b": [ZW_Q, GOOD]}.items():
        pq.write_table(pa.Table.from_pylist(rows), tmp_path / f"{name}.parquet")
    result = extract("*.parquet", base_dir=tmp_path)
    assert places(result) == [
        (1, "a.parquet", None, "question is empty"),
        (2, "b.parquet", None, "question is empty"),
    ]
    assert_no_local_path(result, tmp_path)


def test_json_array_file_has_a_file_but_no_line(tmp_path: Path) -> None:
    path = tmp_path / "array.json"
    path.write_text(json.dumps([GOOD, EMPTY_Q], indent=2), "utf-8")
    result = extract(path)
    assert places(result) == [(1, "array.json", None, "question is empty")]


def test_compressed_file_has_a_file_but_no_line(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl.gz"
    path.write_bytes(gzip.compress(f"{line(GOOD)}\n\n{line(EMPTY_Q)}\n".encode()))
    result = extract(path)
    assert places(result) == [(1, "rows.jsonl.gz", None, "question is empty")]


def test_files_whose_records_do_not_add_up_get_no_line(tmp_path: Path) -> None:
    # An array among JSON-lines files cannot be counted here: no file is named rather than a
    # wrong one; a lone file is still named.
    (tmp_path / "a.json").write_text(json.dumps([GOOD, EMPTY_Q]), "utf-8")
    (tmp_path / "b.json").write_text(f"{line(EMPTY_Q)}\n", "utf-8")
    result = extract("*.json", base_dir=tmp_path)
    assert places(result) == [
        (1, None, None, "question is empty"),
        (2, None, None, "question is empty"),
    ]


def test_datasets_not_loaded_by_load_source_keep_row_and_reason_only() -> None:
    ds = datasets.Dataset.from_list([GOOD, EMPTY_Q])
    prov = {"dataset": "hub/dataset", "config": None, "split": "train", "revision": None}
    result = extract_seeds(ds, PRESETS["orca-math"], prov, source_name="hub")
    assert result.skipped == [{"row": 1, "reason": "question is empty"}]
    assert locate_rows(ds, [0, 1]) == {}


def test_keys_are_in_reading_order(tmp_path: Path) -> None:
    path = tmp_path / "order.jsonl"
    path.write_text(f"{line(EMPTY_Q)}\n", "utf-8")
    [record] = extract(path).skipped
    assert list(record) == ["row", "file", "line", "reason"]


@pytest.mark.parametrize("split", ["train[:50%]", "train[-2:]"])
def test_percent_and_negative_slices(tmp_path: Path, split: str) -> None:
    path = tmp_path / "pct.jsonl"
    path.write_text("\n\n".join(line(r) for r in [EMPTY_Q, GOOD, EMPTY_Q, ZW_Q]) + "\n", "utf-8")
    # Rows 0..3 are on lines 1, 3, 5, 7.
    expected = {
        "train[:50%]": [(0, "pct.jsonl", 1, "question is empty")],
        "train[-2:]": [
            (0, "pct.jsonl", 5, "question is empty"),
            (1, "pct.jsonl", 7, "question is empty"),
        ],
    }
    assert places(extract(path, split=split)) == expected[split]

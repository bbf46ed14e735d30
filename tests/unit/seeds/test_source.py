import os

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_DATASETS_OFFLINE"] = "1"

import shutil  # noqa: E402
from pathlib import Path  # noqa: E402

import datasets  # noqa: E402
import pytest  # noqa: E402

from boost_qa.errors import RecipeError, SourceError  # noqa: E402
from boost_qa.seeds import SourceSpec, load_source, provenance_base  # noqa: E402

ROWS = [
    {"question": "What is 2 + 3?", "answer": "5"},
    {"question": "What is 10 - 4?", "answer": "6"},
    {"question": "What is 3 * 7?", "answer": "21"},
]


def test_relative_file_resolves_against_base_dir(samples: Path) -> None:
    ds = load_source(SourceSpec(path="orca_math.jsonl"), base_dir=samples)
    assert isinstance(ds, datasets.Dataset)
    assert ds.column_names == ["question", "answer"]
    assert len(ds) == 2


def test_absolute_file_and_split_slicing(samples: Path) -> None:
    ds = load_source(SourceSpec(path=str(samples / "gsm8k.jsonl"), split="train[:10]"))
    assert len(ds) == 10
    assert ds[0]["question"].startswith("Natalia sold clips")


def test_procqa_folder_with_json_lines_named_json(samples: Path) -> None:
    ds = load_source(SourceSpec(path="procqa"), base_dir=samples)
    assert isinstance(ds, datasets.Dataset)
    assert ds.column_names == ["question_id", "title", "question", "answer_id", "answer"]
    assert len(ds) == 24
    assert isinstance(ds[0]["question_id"], int)


def test_procqa_file_directly(samples: Path) -> None:
    ds = load_source(SourceSpec(path="procqa/qa.en.python.json"), base_dir=samples)
    assert len(ds) == 24


def test_glob_reads_every_matching_file(tmp_path: Path) -> None:
    datasets.Dataset.from_list(ROWS[:2]).to_json(tmp_path / "part-0.jsonl")
    datasets.Dataset.from_list(ROWS[2:]).to_json(tmp_path / "part-1.jsonl")
    ds = load_source(SourceSpec(path="part-*.jsonl"), base_dir=tmp_path)
    assert sorted(ds["answer"]) == ["21", "5", "6"]


def test_parquet_source(tmp_path: Path) -> None:
    datasets.Dataset.from_list(ROWS).to_parquet(tmp_path / "math.parquet")
    ds = load_source(SourceSpec(path="math.parquet"), base_dir=tmp_path)
    assert ds.to_list() == ROWS


def test_csv_source_keeps_every_cell_as_text(tmp_path: Path) -> None:
    rows = [*ROWS, {"question": "Which value is missing?", "answer": "NA"}]
    datasets.Dataset.from_list(rows).to_csv(tmp_path / "math.csv", index=False)
    ds = load_source(SourceSpec(path="math.csv"), base_dir=tmp_path)
    assert ds.to_list() == rows


def test_format_override_for_an_unusual_extension(tmp_path: Path, samples: Path) -> None:
    shutil.copy(samples / "orca_math.jsonl", tmp_path / "orca.txt")
    with pytest.raises(RecipeError) as info:
        load_source(SourceSpec(path="orca.txt"), base_dir=tmp_path)
    assert info.value.field == "source.format"
    ds = load_source(SourceSpec(path="orca.txt", format="jsonl"), base_dir=tmp_path)
    assert len(ds) == 2


def test_folder_with_format_override(tmp_path: Path, samples: Path) -> None:
    shutil.copy(samples / "orca_math.jsonl", tmp_path / "rows.data")
    ds = load_source(SourceSpec(path=str(tmp_path), format="json", data_files="rows.data"))
    assert len(ds) == 2


def test_data_files_only_for_folders_or_hub(samples: Path) -> None:
    with pytest.raises(RecipeError) as info:
        load_source(SourceSpec(path="orca_math.jsonl", data_files="x.jsonl"), base_dir=samples)
    assert info.value.field == "source.data_files"


def test_missing_local_file_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file or folder"):
        load_source(SourceSpec(path="nope.jsonl"), base_dir=tmp_path)
    with pytest.raises(SourceError, match="no file matches"):
        load_source(SourceSpec(path="nope-*.jsonl"), base_dir=tmp_path)


def test_unreachable_hub_dataset_is_a_source_error() -> None:
    with pytest.raises(SourceError, match="someone/not-a-dataset"):
        load_source(SourceSpec(path="someone/not-a-dataset"))


def test_unknown_split_is_a_source_error(samples: Path) -> None:
    with pytest.raises(SourceError, match="orca_math.jsonl"):
        load_source(SourceSpec(path="orca_math.jsonl", split="test"), base_dir=samples)


def test_truncated_jsonl_line_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "truncated.jsonl"
    bad.write_text('{"question": "a", "answer": "b"}\n{"question": "c", "answ', encoding="utf-8")
    with pytest.raises(SourceError) as info:
        load_source(SourceSpec(path=str(bad)))
    assert str(bad) in str(info.value)
    assert "line 2 is not valid JSON" in str(info.value)


def test_invalid_utf8_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.jsonl"
    bad.write_bytes('{"question": "caf\u00e9?", "answer": "yes"}\n'.encode("latin-1"))
    with pytest.raises(SourceError) as info:
        load_source(SourceSpec(path=str(bad)))
    assert str(bad) in str(info.value)
    assert "line 1 is not valid UTF-8" in str(info.value)


def test_undecodable_bytes_name_the_file_within_a_glob(tmp_path: Path) -> None:
    datasets.Dataset.from_list(ROWS).to_json(tmp_path / "part-0.jsonl")
    lines = b'{"question": "ok", "answer": "fine"}\n{"question": "\xff\xfe", "answer": "x"}\n'
    (tmp_path / "part-1.jsonl").write_bytes(lines)
    with pytest.raises(SourceError) as info:
        load_source(SourceSpec(path="part-*.jsonl"), base_dir=tmp_path)
    message = str(info.value)
    assert str(tmp_path / "part-1.jsonl") in message
    assert "line 2 is not valid UTF-8" in message


def test_streaming_gives_an_iterable_dataset(samples: Path) -> None:
    ds = load_source(SourceSpec(path="gsm8k.jsonl", streaming=True), base_dir=samples)
    assert isinstance(ds, datasets.IterableDataset)
    assert next(iter(ds))["question"].startswith("Natalia")


def test_provenance_base_keeps_none() -> None:
    spec = SourceSpec(path="microsoft/orca-math-word-problems-200k")
    assert provenance_base(spec) == {
        "dataset": "microsoft/orca-math-word-problems-200k",
        "config": None,
        "split": "train",
        "revision": None,
    }
    pinned = SourceSpec(path="teknium/OpenHermes-2.5", name="default", revision="abc123")
    assert provenance_base(pinned)["config"] == "default"
    assert provenance_base(pinned)["revision"] == "abc123"


def test_spec_is_strict() -> None:
    with pytest.raises(ValueError):
        SourceSpec.model_validate({"path": "x.jsonl", "trust_remote_code": True})
    with pytest.raises(ValueError):
        SourceSpec.model_validate({"path": "x.jsonl", "format": "xml"})
    with pytest.raises(ValueError):
        SourceSpec(path="  ")


@pytest.mark.parametrize(
    ("path", "dataset"),
    [
        ("/home/alice/data/gsm8k.jsonl", "gsm8k.jsonl"),
        ("/srv/checkout-2/data/gsm8k.jsonl", "gsm8k.jsonl"),
        ("~/data/gsm8k.jsonl", "gsm8k.jsonl"),
        ("/home/alice/data/notes/", "notes"),
        ("C:\\Users\\alice\\gsm8k.jsonl", "gsm8k.jsonl"),
        ("samples/gsm8k.jsonl", "samples/gsm8k.jsonl"),
        ("../samples/gsm8k.jsonl", "../samples/gsm8k.jsonl"),
        ("openai/gsm8k", "openai/gsm8k"),
    ],
)
def test_seed_ids_do_not_depend_on_where_the_files_sit(path: str, dataset: str) -> None:
    # An absolute path names one machine's folders: ids (and so every sampling seed, request
    # and cache key) would change with the checkout. A relative path or a Hub id is kept.
    assert provenance_base(SourceSpec(path=path))["dataset"] == dataset


def test_a_build_from_another_folder_gives_the_same_seed_ids(samples: Path, tmp_path: Path) -> None:
    from boost_qa.seeds import PRESETS, extract_seeds

    ids = []
    for folder in (tmp_path / "one", tmp_path / "two" / "deeper"):
        folder.mkdir(parents=True)
        copy = folder / "gsm8k.jsonl"
        copy.write_bytes((samples / "gsm8k.jsonl").read_bytes())
        spec = SourceSpec(path=str(copy))
        source = load_source(spec, base_dir=tmp_path)
        seeds = extract_seeds(
            source, PRESETS["orca-math"], provenance_base(spec), source_name=str(copy)
        ).seeds
        ids.append(seeds["id"])
    assert ids[0] == ids[1] and len(ids[0]) > 0

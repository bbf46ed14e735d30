import os

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_DATASETS_OFFLINE"] = "1"

import json  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import datasets  # noqa: E402
import pytest  # noqa: E402
import xxhash  # noqa: E402

from boost_qa.errors import MissingColumnError, RecipeError, SourceError  # noqa: E402
from boost_qa.seeds import (  # noqa: E402
    PRESETS,
    SEED_FEATURES,
    SeedExtraction,
    SeedMapping,
    SourceSpec,
    extract_seeds,
    load_source,
    provenance_base,
    seed_id,
    select_seeds,
)
from boost_qa.seeds import extract as extract_module  # noqa: E402


def extract_file(
    samples: Path, path: str, preset: str | SeedMapping, **spec: Any
) -> tuple[datasets.Dataset, SeedExtraction]:
    source = SourceSpec(path=path, **spec)
    ds = load_source(source, base_dir=samples)
    assert isinstance(ds, datasets.Dataset)
    mapping = PRESETS[preset] if isinstance(preset, str) else preset
    return ds, extract_seeds(ds, mapping, provenance_base(source), source_name=path)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


PROV = {"dataset": "memory", "config": None, "split": "train", "revision": None}


# --- presets on real samples -------------------------------------------------------------


def test_orca_math_seeds_are_verbatim_with_provenance(samples: Path) -> None:
    _, result = extract_file(samples, "orca_math.jsonl", "orca-math")
    rows = read_jsonl(samples / "orca_math.jsonl")
    seeds = result.seeds
    assert seeds.features == SEED_FEATURES
    assert result.scanned == 2 and result.skipped == [] and result.skipped_counts == {}
    assert seeds["question"] == [row["question"] for row in rows]
    assert seeds["reference_answer"] == [row["answer"] for row in rows]
    assert seeds["context"] == [None, None]
    assert seeds[1]["source"] == {
        "dataset": "orca_math.jsonl",
        "config": None,
        "split": "train",
        "revision": None,
        "row": 1,
    }


def test_gsm8k_ids_are_stable_distinct_and_documented(samples: Path) -> None:
    ds, first = extract_file(samples, "gsm8k.jsonl", "orca-math")
    _, second = extract_file(samples, "gsm8k.jsonl", "orca-math")
    assert len(first.seeds) == 500 and first.scanned == 500
    ids = first.seeds["id"]
    assert ids == second.seeds["id"]
    assert len(set(ids)) == 500
    assert first.seeds._fingerprint == second.seeds._fingerprint
    expected = xxhash.xxh64(
        "\x1f".join(["gsm8k.jsonl", "", "train", "", "7", ds[7]["question"]]).encode()
    ).hexdigest()
    assert ids[7] == expected
    assert seed_id(provenance_base(SourceSpec(path="gsm8k.jsonl")), 7, ds[7]["question"]) == (
        expected
    )
    assert first.seeds["source"][499]["row"] == 499


def test_id_depends_on_provenance(samples: Path) -> None:
    ds = load_source(SourceSpec(path="orca_math.jsonl"), base_dir=samples)
    assert isinstance(ds, datasets.Dataset)
    mapping = PRESETS["orca-math"]
    base = extract_seeds(ds, mapping, PROV, source_name="a").seeds
    pinned = extract_seeds(ds, mapping, {**PROV, "revision": "v2"}, source_name="a").seeds
    assert base["id"] != pinned["id"]
    assert pinned[0]["source"]["revision"] == "v2"
    assert base._fingerprint != pinned._fingerprint


def test_procqa_joins_title_and_body(samples: Path) -> None:
    ds, result = extract_file(samples, "procqa", "procqa")
    assert len(result.seeds) == 24
    for row, seed in zip(ds, result.seeds, strict=True):
        assert seed["question"] == f"{row['title']}\n\n{row['question']}"
        assert seed["reference_answer"] == row["answer"]
    assert len(set(result.seeds["id"])) == 24


def test_openhermes_first_human_and_first_gpt(samples: Path) -> None:
    _, result = extract_file(samples, "openhermes_2_5.jsonl", "openhermes")
    rows = read_jsonl(samples / "openhermes_2_5.jsonl")
    assert len(result.seeds) == 3
    for row, seed in zip(rows, result.seeds, strict=True):
        turns = row["conversations"]
        human = next(t for t in turns if t["from"] == "human")
        gpt = next(t for t in turns[turns.index(human) :] if t["from"] == "gpt")
        assert seed["question"] == human["value"]
        assert seed["reference_answer"] == gpt["value"]


def test_sharegpt_skips_empty_conversation_and_handles_gpt_first(samples: Path) -> None:
    _, result = extract_file(samples, "sharegpt_v3.jsonl", "openhermes")
    rows = read_jsonl(samples / "sharegpt_v3.jsonl")
    assert result.scanned == 60
    reversed_roles = "the first user turn is an assistant's reply (roles reversed)"
    assert result.skipped == [
        {"row": 4, "file": "sharegpt_v3.jsonl", "line": 5, "reason": reversed_roles},
        {"row": 46, "file": "sharegpt_v3.jsonl", "line": 47, "reason": "no user turn"},
    ]
    assert result.skipped_counts == {reversed_roles: 1, "no user turn": 1}
    assert len(result.seeds) == 58
    by_row = {seed["source"]["row"]: seed for seed in result.seeds}
    assert 4 not in by_row  # "Sure, I can do that. What new technology would you like ...?"
    assert 46 not in by_row
    turns = rows[8]["conversations"]
    assert turns[0]["from"] == "gpt"
    assert by_row[8]["question"] == turns[1]["value"]
    assert by_row[8]["reference_answer"] == turns[2]["value"]


def test_mbpp_with_a_generic_mapping(samples: Path) -> None:
    mapping = SeedMapping(question=["text"], answer="code")
    _, result = extract_file(samples, "mbpp.jsonl", mapping)
    rows = read_jsonl(samples / "mbpp.jsonl")
    assert len(result.seeds) == 100
    assert result.seeds[0]["question"] == rows[0]["text"]
    assert result.seeds[0]["reference_answer"] == rows[0]["code"]  # kept verbatim, \r\n and all


# --- in-memory sources ----------------------------------------------------------------------


def test_messages_preset_takes_system_turns_before_the_user_as_context() -> None:
    rows = [
        {
            "messages": [
                {"role": "system", "content": "You are a patient maths tutor."},
                {"role": "system", "content": "Answer in English."},
                {"role": "user", "content": "What is 7 * 8?"},
                {"role": "system", "content": "Not context: after the user turn."},
                {"role": "assistant", "content": "7 * 8 = 56."},
                {"role": "user", "content": "And 7 * 9?"},
                {"role": "assistant", "content": "63."},
            ]
        },
        {
            "messages": [
                {"role": "user", "content": "Name a prime."},
                {"role": "assistant", "content": "7"},
            ]
        },
    ]
    result = extract_seeds(
        datasets.Dataset.from_list(rows), PRESETS["messages"], PROV, source_name="chat"
    )
    first, second = result.seeds
    assert first["question"] == "What is 7 * 8?"
    assert first["reference_answer"] == "7 * 8 = 56."
    assert first["context"] == "You are a patient maths tutor.\n\nAnswer in English."
    assert second["context"] is None


def test_a_reasoning_trace_gives_its_answer_not_its_thinking() -> None:
    answer = "7 * 8 = 56.\nFinal answer: 56"
    traces = [
        f"<think>\nSeven eights... {'let me check. ' * 2000}56.\n</think>\n\n{answer}",  # R1
        "<|begin_of_thought|>\nhmm\n<|end_of_thought|>\n\n<|begin_of_solution|>\n"
        f"{answer}\n<|end_of_solution|>",  # OpenThoughts
        "<think>\nSeven eights are... and then the trace was cut",
        "<think>only thinking</think>",
    ]
    rows = [
        {
            "messages": [
                {"role": "user", "content": "What is 7 * 8?"},
                {"role": "assistant", "content": t},
            ]
        }
        for t in traces
    ]
    result = extract_seeds(
        datasets.Dataset.from_list(rows), PRESETS["messages"], PROV, source_name="r1"
    )
    # the long thinking is not what the length limit reads: the answer is short
    assert result.seeds["reference_answer"] == [answer, answer]
    reason = "answer is only a reasoning block (no answer after the thinking)"
    assert result.skipped == [{"row": 2, "reason": reason}, {"row": 3, "reason": reason}]


def test_alpaca_like_columns_join_instruction_and_input() -> None:
    rows = [
        {"instruction": "Translate to French.", "input": "Good morning", "output": "Bonjour"},
        {"instruction": "Name three primary colours.", "input": "", "output": "Red, blue, yellow"},
        {"instruction": "  ", "input": "", "output": "orphan answer"},
    ]
    mapping = SeedMapping(question=["instruction", "input"], answer="output")
    result = extract_seeds(datasets.Dataset.from_list(rows), mapping, PROV, source_name="alpaca")
    assert result.seeds["question"] == [
        "Translate to French.\n\nGood morning",
        "Name three primary colours.",
    ]
    assert result.skipped == [{"row": 2, "reason": "question is empty"}]


def test_context_column() -> None:
    rows = [
        {"sys": "Be brief.", "q": "2+2?", "a": "4"},
        {"sys": None, "q": "3+3?", "a": "6"},
        {"sys": "   ", "q": "4+4?", "a": "8"},
    ]
    mapping = SeedMapping(question=["q"], answer="a", context="sys")
    result = extract_seeds(datasets.Dataset.from_list(rows), mapping, PROV, source_name="ctx")
    assert result.seeds["context"] == ["Be brief.", None, None]


def test_bad_rows_are_skipped_with_reasons_and_counts() -> None:
    answers: list[Any] = ["fine", None, "", "   ", 42, "also fine", None]
    rows = [{"question": f"Question {i}?", "answer": a} for i, a in enumerate(answers)]
    rows.append({"question": None, "answer": "no question"})
    rows.append({"question": " \n\t", "answer": "blank question"})
    ds = datasets.Dataset.from_list(rows, on_mixed_types="use_json")
    result = extract_seeds(ds, PRESETS["orca-math"], PROV, source_name="bad")
    assert result.scanned == 9
    assert result.seeds["question"] == ["Question 0?", "Question 5?"]
    assert [seed["row"] for seed in result.seeds["source"]] == [0, 5]
    assert result.skipped == [
        {"row": 1, "reason": "answer is missing"},
        {"row": 2, "reason": "answer is empty"},
        {"row": 3, "reason": "answer is empty"},
        {"row": 4, "reason": "answer is not a string (int)"},
        {"row": 6, "reason": "answer is missing"},
        {"row": 7, "reason": "question is missing"},
        {"row": 8, "reason": "question is empty"},
    ]
    assert result.skipped_counts == {
        "answer is missing": 2,
        "answer is empty": 2,
        "answer is not a string (int)": 1,
        "question is missing": 1,
        "question is empty": 1,
    }
    chosen, pool = select_seeds(result.seeds, limit=1)  # seeds behind a filter's indices
    assert chosen["question"] == ["Question 0?"]
    assert pool["question"] == ["Question 5?"]


def test_bad_conversations_are_skipped_with_reasons() -> None:
    def turn(role: str, value: str) -> dict[str, str]:
        return {"from": role, "value": value}

    conversations = [
        [turn("human", "Hi?"), turn("gpt", "Hello.")],
        [turn("human", "Anyone there?")],
        [turn("gpt", "I speak first."), turn("human", "Then nobody answers.")],
        [],
        [turn("system", "Only a system prompt.")],
        [turn("human", "   "), turn("gpt", "Reply to nothing.")],
        [turn("human", "Question?"), turn("gpt", "")],
        [turn("human", "Q1"), turn("human", "Q2"), turn("gpt", "A")],
    ]
    ds = datasets.Dataset.from_list([{"conversations": c} for c in conversations])
    result = extract_seeds(ds, PRESETS["openhermes"], PROV, source_name="convs")
    assert [s["question"] for s in result.seeds] == ["Hi?", "Q1"]
    assert result.seeds["reference_answer"] == ["Hello.", "A"]
    reasons = {item["row"]: item["reason"] for item in result.skipped}
    assert reasons == {
        1: "no assistant reply after the first user turn",
        2: "no assistant reply after the first user turn",
        3: "no user turn",
        4: "no user turn",
        5: "question is empty",
        6: "answer is empty",
    }
    assert result.skipped_counts["no assistant reply after the first user turn"] == 2


def test_all_rows_skipped_gives_an_empty_seed_dataset() -> None:
    ds = datasets.Dataset.from_list([{"question": "", "answer": "x"}])
    result = extract_seeds(ds, PRESETS["orca-math"], PROV, source_name="empty")
    assert len(result.seeds) == 0
    assert result.seeds.features == SEED_FEATURES


def test_missing_column_lists_the_available_columns(samples: Path) -> None:
    ds = load_source(SourceSpec(path="mbpp.jsonl"), base_dir=samples)
    with pytest.raises(MissingColumnError) as info:
        extract_seeds(ds, PRESETS["orca-math"], PROV, source_name="mbpp")
    error = info.value
    assert error.missing == ["question", "answer"]
    assert "mbpp" in str(error)
    for column in ("text", "code", "task_id", "test_list"):
        assert column in str(error)


def test_invalid_provenance_is_rejected() -> None:
    ds = datasets.Dataset.from_list([{"question": "q", "answer": "a"}])
    with pytest.raises(ValueError, match="dataset"):
        extract_seeds(ds, PRESETS["orca-math"], {"split": "train"}, source_name="x")


def test_max_rows_on_a_dataset(samples: Path) -> None:
    ds = load_source(SourceSpec(path="gsm8k.jsonl"), base_dir=samples)
    prov = provenance_base(SourceSpec(path="gsm8k.jsonl"))
    result = extract_seeds(ds, PRESETS["orca-math"], prov, source_name="g", max_rows=25)
    assert result.scanned == 25 and len(result.seeds) == 25
    with pytest.raises(RecipeError) as info:
        extract_seeds(ds, PRESETS["orca-math"], prov, source_name="g", max_rows=-1)
    assert info.value.field == "source.max_rows"


# --- text-free text: zero-width and other format (Cf) characters -------------------------

# Each kind alone, repeated, and mixed with whitespace; all are Unicode category Cf.
TEXT_FREE = {
    "zero width space": "\u200b",
    "word joiner": "\u2060",
    "byte order mark": "\ufeff",
    "soft hyphen": "\u00ad",
    "left-to-right mark": "\u200e",
    "zero width joiner": "\u200d\u200d",
    "mixed with whitespace": " \u200b\n\t\u2060 \ufeff\u00a0",
}


@pytest.mark.parametrize("text", TEXT_FREE.values(), ids=TEXT_FREE.keys())
def test_text_free_question_or_answer_is_skipped_as_empty(text: str) -> None:
    rows = [
        {"question": text, "answer": "4"},
        {"question": "What is 2 + 2?", "answer": text},
        {"question": "What is 3 + 3?", "answer": "6"},
    ]
    result = extract_seeds(
        datasets.Dataset.from_list(rows), PRESETS["orca-math"], PROV, source_name="zw"
    )
    assert result.skipped == [
        {"row": 0, "reason": "question is empty"},
        {"row": 1, "reason": "answer is empty"},
    ]
    assert result.seeds["question"] == ["What is 3 + 3?"]


@pytest.mark.parametrize("text", TEXT_FREE.values(), ids=TEXT_FREE.keys())
def test_text_free_context_counts_as_no_context(text: str) -> None:
    rows = [{"sys": text, "q": "What is 2 + 2?", "a": "4"}]
    mapping = SeedMapping(question=["q"], answer="a", context="sys")
    result = extract_seeds(datasets.Dataset.from_list(rows), mapping, PROV, source_name="ctx")
    assert result.skipped == []
    assert result.seeds["context"] == [None]


@pytest.mark.parametrize("text", TEXT_FREE.values(), ids=TEXT_FREE.keys())
def test_text_free_question_columns_are_left_out_or_skip_the_row(text: str) -> None:
    rows = [
        {"title": "Flatten a list", "body": text, "answer": "Use a comprehension."},
        {"title": text, "body": text, "answer": "orphan answer"},
    ]
    mapping = SeedMapping(question=["title", "body"], answer="answer")
    result = extract_seeds(datasets.Dataset.from_list(rows), mapping, PROV, source_name="pq")
    assert result.seeds["question"] == ["Flatten a list"]
    assert result.skipped == [{"row": 1, "reason": "question is empty"}]


@pytest.mark.parametrize("text", TEXT_FREE.values(), ids=TEXT_FREE.keys())
def test_text_free_conversation_turns_are_empty(text: str) -> None:
    def turn(role: str, value: str) -> dict[str, str]:
        return {"from": role, "value": value}

    conversations = [
        [turn("system", text), turn("human", "Hi?"), turn("gpt", "Hello.")],
        [turn("human", text), turn("gpt", "Reply to nothing.")],
        [turn("human", "Question?"), turn("gpt", text)],
    ]
    ds = datasets.Dataset.from_list([{"conversations": c} for c in conversations])
    result = extract_seeds(ds, PRESETS["openhermes"], PROV, source_name="convs")
    assert result.seeds["question"] == ["Hi?"] and result.seeds["context"] == [None]
    assert result.skipped == [
        {"row": 1, "reason": "question is empty"},
        {"row": 2, "reason": "answer is empty"},
    ]


def test_text_with_format_characters_is_kept_verbatim() -> None:
    rows: list[dict[str, str | None]] = [
        {"sys": "\u200bBe brief.\u2060", "q": "2+2\u200b?", "a": "\u20604"},
        {"sys": None, "q": "\ufeffWhat is 3 + 3?", "a": "6\u00ad"},
        {"sys": " \u200b ", "q": "\u200e\u05e9\u05dc\u05d5\u05dd?", "a": "\u200d\U0001f44b"},
    ]
    mapping = SeedMapping(question=["q"], answer="a", context="sys")
    result = extract_seeds(datasets.Dataset.from_list(rows), mapping, PROV, source_name="keep")
    assert result.skipped == []
    assert result.seeds["question"] == [row["q"] for row in rows]
    assert result.seeds["reference_answer"] == [row["a"] for row in rows]
    assert result.seeds["context"] == ["\u200bBe brief.\u2060", None, None]
    assert result.seeds["id"][0] == seed_id(PROV, 0, "2+2\u200b?")


def test_text_free_rows_of_a_jsonl_file_are_skipped_with_their_line(tmp_path: Path) -> None:
    rows = [
        {"question": "\ufeff\u200b", "answer": "1"},
        {"question": "\ufeffWhat is 2 + 2?", "answer": "4"},
        {"question": "What is 5 + 5?", "answer": " \u2060\n"},
    ]
    path = tmp_path / "zw.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    ds = load_source(SourceSpec(path=str(path)))
    result = extract_seeds(ds, PRESETS["orca-math"], PROV, source_name="zw")
    assert result.seeds["question"] == ["\ufeffWhat is 2 + 2?"]
    assert result.skipped == [
        {"row": 0, "file": "zw.jsonl", "line": 1, "reason": "question is empty"},
        {"row": 2, "file": "zw.jsonl", "line": 3, "reason": "answer is empty"},
    ]


# --- streaming --------------------------------------------------------------------------------


@pytest.mark.parametrize("chunk", [10_000, 7])
def test_streaming_with_max_rows_matches_the_full_extraction(
    samples: Path, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A small chunk: the stream is turned into Arrow several times and concatenated.
    monkeypatch.setattr(extract_module, "_STREAM_CHUNK", chunk)
    path = str(samples / "gsm8k.jsonl")
    stream = datasets.load_dataset("json", data_files=path, split="train", streaming=True)
    assert isinstance(stream, datasets.IterableDataset)
    prov = provenance_base(SourceSpec(path="gsm8k.jsonl"))
    streamed = extract_seeds(stream, PRESETS["orca-math"], prov, source_name="g", max_rows=40)
    assert isinstance(streamed.seeds, datasets.Dataset)
    assert streamed.seeds.features == SEED_FEATURES
    assert streamed.scanned == 40 and len(streamed.seeds) == 40
    _, full = extract_file(samples, "gsm8k.jsonl", "orca-math")
    assert streamed.seeds["id"] == full.seeds["id"][:40]
    assert streamed.seeds.to_list() == full.seeds.select(range(40)).to_list()


def test_streaming_needs_max_rows(samples: Path) -> None:
    stream = load_source(SourceSpec(path="orca_math.jsonl", streaming=True), base_dir=samples)
    with pytest.raises(RecipeError) as info:
        extract_seeds(stream, PRESETS["orca-math"], PROV, source_name="s")
    assert info.value.field == "source.max_rows"


def test_streaming_without_features_peeks_at_the_first_row() -> None:
    def rows() -> Iterator[dict[str, Any]]:
        yield {"prompt": "Is 9 prime?", "completion": "No, 9 = 3 * 3."}
        yield {"prompt": "", "completion": "orphan"}
        yield {"prompt": "Is 11 prime?", "completion": "Yes."}

    stream = datasets.IterableDataset.from_generator(rows)
    assert stream.column_names is None
    with pytest.raises(MissingColumnError, match="prompt, completion"):
        extract_seeds(stream, PRESETS["orca-math"], PROV, source_name="gen", max_rows=10)
    mapping = SeedMapping(question=["prompt"], answer="completion")
    result = extract_seeds(stream, mapping, PROV, source_name="gen", max_rows=10)
    assert result.scanned == 3
    assert result.seeds["question"] == ["Is 9 prime?", "Is 11 prime?"]
    assert result.skipped == [{"row": 1, "reason": "question is empty"}]


def test_streaming_read_failure_is_a_source_error(tmp_path: Path) -> None:
    bad = tmp_path / "broken.jsonl"
    bad.write_text('{"question": "a", "answer": "b"}\n{"question": "c", "ans', encoding="utf-8")
    stream = load_source(SourceSpec(path=str(bad), streaming=True))
    with pytest.raises(SourceError, match="broken"):
        extract_seeds(stream, PRESETS["orca-math"], PROV, source_name=str(bad), max_rows=10)


# --- selection -------------------------------------------------------------------------------


@pytest.fixture
def gsm8k_seeds(samples: Path) -> datasets.Dataset:
    return extract_file(samples, "gsm8k.jsonl", "orca-math")[1].seeds


def test_select_limit_takes_the_first_rows_and_pool_the_rest(gsm8k_seeds: datasets.Dataset) -> None:
    chosen, pool = select_seeds(gsm8k_seeds, limit=10, pool_size=50)
    assert chosen["id"] == gsm8k_seeds["id"][:10]
    assert pool["id"] == gsm8k_seeds["id"][10:60]
    assert chosen.features == SEED_FEATURES and pool.features == SEED_FEATURES


def test_select_everything_by_default(gsm8k_seeds: datasets.Dataset) -> None:
    chosen, pool = select_seeds(gsm8k_seeds)
    assert len(chosen) == 500 and len(pool) == 0


def test_select_sample_is_deterministic_per_seed(gsm8k_seeds: datasets.Dataset) -> None:
    first, pool = select_seeds(gsm8k_seeds, sample=20, seed=3, pool_size=1000)
    again, _ = select_seeds(gsm8k_seeds, sample=20, seed=3)
    other, _ = select_seeds(gsm8k_seeds, sample=20, seed=4)
    assert first["id"] == again["id"]
    assert first["id"] != other["id"]
    assert first["id"] == gsm8k_seeds.shuffle(seed=3).select(range(20))["id"]
    assert len(pool) == 480
    assert not set(pool["id"]) & set(first["id"])
    rows = [source["row"] for source in pool["source"]]
    assert rows == sorted(rows)


def test_pool_drops_duplicates_of_seed_questions() -> None:
    rows = [
        {"question": "What is 2 + 2?", "answer": "4"},
        {"question": "What is 3 + 3?", "answer": "6"},
        {"question": "  What is 2 + 2?\n", "answer": "four"},
        {"question": "What is 5 + 5?", "answer": "10"},
    ]
    seeds = extract_seeds(
        datasets.Dataset.from_list(rows), PRESETS["orca-math"], PROV, source_name="dup"
    ).seeds
    chosen, pool = select_seeds(seeds, limit=1)
    assert chosen["question"] == ["What is 2 + 2?"]
    assert pool["question"] == ["What is 3 + 3?", "What is 5 + 5?"]


def test_select_clamps_sizes(gsm8k_seeds: datasets.Dataset) -> None:
    chosen, pool = select_seeds(gsm8k_seeds, limit=10_000)
    assert len(chosen) == 500 and len(pool) == 0
    chosen, pool = select_seeds(gsm8k_seeds, sample=10_000, pool_size=10)
    assert len(chosen) == 500 and len(pool) == 0
    chosen, pool = select_seeds(gsm8k_seeds, limit=0, pool_size=7)
    assert len(chosen) == 0 and pool["id"] == gsm8k_seeds["id"][:7]


@pytest.mark.parametrize("option", ["limit", "sample", "pool_size"])
def test_select_rejects_negative_sizes(gsm8k_seeds: datasets.Dataset, option: str) -> None:
    with pytest.raises(RecipeError) as info:
        select_seeds(gsm8k_seeds, **{option: -1})
    assert info.value.field == option


def test_select_rejects_limit_with_sample(gsm8k_seeds: datasets.Dataset) -> None:
    with pytest.raises(RecipeError, match="not both"):
        select_seeds(gsm8k_seeds, limit=1, sample=1)


def test_multiple_choice_rows_letter_their_options_and_answer() -> None:
    mmlu = [
        {"question": "9 trays of 3 cookies: how many?", "choices": ["12", "27", "30"], "answer": 1},
        {"question": "Capital of France?", "choices": ["Rome", "Paris"], "answer": 5},
        {"question": "Odd one?", "choices": ["only one"], "answer": 0},
    ]
    mapping = SeedMapping(question="question", answer="answer", choices="choices")
    result = extract_seeds(datasets.Dataset.from_list(mmlu), mapping, PROV, source_name="mmlu")
    assert result.seeds["question"] == ["9 trays of 3 cookies: how many?\n\n(A) 12\n(B) 27\n(C) 30"]
    assert result.seeds["reference_answer"] == ["(B) 27"]
    assert [skip["reason"] for skip in result.skipped] == [
        "answer '5' names none of the 2 choices",
        "choices has 1 options (2 to 10 can be lettered)",
    ]
    # ARC: labels (letters or digits) and an answer key
    arc = [
        {
            "question": "Which is a liquid?",
            "choices": {"text": ["ice", "water", "steam", "sand"], "label": ["1", "2", "3", "4"]},
            "answerKey": "2",
        }
    ]
    mapping = SeedMapping(question="question", answer="answerKey", choices="choices")
    result = extract_seeds(datasets.Dataset.from_list(arc), mapping, PROV, source_name="arc")
    assert result.seeds["reference_answer"] == ["(B) water"]
    assert result.seeds["question"][0].endswith("(A) ice\n(B) water\n(C) steam\n(D) sand")


def test_evaluation_presets_on_their_samples(samples: Path) -> None:
    _, mmlu = extract_file(samples, "mmlu.jsonl", "mmlu")
    assert mmlu.seeds["reference_answer"] == ["(B) 4", "(C) 24"]
    assert mmlu.seeds["question"][0].endswith("over Q.\n\n(A) 0\n(B) 4\n(C) 2\n(D) 6")
    _, arc = extract_file(samples, "arc.jsonl", "arc")
    assert arc.seeds["reference_answer"] == ["(A) dry palms"]
    _, csqa = extract_file(samples, "commonsense_qa.jsonl", "commonsense-qa")
    assert csqa.seeds["reference_answer"] == ["(A) ignore"]
    assert csqa.seeds["question"][0].endswith("(D) yell at\n(E) avoid")
    _, gsm8k = extract_file(samples, "gsm8k.jsonl", "gsm8k")
    assert len(gsm8k.seeds) == 500 and gsm8k.seeds[0]["reference_answer"].endswith("#### 72")
    _, mbpp = extract_file(samples, "mbpp.jsonl", "mbpp")
    assert mbpp.seeds[0]["reference_answer"] == read_jsonl(samples / "mbpp.jsonl")[0]["code"]
    assert not mmlu.skipped and not arc.skipped and not csqa.skipped


def test_choices_go_with_flat_columns() -> None:
    with pytest.raises(ValueError, match="choices go with question and answer"):
        SeedMapping(conversations="messages", choices="choices")


def test_a_first_user_turn_that_only_offers_help_is_not_a_question() -> None:
    from boost_qa.seeds.extract import _answers_like_an_assistant

    assert _answers_like_an_assistant("Sure! How can I help you today?")
    assert _answers_like_an_assistant("Of course, I can do that. Let me know what to write.")
    # a user who agrees and then asks, or asks what a reader would like, is a question
    assert not _answers_like_an_assistant("Sure, but why is the sky blue?")
    assert not _answers_like_an_assistant("What toppings would you like on a pizza, and why?")
    long_turn = "Okay, here is my essay. " + "It argues many things. " * 20 + "What would you like?"
    assert not _answers_like_an_assistant(long_turn)

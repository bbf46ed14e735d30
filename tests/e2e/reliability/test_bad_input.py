"""Bad sources and bad recipes: a clear error, or a skipped row with its reason; never a crash.

Every bad input either

* stops the build with exit code 2 and one ``error:`` line naming the file, row or field, no
  traceback, and the release folder it was pointed at left byte for byte as it was; or
* is a source row skipped on its own, listed in ``boost_qa/skipped.jsonl`` with the reason,
  while the good rows around it are built (verbatim).

Source text is data: text that imitates the dialogue format or the template syntax reaches the
models verbatim, inside prompts whose structure is exactly that of an ordinary question.
The bad files are in ``corpus/``; the 1.5 MB question is made here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
import yaml
from click.testing import CliRunner, Result

from boost_qa.cli import main
from boost_qa.seeds.extract import DEFAULT_MAX_CHARS
from boost_qa.testing.scripted import SCRIPTED
from tests.conftest import REPO, ROLES
from tests.e2e.reliability.recipes import without_stats

CORPUS = Path(__file__).parent / "corpus"
ROLE_MODELS = {role: {"model": f"scripted/{role}"} for role in ROLES}
GOOD = "Tom has 3 apples and buys 4 more. How many apples does he have now?"


def config(name: str, path: str | Path, **changes: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "name": name,
        "source": {"path": str(path)},
        "preset": "orca-math",
        "seeds": {"limit": 3, "pool_size": 20},
    }
    entry.update(changes)
    return entry


def write_recipe(
    path: Path, *configs: dict[str, Any], statistics: bool = False, **changes: Any
) -> Path:
    recipe: dict[str, Any] = {
        "name": "boost-qa-bad-input",
        "version": "1.0.0",
        "license": "mit",
        "roles": ROLE_MODELS,
        "generation": {"max_tokens": 64, "retriever": "lexical"},
        "calls": {"max_attempts": 1, "base_delay": 0, "max_delay": 0, "timeout": 5},
        "configs": list(configs) or [config("math", REPO / "samples/gsm8k.jsonl")],
    }
    recipe.update(changes)
    path.write_text(yaml.safe_dump(recipe if statistics else without_stats(recipe)), "utf-8")
    return path


def build(recipe: Path, out: Path, cache: Path, *extra: str) -> Result:
    args = ["build", str(recipe), "--out", str(out), "--cache-dir", str(cache), "--no-progress"]
    return CliRunner().invoke(main, [*args, *extra])


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def data_rows(out: Path, name: str) -> list[dict[str, Any]]:
    [data] = (out / name).glob("*.parquet")
    rows: list[dict[str, Any]] = pq.read_table(data).to_pylist()
    return rows


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A good release, built once; every failing build below is pointed at it."""
    from boost_qa.llm.litellm_client import configure

    configure()  # the scripted provider: BOOST_QA_PROVIDERS (tests/conftest.py)

    folder = tmp_path_factory.mktemp("release")
    recipe = write_recipe(folder / "recipe.yaml")
    result = build(recipe, folder / "out", folder / "cache")
    assert result.exit_code == 0, result.output
    SCRIPTED.reset()
    return folder / "out", folder / "cache"


# (id, recipe changes or a special case, text the error must contain)
Case = tuple[str, dict[str, Any], list[str]]
SOURCE_ERRORS: list[Case] = [
    (
        "missing columns",
        {"configs": [config("math", CORPUS / "missing_columns.jsonl")]},
        ["missing_columns.jsonl", "missing column(s) question, answer", "has: q, a"],
    ),
    (
        "missing mapped column",
        {
            "configs": [
                config(
                    "math",
                    REPO / "samples/gsm8k.jsonl",
                    preset=None,
                    mapping={"question": ["title", "body"], "answer": "answer"},
                )
            ]
        },
        ["gsm8k.jsonl", "missing column(s) title, body", "question"],
    ),
    ("empty file", {"configs": [config("math", CORPUS / "empty.jsonl")]}, ["empty.jsonl", "empty"]),
    (
        "whitespace-only file",
        {"configs": [config("math", CORPUS / "blank.jsonl")]},
        ["blank.jsonl", "empty"],
    ),
    (
        "invalid UTF-8",
        {"configs": [config("math", CORPUS / "invalid_utf8.jsonl")]},
        ["invalid_utf8.jsonl", "line 3", "not valid UTF-8"],
    ),
    (
        "truncated JSON line",
        {"configs": [config("math", CORPUS / "truncated.jsonl")]},
        ["truncated.jsonl", "line 4", "not valid JSON"],
    ),
    (
        "source that does not exist",
        {"configs": [config("math", CORPUS / "no/such/questions.jsonl")]},
        ["no/such/questions.jsonl", "no such file"],
    ),
    (
        "relative source that does not exist",
        {"configs": [config("math", "data/questions.jsonl")]},
        ["data/questions.jsonl", "no such file"],
    ),
]
RECIPE_ERRORS: list[Case] = [
    ("unknown scenario", {"generation": {"scenarios": {"lecture": 1}}}, ["scenarios", "lecture"]),
    (
        "negative limit",
        {"configs": [config("math", REPO / "samples/gsm8k.jsonl", seeds={"limit": -1})]},
        ["configs.0.seeds.limit"],
    ),
    (
        "negative sample",
        {"configs": [config("math", REPO / "samples/gsm8k.jsonl", seeds={"sample": -5})]},
        ["configs.0.seeds.sample"],
    ),
    (
        "negative pool size",
        {"configs": [config("math", REPO / "samples/gsm8k.jsonl", seeds={"pool_size": -1})]},
        ["configs.0.seeds.pool_size"],
    ),
    (
        "negative max_chars",
        {"configs": [config("math", REPO / "samples/gsm8k.jsonl", seeds={"max_chars": -1})]},
        ["configs.0.seeds.max_chars"],
    ),
    ("negative max_tokens", {"generation": {"max_tokens": -64}}, ["generation.max_tokens"]),
    ("negative attempts", {"calls": {"max_attempts": -1}}, ["calls.max_attempts"]),
    ("negative --limit", {"_args": ["--limit", "-1"]}, ["--limit"]),
    ("zero --concurrency", {"_args": ["--concurrency", "0"]}, ["--concurrency"]),
    (
        "config name ../",
        {"configs": [config("../escape", REPO / "samples/gsm8k.jsonl")]},
        ["configs.0.name", "'../escape' is not a safe config name"],
    ),
    (
        "config name data",
        {"configs": [config("data", REPO / "samples/gsm8k.jsonl")]},
        ["configs.0.name", "'data' is reserved"],
    ),
    ("empty level model", {"models": {"weak": ""}}, ["models.weak", "non-empty"]),
    (
        "blank role model",
        {"roles": {**ROLE_MODELS, "teacher": {"model": "   "}}},
        ["roles.teacher.model", "non-empty"],
    ),
    ("empty --model", {"_args": ["--model", "teacher="]}, ["--model", "teacher="]),
    ("unknown top-level key", {"colour": "blue"}, ["colour", "not permitted"]),
    (
        "unknown config key",
        {"configs": [config("math", REPO / "samples/gsm8k.jsonl", sedes={"limit": 1})]},
        ["configs.0.sedes"],
    ),
    ("bad version", {"version": "1.0"}, ["version", "semantic version"]),
    ("YAML syntax error", {"_recipe": CORPUS / "bad_syntax.yaml"}, ["bad_syntax.yaml", "YAML"]),
    (
        "recipe not a mapping",
        {"_recipe": CORPUS / "not_a_mapping.yaml"},
        ["not_a_mapping.yaml", "must be a YAML mapping"],
    ),
    (
        "recipe that does not exist",
        {"_recipe": CORPUS / "no-such-recipe.yaml"},
        ["no-such-recipe.yaml", "cannot read the recipe"],
    ),
]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [pytest.param(c, e, id=name) for name, c, e in SOURCE_ERRORS + RECIPE_ERRORS],
)
def test_bad_input_is_a_clear_error_that_leaves_the_release_alone(
    release: tuple[Path, Path], tmp_path: Path, changes: dict[str, Any], expected: list[str]
) -> None:
    out, cache = release
    before = snapshot(out)
    changes = dict(changes)
    extra = changes.pop("_args", [])
    recipe = changes.pop("_recipe", None) or write_recipe(tmp_path / "recipe.yaml", **changes)
    calls = len(SCRIPTED.log)

    result = build(recipe, out, cache, *extra)

    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # a clean exit
    assert "Traceback" not in result.output
    for text in expected:
        assert text in result.output, (text, result.output)
    assert snapshot(out) == before
    assert not list(out.parent.glob(f".{out.name}.staging-*"))
    assert len(SCRIPTED.log) == calls  # rejected before any model call


def test_a_source_without_one_usable_row_builds_an_empty_release(
    tmp_path: Path, scripted: Any
) -> None:
    # With the post-build statistics on (the default): there is nothing for them to measure.
    nothing = config("nothing", CORPUS / "all_bad.jsonl")
    recipe = write_recipe(tmp_path / "recipe.yaml", nothing, statistics=True)
    out = tmp_path / "out"
    result = build(recipe, out, tmp_path / "cache")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert data_rows(out, "nothing") == []
    assert [s["row"] for s in read_jsonl(out / "boost_qa/skipped.jsonl")] == [0, 1, 2, 3]
    assert json.loads((out / "boost_qa/manifest.json").read_text())["totals"]["rows"] == 0
    assert scripted.log == []


@pytest.fixture
def long_source(tmp_path: Path) -> tuple[Path, str]:
    """A 1.5 MB question, a 30,000-character answer, then ordinary rows."""
    # (It ends with a word: prompts strip whitespace at their ends, as every template does.)
    long_question = "Count the words in: " + "lorem ipsum dolor sit amet " * 58_000 + "- how many?"
    assert len(long_question) > 1_500_000
    rows = [
        {"question": long_question, "answer": "About 290,000 words."},
        {"question": "What is 2 + 2?", "answer": "4 " * 15_000},
        {"question": GOOD, "answer": "3 + 4 = 7. #### 7"},
        {"question": "What is 3 + 5?", "answer": "8"},
        {"question": "What is 9 + 1?", "answer": "10"},
    ]
    path = tmp_path / "long.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path, long_question


def test_bad_rows_are_skipped_with_their_reasons(
    tmp_path: Path, scripted: Any, long_source: tuple[Path, str]
) -> None:
    configs = [
        config("rows", CORPUS / "bad_rows.jsonl", seeds={"pool_size": 0}),
        config("csv", CORPUS / "bad_rows.csv", seeds={"pool_size": 0}),
        config("chat", CORPUS / "bad_conversations.jsonl", preset="openhermes", seeds={}),
        config("long", long_source[0], seeds={}),
        config("nothing", CORPUS / "all_bad.jsonl", seeds={}),
    ]
    recipe = write_recipe(
        tmp_path / "recipe.yaml",
        *configs,
        generation={"max_tokens": 64, "retriever": "lexical", "scenarios": {"debate": 1}},
    )
    out = tmp_path / "out"
    result = build(recipe, out, tmp_path / "cache")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output

    n = DEFAULT_MAX_CHARS
    expected = {
        "rows": {
            1: "question is missing",
            2: "question is empty",
            3: "question is empty",
            4: "question is not a string (int)",
            5: "question is not a string (list)",
            6: "question is not a string (dict)",
            7: "question is missing",
            8: "answer is missing",
            9: "answer is empty",
            10: "answer is empty",
            11: "answer is not a string (int)",
            12: "answer is not a string (list)",
            13: "answer is not a string (dict)",
            14: "answer is not a string (float)",
            15: "answer is not a string (bool)",
        },
        "csv": {1: "question is empty", 2: "question is empty", 3: "answer is empty"},
        "chat": {
            1: "conversations is missing",
            2: "conversations is not a list (str)",
            3: "no user turn",
            4: "no assistant reply after the first user turn",
            5: "question is not a string (int)",
            6: "conversation turn is not a mapping (str)",
            7: "question is empty",
            8: "answer is not a string (list)",
        },
        "long": {
            0: f"question longer than {n} characters",
            1: f"answer longer than {n} characters",
        },
        "nothing": {
            0: "question is missing",
            1: "question is empty",
            2: "question is not a string (int)",
            3: "answer is not a string (list)",
        },
    }
    # Each skipped row names its source file (base name only) and its 1-based line there:
    # these files have no blank lines, and the CSV's header is line 1.
    files = {
        "rows": "bad_rows.jsonl",
        "csv": "bad_rows.csv",
        "chat": "bad_conversations.jsonl",
        "long": "long.jsonl",
        "nothing": "all_bad.jsonl",
    }
    skipped = read_jsonl(out / "boost_qa/skipped.jsonl")
    assert skipped == [
        {
            "config": name,
            "row": row,
            "file": files[name],
            "line": row + (2 if name == "csv" else 1),
            "reason": reason,
        }
        for name, reasons in expected.items()
        for row, reason in reasons.items()
    ]
    assert str(tmp_path) not in (out / "boost_qa/skipped.jsonl").read_text(encoding="utf-8")
    manifest = json.loads((out / "boost_qa/manifest.json").read_text())
    for name, reasons in expected.items():
        counts: dict[str, int] = {}
        for reason in reasons.values():
            counts[reason] = counts.get(reason, 0) + 1
        assert manifest["configs"][name]["skipped"] == counts

    # The good rows are built, their text verbatim: a string that happens to be valid JSON
    # ("42", "true", "null", '"..."') stays that string even where a column mixes types.
    built = {
        name: [(r["question"], r["reference_answer"], r["context"]) for r in data_rows(out, name)]
        for name in expected
    }
    assert built["rows"] == [
        (GOOD, "3 + 4 = 7. #### 7", None),
        ('"What is 6 times 7?"', "42", None),
        ("[1, 2, 3]", "6", None),
        ("Is 0.5 equal to 1/2?", "true", None),
        ("null", '{"sum": 9}', None),
    ]
    assert built["csv"] == [
        (GOOD, "3 + 4 = 7. #### 7", None),
        ("What is 6 times 7?", "42", None),
        ("NaN", "null", None),
    ]
    assert built["chat"] == [
        (GOOD, "3 + 4 = 7.", None),
        ("What is 6 times 7?", "42", "Be terse."),
    ]
    assert built["long"] == [
        (GOOD, "3 + 4 = 7. #### 7", None),
        ("What is 3 + 5?", "8", None),
        ("What is 9 + 1?", "10", None),
    ]
    # A config whose every row was skipped is built, empty, rather than crashing the build.
    assert built["nothing"] == [] and manifest["configs"]["nothing"]["rows"] == 0


def test_an_accepted_long_question_is_never_truncated(
    tmp_path: Path, scripted: Any, long_source: tuple[Path, str]
) -> None:
    path, question = long_source
    recipe = write_recipe(
        tmp_path / "recipe.yaml",
        config("long", path, seeds={"limit": 1, "max_chars": None}),
        generation={"max_tokens": 64, "retriever": "lexical", "scenarios": {"error_correction": 1}},
    )
    out = tmp_path / "out"
    result = build(recipe, out, tmp_path / "cache")
    assert result.exit_code == 0, result.output
    [row] = data_rows(out, "long")
    assert row["question"] == question
    assert question in row["messages"][0]["content"]
    # Every prompt that quotes the question quotes all of it.
    quoting = [r for r in scripted.log if question[:200] in r.text]
    assert len(quoting) == 3  # dull student, teacher, smart student
    assert all(question in r.text for r in quoting)


REFERENCE = "REFERENCE-ANSWER-SECRET: 3 + 4 = 7. #### 7"
PLACEHOLDER = "Case 0: PLACEHOLDER"
SPEAKERS = {
    "error_correction": ["dull_student", "teacher", "smart_student"],
    "debate": ["student_a", "student_b", "student_c"],
}
SEES_REFERENCE = {
    "dull_student": False,
    "teacher": True,
    "smart_student": True,
    "student_a": False,
    "student_b": False,
    "student_c": True,
}


@pytest.mark.parametrize("scenario", ["error_correction", "debate"])
def test_source_text_never_changes_the_prompt_structure(
    tmp_path: Path, scripted: Any, scenario: str
) -> None:
    questions = [row["question"] for row in read_jsonl(CORPUS / "injection.jsonl")]
    assert questions[0] == PLACEHOLDER
    speakers = SPEAKERS[scenario]
    for speaker in speakers:
        # The same reply whatever the question, so prompts differ only by the question.
        scripted.script(speaker, [f"A fixed reply from {speaker}: 42."] * len(questions) * 2)
    generation = {"max_tokens": 64, "retriever": "lexical", "scenarios": {scenario: 1}}
    generation["debate_rounds"] = 1  # the same turns for every row
    recipe = write_recipe(
        tmp_path / "recipe.yaml",
        config("inject", CORPUS / "injection.jsonl", seeds={"pool_size": 0}),
        generation=generation,
    )
    out = tmp_path / "out"
    result = build(recipe, out, tmp_path / "cache")
    assert result.exit_code == 0, result.output

    def case(text: str) -> int:
        [number] = [k for k in range(len(questions)) if f"Case {k}:" in text]
        return number

    for speaker in speakers:
        calls = scripted.requests_for(speaker)
        requests = {case(r.text): r.messages for r in calls}
        assert len(calls) == len(requests) == len(questions), speaker  # one call per row
        control = [(m["role"], m["content"]) for m in requests[0]]
        assert control[0][0] == "system" and control[-1][0] == "user"
        for k, question in enumerate(questions):
            sent = [(m["role"], m["content"]) for m in requests[k]]
            # Exactly the ordinary prompt with the question in its place: same messages, same
            # template text around it, the question verbatim (no template syntax evaluated).
            assert sent == [(role, text.replace(PLACEHOLDER, question)) for role, text in control]
            text = "\n".join(content for _, content in sent)
            assert question in text
            assert (REFERENCE in text) == SEES_REFERENCE[speaker], (speaker, k)
            if "{{ reference_answer }}" in question:
                assert "{{ reference_answer }}" in text

    rows = {case(r["question"]): r for r in data_rows(out, "inject")}
    control_messages = rows[0]["messages"]
    for k, question in enumerate(questions):
        assert rows[k]["question"] == question
        assert [t["speaker"] for t in rows[k]["dialogue"]] == [
            t["speaker"] for t in rows[0]["dialogue"]
        ]
        assert rows[k]["messages"] == [
            {**m, "content": m["content"].replace(PLACEHOLDER, question)} for m in control_messages
        ]

"""Turn the rows of any source dataset into canonical seed records.

Every later stage (dialogue generation, retrieval, statistics, the published card) reads one
shape, `SEED_FEATURES`, whatever the source looked like. Each seed keeps where it came from
(dataset, config, split, revision, row) and gets an id derived from that provenance and its
question, so the same source always yields the same ids and a resumed or repeated build finds
its earlier work. Rows that cannot be a seed are not dropped silently: they are counted by reason
so the build report and the dataset card can say how many rows were skipped and why.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import datasets
import numpy as np
import pyarrow as pa
import xxhash
from datasets.fingerprint import Hasher

from boost_qa.errors import MissingColumnError, RecipeError, SourceError
from boost_qa.seeds.lines import locate_rows
from boost_qa.seeds.mapping import QUESTION_JOINER, SeedMapping
from boost_qa.text.reasoning import without_reasoning

__all__ = [
    "DEFAULT_MAX_CHARS",
    "SEED_FEATURES",
    "SeedExtraction",
    "extract_seeds",
    "seed_id",
    "select_seeds",
]

SEED_FEATURES = datasets.Features(
    {
        "id": datasets.Value("string"),
        "question": datasets.Value("string"),
        "reference_answer": datasets.Value("string"),
        "context": datasets.Value("string"),
        "source": {
            "dataset": datasets.Value("string"),
            "config": datasets.Value("string"),
            "split": datasets.Value("string"),
            "revision": datasets.Value("string"),
            "row": datasets.Value("int64"),
        },
    }
)
"""The columns of a seed record; ``context`` and the config/revision of ``source`` may be null."""

_EXTRACT_FEATURES = datasets.Features({**SEED_FEATURES, "skip_reason": datasets.Value("string")})

DEFAULT_MAX_CHARS = 20_000
"""The longest question, answer or context a seed may have (a recipe's ``seeds.max_chars``)."""


def _code_version() -> str:
    """Hash this layer's source so a changed extraction rule never reuses a stale map cache."""
    digest = xxhash.xxh64()
    for name in ("extract.py", "mapping.py"):
        try:
            digest.update((Path(__file__).parent / name).read_bytes())
        except OSError:
            digest.update(name.encode())
    return str(digest.hexdigest())


_CODE_VERSION = _code_version()


@dataclass
class SeedExtraction:
    """The seeds of one source and an account of the rows that did not make a seed.

    Attributes:
        seeds: The good seeds, in source order, with `SEED_FEATURES`.
        skipped: One ``{"row": int, "file": str, "line": int, "reason": str}`` per skipped
            row. ``row`` counts the rows of the split from 0; ``file`` (a base name, never a
            local path) and ``line`` (1-based) are present only where `load_source` read the
            row from local files and they are known for sure (``line``: JSON lines and CSV).
        skipped_counts: Number of skipped rows per reason, most frequent first.
        scanned: Number of source rows read.
    """

    seeds: datasets.Dataset
    skipped: list[dict[str, Any]] = field(default_factory=list)
    skipped_counts: dict[str, int] = field(default_factory=dict)
    scanned: int = 0


class _Skip(Exception):
    """A row cannot be a seed; the message is the reason recorded for it."""


def seed_id(provenance: Mapping[str, Any], row: int, question: str) -> str:
    """Return the stable id of a seed.

    Args:
        provenance: ``dataset``, ``config``, ``split`` and ``revision`` of the source.
        row: The row's position in the source split.
        question: The seed's question text.

    Returns:
        The xxh64 hex digest of the provenance, row and question joined by U+001F.
    """
    parts = [
        str(provenance["dataset"]),
        str(provenance.get("config") or ""),
        str(provenance["split"]),
        str(provenance.get("revision") or ""),
        str(row),
        question,
    ]
    return str(xxhash.xxh64("\x1f".join(parts).encode("utf-8")).hexdigest())


def _has_text(value: str) -> bool:
    """Whether a string shows anything: a character that is neither whitespace nor format (Cf).

    Zero-width spaces, word joiners and byte-order marks are format characters: a question made
    of them and whitespace is as empty as a blank one, though ``str.strip`` keeps them.
    """
    return any(not char.isspace() and unicodedata.category(char) != "Cf" for char in value)


def _text(value: Any, what: str) -> str:
    """Return ``value`` verbatim if it is a string with text, else skip the row."""
    if value is None:
        raise _Skip(f"{what} is missing")
    if not isinstance(value, str):
        raise _Skip(f"{what} is not a string ({type(value).__name__})")
    if not _has_text(value):
        raise _Skip(f"{what} is empty")
    return value


def _optional_text(value: Any, what: str) -> str | None:
    """Return a string, or None for a missing or text-free one; skip the row for a non-string."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise _Skip(f"{what} is not a string ({type(value).__name__})")
    return value if _has_text(value) else None


def _join_question(row: Mapping[str, Any], columns: list[str]) -> str:
    """Join the question columns that hold text; text-free or null parts are left out."""
    if len(columns) == 1:
        return _text(row[columns[0]], "question")
    parts = [_optional_text(row[name], "question") for name in columns]
    texts = [part for part in parts if part is not None]
    if not texts:
        if all(row[name] is None for name in columns):
            raise _Skip("question is missing")
        raise _Skip("question is empty")
    return QUESTION_JOINER.join(texts)


def _join_context(parts: Iterable[str | None]) -> str | None:
    """Join the context parts that hold text, or return None when there are none."""
    texts = [part for part in parts if part is not None]
    return QUESTION_JOINER.join(texts) if texts else None


def _roles(turns: list[Any], mapping: SeedMapping) -> list[str]:
    """Return each turn's role, lower-cased; a turn that is not a mapping skips the row."""
    roles = []
    for turn in turns:
        if not isinstance(turn, Mapping):
            raise _Skip(f"conversation turn is not a mapping ({type(turn).__name__})")
        roles.append(str(turn.get(mapping.role_key) or "").strip().lower())
    return roles


def _from_conversation(
    turns: Any, mapping: SeedMapping, extra_context: str | None
) -> tuple[str, str, str | None]:
    """Apply the conversation rule: first user turn, first assistant reply after it."""
    if turns is None:
        raise _Skip("conversations is missing")
    if not isinstance(turns, list | tuple):
        raise _Skip(f"conversations is not a list ({type(turns).__name__})")
    turns = list(turns)
    roles = _roles(turns, mapping)
    users = {role.lower() for role in mapping.user_roles}
    assistants = {role.lower() for role in mapping.assistant_roles}
    systems = {role.lower() for role in mapping.system_roles}
    first_user = next((i for i, role in enumerate(roles) if role in users), None)
    if first_user is None:
        raise _Skip("no user turn")
    key = mapping.content_key
    question = _text(turns[first_user].get(key), "question")
    if _answers_like_an_assistant(question):
        raise _Skip("the first user turn is an assistant's reply (roles reversed)")
    reply = next((i for i in range(first_user + 1, len(turns)) if roles[i] in assistants), None)
    if reply is None:
        raise _Skip("no assistant reply after the first user turn")
    answer = _text(turns[reply].get(key), "answer")
    system = [
        _optional_text(turns[i].get(key), "context")
        for i in range(first_user)
        if roles[i] in systems
    ]
    return question, answer, _join_context([extra_context, *system])


_ACKNOWLEDGES = re.compile(
    r"^\s*(?:sure|certainly|of course|absolutely|okay|ok|great|yes|alright|no problem)\b"
    r"[^.!?\n]{0,60}[,.!]",
    re.IGNORECASE,
)
_OFFERS = re.compile(
    r"\b(?:what|which)\b[^?\n]{0,80}\bwould you like\b|\bhow (?:can|may) I (?:help|assist)\b|"
    r"\bwhat can I (?:do|help)\b|\blet me know (?:what|how|if)\b",
    re.IGNORECASE,
)
_SHORT_TURN = 300


def _answers_like_an_assistant(question: str) -> bool:
    """Whether a first user turn only agrees and offers help, as an assistant does.

    ``Sure, I can do that. What new technology would you like me to review?``: a ShareGPT
    conversation whose roles are shifted by one, with no question to teach from.
    """
    return (
        len(question) <= _SHORT_TURN
        and _ACKNOWLEDGES.search(question) is not None
        and _OFFERS.search(question) is not None
    )


LETTERS = "ABCDEFGHIJ"
"""The letters multiple-choice options are shown with, in order."""


def _seed_fields(row: Mapping[str, Any], mapping: SeedMapping) -> tuple[str, str, str | None]:
    """Return (question, reference answer, context) of one source row, or skip it."""
    context = None
    if mapping.context is not None:
        context = _optional_text(row[mapping.context], "context")
    if mapping.conversations is not None:
        return _from_conversation(row[mapping.conversations], mapping, context)
    assert mapping.question is not None and mapping.answer is not None
    question = _join_question(row, mapping.question)
    if mapping.choices is not None:
        options = _options(row[mapping.choices])
        lettered = "\n".join(f"({LETTERS[i]}) {text}" for i, (_, text) in enumerate(options))
        answer = _chosen(row[mapping.answer], options)
        return question + QUESTION_JOINER + lettered, answer, context
    answer = _text(row[mapping.answer], "answer")
    return question, answer, context


def _options(value: Any) -> list[tuple[str, str]]:
    """A multiple-choice row's options as (label, text).

    A list of strings is labelled by position from 0; a dict gives ``text`` and ``label`` lists.
    """
    if isinstance(value, Mapping):
        texts, labels = value.get("text"), value.get("label")
    else:
        texts, labels = value, None
    if not isinstance(texts, list | tuple):
        raise _Skip(f"choices is not a list ({type(texts).__name__})")
    if not 2 <= len(texts) <= len(LETTERS):
        raise _Skip(f"choices has {len(texts)} options (2 to {len(LETTERS)} can be lettered)")
    if labels is None:
        labels = [str(index) for index in range(len(texts))]
    if not isinstance(labels, list | tuple) or len(labels) != len(texts):
        raise _Skip("choices has a label list that does not match its texts")
    return [(str(label), _text(text, "choices")) for label, text in zip(labels, texts, strict=True)]


def _chosen(value: Any, options: list[tuple[str, str]]) -> str:
    """The reference answer of a multiple-choice row: the option the answer names, lettered.

    The answer is an option's index (MMLU), its label (ARC's ``answerKey``) or letter, or its
    text; anything else skips the row.
    """
    if isinstance(value, bool) or value is None:
        raise _Skip("answer is missing" if value is None else "answer is not an option (bool)")
    key = str(value).strip()
    for names in (
        [label for label, _ in options],
        list(LETTERS[: len(options)]),
        [text.strip() for _, text in options],
    ):  # labels first: an index 2 names the third option, even if another one reads "2"
        if key in names:
            index = names.index(key)
            return f"({LETTERS[index]}) {options[index][1]}"
    raise _Skip(f"answer {key[:40]!r} names none of the {len(options)} choices")


def _without_thinking(answer: str) -> str:
    """The answer of a reasoning trace (R1, OpenThoughts): its thinking is no reference."""
    unthought = without_reasoning(answer)
    if unthought.cut_off or (unthought.blocks and not unthought.text):
        raise _Skip("answer is only a reasoning block (no answer after the thinking)")
    return unthought.text


def _check_length(text: str | None, what: str, max_chars: int | None) -> None:
    """Skip a row whose text is longer than ``max_chars`` (never truncate it)."""
    if max_chars is not None and text is not None and len(text) > max_chars:
        raise _Skip(f"{what} longer than {max_chars} characters")


def _record(
    row: Mapping[str, Any],
    index: int,
    mapping: SeedMapping,
    provenance: Mapping[str, Any],
    max_chars: int | None = None,
) -> dict[str, Any]:
    """Build one output record: a seed, or a placeholder carrying ``skip_reason``."""
    source = {
        "dataset": provenance["dataset"],
        "config": provenance.get("config"),
        "split": provenance["split"],
        "revision": provenance.get("revision"),
        "row": index,
    }
    try:
        question, answer, context = _seed_fields(row, mapping)
        answer = _without_thinking(answer)
        _check_length(question, "question", max_chars)
        _check_length(answer, "answer", max_chars)
        _check_length(context, "context", max_chars)
    except _Skip as skip:
        return {
            "id": None,
            "question": None,
            "reference_answer": None,
            "context": None,
            "source": source,
            "skip_reason": str(skip),
        }
    return {
        "id": seed_id(provenance, index, question),
        "question": question,
        "reference_answer": answer,
        "context": context,
        "source": source,
        "skip_reason": None,
    }


def _extract_batch(
    batch: dict[str, list[Any]],
    indices: list[int],
    *,
    mapping: SeedMapping,
    provenance: Mapping[str, Any],
    max_chars: int | None = None,
) -> dict[str, list[Any]]:
    """Batched `Dataset.map` function: one output record per input row."""
    names = list(batch)
    out: dict[str, list[Any]] = {name: [] for name in _EXTRACT_FEATURES}
    for position, index in enumerate(indices):
        row = {name: batch[name][position] for name in names}
        record = _record(row, index, mapping, provenance, max_chars)
        for name, value in record.items():
            out[name].append(value)
    return out


def _keep_good(reasons: list[str | None]) -> list[bool]:
    """Batched `Dataset.filter` predicate: keep the rows without a skip reason."""
    return [reason is None for reason in reasons]


def _check_columns(
    ds: datasets.Dataset | datasets.IterableDataset, mapping: SeedMapping, source_name: str
) -> None:
    """Raise `MissingColumnError` if the source lacks a column the mapping reads."""
    available = ds.column_names
    if available is None:
        try:
            first = next(iter(ds.take(1)), None)
        except Exception as exc:
            raise SourceError(f"{source_name}: cannot read the first row: {exc}") from exc
        available = list(first) if first is not None else []
    missing = [name for name in mapping.columns() if name not in available]
    if missing:
        raise MissingColumnError(source_name, missing, list(available))


def _check_provenance(provenance: Mapping[str, Any]) -> None:
    """Reject provenance without a dataset or split (every seed id depends on them)."""
    for key in ("dataset", "split"):
        if not isinstance(provenance.get(key), str) or not provenance[key]:
            raise ValueError(f"provenance needs a non-empty {key!r} string")


def _summarise(
    seeds: datasets.Dataset, skipped: list[dict[str, Any]], scanned: int
) -> SeedExtraction:
    """Bundle the seeds with the skipped rows and their counts per reason."""
    counts = Counter(item["reason"] for item in skipped)
    return SeedExtraction(
        seeds=seeds,
        skipped=skipped,
        skipped_counts=dict(counts.most_common()),
        scanned=scanned,
    )


def _extract_dataset(
    ds: datasets.Dataset,
    mapping: SeedMapping,
    provenance: Mapping[str, Any],
    max_chars: int | None,
) -> SeedExtraction:
    """Extract seeds from an Arrow-backed dataset with a cached, fingerprinted map."""
    fingerprint = Hasher.hash(
        [ds._fingerprint, mapping.model_dump_json(), dict(provenance), max_chars, _CODE_VERSION]
    )
    extract = functools.partial(
        _extract_batch, mapping=mapping, provenance=dict(provenance), max_chars=max_chars
    )
    mapped = ds.map(
        extract,
        with_indices=True,
        batched=True,
        remove_columns=ds.column_names,
        features=_EXTRACT_FEATURES,
        new_fingerprint=fingerprint,
        desc="Extracting seeds",
    )
    reasons: list[str | None] = _column(mapped, "skip_reason")
    skipped = [
        {"row": row, "reason": reason} for row, reason in enumerate(reasons) if reason is not None
    ]
    seeds = mapped
    if skipped:
        seeds = mapped.filter(
            _keep_good,
            input_columns="skip_reason",
            batched=True,
            new_fingerprint=Hasher.hash([fingerprint, "keep-good"]),
        )
    seeds = seeds.remove_columns("skip_reason", new_fingerprint=Hasher.hash([fingerprint, "seeds"]))
    return _summarise(seeds, skipped, len(ds))


def _iterate(ds: datasets.IterableDataset, max_rows: int, source_name: str) -> Iterator[Any]:
    """Yield the first ``max_rows`` rows, turning read failures into `SourceError`."""
    rows = iter(ds.take(max_rows))
    index = 0
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as exc:
            raise SourceError(f"{source_name}: cannot read row {index}: {exc}") from exc
        yield row
        index += 1


def _extract_stream(
    ds: datasets.IterableDataset,
    mapping: SeedMapping,
    provenance: Mapping[str, Any],
    max_rows: int,
    source_name: str,
    max_chars: int | None,
) -> SeedExtraction:
    """Extract seeds from the first rows of a stream and materialise them as a `Dataset`.

    Seeds are converted to Arrow every :data:`_STREAM_CHUNK` rows: Python objects take about
    six times the memory of the same seeds in Arrow (2.6 GB for a million rows at once).
    """
    columns: dict[str, list[Any]] = {name: [] for name in SEED_FEATURES}
    chunks: list[pa.Table] = []
    skipped: list[dict[str, Any]] = []
    scanned = 0
    for index, row in enumerate(_iterate(ds, max_rows, source_name)):
        scanned += 1
        record = _record(row, index, mapping, provenance, max_chars)
        reason = record.pop("skip_reason")
        if reason is not None:
            skipped.append({"row": index, "reason": reason})
            continue
        for name, value in record.items():
            columns[name].append(value)
        if len(columns["question"]) >= _STREAM_CHUNK:
            chunks.append(_arrow_chunk(columns))
    chunks.append(_arrow_chunk(columns))
    table = pa.concat_tables(chunks)
    seeds = datasets.Dataset(table, info=datasets.DatasetInfo(features=SEED_FEATURES))
    return _summarise(seeds, skipped, scanned)


_STREAM_CHUNK = 10_000


def _arrow_chunk(columns: dict[str, list[Any]]) -> pa.Table:
    """Encode the collected seeds as one Arrow table and empty the lists."""
    encoded = SEED_FEATURES.encode_batch(columns)
    table = pa.Table.from_pydict(encoded, schema=SEED_FEATURES.arrow_schema)
    for values in columns.values():
        values.clear()
    return table


def extract_seeds(
    ds: datasets.Dataset | datasets.IterableDataset,
    mapping: SeedMapping,
    provenance: Mapping[str, Any],
    *,
    source_name: str,
    max_rows: int | None = None,
    max_chars: int | None = DEFAULT_MAX_CHARS,
) -> SeedExtraction:
    """Extract the seeds of one source split.

    Args:
        ds: The source split, as loaded by `load_source`.
        mapping: Which columns hold the question, answer and context.
        provenance: ``dataset``, ``config``, ``split`` and ``revision`` (see `provenance_base`).
        source_name: The name used in error messages (the recipe's source name or path).
        max_rows: Read only the first rows; required for a streaming source.
        max_chars: Skip a row whose question, answer or context is longer (None: no limit).

    Returns:
        The good seeds (in source order) and an account of the skipped rows.

    Raises:
        MissingColumnError: The source lacks a column the mapping names.
        RecipeError: ``max_rows`` is negative, or missing for a streaming source.
        SourceError: A streaming source fails while it is read.
    """
    _check_provenance(provenance)
    if max_rows is not None and max_rows < 0:
        raise RecipeError("source.max_rows", f"must be zero or more, got {max_rows}")
    _check_columns(ds, mapping, source_name)
    if isinstance(ds, datasets.IterableDataset):
        if max_rows is None:
            raise RecipeError(
                "source.max_rows", "a streaming source needs max_rows (how many rows to read)"
            )
        streamed = _extract_stream(ds, mapping, provenance, max_rows, source_name, max_chars)
        return _with_places(streamed, ds)
    rows = ds if max_rows is None or max_rows >= len(ds) else ds.select(range(max_rows))
    return _with_places(_extract_dataset(rows, mapping, provenance, max_chars), ds)


def _with_places(
    extraction: SeedExtraction, source: datasets.Dataset | datasets.IterableDataset
) -> SeedExtraction:
    """Name the data file and line of each skipped row, so it can be found in the source."""
    places = locate_rows(source, (item["row"] for item in extraction.skipped))
    extraction.skipped = [
        {"row": item["row"], **places.get(item["row"], {}), "reason": item["reason"]}
        for item in extraction.skipped
    ]
    return extraction


def _column(ds: datasets.Dataset, name: str) -> list[Any]:
    """Read one column as Python values in a single Arrow conversion."""
    values: list[Any] = ds.select_columns([name]).with_format("arrow")[name].to_pylist()
    return values


_POOL_SCAN_BATCH = 4096


def _check_size(value: int | None, name: str) -> None:
    """Reject a negative size, naming the option."""
    if value is not None and value < 0:
        raise RecipeError(name, f"must be zero or more, got {value}")


def select_seeds(
    seeds: datasets.Dataset,
    *,
    limit: int | None = None,
    sample: int | None = None,
    seed: int = 0,
    pool_size: int = 2000,
) -> tuple[datasets.Dataset, datasets.Dataset]:
    """Choose the seeds to augment and the retrieval pool for analogical reasoning.

    The pool is the source minus the chosen seeds, as the MASTER paper builds it: the rows not
    chosen, in source order, without any row whose question (whitespace-stripped) equals a
    chosen seed's question, cut to ``pool_size``.

    Args:
        seeds: All seeds of a source (`SEED_FEATURES`).
        limit: Take the first ``limit`` seeds.
        sample: Take ``sample`` seeds at random, as ``seeds.shuffle(seed=seed)`` orders them.
        seed: The random seed of ``sample``.
        pool_size: The largest pool to return.

    Returns:
        ``(chosen seeds, retrieval pool)``; sizes beyond what exists are clamped.

    Raises:
        RecipeError: A size is negative, or both ``limit`` and ``sample`` are given.
    """
    _check_size(limit, "limit")
    _check_size(sample, "sample")
    _check_size(pool_size, "pool_size")
    if limit is not None and sample is not None:
        raise RecipeError("sample", "give limit or sample, not both")
    total = len(seeds)
    if sample is not None:
        order = np.random.default_rng(seed).permutation(total)
        chosen_rows = [int(i) for i in order[: min(sample, total)]]
    else:
        chosen_rows = list(range(min(limit if limit is not None else total, total)))
    chosen = seeds.select(chosen_rows if sample is not None else range(len(chosen_rows)))
    chosen_set = set(chosen_rows)
    chosen_questions = {q.strip() for q in _column(chosen, "question")}
    pool_rows: list[int] = []
    # Questions are read a batch at a time and only until the pool is full, so a build with a
    # limit over a million-row source never holds every question in memory.
    row = 0
    for batch in seeds.select_columns(["question"]).iter(batch_size=_POOL_SCAN_BATCH):
        for question in batch["question"]:
            if row not in chosen_set and question.strip() not in chosen_questions:
                pool_rows.append(row)
            row += 1
        if len(pool_rows) >= pool_size:
            break
    return chosen, seeds.select(pool_rows[:pool_size])

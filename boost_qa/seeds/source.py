"""Where seeds are read from: a Hub dataset, a local dataset folder, or local data files.

Everything goes through `datasets.load_dataset`, so Hub ids, folders laid out like Hub
repositories and loose JSON-lines/Parquet/CSV files behave the same and share its cache. Loader
failures (a truncated JSON line, bytes that are not UTF-8, an unknown split, an unreachable Hub)
surface as one `SourceError` that names the path and the cause, not as a `datasets` traceback.
Remote code is never run: no loading script, no ``trust_remote_code``.
"""

from __future__ import annotations

import csv
import glob
import hashlib
import json
import os
import weakref
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath
from typing import Any, Literal

import datasets
import pyarrow as pa
from datasets.fingerprint import Hasher
from datasets.table import InMemoryTable
from datasets.utils.json import get_json_field_paths_from_feature
from pydantic import BaseModel, ConfigDict, field_validator

from boost_qa.errors import RecipeError, SourceError

__all__ = [
    "SourceOrigin",
    "SourceSpec",
    "load_source",
    "local_name",
    "looks_local",
    "provenance_base",
    "public_provenance",
    "source_origin",
]

Format = Literal["json", "jsonl", "parquet", "csv"]

_BUILDERS: dict[str, str] = {
    "json": "json",
    "jsonl": "json",
    "parquet": "parquet",
    "csv": "csv",
}
_EXTENSIONS: dict[str, str] = {
    ".json": "json",
    ".jsonl": "json",
    ".ndjson": "json",
    ".parquet": "parquet",
    ".csv": "csv",
}
_COMPRESSIONS = (".gz", ".bz2", ".xz", ".zst", ".lz4")
_GLOB_CHARS = frozenset("*?[")


class SourceSpec(BaseModel):
    """Where one source dataset lives and which part of it to read.

    Attributes:
        path: A Hub dataset id, a local folder, or a data file or glob (relative paths are
            resolved against the recipe's folder).
        data_files: Files to read inside a folder or Hub repository.
        name: The dataset config (Hub or folder with several configs).
        split: The split to read; `datasets` slicing such as ``train[:10%]`` works.
        revision: A Hub branch, tag or commit.
        streaming: Read lazily instead of downloading and converting the whole dataset.
        format: Override the format inferred from the file extension.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    path: str
    data_files: str | list[str] | None = None
    name: str | None = None
    split: str = "train"
    revision: str | None = None
    streaming: bool = False
    format: Format | None = None

    @field_validator("path", "split")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        """Reject empty paths and split names."""
        if not value.strip():
            raise ValueError("must not be empty")
        return value


def provenance_base(spec: SourceSpec) -> dict[str, str | None]:
    """Return the provenance every seed of this source carries, without the row number.

    The dataset is the path as written in the recipe (not resolved), so seed ids do not depend
    on the machine the build runs on; an absolute or ``~`` path says where the files sit on one
    machine, so it counts by its last part (``local_name``), as the release publishes it.

    Args:
        spec: The source.

    Returns:
        ``{"dataset", "config", "split", "revision"}``; config and revision may be None.
    """
    machine_bound = (
        spec.path.startswith("~")
        or os.path.isabs(spec.path)
        or PureWindowsPath(spec.path).is_absolute()
    )
    return {
        "dataset": local_name(spec.path) if machine_bound else spec.path,
        "config": spec.name,
        "split": spec.split,
        "revision": spec.revision,
    }


def local_name(path: str) -> str:
    """The last part of a local path (a file, folder or glob name): all of it that is published.

    A path says where things are on the builder's machine (``/home/alice/...``,
    ``../samples/...``); the release records names only.
    """
    # Split at both separators: a Windows path in a recipe read on Linux is still a path.
    name = PureWindowsPath(Path(path.rstrip("/\\") or path).expanduser().as_posix()).name
    return name or "local"


def public_provenance(spec: SourceSpec, base_dir: Path | None = None) -> dict[str, Any]:
    """The provenance a release publishes: a Hub source as it is, a local one without its path.

    A local source is named by ``local_name`` and listed by file name, size and content
    hash (sha256) in ``local_files``, so a reader can check they have the same data without
    learning where it was. Seed ids still derive from `provenance_base`.

    Raises:
        SourceError: A local source's files cannot be read.
    """
    base: dict[str, Any] = dict(provenance_base(spec))
    files = _local_files(spec, base_dir)
    if files is None:
        return base
    base["dataset"] = local_name(spec.path)
    base["local_files"] = files
    return base


def _local_files(spec: SourceSpec, base_dir: Path | None) -> list[dict[str, Any]] | None:
    """Name, size and sha256 of every file of a local source; None for a Hub dataset."""
    local = _resolve(spec.path, base_dir)
    if local.is_dir():
        found = [
            p
            for p in sorted(local.rglob("*"))
            if p.is_file() and not any(s.startswith(".") for s in p.relative_to(local).parts)
        ]
        named = [(p.relative_to(local).as_posix(), p) for p in found]
    elif local.is_file() or _GLOB_CHARS & set(spec.path):
        named = [(Path(f).name, Path(f)) for f in sorted(glob.glob(str(local)))]
    else:
        return None
    return [{"name": name, "size": p.stat().st_size, "sha256": _sha256(p)} for name, p in named]


def _sha256(path: Path) -> str:
    """The content hash of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def looks_local(path: str) -> bool:
    """Whether a source path names local files rather than a Hub dataset id (by its shape)."""
    return _looks_local(path)


def _extension_builder(file: str) -> str | None:
    """Return the builder a file extension implies (compression suffixes ignored), if any."""
    name = file.lower()
    for compression in _COMPRESSIONS:
        name = name.removesuffix(compression)
    return _EXTENSIONS.get(os.path.splitext(name)[1])


def _builder_for(spec: SourceSpec, file: str) -> str:
    """Return the packaged builder that reads ``file`` (the format override wins)."""
    if spec.format is not None:
        return _BUILDERS[spec.format]
    builder = _extension_builder(file)
    if builder is None:
        raise RecipeError(
            "source.format",
            f"cannot tell the format of {file!r} from its extension; "
            f"set format to one of {', '.join(_BUILDERS)}",
        )
    return builder


def _resolve(path: str, base_dir: Path | None) -> Path:
    """Resolve a local path against the recipe folder (absolute and ~ paths stay as they are)."""
    local = Path(path).expanduser()
    if not local.is_absolute() and base_dir is not None:
        local = base_dir / local
    return local


def _looks_local(path: str) -> bool:
    """Whether a path that does not exist was meant as a local path rather than a Hub id."""
    if path.startswith((".", "/", "~")) or "\\" in path or path.count("/") > 1:
        return True
    return _extension_builder(path) is not None


def _cause(exc: BaseException) -> str:
    """Describe an exception and the deepest exception it was raised from."""
    text = f"{type(exc).__name__}: {exc}"
    root = exc
    seen = {id(exc)}
    while (nxt := root.__cause__ or root.__context__) is not None and id(nxt) not in seen:
        seen.add(id(nxt))
        root = nxt
    if root is not exc:
        text += f" (caused by {type(root).__name__}: {root})"
    return text


@dataclass(frozen=True)
class _Plan:
    """What to pass to `datasets.load_dataset`, and what to name when it fails."""

    where: str
    kwargs: dict[str, Any]
    files: tuple[str, ...] = field(default=())
    """Local text files (JSON, CSV) to scan for the failing line when loading fails."""
    data_files: tuple[str, ...] | None = None
    """The local data files of a file or glob source, in the order `datasets` reads them."""
    folder: bool = False
    """Whether the source is a local folder (its data files are resolved by `datasets`)."""


@dataclass(frozen=True)
class SourceOrigin:
    """What a loaded source was read from, so a row can later be traced to its file and line.

    Attributes:
        split: The split as the recipe wrote it (``train``, ``train[:10%]``, ``train+test``).
        split_sizes: Rows per whole split, as `datasets` loaded them (empty when streaming).
        rows: Rows of the loaded dataset (None when streaming).
        streaming: Whether the source is read lazily.
        builder: The packaged builder of every file, when the plan fixed one.
        data_files: The local data files of a file or glob source, in load order.
        folder_kwargs: How to ask `datasets` which files a local folder's splits hold.
    """

    split: str
    split_sizes: dict[str, int]
    rows: int | None
    streaming: bool
    builder: str | None = None
    data_files: tuple[str, ...] | None = None
    folder_kwargs: dict[str, Any] | None = None


_ORIGINS: weakref.WeakKeyDictionary[Any, SourceOrigin] = weakref.WeakKeyDictionary()


def _text_files(folder: Path) -> tuple[str, ...]:
    """List the JSON and CSV files under a folder, for diagnosing load failures."""
    found = (str(p) for p in sorted(folder.rglob("*")) if p.is_file())
    return tuple(f for f in found if _extension_builder(f) in ("json", "csv"))


def _csv_options(file: str) -> dict[str, Any]:
    """Read every CSV column as text: CSV has no types, and an answer "5" must stay a string."""
    if _extension_builder(file) != "csv" or file.lower().endswith(_COMPRESSIONS):
        return {}
    try:
        with open(file, encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle), [])
    except (OSError, UnicodeDecodeError, csv.Error):
        return {}
    if not header or len(set(header)) != len(header):
        return {}
    features = datasets.Features({name: datasets.Value("string") for name in header})
    return {"features": features, "keep_default_na": False}


def _file_plan(spec: SourceSpec, local: Path, is_glob: bool) -> _Plan:
    """Plan the load of one data file or of the files a glob matches."""
    if spec.data_files is not None:
        raise RecipeError("source.data_files", "only applies to a folder or a Hub dataset")
    files = sorted(glob.glob(str(local))) if is_glob else [str(local)]
    if not files:
        raise SourceError(f"{local}: no file matches this pattern")
    builder = _builder_for(spec, files[0])
    kwargs: dict[str, Any] = {"path": builder, "data_files": files}
    if builder == "csv":
        kwargs.update(_csv_options(files[0]))
    text = tuple(files) if builder in ("json", "csv") else ()
    return _Plan(str(local), kwargs, text, data_files=tuple(files))


def _plan(spec: SourceSpec, base_dir: Path | None) -> _Plan:
    """Decide how to load a source: local folder, local files, or Hub dataset."""
    local = _resolve(spec.path, base_dir)
    kwargs: dict[str, Any]
    if local.is_dir():
        if spec.format is not None:
            kwargs = {"path": _BUILDERS[spec.format], "data_dir": str(local)}
        else:
            kwargs = {"path": str(local), "name": spec.name}
        kwargs = {**kwargs, "data_files": spec.data_files}
        return _Plan(str(local), kwargs, _text_files(local), folder=True)
    is_glob = bool(_GLOB_CHARS & set(spec.path))
    if local.is_file() or is_glob:
        return _file_plan(spec, local, is_glob)
    if _looks_local(spec.path):
        raise SourceError(f"{local}: no such file or folder")
    kwargs = {"path": spec.path, "name": spec.name, "revision": spec.revision}
    return _Plan(spec.path, {**kwargs, "data_files": spec.data_files})


def _is_json_lines(file: str) -> bool:
    """Whether a file's first non-blank line is a JSON object on its own (JSON lines)."""
    with open(file, "rb") as handle:
        for raw in handle:
            if raw.strip():
                try:
                    return isinstance(json.loads(raw), dict)
                except ValueError:
                    return False
    return False


def _bad_line(file: str) -> str | None:
    """Return where a text file first stops being UTF-8 (or JSON lines), if it does."""
    if file.lower().endswith(_COMPRESSIONS):
        return None
    check_json = _extension_builder(file) == "json" and _is_json_lines(file)
    with open(file, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                return f"line {number} is not valid UTF-8 ({exc.reason} at byte {exc.start})"
            if check_json and line.strip():
                try:
                    json.loads(line)
                except json.JSONDecodeError as exc:
                    return f"line {number} is not valid JSON ({exc.msg} at column {exc.colno})"
    return None


def _is_blank(file: str) -> bool:
    """Whether a local file holds nothing but whitespace."""
    with open(file, "rb") as handle:
        return all(not chunk.strip() for chunk in iter(lambda: handle.read(1 << 16), b""))


def _failure(plan: _Plan, exc: BaseException) -> SourceError:
    """Build the error for a failed load, pointing at the first bad line when one is found."""
    for file in plan.files:
        try:
            problem = _bad_line(file)
        except OSError:
            continue
        if problem is not None:
            place = "" if file == plan.where else f"{file}, "
            return SourceError(f"cannot load source {plan.where}: {place}{problem}")
    try:
        empty = bool(plan.files) and all(_is_blank(file) for file in plan.files)
    except OSError:
        empty = False
    if empty:
        what = "the file is" if len(plan.files) == 1 else "every data file is"
        return SourceError(f"cannot load source {plan.where}: {what} empty (no rows)")
    return SourceError(f"cannot load source {plan.where}: {_cause(exc)}")


def _json_records(files: tuple[str, ...]) -> list[dict[str, Any]] | None:
    """Every record of local JSON (lines or array) files, in order; None if not all objects."""
    records: list[Any] = []
    for file in files:
        if _is_json_lines(file):
            with open(file, encoding="utf-8") as handle:
                records.extend(json.loads(line) for line in handle if line.strip())
        else:
            with open(file, encoding="utf-8") as handle:
                data = json.load(handle)
            if not isinstance(data, list):
                return None
            records.extend(data)
    return records if all(isinstance(r, dict) for r in records) else None


def _exact_mixed_columns(loaded: datasets.Dataset, plan: _Plan) -> datasets.Dataset:
    """Re-read exactly the JSON columns that `datasets` stored as `Json` for mixed types.

    A JSON column whose values have mixed types (a number in one row, text in the others) is
    loaded as `datasets.Json`, whose encoding keeps a string that happens to be valid JSON
    unquoted: the answer ``"4"`` comes back as the number 4 and ``'"hi"'`` as ``hi``. Each value
    of such a column is stored here as its own JSON text instead, so strings stay strings,
    verbatim, and only the rows that really hold a non-string are skipped.
    """
    features = loaded.features.items()
    mixed = [name for name, feature in features if get_json_field_paths_from_feature(feature)]
    if not mixed or plan.kwargs.get("path") != "json" or not plan.files:
        return loaded
    records = _json_records(plan.files)
    if records is None or len(records) != len(loaded):
        return loaded  # a split slice or an unusual layout: keep what datasets read
    table = loaded.data.table
    for name in mixed:
        values = [record.get(name) for record in records]
        text = [None if v is None else json.dumps(v, ensure_ascii=False) for v in values]
        table = table.set_column(
            table.schema.get_field_index(name), name, pa.array(text, type=pa.json_())
        )
    fingerprint = Hasher.hash([loaded._fingerprint, "exact-json", mixed])
    return datasets.Dataset(InMemoryTable(table), split=loaded.split, fingerprint=fingerprint)


def load_source(
    spec: SourceSpec, base_dir: Path | None = None
) -> datasets.Dataset | datasets.IterableDataset:
    """Load one split of a source dataset.

    Local JSON and CSV data is checked to be valid UTF-8 (Arrow's JSON reader does not check),
    so a broken file fails here, naming its first bad line, rather than mid-build.

    Args:
        spec: The source.
        base_dir: The folder relative local paths are resolved against (the recipe's folder).

    Returns:
        A `Dataset`, or an `IterableDataset` when ``spec.streaming`` is set.

    Raises:
        SourceError: The source cannot be found or read; the message names the path and cause.
        RecipeError: The format cannot be inferred, or ``data_files`` was given for a file.
    """
    plan = _plan(spec, base_dir)
    kwargs = {"split": spec.split, "streaming": spec.streaming, **plan.kwargs}
    kwargs = {key: value for key, value in kwargs.items() if value is not None}
    try:
        loaded = datasets.load_dataset(**kwargs)
        sizes = _split_sizes(loaded)
        if isinstance(loaded, datasets.Dataset) and plan.files:
            loaded.data.table.validate(full=True)
            loaded = _exact_mixed_columns(loaded, plan)
    except Exception as exc:
        raise _failure(plan, exc) from exc
    if not isinstance(loaded, datasets.Dataset | datasets.IterableDataset):
        raise SourceError(f"cannot load source {plan.where}: got {type(loaded).__name__}")
    origin = _origin(spec, plan, sizes, loaded)
    if origin is not None:
        _ORIGINS[loaded] = origin
    return loaded


def _split_sizes(loaded: Any) -> dict[str, int]:
    """Rows per whole split, read before a rebuilt table drops the dataset's split info."""
    splits = getattr(getattr(loaded, "info", None), "splits", None) or {}
    return {str(name): int(info.num_examples) for name, info in splits.items()}


def _origin(
    spec: SourceSpec, plan: _Plan, sizes: dict[str, int], loaded: Any
) -> SourceOrigin | None:
    """Describe where a local source's rows come from; None for a Hub dataset."""
    if plan.data_files is None and not plan.folder:
        return None
    builder = plan.kwargs["path"] if plan.kwargs["path"] in _BUILDERS.values() else None
    folder = {k: v for k, v in plan.kwargs.items() if v is not None} if plan.folder else None
    return SourceOrigin(
        split=spec.split,
        split_sizes=sizes,
        rows=len(loaded) if isinstance(loaded, datasets.Dataset) else None,
        streaming=spec.streaming,
        builder=builder,
        data_files=plan.data_files,
        folder_kwargs=folder,
    )


def source_origin(ds: datasets.Dataset | datasets.IterableDataset) -> SourceOrigin | None:
    """Return what `load_source` read ``ds`` from; None for a dataset it did not load."""
    return _ORIGINS.get(ds)

"""Check a release (a local folder or a Hub repo) under one chat template: ``boost-qa check``.

Reads each config's rows the way a trainer gets them and hands them to the template checks of
``boost_qa.chat.check``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from boost_qa.chat.check import CheckReport, check_rows
from boost_qa.chat.template import ChatTemplate
from boost_qa.errors import SourceError
from boost_qa.release.folder import ReleaseFolder
from boost_qa.release.reading import discover_configs


def release_configs(
    release: str, configs: Iterable[str] = ()
) -> Iterator[tuple[str, Iterable[Mapping[str, Any]]]]:
    """The configs to check and their rows: a local release folder, or a Hub repo by id.

    A local folder is read through its card's ``configs:`` (mixes, which repeat other configs'
    rows, are left out unless named); a Hub repo through ``datasets``.
    """
    wanted = list(configs)
    folder = Path(release)
    if folder.is_dir():
        yield from _local_configs(folder, wanted)
        return
    yield from _hub_configs(release, wanted)


def _local_configs(
    folder: Path, wanted: list[str]
) -> Iterator[tuple[str, Iterable[Mapping[str, Any]]]]:
    found = discover_configs(folder)
    unknown = [n for n in wanted if n not in found]
    if unknown:
        raise SourceError(f"{folder}: no config(s) {unknown}; it has {sorted(found)}")
    names = wanted or [n for n in found if n not in _mixes(folder)]
    for name in names:
        yield name, _read_parquet(found[name])


def _mixes(folder: Path) -> set[str]:
    release = ReleaseFolder(folder)
    if not release.is_release():
        return set()
    try:
        return set(release.read_manifest().mixes)
    except SourceError:
        return set()


def _read_parquet(files: list[Path]) -> Iterator[Mapping[str, Any]]:
    import pyarrow.parquet as pq

    for path in files:
        if path.suffix != ".parquet":
            raise SourceError(f"{path}: boost-qa check reads parquet release files")
        for batch in pq.ParquetFile(path).iter_batches(batch_size=1024):
            yield from batch.to_pylist()


def _hub_configs(repo: str, wanted: list[str]) -> Iterator[tuple[str, Iterable[Mapping[str, Any]]]]:
    import datasets

    try:
        names = wanted or datasets.get_dataset_config_names(repo)
        for name in names:
            yield name, datasets.load_dataset(repo, name, split="train")
    except (OSError, ValueError, datasets.exceptions.DatasetNotFoundError) as exc:
        raise SourceError(f"{repo}: cannot load it as a folder or a Hub dataset: {exc}") from exc


def check_release(
    release: str,
    template: ChatTemplate,
    *,
    configs: Iterable[str] = (),
    tokenizer: Any = None,
    tokenizer_name: str | None = None,
    max_length: int | None = None,
) -> CheckReport:
    """Check every row of a release (folder or Hub repo) under one template."""
    report = CheckReport(template.name, tokenizer_name, max_length)
    for name, rows in release_configs(release, configs):
        report.configs[name] = check_rows(template, name, rows, tokenizer=tokenizer)
    return report

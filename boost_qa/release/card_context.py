"""What the card shows beyond the manifest, read from the release folder itself.

One example dialogue per scenario, the prompt templates as built, and (when ``boost-qa stats``
or the build wrote them) the statistics and plots.
"""

from __future__ import annotations

from typing import Any

import pyarrow.parquet as pq

from boost_qa.dialogue.prompts import PromptLibrary
from boost_qa.release.folder import ReleaseFolder
from boost_qa.release.manifest import Manifest
from boost_qa.types import SCENARIOS

MAX_TURN_CHARS = 1500


def examples(folder: ReleaseFolder, manifest: Manifest) -> list[dict[str, Any]]:
    """The first row of each scenario, from the first config that has one."""
    found: dict[str, dict[str, Any]] = {}
    for name in manifest.configs:
        for file in folder.config_files(name):
            schema = pq.read_schema(file).names
            turns = ["dialogue"] if "dialogue" in schema else ["messages", "speakers"]
            table = pq.read_table(file, columns=["id", "scenario", *turns])
            for row in table.to_pylist():
                if row["scenario"] in found:
                    continue
                found[row["scenario"]] = {
                    "config": name,
                    "id": row["id"],
                    "scenario": row["scenario"],
                    "turns": [
                        {"speaker": t["speaker"], "role": t["role"], "content": _clip(t["content"])}
                        for t in _turns(row)
                    ],
                }
            break
    return [found[s] for s in SCENARIOS if s in found]


def _turns(row: dict[str, Any]) -> list[dict[str, Any]]:
    """The row's per-agent turns; releases before the ``dialogue`` column had ``speakers``."""
    if "dialogue" in row:
        return list(row["dialogue"])
    return [
        {"speaker": speaker, **message}
        for speaker, message in zip(row["speakers"], row["messages"], strict=True)
    ]


def _clip(text: str) -> str:
    return text if len(text) <= MAX_TURN_CHARS else text[:MAX_TURN_CHARS] + " […]"


def prompts(manifest: Manifest) -> dict[str, str]:
    """Template texts whose hashes match the manifest (the package's, by default)."""
    library = PromptLibrary()
    hashes = library.hashes()
    wanted = manifest.prompt_templates
    return {
        name: library.source(name).strip()
        if hashes.get(name) == digest
        else "(a recipe override; see the recipe's prompt_dir)"
        for name, digest in sorted(wanted.items())
    }


def plots(folder: ReleaseFolder) -> list[dict[str, str]]:
    """PNG plots saved in the release, as card image links."""
    return [{"path": folder.relative(p), "title": p.stem.replace("_", " ")} for p in folder.plots()]


def dataset_info(folder: ReleaseFolder, configs: dict[str, str]) -> list[dict[str, Any]]:
    """The card's ``dataset_info``: features and split sizes of each config, from its files."""
    from datasets import DatasetInfo, Features, SplitDict, SplitInfo

    infos = []
    for name in configs:
        files = folder.config_files(name)
        if not files:
            continue
        rows = sum(pq.ParquetFile(f).metadata.num_rows for f in files)
        size = sum(f.stat().st_size for f in files)
        splits = SplitDict()
        splits.add(SplitInfo(name="train", num_bytes=size, num_examples=rows))
        info = DatasetInfo(
            features=Features.from_arrow_schema(pq.read_schema(files[0])),
            splits=splits,
            config_name=name,
            dataset_size=size,
            download_size=size,
        )
        infos.append({"config_name": name, **info._to_yaml_dict()})
    return infos

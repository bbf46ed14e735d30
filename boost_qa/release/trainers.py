"""What trainers need beside the data: LLaMA-Factory's ``dataset_info.json`` and axolotl's block.

LLaMA-Factory reads datasets through a ``dataset_info.json`` in its ``dataset_dir``; the release
ships one at its root, so ``dataset_dir: <release folder>`` and ``dataset: boost_qa_<config>``
work as they are. The card shows the same entries for the Hub (``hf_hub_url`` + ``subset``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from boost_qa.release.folder import ReleaseFolder

OPENAI_TAGS = {
    "role_tag": "role",
    "content_tag": "content",
    "user_tag": "user",
    "assistant_tag": "assistant",
    "system_tag": "system",
}


def llamafactory_entry(
    config: str, *, system_column: bool, repo_id: str | None = None
) -> dict[str, Any]:
    """One ``dataset_info.json`` entry: the config's ``messages`` in OpenAI style.

    ``system_column``: the recipe keeps the system prompt out of ``messages`` (``system:
    column``), so LLaMA-Factory reads it from the ``context`` column.
    """
    where: dict[str, Any] = (
        {"hf_hub_url": repo_id, "subset": config, "split": "train"}
        if repo_id
        else {"file_name": config}
    )
    columns = {"messages": "messages", **({"system": "context"} if system_column else {})}
    return {**where, "formatting": "sharegpt", "columns": columns, "tags": dict(OPENAI_TAGS)}


def llamafactory_dataset_info(
    configs: Mapping[str, bool], *, repo_id: str | None = None
) -> dict[str, Any]:
    """Entries ``boost_qa_<config>`` for every config (name -> system kept in a column)."""
    return {
        f"boost_qa_{name}": llamafactory_entry(name, system_column=column, repo_id=repo_id)
        for name, column in configs.items()
    }


def write_dataset_info(folder: ReleaseFolder, configs: Mapping[str, bool]) -> Path:
    """Write the release's local ``dataset_info.json`` (paths relative to the release)."""
    path = folder.dataset_info_path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(llamafactory_dataset_info(configs), indent=2) + "\n")
    return path

"""Render the release's README.md: a dataset card with Hub metadata and YAML ``configs:``.

Rendering is pure (strings in, string out); the template is ``dataset_card/card.md.j2``.
"""

from __future__ import annotations

import importlib.resources
from typing import Any

import jinja2
from huggingface_hub import DatasetCard, DatasetCardData

TEMPLATE = "card.md.j2"


def configs_metadata(configs: dict[str, str], default: str | None) -> list[dict[str, Any]]:
    """The YAML ``configs:`` entries that make ``load_dataset(repo, name)`` find each config.

    ``configs`` maps each config name to its data tag (see ``release.layout``).
    """
    entries = []
    for name, tag in configs.items():
        entry: dict[str, Any] = {
            "config_name": name,
            "data_files": [{"split": "train", "path": f"{name}/train-*-{tag}.parquet"}],
        }
        if name == default:
            entry["default"] = True
        entries.append(entry)
    return entries


def size_category(rows: int) -> str:
    """The Hub's size bucket for a row count."""
    for limit, label in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K")):
        if rows < limit:
            return label
    return "100K<n<1M" if rows < 1_000_000 else "1M<n<10M"


def render_card(context: dict[str, Any]) -> str:
    """Render the card text (YAML header and body) from a context dict."""
    data = DatasetCardData(
        pretty_name=context["pretty_name"],
        license=context["license"],
        language=[context["language"]],
        task_categories=["text-generation", "question-answering"],
        size_categories=[size_category(context["total_rows"])],
        source_datasets=context["source_datasets"],
        tags=["synthetic", "boost-qa", "master", "teacher-student", "dialogue"],
        configs=configs_metadata(context["config_tags"], context["default_config"]),
    )
    template = importlib.resources.files("boost_qa.card_templates").joinpath(TEMPLATE)
    body = jinja2.Environment(autoescape=False, undefined=jinja2.StrictUndefined).from_string(
        template.read_text(encoding="utf-8")
    )
    text = f"---\n{data.to_yaml()}\n---\n\n" + body.render(**context)
    return str(DatasetCard(text))

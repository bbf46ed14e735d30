"""Render the release's README.md: a dataset card with Hub metadata and YAML ``configs:``.

Rendering is pure (strings in, string out); the template is ``dataset_card/card.md.j2``.
"""

from __future__ import annotations

import importlib.resources
import json
from pathlib import Path
from typing import Any

import jinja2
from huggingface_hub import DatasetCard, DatasetCardData

from boost_qa.chat.check import recommended_max_length
from boost_qa.release import card_context
from boost_qa.release.trainers import llamafactory_dataset_info

TEMPLATE = "card.md.j2"


def configs_metadata(configs: dict[str, str], default: str | None) -> list[dict[str, Any]]:
    """The YAML ``configs:`` entries that make ``load_dataset(repo, name)`` find each config.

    ``configs`` maps each config name to its data tag (see ``release.layout``).
    """
    entries: list[dict[str, Any]] = []
    for name, tag in configs.items():
        entry: dict[str, Any] = {
            "config_name": name,
            "data_files": [{"split": "train", "path": f"{name}/train-*-{tag}.parquet"}],
        }
        if name == default or (default not in configs and not entries):
            entry["default"] = True
        entries.append(entry)
    return entries


def size_category(rows: int) -> str:
    """The Hub's size bucket for a row count."""
    for limit, label in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K")):
        if rows < limit:
            return label
    return "100K<n<1M" if rows < 1_000_000 else "1M<n<10M"


def _blockquote(text: str) -> str:
    """Quote a turn so its Markdown (headings, code fences) stays inside the example."""
    return "\n".join("> " + line if line.strip() else ">" for line in text.splitlines())


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
        dataset_info=context.get("dataset_info") or None,
    )
    template = importlib.resources.files("boost_qa.card_templates").joinpath(TEMPLATE)
    env = jinja2.Environment(autoescape=False, undefined=jinja2.ChainableUndefined)
    env.filters["blockquote"] = _blockquote
    body = env.from_string(template.read_text(encoding="utf-8"))
    text = f"---\n{data.to_yaml()}\n---\n\n" + body.render(**context)
    return str(DatasetCard(text))


def release_license(manifest: dict[str, Any]) -> str:
    """One licence when every config shares it, else ``other`` (the body lists each)."""
    licences = {
        manifest["release"]["config_licenses"].get(name, manifest["release"]["license"])
        for name in manifest["configs"]
    }
    return licences.pop() if len(licences) == 1 else "other"


def render_release_card(
    manifest: dict[str, Any],
    *,
    repo_id: str | None = None,
    changelog: list[dict[str, Any]] | None = None,
    folder: Path | None = None,
) -> str:
    """The card of a release, from its manifest (and, once published, its changelog).

    With ``folder``, the card also shows example dialogues, statistics and plots read from it.
    """
    release = manifest["release"]
    configs = [
        {
            "name": name,
            "rows": c["rows"],
            "failed": c["failed"],
            "scenarios": c["rows_per_scenario"],
            "source": c["source"]["dataset"],
            "license": release["config_licenses"].get(name, release["license"]),
        }
        for name, c in manifest["configs"].items()
    ]
    mixes = manifest.get("mixes", {})
    exports = manifest.get("exports", {})
    # A config without rows cannot be loaded (datasets: "corresponds to no data"), so it
    # stays out of `configs:`; the table still lists it with its failures.
    tags = {
        **{n: c["data_tag"] for n, c in manifest["configs"].items() if c["rows"]},
        **{n: m["data_tag"] for n, m in mixes.items() if m["rows"]},
        **{n: e["data_tag"] for n, e in exports.items() if e["rows"]},
    }
    return render_card(
        {
            "pretty_name": manifest["name"],
            "description": release["description"],
            "repo_id": repo_id or f"<owner>/{manifest['name']}",
            "license": release_license(manifest),
            "language": release["language"],
            "total_rows": sum(c["rows"] for c in configs),
            "source_datasets": sorted({c["source"] for c in configs}),
            "config_tags": tags,
            "mixes": mixes,
            "exports": exports,
            "training": training_context(manifest, repo_id),
            "default_config": manifest.get("default_config") or configs[0]["name"],
            "configs": configs,
            "manifest": manifest,
            "changelog": changelog or [],
            "examples": card_context.examples(folder, manifest) if folder else [],
            "prompts": card_context.prompts(manifest),
            "stats": _stats_markdown(card_context.stored_stats(folder)) if folder else {},
            "plots": card_context.plots(folder) if folder else [],
            "dataset_info": card_context.dataset_info(folder, tags) if folder else [],
        }
    )


def training_context(manifest: dict[str, Any], repo_id: str | None) -> dict[str, Any]:
    """What the card's training section shows: learned turns, lengths, trainer snippets."""
    configs = manifest["configs"]
    shapes = {name: c.get("training") or {} for name, c in configs.items()}
    lengths = {name: c["token_lengths"] for name, c in configs.items() if c.get("token_lengths")}
    longest = max((t["max"] for t in lengths.values()), default=None)
    repo = repo_id or f"<owner>/{manifest['name']}"
    entries = llamafactory_dataset_info(
        {n: shapes[n].get("system") == "column" for n, c in configs.items() if c["rows"]},
        repo_id=repo,
    )
    return {
        "shapes": shapes,
        "lengths": lengths,
        "max_length": recommended_max_length(longest) if longest else None,
        "llamafactory": json.dumps(dict(list(entries.items())[:1]), indent=2),
        "weighted_turns": _snippet("trl_weighted_turns.py"),
    }


def _snippet(name: str) -> str:
    text = importlib.resources.files("boost_qa.card_templates").joinpath(name).read_text("utf-8")
    return text.split("# --- snippet ---\n", 1)[-1].strip()


def _stats_markdown(stats: dict[str, Any] | None) -> dict[str, str]:
    """Per-config statistics as Markdown, from ``boost_qa/stats.json``."""
    if not stats:
        return {}
    from boost_qa.stats.card import stats_markdown

    rendered: dict[str, str] = stats_markdown(stats)
    return rendered

"""Render the release's README.md: a dataset card with Hub metadata and YAML ``configs:``.

Rendering is pure (strings in, string out); the template is ``dataset_card/card.md.j2``.
"""

from __future__ import annotations

import importlib.resources
import json
from typing import Any

import jinja2
from huggingface_hub import DatasetCard, DatasetCardData

from boost_qa.chat.check import recommended_max_length
from boost_qa.release import card_context
from boost_qa.release.folder import ReleaseFolder, data_files_pattern
from boost_qa.release.manifest import Manifest
from boost_qa.release.trainers import llamafactory_dataset_info

TEMPLATE = "card.md.j2"


def configs_metadata(configs: dict[str, str], default: str | None) -> list[dict[str, Any]]:
    """The YAML ``configs:`` entries that make ``load_dataset(repo, name)`` find each config.

    ``configs`` maps each config name to its data tag (see ``release.folder``).
    """
    entries: list[dict[str, Any]] = []
    for name, tag in configs.items():
        entry: dict[str, Any] = {
            "config_name": name,
            "data_files": [{"split": "train", "path": data_files_pattern(name, tag)}],
        }
        if name == default or (default not in configs and not entries):
            entry["default"] = True
        entries.append(entry)
    return entries


def _default_config(manifest: Manifest) -> str | None:
    return manifest.default_config or next(iter(manifest.configs), None)


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
        source_datasets=context["source_datasets"] or None,
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


def release_license(manifest: Manifest) -> str:
    """One licence when every config shares it, else ``other`` (the body lists each)."""
    licences = {manifest.config_license(name) for name in manifest.configs}
    return licences.pop() if len(licences) == 1 else "other"


def source_datasets(manifest: Manifest) -> list[str]:
    """The Hub datasets the release was built from; local files are never listed."""
    return sorted({c.source.dataset for c in manifest.configs.values() if not c.source.is_local})


def config_tags(manifest: Manifest) -> dict[str, str]:
    """The data tag of every loadable config, mix and export (those with rows).

    A config without rows cannot be loaded (datasets: "corresponds to no data"), so it stays
    out of the card's ``configs:``; the table still lists it with its failures.
    """
    return {
        **{n: c.data_tag for n, c in manifest.configs.items() if c.rows},
        **{n: m.data_tag for n, m in manifest.mixes.items() if m.rows},
        **{n: e.data_tag for n, e in manifest.exports.items() if e.rows},
    }


def render_release_card(
    manifest: Manifest,
    *,
    repo_id: str | None = None,
    changelog: list[dict[str, Any]] | None = None,
    folder: ReleaseFolder | None = None,
) -> str:
    """The card of a release, from its manifest (and, once published, its changelog).

    With ``folder``, the card also shows example dialogues, statistics and plots read from it.
    """
    configs = [
        {
            "name": name,
            "rows": c.rows,
            "failed": c.failed,
            "scenarios": c.rows_per_scenario,
            "source": c.source.dataset,
            "license": manifest.config_license(name),
        }
        for name, c in manifest.configs.items()
    ]
    tags = config_tags(manifest)
    data = manifest.model_dump(mode="json")
    return render_card(
        {
            "pretty_name": manifest.name,
            "description": manifest.release.description,
            "repo_id": repo_id or f"<owner>/{manifest.name}",
            "license": release_license(manifest),
            "language": manifest.release.language,
            "total_rows": sum(c["rows"] for c in configs),
            "source_datasets": source_datasets(manifest),
            "config_tags": tags,
            "mixes": data["mixes"],
            "exports": data["exports"],
            "training": training_context(manifest, repo_id),
            "default_config": _default_config(manifest),
            "configs": configs,
            "manifest": data,
            "changelog": changelog or [],
            "examples": card_context.examples(folder, manifest) if folder else [],
            "prompts": card_context.prompts(manifest),
            "stats": _stats_markdown(folder.read_stats()) if folder else {},
            "plots": card_context.plots(folder) if folder else [],
            "dataset_info": card_context.dataset_info(folder, tags) if folder else [],
        }
    )


def training_context(manifest: Manifest, repo_id: str | None) -> dict[str, Any]:
    """What the card's training section shows: learned turns, lengths, trainer snippets."""
    configs = manifest.configs
    shapes = {name: c.training or {} for name, c in configs.items()}
    lengths = {name: c.token_lengths for name, c in configs.items() if c.token_lengths}
    longest = max((t["max"] for t in lengths.values()), default=None)
    repo = repo_id or f"<owner>/{manifest.name}"
    entries = llamafactory_dataset_info(
        {n: shapes[n].get("system") == "column" for n, c in configs.items() if c.rows},
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
    """Per-config statistics as Markdown, from the release's ``stats.json``."""
    if not stats:
        return {}
    from boost_qa.stats.card import stats_markdown

    rendered: dict[str, str] = stats_markdown(stats)
    return rendered

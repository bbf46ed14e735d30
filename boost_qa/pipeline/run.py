"""Build a release: every config of a recipe, then the release folder. The only orchestrator."""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import yaml
from rich.console import Console

from boost_qa.chat.exports import export_name, export_rows
from boost_qa.chat.lengths import measure_lengths
from boost_qa.dialogue.prompts import prompt_library
from boost_qa.judge import judge_dataset
from boost_qa.llm.cache import RequestCache, cache_disabled, default_cache_dir
from boost_qa.llm.gateway import Gateway
from boost_qa.llm.provider_hooks import require_routable
from boost_qa.llm.retry import RetryPolicy
from boost_qa.pipeline.generate import GeneratedConfig, generate_config
from boost_qa.pipeline.guard_stats import guard_summary
from boost_qa.pipeline.heap import frozen_heap
from boost_qa.pipeline.mix import build_mix, load_config_rows, mix_summary
from boost_qa.pipeline.prepare import PreparedConfig, prepare_config
from boost_qa.pipeline.processes import check_workers, generate_config_processes
from boost_qa.pipeline.progress import BuildProgress
from boost_qa.pipeline.quality import apply_quality
from boost_qa.recipe import Recipe, load_recipe
from boost_qa.release.card import render_release_card
from boost_qa.release.layout import (
    META_DIR,
    data_tag,
    publish_staging,
    staging_dir,
    write_config_data,
    write_jsonl,
)
from boost_qa.release.manifest import command_line, library_versions, models_by_role
from boost_qa.release.trainers import write_dataset_info


@dataclass(frozen=True)
class BuildOptions:
    """What ``boost-qa build`` was asked to do beyond the recipe."""

    out: Path
    configs: tuple[str, ...] = ()
    limit: int | None = None
    concurrency: int = 16
    cache_dir: Path | None = None
    models: dict[str, str] = field(default_factory=dict)
    dry_run: bool = False
    max_cost: float | None = None
    progress: bool = True
    retry: RetryPolicy | None = None
    engine: Literal["local", "ray"] = "local"
    ray_address: str | None = None
    workers: int | None = None


@dataclass
class BuildReport:
    """What a build did: per-config counts, failures, totals."""

    out: Path
    configs: dict[str, dict[str, Any]]
    failures: list[dict[str, Any]]
    totals: dict[str, Any]
    dry_run: bool = False
    skipped_mixes: dict[str, str] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        """0 when every row was built, 1 when some failed."""
        return 1 if self.failures else 0


def build_release(
    recipe_path: Path, options: BuildOptions, console: Console | None = None
) -> BuildReport:
    """Build (or, with ``dry_run``, plan) the release a recipe declares."""
    started = time.monotonic()
    if options.engine == "ray" and not options.dry_run:
        from boost_qa.pipeline.ray_engine import require_ray

        require_ray()  # before any work: a missing extra is a clean error, not a late crash
    recipe = load_recipe(recipe_path)
    if options.models:
        recipe = recipe.with_models(options.models)
    require_routable(recipe.model_names)  # e.g. scripted/ without its hook: exit 2, not N failures
    names = list(options.configs) or recipe.config_names
    for name in names:
        recipe.config(name)
        if options.engine == "local" and not options.dry_run:
            check_workers(recipe.generation_settings(recipe.config(name)), options.workers or 1)
    cache_dir = options.cache_dir or default_cache_dir()
    prepared = [
        prepare_config(
            recipe.config(name),
            recipe.generation_settings(recipe.config(name)),
            base_dir=recipe_path.resolve().parent,
            limit=options.limit,
            cache_dir=None if cache_disabled() else cache_dir,
        )
        for name in names
    ]
    if options.dry_run:
        return _plan(prepared, options)
    cache = None if cache_disabled() else RequestCache(cache_dir)
    gateway = Gateway(
        max_concurrency=options.concurrency,
        retry=options.retry or recipe.calls,
        cache=cache,
        max_cost=options.max_cost,
    )
    with (
        BuildProgress(gateway.stats, enabled=options.progress, console=console) as progress,
        frozen_heap(),
    ):
        generated = _generate(prepared, gateway, options, progress, cache_dir=cache_dir)
    if recipe.judge is not None:
        for g in generated:
            g.rows = judge_dataset(
                g.rows, recipe.judge, gateway.complete, language=recipe.language_name
            )
    for g in generated:
        g.rows, g.dropped = apply_quality(g.rows, recipe.quality)
    report = _write_release(recipe, recipe_path, generated, gateway, options, started)
    if cache is not None:
        cache.close()
    return report


def _generate(
    prepared: list[PreparedConfig],
    gateway: Gateway,
    options: BuildOptions,
    progress: BuildProgress,
    *,
    cache_dir: Path,
) -> list[GeneratedConfig]:
    if options.engine == "ray":
        # Imported here: the local engine, the default, never loads the Ray engine.
        from boost_qa.pipeline.ray_engine import generate_configs_ray

        return generate_configs_ray(prepared, gateway, options, progress)
    workers = options.workers or 1
    if workers > 1:
        return [
            generate_config_processes(
                p,
                gateway,
                progress,
                workers=workers,
                cache_dir=None if gateway.cache is None else cache_dir,
            )
            for p in prepared
        ]
    return [generate_config(p, gateway, progress) for p in prepared]


def _plan(prepared: list[PreparedConfig], options: BuildOptions) -> BuildReport:
    from boost_qa.pipeline.estimate import estimate_config

    configs = {p.name: estimate_config(p) for p in prepared}
    totals = {
        key: sum(c[key] for c in configs.values())
        for key in ("seeds", "calls", "prompt_tokens", "completion_tokens", "cost")
    }
    return BuildReport(options.out, configs, [], totals, dry_run=True)


def _config_summary(g: GeneratedConfig) -> dict[str, Any]:
    p = g.prepared
    return {
        "source": {**p.provenance, "fingerprint": p.source_fingerprint},
        "rows_scanned": p.scanned,
        "seeds": len(p.seeds),
        "skipped": p.skipped_counts,
        "pool_size": p.pool_size,
        "retriever": p.retriever,
        "analogy_pool": p.pool,
        "rows": len(g.rows),
        "rows_per_scenario": dict(Counter(g.rows["scenario"])),
        "failed": len(g.failures),
        "guards": guard_summary(
            g.rows["attempts"] if "attempts" in g.rows.column_names else [], g.failures
        ),
        "dropped": g.dropped,
        "fingerprint": g.fingerprint,
        "models": models_by_role(p.settings),
        "settings": p.settings.model_dump(mode="json", exclude={"roles", "models"}),
        **g.counters,
    }


def _kept_configs(out: Path, recipe: Recipe) -> dict[str, dict[str, Any]]:
    """Configs of an earlier build in ``out`` that this build keeps (``--config`` subsets)."""
    path = out / META_DIR / "manifest.json"
    if not path.exists():
        return {}
    try:
        previous = json.loads(path.read_text(encoding="utf-8")).get("configs", {})
    except (OSError, ValueError):
        return {}
    return {
        name: summary
        for name, summary in previous.items()
        if name in recipe.config_names and (out / name).is_dir()
    }


def _write_mixes(
    recipe: Recipe,
    generated: list[GeneratedConfig],
    kept: dict[str, dict[str, Any]],
    out: Path,
    staging: Path,
) -> dict[str, dict[str, Any]]:
    parts = {g.prepared.name: g.rows for g in generated}
    parts.update({name: load_config_rows(out / name) for name in kept})
    mixes: dict[str, dict[str, Any]] = {}
    for mix in recipe.mix_recipes:
        missing = [name for name in mix.weights if name not in parts]
        if missing:
            # A --config build into a fresh folder cannot mix configs it does not have; the
            # mix keeps whatever an earlier build left (said in the manifest and summary).
            mixes[mix.name] = {"skipped": f"config(s) {missing} are not in this release folder"}
            continue
        rows = build_mix(mix, parts)
        tag = data_tag(rows)
        mixes[mix.name] = {**mix_summary(mix, rows), "data_tag": tag}
        mixes[mix.name]["files"] = write_config_data(rows, staging / mix.name, tag)
    return mixes


def _kept_exports(out: Path, kept: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Exports of the configs an earlier build left in ``out`` (``--config`` subsets)."""
    path = out / META_DIR / "manifest.json"
    if not kept or not path.exists():
        return {}
    try:
        previous = json.loads(path.read_text(encoding="utf-8")).get("exports") or {}
    except (OSError, ValueError):
        return {}
    return {n: e for n, e in previous.items() if e.get("config") in kept and (out / n).is_dir()}


def _write_exports(
    recipe: Recipe, generated: list[GeneratedConfig], staging: Path
) -> dict[str, dict[str, Any]]:
    """The trainer-format exports the recipe asks for, one config each."""
    exports: dict[str, dict[str, Any]] = {}
    for g in generated:
        policy = recipe.training_policy(recipe.config(g.prepared.name))
        for kind in policy.exports or []:
            name = export_name(g.prepared.name, kind)
            rows = export_rows(g.rows, kind)
            tag = data_tag(rows)
            exports[name] = {
                "config": g.prepared.name,
                "format": kind,
                "rows": len(rows),
                "data_tag": tag,
                "files": write_config_data(rows, staging / name, tag),
            }
    return exports


def _llamafactory_configs(
    configs: dict[str, dict[str, Any]],
    mixes: dict[str, dict[str, Any]],
    exports: dict[str, dict[str, Any]],
) -> dict[str, bool]:
    """Configs with a ``messages`` column and rows: name -> system prompt kept in ``context``."""

    def column(summary: dict[str, Any]) -> bool:
        return bool((summary.get("training") or {}).get("system") == "column")

    out = {n: column(c) for n, c in configs.items() if c.get("rows")}
    out.update({n: False for n, m in mixes.items() if m.get("rows") and "skipped" not in m})
    return out


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _write_release(
    recipe: Recipe,
    recipe_path: Path,
    generated: list[GeneratedConfig],
    gateway: Gateway,
    options: BuildOptions,
    started: float,
) -> BuildReport:
    out = options.out
    staging = staging_dir(out)
    built = {g.prepared.name: _config_summary(g) for g in generated}
    kept = {n: s for n, s in _kept_configs(out, recipe).items() if n not in built}
    configs = {n: built.get(n) or kept[n] for n in recipe.config_names if n in built or n in kept}
    for g in generated:
        tag = data_tag(g.rows)
        policy = recipe.training_policy(recipe.config(g.prepared.name))
        summary = configs[g.prepared.name]
        summary["data_tag"] = tag
        summary["files"] = write_config_data(g.rows, staging / g.prepared.name, tag)
        summary["training"] = g.prepared.settings.chat.model_dump(mode="json")
        summary["token_lengths"] = measure_lengths(g.rows, g.prepared.name, policy.tokenizer)
    mixes = _write_mixes(recipe, generated, kept, out, staging)
    exports = _kept_exports(out, kept)
    exports.update(_write_exports(recipe, generated, staging))
    failures = [f for f in _read_jsonl(out / META_DIR / "failures.jsonl") if f["config"] in kept]
    failures += [f for g in generated for f in g.failures]
    write_jsonl(staging / META_DIR / "failures.jsonl", failures)
    write_jsonl(
        staging / META_DIR / "skipped.jsonl",
        ({"config": g.prepared.name, **s} for g in generated for s in g.prepared.skipped),
    )
    (staging / META_DIR / "recipe.yaml").write_text(
        yaml.safe_dump(recipe.model_dump(mode="json", exclude_none=True), sort_keys=False),
        encoding="utf-8",
    )
    manifest = _manifest(recipe, recipe_path, configs, gateway, options, started, out)
    manifest["mixes"] = {n: m for n, m in mixes.items() if "skipped" not in m}
    manifest["skipped_mixes"] = {n: m["skipped"] for n, m in mixes.items() if "skipped" in m}
    manifest["default_config"] = recipe.default
    manifest["exports"] = exports
    write_dataset_info(staging, _llamafactory_configs(configs, mixes, exports))
    (staging / META_DIR / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    (staging / "README.md").write_text(
        render_release_card(manifest, folder=staging), encoding="utf-8"
    )
    built_mixes = [n for n, m in mixes.items() if "skipped" not in m]
    built_exports = [
        n for n, e in exports.items() if e["config"] in {g.prepared.name for g in generated}
    ]
    publish_staging(
        staging, out, [g.prepared.name for g in generated] + built_mixes + built_exports
    )
    if recipe.stats.enabled and manifest["totals"]["rows"] > 0:  # no rows: nothing to measure
        _write_stats(out, recipe)
    return BuildReport(
        out, configs, failures, manifest["totals"], skipped_mixes=manifest["skipped_mixes"]
    )


def _write_stats(out: Path, recipe: Recipe) -> None:
    """Statistics, plots and a card that shows them; after the data is safely in place."""
    from boost_qa.release.regenerate import regenerate_card
    from boost_qa.stats.plots import write_plots
    from boost_qa.stats.report import StatsSettings, run_stats

    policy = recipe.stats
    run_stats(
        out,
        settings=StatsSettings(sample_size=policy.sample_size, embed_sample=policy.embed_sample),
    )
    if policy.plots:
        write_plots(out)
    regenerate_card(out)


def _manifest(
    recipe: Recipe,
    recipe_path: Path,
    configs: dict[str, dict[str, Any]],
    gateway: Gateway,
    options: BuildOptions,
    started: float,
    out: Path,
) -> dict[str, Any]:
    first = recipe.config(next(iter(configs)))
    settings = recipe.generation_settings(first)
    prompts = prompt_library(settings.prompt_dir, recipe_path.resolve().parent)
    totals = {
        "seeds": sum(c["seeds"] for c in configs.values()),
        "rows": sum(c["rows"] for c in configs.values()),
        "failed": sum(c["failed"] for c in configs.values()),
        **gateway.stats.to_dict(),
        "wall_seconds": round(time.monotonic() - started, 3),
    }
    return {
        "name": recipe.name,
        "version": recipe.version,
        "release": {
            "description": recipe.description,
            "language": recipe.language,
            "license": recipe.license,
            "config_licenses": {c.name: c.license or recipe.license for c in recipe.configs},
        },
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": command_line(),
        "recipe_file": recipe_path.name,
        "versions": library_versions(),
        "models": models_by_role(settings),
        "prompt_templates": prompts.hashes(),
        "transform_fingerprints": {name: c["fingerprint"] for name, c in configs.items()},
        "stopped": "max_cost reached" if gateway.budget_reached else None,
        "configs": configs,
        "totals": totals,
    }

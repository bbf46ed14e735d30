"""Build a release: every config of a recipe, then the release folder. The only orchestrator."""

from __future__ import annotations

import concurrent.futures
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import yaml
from rich.console import Console

from boost_qa.chat.exports import export_name, export_rows
from boost_qa.chat.lengths import measure_lengths
from boost_qa.dialogue.prompts import prompt_library
from boost_qa.dialogue.registry import endpoints
from boost_qa.errors import RecipeError, SourceError
from boost_qa.judge import judge_dataset
from boost_qa.llm.cache import RequestCache, cache_disabled, default_cache_dir
from boost_qa.llm.gateway import Gateway
from boost_qa.llm.preflight import endpoints_to_check
from boost_qa.llm.provider_hooks import require_routable
from boost_qa.llm.retry import RetryPolicy
from boost_qa.pipeline.engines import ENGINES, EngineSettings, GeneratedConfig
from boost_qa.pipeline.engines.batch import check_batchable
from boost_qa.pipeline.engines.processes import check_workers
from boost_qa.pipeline.guard_stats import guard_summary
from boost_qa.pipeline.heap import frozen_heap
from boost_qa.pipeline.mix import build_mix, load_config_rows, mix_summary
from boost_qa.pipeline.prepare import PreparedConfig, prepare_config
from boost_qa.pipeline.progress import BuildProgress
from boost_qa.pipeline.quality import apply_quality
from boost_qa.pipeline.statistics import write_statistics
from boost_qa.recipe import Recipe, load_recipe
from boost_qa.release.card import render_release_card
from boost_qa.release.folder import ReleaseFolder, data_tag
from boost_qa.release.manifest import (
    MANIFEST_VERSION,
    ConfigSummary,
    ExportSummary,
    Manifest,
    MixSummary,
    ReleaseInfo,
    Totals,
    command_line,
    library_versions,
    models_by_role,
)
from boost_qa.release.public import public_recipe, public_settings, public_value
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
    batch: bool = False
    """Send the calls through provider batch APIs (also ``calls: {mode: batch}``)."""
    batch_options: dict[str, Any] = field(default_factory=dict)
    """Batch engine options (file limits ``batch_max_lines``/``batch_max_bytes``; tests)."""


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
        from boost_qa.pipeline.engines.ray import check_cluster

        # Before any work: a missing extra, or a cluster that is unreachable or refuses this
        # driver (token), is a clean error, not a late crash.
        check_cluster(options.ray_address)
    recipe = load_recipe(recipe_path)
    if options.models:
        recipe = recipe.with_models(options.models)
    require_routable(recipe.model_names)  # e.g. scripted/ without its hook: exit 2, not N failures
    if recipe.calls.mode == "batch" and not options.batch:
        options = replace(options, batch=True)
    if options.batch and (options.engine == "ray" or (options.workers or 1) > 1):
        raise RecipeError("--batch", "batch mode runs in one process; drop --engine/--workers")
    names = list(options.configs) or recipe.config_names
    for name in names:
        recipe.config(name)
        if options.batch and not options.dry_run:
            check_batchable(recipe.generation_settings(recipe.config(name)))
        if options.engine == "local" and not options.dry_run:
            check_workers(recipe.generation_settings(recipe.config(name)), options.workers or 1)
    cache_dir = options.cache_dir or default_cache_dir()
    cache = None if cache_disabled() or options.dry_run else RequestCache(cache_dir)
    gateway = Gateway(
        max_concurrency=options.concurrency,
        retry=options.retry or recipe.calls,
        cache=cache,
        max_cost=options.max_cost,
    )
    # The endpoints answer their one-token checks while the seeds are prepared.
    checked = (
        None
        if options.dry_run or options.batch
        else _check_endpoints(recipe, names, gateway, cache)
    )
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
    if checked is not None:
        checked.result()
        gateway.refusals.check()  # a refused check: exit 2 before any dialogue starts
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


def _check_endpoints(
    recipe: Recipe, names: list[str], gateway: Gateway, cache: RequestCache | None
) -> concurrent.futures.Future[None] | None:
    """Start the one-token checks of the endpoints the configs call (see ``llm.preflight``)."""
    if gateway.retry.transport != "auto":
        return None
    used: dict[tuple[str, str | None], str] = {}
    for name in names:
        used = endpoints(recipe.generation_settings(recipe.config(name))) | used
    answered = cache.answered(m for m, _ in used) if cache is not None else set()
    checks = endpoints_to_check(used, answered_before=answered)
    return gateway.check_endpoints(checks) if checks else None


def _generate(
    prepared: list[PreparedConfig],
    gateway: Gateway,
    options: BuildOptions,
    progress: BuildProgress,
    *,
    cache_dir: Path,
) -> list[GeneratedConfig]:
    settings = EngineSettings(
        workers=options.workers,
        cache_dir=None if gateway.cache is None else cache_dir,
        address=options.ray_address,
        options=dict(options.batch_options),
    )
    engine = ENGINES[engine_name(options)](gateway, progress, settings)
    return engine.run(prepared)


def engine_name(options: BuildOptions) -> str:
    """The engine ``--engine``, ``--workers`` and ``--batch`` ask for (local N > 1: processes)."""
    if options.batch:
        return "batch"
    if options.engine == "ray":
        return "ray"
    return "processes" if (options.workers or 1) > 1 else "in-process"


def _plan(prepared: list[PreparedConfig], options: BuildOptions) -> BuildReport:
    from boost_qa.pipeline.estimate import batch_totals, estimate_config

    configs = {p.name: estimate_config(p, batch=options.batch) for p in prepared}
    totals = {
        key: sum(c[key] for c in configs.values())
        for key in ("seeds", "calls", "prompt_tokens", "completion_tokens", "cost")
    }
    if options.batch:
        totals["batch"] = batch_totals([c["batch"] for c in configs.values()])
    return BuildReport(options.out, configs, [], totals, dry_run=True)


def _config_summary(g: GeneratedConfig) -> ConfigSummary:
    p = g.prepared
    settings = p.settings.model_dump(mode="json", exclude={"roles", "models"})
    return ConfigSummary.model_validate(
        {
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
            "settings": public_settings(settings),
            **g.counters,
        }
    )


def _previous_manifest(out: ReleaseFolder) -> Manifest | None:
    """The manifest an earlier build left in ``out``; None when there is none or it is broken."""
    if not out.is_release():
        return None
    try:
        return out.read_manifest()
    except SourceError:
        return None


def _kept_configs(
    out: ReleaseFolder, previous: Manifest | None, recipe: Recipe
) -> dict[str, ConfigSummary]:
    """Configs of an earlier build in ``out`` that this build keeps (``--config`` subsets)."""
    if previous is None:
        return {}
    return {
        name: summary
        for name, summary in previous.configs.items()
        if name in recipe.config_names and out.config_dir(name).is_dir()
    }


def _kept_exports(
    out: ReleaseFolder, previous: Manifest | None, kept: dict[str, ConfigSummary]
) -> dict[str, ExportSummary]:
    """Exports of the configs an earlier build left in ``out`` (``--config`` subsets)."""
    if not kept or previous is None:
        return {}
    return {
        n: e for n, e in previous.exports.items() if e.config in kept and out.config_dir(n).is_dir()
    }


def _write_mixes(
    recipe: Recipe,
    generated: list[GeneratedConfig],
    kept: dict[str, ConfigSummary],
    out: ReleaseFolder,
    staging: ReleaseFolder,
) -> tuple[dict[str, MixSummary], dict[str, str]]:
    """The mixes built, and the mixes skipped with the reason."""
    parts = {g.prepared.name: g.rows for g in generated}
    parts.update({name: load_config_rows(out, name) for name in kept})
    mixes: dict[str, MixSummary] = {}
    skipped: dict[str, str] = {}
    for mix in recipe.mix_recipes:
        missing = [name for name in mix.weights if name not in parts]
        if missing:
            # A --config build into a fresh folder cannot mix configs it does not have; the
            # mix keeps whatever an earlier build left (said in the manifest and summary).
            skipped[mix.name] = f"config(s) {missing} are not in this release folder"
            continue
        rows = build_mix(mix, parts)
        tag = data_tag(rows)
        files = staging.write_config(mix.name, rows, tag)
        mixes[mix.name] = MixSummary.model_validate(
            {**mix_summary(mix, rows), "data_tag": tag, "files": files}
        )
    return mixes, skipped


def _write_exports(
    recipe: Recipe, generated: list[GeneratedConfig], staging: ReleaseFolder
) -> dict[str, ExportSummary]:
    """The trainer-format exports the recipe asks for, one config each."""
    exports: dict[str, ExportSummary] = {}
    for g in generated:
        policy = recipe.training_policy(recipe.config(g.prepared.name))
        for kind in policy.exports or []:
            name = export_name(g.prepared.name, kind)
            rows = export_rows(g.rows, kind)
            tag = data_tag(rows)
            exports[name] = ExportSummary(
                config=g.prepared.name,
                format=kind,
                rows=len(rows),
                data_tag=tag,
                files=staging.write_config(name, rows, tag),
            )
    return exports


def _llamafactory_configs(
    configs: dict[str, ConfigSummary], mixes: dict[str, MixSummary]
) -> dict[str, bool]:
    """Configs with a ``messages`` column and rows: name -> system prompt kept in ``context``."""
    out = {n: (c.training or {}).get("system") == "column" for n, c in configs.items() if c.rows}
    out.update({n: False for n, m in mixes.items() if m.rows})
    return out


def _write_release(
    recipe: Recipe,
    recipe_path: Path,
    generated: list[GeneratedConfig],
    gateway: Gateway,
    options: BuildOptions,
    started: float,
) -> BuildReport:
    """Stage data, metadata, statistics and the card; then move them into the release."""
    out = ReleaseFolder(options.out)
    staging = out.staging()
    try:
        manifest, failures, replaced, linked = _stage(
            recipe, recipe_path, generated, gateway, options, started, out, staging
        )
        if recipe.stats.enabled and manifest.totals.rows > 0:  # no rows: nothing to measure
            write_statistics(staging, recipe, manifest, release_name=out.root.name)
        staging.write_readme(render_release_card(manifest, folder=staging))
        for name in linked:  # kept as they are in the release: nothing to move
            staging.discard_config(name)
        out.publish_staging(staging, replaced)
    except BaseException:
        staging.discard()
        raise
    return BuildReport(
        out.root,
        {n: c.model_dump(mode="json") for n, c in manifest.configs.items()},
        failures,
        manifest.totals.model_dump(mode="json"),
        skipped_mixes=manifest.skipped_mixes,
    )


def _stage(
    recipe: Recipe,
    recipe_path: Path,
    generated: list[GeneratedConfig],
    gateway: Gateway,
    options: BuildOptions,
    started: float,
    out: ReleaseFolder,
    staging: ReleaseFolder,
) -> tuple[Manifest, list[dict[str, Any]], list[str], list[str]]:
    """Write the data and metadata into ``staging``.

    Returns the manifest, the failures, the folders that replace the release's, and the kept
    folders linked into the staging folder (so statistics and the card see the whole release).
    """
    previous = _previous_manifest(out)
    built = {g.prepared.name: _config_summary(g) for g in generated}
    kept = {n: s for n, s in _kept_configs(out, previous, recipe).items() if n not in built}
    configs = {n: built.get(n) or kept[n] for n in recipe.config_names if n in built or n in kept}
    for g in generated:
        policy = recipe.training_policy(recipe.config(g.prepared.name))
        summary = configs[g.prepared.name]
        summary.data_tag = data_tag(g.rows)
        summary.files = staging.write_config(g.prepared.name, g.rows, summary.data_tag)
        summary.training = g.prepared.settings.chat.model_dump(mode="json")
        lengths = measure_lengths(g.rows, g.prepared.name, policy.tokenizer)
        summary.token_lengths = public_value(lengths)
    mixes, skipped_mixes = _write_mixes(recipe, generated, kept, out, staging)
    kept_exports = _kept_exports(out, previous, kept)
    exports = {**kept_exports, **_write_exports(recipe, generated, staging)}
    failures = [f for f in out.read_failures() if f["config"] in kept]
    failures += [f for g in generated for f in g.failures]
    staging.write_failures(failures)
    staging.write_skipped(
        {"config": g.prepared.name, **public_value(s)}
        for g in generated
        for s in g.prepared.skipped
    )
    recorded = public_recipe(recipe.model_dump(mode="json", exclude_none=True))
    staging.write_recipe_text(yaml.safe_dump(recorded, sort_keys=False))
    manifest = _manifest(recipe, recipe_path, configs, gateway, started)
    manifest.mixes = mixes
    manifest.skipped_mixes = skipped_mixes
    manifest.default_config = recipe.default
    manifest.exports = exports
    staging.write_manifest(manifest)
    write_dataset_info(staging, _llamafactory_configs(configs, mixes))
    linked = [*kept, *kept_exports]
    for name in linked:
        staging.link_config(out, name)
    built_exports = [n for n in exports if n not in kept_exports]
    return manifest, failures, [*built, *mixes, *built_exports], linked


def _manifest(
    recipe: Recipe,
    recipe_path: Path,
    configs: dict[str, ConfigSummary],
    gateway: Gateway,
    started: float,
) -> Manifest:
    first = recipe.config(next(iter(configs)))
    settings = recipe.generation_settings(first)
    prompts = prompt_library(settings.prompt_dir, recipe_path.resolve().parent)
    totals = Totals(
        seeds=sum(c.seeds for c in configs.values()),
        rows=sum(c.rows for c in configs.values()),
        failed=sum(c.failed for c in configs.values()),
        **gateway.stats.to_dict(),
        wall_seconds=round(time.monotonic() - started, 3),
    )
    if gateway.stats.endpoint_checks:
        totals.endpoint_checks = gateway.stats.endpoint_checks
    return Manifest(
        manifest_version=MANIFEST_VERSION,
        name=recipe.name,
        version=recipe.version,
        release=ReleaseInfo(
            description=recipe.description,
            language=recipe.language,
            license=recipe.license,
            config_licenses={c.name: c.license or recipe.license for c in recipe.configs},
        ),
        built_at=datetime.now(UTC).isoformat(timespec="seconds"),
        command=command_line(),
        recipe_file=recipe_path.name,
        versions=library_versions(),
        models=models_by_role(settings),
        prompt_templates=prompts.hashes(),
        transform_fingerprints={name: c.fingerprint for name, c in configs.items()},
        stopped="max_cost reached" if gateway.budget_reached else None,
        configs=configs,
        totals=totals,
    )

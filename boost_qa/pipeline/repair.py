"""``boost-qa repair``: regenerate the flagged rows of a release from their first failing turn.

For each config the build generated (the manifest's ``configs``; mixes and exports follow their
configs), a row is repaired when one of the chosen flags says it is bad. It restarts from its
first failing turn (``boost_qa.pipeline.restart`` has the rule in full): the earliest turn a model
wrote whose ``attempts`` record was not accepted, that the turn guards' text checks reject
(guiding teacher turns must not leak their reference), or at which a per-turn flag first holds;
else the last turn, the final student answer.

The row is rebuilt by ``MasterTransform`` from its own seed columns with the release's recipe
and that config's generation settings, ``repair_from`` set to the restart turn and
``repair_round`` to the round (``--round``; default one more than the last one recorded): every
turn before the restart is the same request as in the build and comes from the request cache,
every turn from it on gets new sampling seeds. So a second repair asks new samples again.

A rebuilt row replaces the old one at the same position only when none of the chosen flags is
left and the recipe's ``quality.drop`` would keep it; otherwise (still flagged, or the rebuild
failed) the old row stays, counted as still flagged with the reason. Other rows keep their
values, flags included, and a config with nothing replaced keeps its files byte for byte.
Rewritten configs, the mixes built from them and their exports are written through a staging
folder (a failure leaves the release as it was) with new data tags; the manifest records each
round under ``repairs``; statistics, plots and the card are refreshed as a build does.
"""

from __future__ import annotations

import copy
import json
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import datasets
import pyarrow as pa
import pyarrow.parquet as pq
import yaml
from datasets import Dataset, Features, Value
from datasets.table import InMemoryTable
from rich.console import Console
from rich.table import Table

from boost_qa.chat.exports import export_rows
from boost_qa.dialogue.prompts import PromptLibrary, prompt_library
from boost_qa.dialogue.settings import GenerationSettings
from boost_qa.errors import RecipeError, SourceError
from boost_qa.llm.cache import RequestCache, cache_disabled, default_cache_dir
from boost_qa.llm.gateway import Gateway
from boost_qa.pipeline.mix import build_mix, mix_summary
from boost_qa.pipeline.progress import BuildProgress
from boost_qa.pipeline.quality import FLAG_COLUMNS, drop_reasons
from boost_qa.pipeline.restart import DEFAULT_FLAGS, Restart, bad_flags, parse_flags, restart_turn
from boost_qa.recipe import Recipe, validate_recipe
from boost_qa.release.card import render_release_card
from boost_qa.release.layout import (
    META_DIR,
    data_tag,
    publish_staging,
    staging_dir,
    write_config_data,
)
from boost_qa.stats.dedup import near_duplicates
from boost_qa.stats.quality import dialogue_text, dialogue_turns, row_flags
from boost_qa.transform import OUTPUT_FEATURES, MasterTransform

REPAIRED = "repaired"
SEED_COLUMNS = (
    "question",
    "reference_answer",
    "context",
    "source",
    "scenario",
    "analog_question",
    "analog_answer",
    "analog_retriever",
)
"""The columns of a release row that, with its ``seed_id``, make the seed it was built from."""


@dataclass(frozen=True)
class RepairOptions:
    """What ``boost-qa repair`` was asked to do."""

    flags: tuple[str, ...] = DEFAULT_FLAGS
    cache_dir: Path | None = None
    concurrency: int = 16
    models: dict[str, str] = field(default_factory=dict)
    round: int | None = None
    dry_run: bool = False
    progress: bool = True


@dataclass
class RowRepair:
    """One flagged row: where it is, what is wrong, where it restarts, how it ended."""

    position: int
    id: str
    flags: list[str]
    restart: Restart
    outcome: str = ""
    """``REPAIRED``, or why the old row was kept (still flagged, or the rebuild failed)."""


@dataclass
class ConfigRepair:
    """What a repair found and did in one config."""

    checked: int = 0
    rows: list[RowRepair] = field(default_factory=list)
    calls: int = 0
    cache_hits: int = 0

    @property
    def repaired(self) -> int:
        """Rows replaced by a rebuild with no chosen flag left."""
        return sum(1 for r in self.rows if r.outcome == REPAIRED)

    def summary(self) -> dict[str, int]:
        """The counts the manifest and the report show."""
        flagged = len(self.rows)
        return {
            "checked": self.checked,
            "flagged": flagged,
            "repaired": self.repaired,
            "still_flagged": flagged - self.repaired,
        }


@dataclass
class RepairReport:
    """What a repair did (or, with ``dry_run``, would do)."""

    folder: Path
    round: int
    flags: tuple[str, ...]
    configs: dict[str, ConfigRepair]
    calls: int = 0
    cache_hits: int = 0
    dry_run: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 when every flagged row was repaired (or a dry run), 1 when some are still flagged."""
        if self.dry_run:
            return 0
        return 1 if any(c.summary()["still_flagged"] for c in self.configs.values()) else 0


@dataclass
class _Release:
    """A release folder as a repair reads it."""

    folder: Path
    manifest: dict[str, Any]
    recipe: Recipe


@dataclass
class _ConfigPlan:
    """One config's rows and settings, and the rows it will rebuild."""

    name: str
    table: Dataset
    rows: list[dict[str, Any]]
    settings: GenerationSettings
    flags: tuple[str, ...]
    report: ConfigRepair


def repair_release(
    folder: Path, options: RepairOptions, console: Console | None = None
) -> RepairReport:
    """Rebuild the flagged rows of the release in ``folder`` (see the module docstring)."""
    flags = parse_flags(options.flags)
    release = open_release(folder, options.models)
    round_ = options.round or next_round(release.manifest)
    plans = [_plan(release, name, flags) for name in release.manifest["configs"]]
    report = RepairReport(
        folder, round_, flags, {p.name: p.report for p in plans}, dry_run=options.dry_run
    )
    todo = [p for p in plans if p.report.rows]
    if options.dry_run or not todo:
        return report
    rewritten = _run(release, todo, options, round_, report, console)
    _write(release, rewritten, report)
    return report


def open_release(folder: Path, models: dict[str, str]) -> _Release:
    """The manifest and the recorded recipe (with ``--model`` overrides) of a release.

    Raises:
        SourceError: ``folder`` is not a release built by ``boost-qa build``.
        RecipeError: The recorded recipe or a ``--model`` override is invalid.
    """
    path = folder / META_DIR / "manifest.json"
    if not path.is_file():
        raise SourceError(f"{folder} is not a boost-qa release (no {META_DIR}/manifest.json)")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SourceError(f"{META_DIR}/manifest.json: cannot be read: {exc}") from exc
    if not isinstance(manifest, dict) or not isinstance(manifest.get("configs"), dict):
        raise SourceError(f"{META_DIR}/manifest.json: no `configs` mapping")
    recipe_path = folder / META_DIR / "recipe.yaml"
    try:
        data = yaml.safe_load(recipe_path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SourceError(f"{META_DIR}/recipe.yaml: cannot be read: {exc}") from exc
    recipe = validate_recipe(data, source=f"{META_DIR}/recipe.yaml")
    if models:
        recipe = recipe.with_models(models)
    return _Release(folder, manifest, recipe)


def next_round(manifest: dict[str, Any]) -> int:
    """One more than the last repair round the manifest records (1 for the first)."""
    return 1 + max((int(r.get("round", 0)) for r in manifest.get("repairs") or []), default=0)


def read_config(folder: Path, name: str, summary: dict[str, Any]) -> Dataset:
    """A config's rows from the files its manifest entry lists, as they are on disk."""
    files = summary.get("files") or sorted(p.name for p in (folder / name).glob("train-*.parquet"))
    paths = [folder / name / file for file in files]
    missing = [f"{name}/{p.name}" for p in paths if not p.is_file()]
    if missing or not paths:
        raise SourceError(f"{META_DIR}/manifest.json: data file(s) missing: {missing or name}")
    table = pa.concat_tables([pq.read_table(p) for p in paths])
    return Dataset(InMemoryTable(table))


def _plan(release: _Release, name: str, flags: tuple[str, ...]) -> _ConfigPlan:
    """Read one config and find its flagged rows with their restart turns."""
    recipe = release.recipe
    settings = recipe.generation_settings(recipe.config(name))
    table = read_config(release.folder, name, release.manifest["configs"][name])
    rows = table.to_list()
    report = ConfigRepair(checked=len(rows))
    for position, row in enumerate(rows):
        bad = bad_flags(row, flags)
        if bad:
            restart = restart_turn(row, settings.domain)
            report.rows.append(RowRepair(position, str(row["id"]), bad, restart))
    return _ConfigPlan(name, table, rows, settings, flags, report)


def _run(
    release: _Release,
    todo: list[_ConfigPlan],
    options: RepairOptions,
    round_: int,
    report: RepairReport,
    console: Console | None,
) -> dict[str, Dataset]:
    """Rebuild the flagged rows of every config; return the configs that changed."""
    # Resolved before any call, so a prompt folder that cannot be found costs nothing.
    libraries = {plan.name: _prompts(release, plan.settings, report) for plan in todo}
    if cache_disabled():
        report.notes.append("the request cache is disabled: earlier turns are asked again too")
    cache = None if cache_disabled() else RequestCache(options.cache_dir or default_cache_dir())
    gateway = Gateway(max_concurrency=options.concurrency, retry=release.recipe.calls, cache=cache)
    rewritten: dict[str, Dataset] = {}
    try:
        with BuildProgress(gateway.stats, enabled=options.progress, console=console) as progress:
            for plan in todo:
                before = gateway.stats.to_dict()
                outputs = _rebuild(
                    plan, libraries[plan.name], gateway, progress, round_, options.concurrency
                )
                changed = _settle(release, plan, outputs, gateway)
                after = gateway.stats.to_dict()
                plan.report.calls = after["calls"] - before["calls"]
                plan.report.cache_hits = after["cache_hits"] - before["cache_hits"]
                if changed is not None:
                    rewritten[plan.name] = changed
    finally:
        if cache is not None:
            cache.close()
    report.calls = gateway.stats.calls
    report.cache_hits = gateway.stats.cache_hits
    return rewritten


def _prompts(
    release: _Release, settings: GenerationSettings, report: RepairReport
) -> PromptLibrary:
    """The recipe's prompt templates, as the build resolved them, so cached turns match.

    The build resolved a relative ``prompt_dir`` against the recipe's folder, which the release
    does not record: it is looked up beside the recorded recipe, then in the current folder.
    """
    if settings.prompt_dir is None or Path(settings.prompt_dir).is_absolute():
        library = prompt_library(settings.prompt_dir)
    else:
        bases = [release.folder / META_DIR, Path.cwd()]
        base = next((b for b in bases if (b / settings.prompt_dir).is_dir()), None)
        if base is None:
            raise RecipeError(
                "generation.prompt_dir",
                f"{settings.prompt_dir!r} is not a folder beside {META_DIR}/recipe.yaml nor in "
                "the current folder; run the repair from the recipe's folder",
            )
        library = prompt_library(settings.prompt_dir, base)
    built = release.manifest.get("prompt_templates") or {}
    changed = sorted(n for n, h in library.hashes().items() if built.get(n, h) != h)
    note = f"prompt templates differ from the build's {changed}: their turns are asked anew"
    if changed and note not in report.notes:
        report.notes.append(note)
    return library


def _seed_rows(plan: _ConfigPlan, round_: int) -> Dataset:
    """The seeds of the flagged rows, read back from the rows, with where to restart."""
    old = plan.table.features
    features = Features(
        {
            "id": Value("string"),
            **{c: old.get(c, Value("string")) for c in SEED_COLUMNS},
            "repair_from": Value("int64"),
            "repair_round": Value("int64"),
        }
    )
    seeds = []
    for item in plan.report.rows:
        row = plan.rows[item.position]
        seeds.append(
            {
                "id": row["seed_id"],
                **{c: row.get(c) for c in SEED_COLUMNS},
                "repair_from": item.restart.turn,
                "repair_round": round_,
            }
        )
    return Dataset.from_list(seeds, features=features)


def _rebuild(
    plan: _ConfigPlan,
    prompts: PromptLibrary,
    gateway: Gateway,
    progress: BuildProgress,
    round_: int,
    concurrency: int,
) -> list[dict[str, Any]]:
    """Run the transform over the flagged rows; its output rows, in the same order."""
    seeds = _seed_rows(plan, round_)
    transform = MasterTransform(
        plan.settings, generate=gateway.complete, prompts=prompts, on_row=progress.row_done
    )
    progress.start(plan.name, len(seeds))
    kwargs = transform.map_kwargs(seeds, batch_size=concurrency)
    quiet = datasets.are_progress_bars_disabled()
    datasets.disable_progress_bars()  # the progress line replaces the map's bar
    try:
        rebuilt = seeds.map(transform, keep_in_memory=True, **kwargs)
    finally:
        if not quiet:
            datasets.enable_progress_bars()
    return list(rebuilt.to_list())


def _settle(
    release: _Release, plan: _ConfigPlan, outputs: list[dict[str, Any]], gateway: Gateway
) -> Dataset | None:
    """Judge and flag the rebuilt rows, decide which replace the old ones; the new rows or None."""
    built = {}
    for item, out in zip(plan.report.rows, outputs, strict=True):
        failure = out.pop("failure")
        if failure is not None:
            item.outcome = (
                f"rebuild failed at turn {failure['turn']} ({failure['speaker']}): "
                f"{failure['reason']}"
            )
        else:
            built[item.position] = {**out, "config": plan.name}
    built = _judged(release, plan, built, gateway)
    flags = _new_flags(plan.rows, built, release.recipe.quality.near_duplicate_threshold)
    rows = list(plan.rows)
    policy = release.recipe.quality.drop
    for item in plan.report.rows:
        if item.position not in built:
            continue
        new = _merged(plan.rows[item.position], built[item.position], flags[item.position])
        left = bad_flags(new, plan.flags)
        dropped = [r for r in drop_reasons(flags[item.position]) if r in policy]
        if left:
            item.outcome = f"still {', '.join(left)} after turn {item.restart.turn} was asked again"
        elif dropped:
            item.outcome = f"the rebuilt row would be dropped by quality.drop ({dropped[0]})"
        else:
            item.outcome = REPAIRED
            rows[item.position] = new
    if not plan.report.repaired:
        return None
    return Dataset.from_list(rows, features=plan.table.features)


def _judged(
    release: _Release, plan: _ConfigPlan, built: dict[int, dict[str, Any]], gateway: Gateway
) -> dict[int, dict[str, Any]]:
    """Rebuilt rows graded by the recipe's judge, when the release's rows carry a verdict."""
    judge = release.recipe.judge
    if judge is None or not built or "judge_verdict" not in plan.table.column_names:
        return built
    from boost_qa.judge import judge_dataset

    features = Features({**OUTPUT_FEATURES, "config": Value("string")})
    del features["failure"]
    rows = Dataset.from_list(list(built.values()), features=features)
    graded = judge_dataset(rows, judge, gateway.complete, language=release.recipe.language_name)
    return dict(zip(built, graded.to_list(), strict=True))


def _new_flags(
    rows: list[dict[str, Any]], built: dict[int, dict[str, Any]], threshold: float
) -> dict[int, dict[str, Any]]:
    """Every flag of each rebuilt row; ``near_duplicate`` against the config as it will be."""
    texts = [dialogue_text(dialogue_turns(built.get(i, row))) for i, row in enumerate(rows)]
    duplicates = near_duplicates(texts, threshold=threshold) if built else []
    return {i: {**row_flags(row), "near_duplicate": duplicates[i]} for i, row in built.items()}


def _merged(old: dict[str, Any], new: dict[str, Any], flags: dict[str, Any]) -> dict[str, Any]:
    """The old row's columns, in order, with the rebuilt values and the new flags.

    A column the rebuild does not produce (a newer or older schema) keeps its old value.
    """
    return {
        column: flags[column]
        if column in FLAG_COLUMNS and column in flags
        else new.get(column, value)
        for column, value in old.items()
    }


def _write(release: _Release, rewritten: dict[str, Dataset], report: RepairReport) -> None:
    """Write the rewritten configs, their mixes and exports, and the manifest, atomically."""
    folder, manifest = release.folder, copy.deepcopy(release.manifest)
    staging = staging_dir(folder)
    try:
        names = [*rewritten]
        for name, rows in rewritten.items():
            _write_config(release, manifest, name, rows, staging)
        names += _write_mixes(release, manifest, rewritten, staging)
        names += _write_exports(manifest, rewritten, staging)
        manifest["repairs"] = [*(manifest.get("repairs") or []), _record(report)]
        shutil.copytree(folder / META_DIR, staging / META_DIR)
        (staging / META_DIR / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
        if rewritten:
            card = render_release_card(manifest, changelog=_changelog(folder), folder=folder)
            (staging / "README.md").write_text(card, encoding="utf-8")
        publish_staging(staging, folder, names)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if rewritten:
        _refresh(folder, release.recipe)


def _write_config(
    release: _Release, manifest: dict[str, Any], name: str, rows: Dataset, staging: Path
) -> None:
    """One rewritten config: files under a new tag, and what the manifest says of its rows."""
    from boost_qa.chat.lengths import measure_lengths

    summary = manifest["configs"][name]
    tag = data_tag(rows)
    summary["data_tag"] = tag
    summary["files"] = write_config_data(rows, staging / name, tag)
    policy = release.recipe.training_policy(release.recipe.config(name))
    summary["token_lengths"] = measure_lengths(rows, name, policy.tokenizer)
    if "guards" in summary and "attempts" in rows.column_names:
        from boost_qa.pipeline.guard_stats import guard_summary

        failures = [f for f in _failures(release.folder) if f.get("config") == name]
        summary["guards"] = guard_summary(rows["attempts"], failures)


def _write_mixes(
    release: _Release, manifest: dict[str, Any], rewritten: dict[str, Dataset], staging: Path
) -> list[str]:
    """Rebuild the mixes the release has that take rows from a rewritten config."""
    names = []
    built = manifest.get("mixes") or {}
    for mix in release.recipe.mix_recipes:
        parts = set(mix.weights)
        if mix.name not in built or not parts & set(rewritten):
            continue
        if not parts <= set(manifest["configs"]):
            continue
        rows = build_mix(
            mix,
            {
                n: rewritten[n]
                if n in rewritten
                else read_config(release.folder, n, manifest["configs"][n])
                for n in mix.weights
            },
        )
        tag = data_tag(rows)
        files = write_config_data(rows, staging / mix.name, tag)
        built[mix.name] = {**mix_summary(mix, rows), "data_tag": tag, "files": files}
        names.append(mix.name)
    return names


def _write_exports(
    manifest: dict[str, Any], rewritten: dict[str, Dataset], staging: Path
) -> list[str]:
    """Rebuild the trainer-format exports of the rewritten configs."""
    names = []
    exports = manifest.get("exports") or {}
    for name, export in exports.items():
        if export.get("config") not in rewritten:
            continue
        rows = export_rows(rewritten[export["config"]], export["format"])
        tag = data_tag(rows)
        files = write_config_data(rows, staging / name, tag)
        exports[name] = {**export, "rows": len(rows), "data_tag": tag, "files": files}
        names.append(name)
    return names


def _record(report: RepairReport) -> dict[str, Any]:
    """The manifest's entry for one repair round."""
    return {
        "round": report.round,
        "repaired_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "flags": list(report.flags),
        "configs": {name: c.summary() for name, c in report.configs.items()},
        "calls": report.calls,
        "cache_hits": report.cache_hits,
    }


def _failures(folder: Path) -> list[dict[str, Any]]:
    path = folder / META_DIR / "failures.jsonl"
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _changelog(folder: Path) -> list[dict[str, Any]]:
    path = folder / META_DIR / "changelog.json"
    return list(json.loads(path.read_text(encoding="utf-8"))) if path.exists() else []


def _refresh(folder: Path, recipe: Recipe) -> None:
    """Statistics and plots when the recipe asks for them, and a card read from the new files.

    As ``boost_qa.pipeline.run._write_stats`` after a build: once the data is safely in place.
    """
    from boost_qa.release.regenerate import regenerate_card

    if recipe.stats.enabled:
        from boost_qa.release.statistics import StatsSettings, run_stats, write_plots

        policy = recipe.stats
        run_stats(
            folder,
            settings=StatsSettings(
                sample_size=policy.sample_size, embed_sample=policy.embed_sample
            ),
        )
        if policy.plots:
            write_plots(folder)
    regenerate_card(folder)


def print_repair(report: RepairReport, console: Console) -> None:
    """Per config: rows checked, flagged, repaired, still flagged; the rows and their restarts."""
    title = "Dry run: nothing was called" if report.dry_run else f"Repair round {report.round}"
    table = Table(title=f"{title} (flags: {', '.join(report.flags)})")
    columns = ("config", "checked", "flagged", *(() if report.dry_run else COUNTED))
    for column in columns:
        table.add_column(column, justify="left" if column == "config" else "right")
    for name, config in report.configs.items():
        counts = config.summary()
        table.add_row(name, *(str(counts[c.replace(" ", "_")]) for c in columns[1:]))
    console.print(table)
    for name, config in report.configs.items():
        for item in config.rows:
            if report.dry_run or item.outcome != REPAIRED:
                console.print(_row_line(name, item, dry_run=report.dry_run), markup=False)
    if not report.dry_run:
        console.print(f"{report.calls} model calls ({report.cache_hits} from cache)")
    for note in report.notes:
        console.print(f"note: {note}", markup=False)


COUNTED = ("repaired", "still flagged")


def _row_line(config: str, item: RowRepair, *, dry_run: bool) -> str:
    restart = f"turn {item.restart.turn} ({item.restart.speaker}): {item.restart.reason}"
    if dry_run:
        return f"  {config} {item.id} [{', '.join(item.flags)}] restarts at {restart}"
    return f"  still flagged: {config} {item.id}: {item.outcome}"

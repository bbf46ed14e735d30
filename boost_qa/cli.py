"""The ``boost-qa`` command line: thin commands over the library API.

Exit codes: 0 done, 1 finished with failed rows (listed), 2 bad input (recipe, source, options).
Every command leaves a :class:`~boost_qa.errors.BoostQAError` to the one handler of the group,
which prints ``error: <message>`` (redacted) and exits 2.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Literal

import click
from rich.console import Console

from boost_qa.errors import BoostQAError
from boost_qa.redact import redact

console = Console(stderr=True, soft_wrap=True)
out_console = Console(soft_wrap=True)


def _parse_models(values: tuple[str, ...]) -> dict[str, str]:
    models = {}
    for value in values:
        target, sep, model = value.partition("=")
        if not sep or not target.strip() or not model.strip():
            raise click.BadParameter(f"{value!r} is not LEVEL_OR_ROLE=MODEL", param_hint="--model")
        models[target.strip()] = model.strip()
    return models


def print_error(exc: BaseException) -> None:
    """Print ``error: <message>`` to stderr: redacted, and never read as rich markup."""
    # Not markup: messages may hold brackets (`pip install 'boost-qa[ray]'`).
    console.print(f"error: {redact(str(exc))}", style="red", markup=False, highlight=False)


class BoostQAGroup(click.Group):
    """The command group: one handler turns a BoostQAError into ``error: ...`` and exit 2."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; a BoostQAError is bad input (recipe, source, options): exit 2."""
        try:
            return super().invoke(ctx)
        except BoostQAError as exc:
            print_error(exc)
            ctx.exit(2)


@click.group(cls=BoostQAGroup)
@click.version_option(package_name="boost-qa")
def main() -> None:
    """Turn question/answer datasets into MASTER teacher-student dialogues."""


@main.command()
@click.argument("recipe", type=click.Path(path_type=Path))
@click.option(
    "--out", "out", type=click.Path(path_type=Path), required=True, help="Release folder."
)
@click.option("--config", "configs", multiple=True, help="Build only this config (repeatable).")
@click.option("--limit", type=click.IntRange(min=0), help="At most N seeds per config.")
@click.option("--concurrency", type=click.IntRange(min=1), default=16, show_default=True)
@click.option("--cache-dir", type=click.Path(path_type=Path), help="Request cache folder.")
@click.option(
    "--model", "models", multiple=True, help="LEVEL_OR_ROLE=MODEL, e.g. strong=openai/gpt-4o."
)
@click.option("--dry-run", is_flag=True, help="Print calls, tokens and cost; call nothing.")
@click.option("--max-cost", type=click.FloatRange(min=0), help="Stop cleanly at this spend (USD).")
@click.option("--progress/--no-progress", default=True, help="Live progress display.")
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="Run in this process, or on a Ray cluster (needs the ray extra).",
)
@click.option(
    "--ray-address",
    help="Ray cluster to join: host:port or auto (default: RAY_ADDRESS, else a private local "
    "cluster). Checked before any work; token auth as Ray's (RAY_AUTH_MODE, RAY_AUTH_TOKEN).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Processes of the local engine (default 1; more when one core cannot keep up with "
    "--concurrency), or Ray actors (default: the cluster's CPUs).",
)
@click.option(
    "--batch",
    is_flag=True,
    help="Send the calls through the provider's batch API, one turn per wave: about half the "
    "price, hours instead of minutes; rerun the same command to resume.",
)
def build(
    recipe: Path,
    out: Path,
    configs: tuple[str, ...],
    limit: int | None,
    concurrency: int,
    cache_dir: Path | None,
    models: tuple[str, ...],
    dry_run: bool,
    max_cost: float | None,
    progress: bool,
    engine: Literal["local", "ray"],
    ray_address: str | None,
    workers: int | None,
    batch: bool,
) -> None:
    """Build the release RECIPE declares into --out."""
    from boost_qa.pipeline.run import BuildOptions, build_release
    from boost_qa.pipeline.summary import print_plan, print_report

    options = BuildOptions(
        out=out,
        configs=configs,
        limit=limit,
        concurrency=concurrency,
        cache_dir=cache_dir,
        models=_parse_models(models),
        dry_run=dry_run,
        max_cost=max_cost,
        progress=progress and console.is_terminal,
        engine=engine,
        ray_address=ray_address,
        workers=workers,
        batch=batch,
    )
    report = build_release(recipe, options, console=console)
    if report.dry_run:
        print_plan(report, out_console)
        return
    print_report(report, out_console)
    _print_release_stats(out)
    sys.exit(report.exit_code)


def _print_release_stats(out: Path) -> None:
    """The statistics the build wrote (when the recipe asks for them), as ``boost-qa stats``."""
    from boost_qa.release.folder import ReleaseFolder
    from boost_qa.stats.table import stats_tables

    stats = ReleaseFolder(out).read_stats()
    if stats is not None:
        for table in stats_tables(stats):
            out_console.print(table)


@main.command()
@click.argument("folder", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option("--repo", help="OWNER/NAME of the dataset repository on the Hub.")
@click.option("--to", "to", type=click.Path(path_type=Path), help="Publish into a local folder.")
@click.option("--version", "version", required=True, help="Semantic version, e.g. 1.2.0.")
@click.option("--message", default="", help="One-line note for the commit and changelog.")
@click.option("--create-pr", is_flag=True, help="Open a pull request instead of committing.")
@click.option("--private", is_flag=True, help="Create the repository as private.")
@click.option("--dry-run", is_flag=True, help="List what would change; change nothing.")
@click.option("--endpoint", envvar="HF_ENDPOINT", help="Hub URL (default: HF_ENDPOINT or the Hub).")
def publish(
    folder: Path,
    repo: str | None,
    to: Path | None,
    version: str,
    message: str,
    create_pr: bool,
    private: bool,
    dry_run: bool,
    endpoint: str | None,
) -> None:
    """Publish the release in FOLDER as a new version: one commit, then a vX.Y.Z tag."""
    from boost_qa.publish.run import publish_release
    from boost_qa.publish.summary import print_publish
    from boost_qa.publish.target import Target

    if (repo is None) == (to is None):
        raise BoostQAError("give exactly one of --repo OWNER/NAME or --to DIR")
    target: Target
    if to is not None:
        from boost_qa.publish.local import LocalTarget

        target = LocalTarget(to)
    else:
        from boost_qa.publish.hub import HubTarget

        target = HubTarget(str(repo), endpoint=endpoint)
    report = publish_release(
        folder,
        target,
        version=version,
        message=message,
        create_pr=create_pr,
        private=private,
        dry_run=dry_run,
    )
    print_publish(report, out_console)


@main.command()
@click.argument("folder", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option("--repo", "repo_id", help="OWNER/NAME to show in the loading snippets.")
def card(folder: Path, repo_id: str | None) -> None:
    """Regenerate FOLDER/README.md (the dataset card) from the release's manifest and stats."""
    from boost_qa.release.regenerate import regenerate_card

    path = regenerate_card(folder, repo_id=repo_id)
    out_console.print(f"wrote {path}")


@main.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON (stdout only).")
@click.option(
    "--rows", "rows_path", type=click.Path(path_type=Path, dir_okay=False), help="Per-row flags."
)
@click.option("--sample-size", type=click.IntRange(min=0), default=200, show_default=True)
@click.option("--embed-sample", type=click.IntRange(min=0), default=500, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
def stats(
    folder: Path,
    as_json: bool,
    rows_path: Path | None,
    sample_size: int,
    embed_sample: int,
    seed: int,
) -> None:
    """Quality flags, diversity and shape of the dialogues in FOLDER (a release or any dataset).

    Writes the statistics into FOLDER's metadata (stats.json); --rows writes each row's flags
    as JSON lines.
    """
    import json

    from boost_qa.release.statistics import StatsSettings, run_stats
    from boost_qa.stats.table import stats_tables

    settings = StatsSettings(sample_size=sample_size, embed_sample=embed_sample, seed=seed)
    report = run_stats(folder, settings=settings, rows_path=rows_path)
    if as_json:
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
        return
    for table in stats_tables(report):
        out_console.print(table)


@main.command()
@click.argument("release")
@click.option(
    "--template",
    "templates",
    multiple=True,
    help="Chat template: a .jinja file, a tokenizer folder, a .gguf file, or 'embedded' "
    "(SmolLM2's, the default). Repeatable.",
)
@click.option(
    "--tokenizer",
    help="Tokenizer for token lengths when the template came without one (a folder, a .gguf "
    "file or 'embedded'; default: the embedded model's when installed).",
)
@click.option("--bos-token", help="bos_token for a bare .jinja template.")
@click.option("--eos-token", help="eos_token for a bare .jinja template.")
@click.option("--config", "configs", multiple=True, help="Check only this config (repeatable).")
@click.option("--max-length", type=click.IntRange(min=1), help="Fail rows longer than N tokens.")
@click.option("--json", "as_json", is_flag=True, help="Print the reports as JSON (stdout only).")
def check(
    release: str,
    templates: tuple[str, ...],
    tokenizer: str | None,
    bos_token: str | None,
    eos_token: str | None,
    configs: tuple[str, ...],
    max_length: int | None,
    as_json: bool,
) -> None:
    """Render every row of RELEASE (a folder or a Hub repo id) with chat templates.

    Checks that each row's roles alternate, that the template renders it without error, keeps
    every message's text once and in order and keeps turns apart; prints token lengths per
    config and lists failing rows by id. Exits 1 when any row fails (or is over --max-length).
    """
    import json

    from boost_qa.release.check_run import print_reports, run_check

    reports = run_check(
        release,
        templates or ("embedded",),
        tokenizer=tokenizer,
        bos_token=bos_token,
        eos_token=eos_token,
        configs=configs,
        max_length=max_length,
    )
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in reports], indent=2, ensure_ascii=False))
    else:
        print_reports(reports, out_console)
    sys.exit(max(r.exit_code for r in reports))


@main.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "--flags",
    "flags",
    multiple=True,
    help="Flags that mark a row for repair, comma-separated (default: well_formed, "
    "role_confusion, answer_leak, degenerate, prompt_echo, final_correct).",
)
@click.option("--cache-dir", type=click.Path(path_type=Path), help="Request cache folder.")
@click.option("--concurrency", type=click.IntRange(min=1), default=16, show_default=True)
@click.option(
    "--model", "models", multiple=True, help="LEVEL_OR_ROLE=MODEL, e.g. strong=openai/gpt-4o."
)
@click.option(
    "--round",
    "round_",
    type=click.IntRange(min=1),
    help="Repair round, which seeds the new samples (default: one more than the last recorded).",
)
@click.option(
    "--dry-run", is_flag=True, help="List the rows and their restart turns; call nothing."
)
@click.option("--progress/--no-progress", default=True, help="Live progress display.")
def repair(
    folder: Path,
    flags: tuple[str, ...],
    cache_dir: Path | None,
    concurrency: int,
    models: tuple[str, ...],
    round_: int | None,
    dry_run: bool,
    progress: bool,
) -> None:
    """Regenerate the flagged rows of the release in FOLDER, each from its first failing turn.

    Earlier turns come from the request cache. Exits 0 when every flagged row was repaired,
    1 when some are still flagged (the old rows are kept), 2 on bad input.
    """
    from boost_qa.pipeline.repair import RepairOptions, print_repair, repair_release

    options = RepairOptions(
        flags=flags,
        cache_dir=cache_dir,
        concurrency=concurrency,
        models=_parse_models(models),
        round=round_,
        dry_run=dry_run,
        progress=progress and console.is_terminal,
    )
    report = repair_release(folder, options, console=console)
    print_repair(report, out_console)
    sys.exit(report.exit_code)


if __name__ == "__main__":
    main()

"""Print what a build did (or would do) as tables."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from boost_qa.pipeline.run import BuildReport
from boost_qa.release.folder import FAILURES_FILE
from boost_qa.types import SCENARIOS


def print_report(report: BuildReport, console: Console) -> None:
    """Rows per config and scenario, calls, tokens, cost, failures."""
    table = Table(title=f"BOOST-QA release written to {report.out}")
    for column in ("config", "seeds", "rows", *SCENARIOS, "failed", "calls", "cached", "tokens"):
        table.add_column(column, justify="right" if column != "config" else "left")
    for name, c in report.configs.items():
        per = c["rows_per_scenario"]
        table.add_row(
            name,
            str(c["seeds"]),
            str(c["rows"]),
            *(str(per.get(s, 0)) for s in SCENARIOS),
            str(c["failed"]),
            str(c["calls"]),
            str(c["cache_hits"]),
            f"{c['prompt_tokens'] + c['completion_tokens']:,}",
        )
    console.print(table)
    t = report.totals
    checks = t.get("endpoint_checks", 0)
    console.print(
        f"{t['rows']} rows, {t['calls']} model calls ({t['cache_hits']} from cache"
        + (f", {checks} endpoint check(s) besides" if checks else "")
        + f"), {t['retries']} retries, cost ${t['cost']:.4f}, {t['wall_seconds']:.1f} s"
    )
    for name, c in report.configs.items():
        if c.get("retriever"):
            console.print(f"{name}: analogues found with the {c['retriever']} retriever")
        if c["skipped"]:
            console.print(f"{name}: skipped source rows: {c['skipped']}")
    for name, reason in report.skipped_mixes.items():
        console.print(f"mix {name} not rebuilt: {reason}")
    if report.failures:
        console.print(f"[red]{len(report.failures)} row(s) failed[/red] ({FAILURES_FILE}):")
        for failure in report.failures[:20]:
            console.print(
                f"  {failure['config']} {failure['id']} turn {failure['turn']} "
                f"({failure['speaker']}): {failure['reason']}"
            )


def print_plan(report: BuildReport, console: Console) -> None:
    """Calls, token and cost estimates of a dry run."""
    table = Table(title="Dry run: nothing was called")
    for column in ("config", "seeds", "calls", "prompt tokens", "completion tokens", "cost"):
        table.add_column(column, justify="right" if column != "config" else "left")
    for name, c in report.configs.items():
        table.add_row(
            name,
            str(c["seeds"]),
            str(c["calls"]),
            f"~{c['prompt_tokens']:,}",
            f"~{c['completion_tokens']:,}",
            f"~${c['cost']:.4f}",
        )
    console.print(table)
    t = report.totals
    console.print(
        f"total: {t['calls']} calls, ~{t['prompt_tokens'] + t['completion_tokens']:,} tokens, "
        f"~${t['cost']:.4f} (cached calls cost nothing; see boost_qa/pipeline/estimate.py)"
    )
    if "batch" in t:
        b = t["batch"]
        for name, c in report.configs.items():
            console.print(
                f"batch {name}: {c['batch']['waves']} waves, calls per wave "
                f"{c['batch']['calls_per_wave']}"
            )
        console.print(
            f"batch mode: {b['waves']} waves, ~${b['cost']:.4f} at batch prices "
            f"(online ~${b['online_cost']:.4f}); each wave waits for the provider (minutes to "
            "24 h), and turns the guards reject add waves"
        )

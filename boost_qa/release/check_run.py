"""Run ``boost-qa check`` for several templates and print what it found."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from boost_qa.chat.check import MAX_LISTED, CheckReport
from boost_qa.chat.template import (
    EMBEDDED,
    ChatTemplate,
    TemplateError,
    load_template,
    load_templates,
)
from boost_qa.release.check import check_release


def length_tokenizer(template: ChatTemplate, spec: str | None) -> tuple[Any, str | None]:
    """The tokenizer to count tokens with, and its name (None, None when there is none).

    ``spec`` when given (``none``: no token lengths); else the template's own tokenizer; else
    the embedded model's, when the ``local`` extra is installed (lengths are then SmolLM2
    tokens, and the report says so).
    """
    if spec == "none":
        return None, None
    if template.tokenizer is not None and spec is None:
        return template.tokenizer, template.name
    try:
        other = load_template(spec or EMBEDDED)
    except TemplateError:
        if spec is not None:
            raise
        return None, None
    return other.tokenizer, other.name


def run_check(
    release: str,
    templates: Iterable[str],
    *,
    tokenizer: str | None = None,
    bos_token: str | None = None,
    eos_token: str | None = None,
    configs: Iterable[str] = (),
    max_length: int | None = None,
) -> list[CheckReport]:
    """One report per template."""
    reports = []
    chosen = [
        t
        for spec in templates
        for t in load_templates(spec, bos_token=bos_token, eos_token=eos_token)
    ]
    for template in chosen:
        counter, counter_name = length_tokenizer(template, tokenizer)
        reports.append(
            check_release(
                release,
                template,
                configs=configs,
                tokenizer=counter,
                tokenizer_name=counter_name,
                max_length=max_length,
            )
        )
    return reports


def print_reports(reports: list[CheckReport], console: Console) -> None:
    """One table per template for a few templates; one line per template for a template set."""
    if len(reports) <= 3:
        for report in reports:
            print_report(report, console)
        return
    table = Table(title=f"{len(reports)} chat templates", title_justify="left")
    for column in ("template", "rows", "ok", "failed", "verdicts", "notes"):
        table.add_column(column, justify="right" if column in ("rows", "ok", "failed") else "left")
    for report in reports:
        statuses = Counter(s for c in report.configs.values() for s in c.statuses.elements())
        rows = sum(statuses.values())
        table.add_row(
            escape(report.template),
            str(rows),
            str(statuses["ok"]),
            str(rows - statuses["ok"]),
            escape(", ".join(f"{k} {v}" for k, v in sorted(statuses.items()) if k != "ok")),
            escape("; ".join(sorted({n for c in report.configs.values() for n in c.notes}))),
        )
    console.print(table)
    for report in reports:
        for failure in report.failures[:3]:
            problems = "; ".join(failure.problems) or failure.status
            console.print(
                f"[red]{escape(failure.status)}[/red] {escape(report.template)} "
                f"{escape(failure.config)} {escape(failure.id)}: {escape(problems)}"
            )


def print_report(report: CheckReport, console: Console) -> None:
    """A table per template (config, rows, verdicts, token lengths) and the failing rows."""
    title = f"chat template {report.template}"
    if report.tokenizer:
        title += f"  (tokens: {report.tokenizer})"
    table = Table(title=escape(title), title_justify="left")
    for column in ("config", "rows", "ok", "failed", "p50", "p90", "max", "recommended"):
        table.add_column(column, justify="left" if column == "config" else "right")
    if report.max_length is not None:
        table.add_column(f"> {report.max_length}", justify="right")
    for name, config in report.configs.items():
        lengths = config.lengths(report.max_length)
        cells = [
            name,
            str(config.rows),
            str(config.statuses["ok"]),
            str(config.rows - config.statuses["ok"]),
            *(str(lengths.get(k, "-")) for k in ("p50", "p90", "max", "recommended_max_length")),
        ]
        if report.max_length is not None:
            cells.append(str(lengths.get("over_max_length", "-")))
        table.add_row(*map(escape, cells))
    console.print(table)
    notes = {n for c in report.configs.values() for n in c.notes}
    for note in sorted(notes):
        console.print(f"note: {escape(note)}")
    failures = report.failures
    for failure in failures[:MAX_LISTED]:
        problems = "; ".join(failure.problems) or failure.status
        console.print(
            f"[red]{escape(failure.status)}[/red] {escape(failure.config)} "
            f"{escape(failure.id)}: {escape(problems)}"
        )
    if len(failures) > MAX_LISTED:
        console.print(f"... and {len(failures) - MAX_LISTED} more failing rows (see --json)")
    if not failures:
        console.print(f"every row renders intact under {escape(report.template)}")

"""Print what a publish did or would do."""

from __future__ import annotations

from rich.console import Console

from boost_qa.publish.run import PublishReport


def print_publish(report: PublishReport, console: Console) -> None:
    """Files added, replaced and deleted; the commit, tag or pull request."""
    if report.finished_earlier_commit:
        console.print(
            f"{report.target}: commit {report.commit} was already published; tagged {report.tag}"
        )
        return
    head = "Would publish" if report.dry_run else "Published"
    since = f" (after v{report.built_from})" if report.built_from else ""
    console.print(f"{head} {report.tag} to {report.target}{since}")
    for label, paths in (
        ("add", report.added),
        ("replace", report.replaced),
        ("delete", report.deleted),
    ):
        for path in paths:
            console.print(f"  {label:8} {path}")
    if report.kept_configs:
        console.print(f"  kept from the previous version: {', '.join(report.kept_configs)}")
    for name in report.stale_mixes:
        console.print(
            f"  [yellow]warning:[/yellow] mix {name} keeps its previous rows although a config "
            "it mixes was rebuilt; rebuild into the previous release folder to refresh it"
        )
    if report.pr_ref:
        console.print(f"pull request {report.pr_ref} (commit {report.commit}); no tag until merged")
    elif report.commit:
        console.print(f"commit {report.commit}, tag {report.tag}")

"""Print the template x scenario table of a release: does each chat template take each scenario?

Usage: python scripts/template_matrix.py RELEASE [--templates SET.json] [--json OUT.json]
(default set: the 74 real templates vendored in tests/e2e/conformance/templates/)

Each cell is the worst verdict over the scenario's rows under that template (`boost_qa.chat.spans`):
ok, blurs (turns run together), lost (a text is missing), raises (the template refuses the row).
Roles that do not alternate are not counted here: the cell says what the template does with them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter, defaultdict
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

from boost_qa.chat.check import row_messages
from boost_qa.chat.spans import STATUSES, render_checked  # noqa: E402
from boost_qa.chat.template import load_templates  # noqa: E402
from boost_qa.release.check import release_configs  # noqa: E402

SCENARIOS = ("error_correction", "debate", "analogy")
DEFAULT_SET = Path(__file__).resolve().parents[1] / "tests/e2e/conformance/templates/templates.json"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("release")
    parser.add_argument("--templates", default=str(DEFAULT_SET))
    parser.add_argument("--json", dest="json_out", help="also write the cells as JSON here")
    args = parser.parse_args()

    rows = [
        (
            row.get("scenario") or "?",
            "system" if row_messages(row)[0]["role"] == "system" else "",
            row_messages(row),
        )
        for _, config_rows in release_configs(args.release)
        for row in config_rows
    ]
    counts = Counter(scenario for scenario, _, _ in rows)
    print(f"{len(rows)} rows: {dict(counts)}", file=sys.stderr)
    cells: dict[str, dict[str, str]] = defaultdict(dict)
    for template in load_templates(args.templates):
        for scenario, system, messages in rows:
            key = f"{scenario}+system" if system else scenario
            status = render_checked(template, messages).status
            old = cells[template.name].get(key, "ok")
            cells[template.name][key] = max(old, status, key=STATUSES.index)
    columns = sorted(
        {k for c in cells.values() for k in c},
        key=lambda k: (SCENARIOS.index(k.split("+")[0]) if k.split("+")[0] in SCENARIOS else 9, k),
    )
    print("| template | " + " | ".join(columns) + " |")
    print("|---|" + "---|" * len(columns))
    for name, row in cells.items():
        print(f"| {name} | " + " | ".join(row.get(c, "-") for c in columns) + " |")
    totals = {c: Counter(row.get(c, "-") for row in cells.values()) for c in columns}
    print()
    for column, tally in totals.items():
        print(f"{column}: " + ", ".join(f"{k} {v}" for k, v in sorted(tally.items())))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(cells, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

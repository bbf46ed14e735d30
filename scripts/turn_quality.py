"""How clean a release's turns are: rows built, failed and clean, and model calls per row.

Usage: python scripts/turn_quality.py RELEASE [RELEASE ...]

A row is clean when no turn carries another speaker's lines, echoes its prompt, loops, or is
empty: the `well_formed`, `role_confusion`, `degenerate` and `prompt_echo` criteria of
`boost_qa.stats.quality`, computed here afresh, so releases built before those flags existed
(with `messages` + `speakers` instead of `dialogue`) are measured the same way.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

from boost_qa.release.check import release_configs  # noqa: E402
from boost_qa.stats.quality import quality_flags  # noqa: E402

CLEAN = {"well_formed": True, "role_confusion": False, "degenerate": False, "prompt_echo": False}


def measure(release: str) -> dict[str, object]:
    """Counts for one release folder."""
    rows = [dict(row) for _, config_rows in release_configs(release) for row in config_rows]
    flags = quality_flags(rows)
    clean = [all(f.get(k) == v for k, v in CLEAN.items()) for f in flags]
    failures = Path(release, "boost_qa", "failures.jsonl").read_text(encoding="utf-8")
    failed = [json.loads(line) for line in failures.splitlines() if line.strip()]
    manifest = json.loads(Path(release, "boost_qa", "manifest.json").read_text(encoding="utf-8"))
    calls = manifest["totals"]["calls"] + manifest["totals"].get("cache_hits", 0)
    attempted = len(rows) + len(failed)
    return {
        "release": release,
        "rows_attempted": attempted,
        "rows_built": len(rows),
        "rows_failed": len(failed),
        "rows_clean": sum(clean),
        "clean_share_of_attempted": round(sum(clean) / attempted, 3) if attempted else None,
        "calls_per_row": round(calls / attempted, 2) if attempted else None,
        "not_clean": {
            name: sum(1 for f in flags if f.get(name) != want) for name, want in CLEAN.items()
        },
        "failure_reasons": [f"{f['id']}: {f['reason'][:160]}" for f in failed],
    }


def main() -> int:
    for release in sys.argv[1:]:
        print(json.dumps(measure(release), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

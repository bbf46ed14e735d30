"""Benchmark `boost-qa check`: rows per second and peak memory on N synthetic dialogues.

Usage: python scripts/bench_check.py [--rows 100000] [--template embedded] [--out DIR]

Writes N dialogues of the three scenarios (bench_scale.py's generator, trainer `messages`
included) into a release-shaped folder, then runs `boost-qa check` on it in a fresh process
with the given template (default: the embedded SmolLM2's, tokens counted) and prints one JSON
line: rows, wall seconds (whole command and the check loop alone), rows/s and peak memory.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_common import PYTHON, REPO, child_env  # noqa: E402

LOOP = """
import json, sys, time
from boost_qa.chat.run import length_tokenizer
from boost_qa.release.check import check_release
from boost_qa.chat.template import load_templates
[template] = load_templates(sys.argv[2])
counter, _ = length_tokenizer(template, None)
started = time.perf_counter()
report = check_release(sys.argv[1], template, tokenizer=counter)
wall = time.perf_counter() - started
rows = sum(c.rows for c in report.configs.values())
print(json.dumps({"loop_wall": wall, "rows": rows, "failed": len(report.failures)}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--template", default="embedded")
    parser.add_argument("--out", help="keep the dialogues here (default: a temporary folder)")
    args = parser.parse_args()
    out = Path(args.out or tempfile.mkdtemp(prefix="bench-check-"))
    env = child_env()
    subprocess.run(
        [
            PYTHON,
            str(REPO / "scripts/bench_scale.py"),
            "dialogues",
            "--rows",
            str(args.rows),
            "--out",
            str(out),
        ],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    command = [
        str(Path(PYTHON).parent / "boost-qa"),
        "check",
        str(out),
        "--template",
        args.template,
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    loop = subprocess.run(
        [PYTHON, "-c", LOOP, str(out), args.template],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    inner = json.loads(loop.stdout.strip().splitlines()[-1])
    print(
        json.dumps(
            {
                "bench": "check",
                "template": args.template,
                "rows": inner["rows"],
                "failed": inner["failed"],
                "exit_code": done.returncode,
                "command_wall_s": round(wall, 1),
                "loop_wall_s": round(inner["loop_wall"], 1),
                "rows_per_s": round(inner["rows"] / inner["loop_wall"]),
                "peak_rss_mb": round(after.ru_maxrss / 1024),
                "cpu_s": round(
                    after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 1
                ),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

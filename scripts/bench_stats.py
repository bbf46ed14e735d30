"""Benchmark ``boost-qa stats`` on 10,000 dialogues made by the scripted model.

Step 1 (in a child process, skipped when the folder already exists): build 10,000 synthetic
seed rows, run ``MasterTransform`` over them with every level on the scripted model
(``scripted/w``, ``scripted/m``, ``scripted/s``) through a ``Gateway`` without cache, and write
a release-like folder (parquet + README YAML ``configs:``).

Step 2 (in this process): time ``boost_qa.release.statistics.compute_stats`` on the folder
(streamed over the rows in batches of ``--batch-size``) and print the wall and CPU time and the
peak resident memory (``ru_maxrss``), with the resident memory after imports for reference.
With ``--embed-sample`` above 0 the time includes loading all-MiniLM-L6-v2 (and torch).

    .venv/bin/python scripts/bench_stats.py --rows 10000 --out /tmp/boost-qa-bench
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NAMES = ["Ava", "Ben", "Chen", "Dara", "Eli", "Farah", "Gus", "Hana", "Ivan", "Jude", "Kemal"]
THINGS = ["apples", "marbles", "stickers", "books", "pencils", "shells", "cards", "coins"]
VERBS = [("buys", "+"), ("finds", "+"), ("gives away", "-"), ("loses", "-"), ("wins", "+")]


def synthetic_seed(index: int, rng: random.Random) -> dict[str, object]:
    """One arithmetic word problem with a GSM8K-style answer and a similar problem."""

    def problem() -> tuple[str, str]:
        name, thing = rng.choice(NAMES), rng.choice(THINGS)
        start, change = rng.randint(10, 500), rng.randint(1, 9)
        verb, op = rng.choice(VERBS)
        result = start + change if op == "+" else start - change
        question = f"{name} has {start} {thing} and {verb} {change}. How many {thing} now?"
        return question, f"{start} {op} {change} = {result}.\n#### {result}"

    question, answer = problem()
    analog_question, analog_answer = problem()
    return {
        "id": f"bench-{index:05d}",
        "question": question,
        "reference_answer": answer,
        "context": None,
        "source": {
            "dataset": "synthetic",
            "config": None,
            "split": "train",
            "revision": None,
            "row": index,
        },
        "analog_question": analog_question,
        "analog_answer": analog_answer,
        "analog_retriever": "synthetic",
    }


def generate(out: Path, rows: int) -> None:
    """Make the dialogues and write the release-like folder."""
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    os.environ["BOOST_QA_DISABLE_CACHE"] = "1"
    import datasets
    import yaml

    from boost_qa.dialogue.settings import GenerationSettings
    from boost_qa.llm.gateway import Gateway
    from boost_qa.llm.litellm_client import configure
    from boost_qa.transform import MasterTransform

    os.environ.setdefault("BOOST_QA_PROVIDERS", "boost_qa.testing.scripted:register")
    configure()  # registers the scripted provider (BOOST_QA_PROVIDERS)

    rng = random.Random(0)
    seeds = datasets.Dataset.from_list([synthetic_seed(i, rng) for i in range(rows)])
    settings = GenerationSettings(
        models={"weak": "scripted/w", "mid": "scripted/m", "strong": "scripted/s"}
    )
    transform = MasterTransform(settings, generate=Gateway(max_concurrency=64).complete)
    started = time.perf_counter()
    dialogues = seeds.map(transform, keep_in_memory=True, **transform.map_kwargs(seeds, 64))
    print(f"generated {len(dialogues)} dialogues in {time.perf_counter() - started:.1f}s")
    (out / "bench").mkdir(parents=True, exist_ok=True)
    dialogues.remove_columns("failure").to_parquet(
        str(out / "bench" / "train-00000-of-00001.parquet")
    )
    card = {
        "configs": [
            {
                "config_name": "bench",
                "data_files": [{"split": "train", "path": "bench/train-*.parquet"}],
                "default": True,
            }
        ]
    }
    header = yaml.safe_dump(card, sort_keys=False)
    (out / "README.md").write_text(f"---\n{header}---\n# stats benchmark\n", encoding="utf-8")


def rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """User + system CPU time of this process so far (wall time suffers on a busy machine)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "boost-qa-bench")
    parser.add_argument("--sample-size", type=int, default=200)
    parser.add_argument("--embed-sample", type=int, default=500)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--generate-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate_only:
        generate(args.out, args.rows)
        return
    if not (args.out / "README.md").exists():
        cmd = [sys.executable, __file__, "--generate-only", "--rows", str(args.rows)]
        subprocess.run([*cmd, "--out", str(args.out)], check=True, cwd=REPO)

    from boost_qa.release.statistics import StatsSettings, analyse, write_stats

    baseline = rss_mb()
    cpu_before = cpu_seconds()
    started = time.perf_counter()
    settings = StatsSettings(
        sample_size=args.sample_size,
        embed_sample=args.embed_sample,
        seed=0,
        batch_size=args.batch_size,
    )
    stats = analyse(args.out, settings).stats
    wall = time.perf_counter() - started
    cpu = cpu_seconds() - cpu_before
    write_stats(args.out, stats)
    config = stats["configs"]["bench"]
    summary = {
        "rows": config["rows"],
        "wall_seconds": round(wall, 2),
        "cpu_seconds": round(cpu, 2),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "peak_rss_mb": round(rss_mb(), 1),
        "rss_after_imports_mb": round(baseline, 1),
        "sample_size": args.sample_size,
        "embed_sample": args.embed_sample,
        "batch_size": args.batch_size,
        "flag_rates": config["quality"]["rates"],
        "embedding_diversity": config["diversity"]["embedding_diversity"],
    }
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()

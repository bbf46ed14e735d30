"""Scale measurements, one per fresh process: seed extraction, a small build and statistics
over growing sources, reporting wall time and peak memory (``ru_maxrss``).

Steps (``scripts/bench.py --part scale`` runs them all for 10k, 100k and 1M rows):

* ``source``: write a JSONL of N synthetic question/answer rows (about 250 bytes a row).
* ``extract``: ``load_source`` + ``extract_seeds`` + ``select_seeds`` (what ``prepare_config``
  does) with ``--streaming`` (``source.streaming: true``; ``--max-rows`` rows read) or not.
* ``build``: ``build_release`` of a recipe over the source with ``--limit`` seeds, the scripted
  in-process model (no server), streaming or not, with the release's statistics (``--stats``)
  or without.
* ``dialogues``: write a release-like folder of N synthetic dialogue rows (parquet, in chunks).
* ``stats``: ``compute_stats`` on such a folder.

    .venv/bin/python scripts/bench_scale.py extract --source /tmp/src-1000000.jsonl --streaming
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_common import emit, synthetic_row, write_recipe, write_source  # noqa: E402


def step_source(args: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    path = write_source(Path(args.out), args.rows)
    return {
        "step": "source",
        "rows": args.rows,
        "mb": round(path.stat().st_size / 1e6, 1),
        "wall": time.perf_counter() - started,
    }


def step_extract(args: argparse.Namespace) -> dict[str, Any]:
    from boost_qa.seeds.extract import extract_seeds, select_seeds
    from boost_qa.seeds.mapping import resolve_mapping
    from boost_qa.seeds.source import SourceSpec, load_source, provenance_base

    spec = SourceSpec(path=args.source, streaming=args.streaming)
    started = time.perf_counter()
    source = load_source(spec)
    extraction = extract_seeds(
        source,
        resolve_mapping("orca-math", None),
        provenance_base(spec),
        source_name=args.source,
        max_rows=args.max_rows,
    )
    seeds, pool = select_seeds(extraction.seeds, limit=args.limit, pool_size=args.pool_size)
    return {
        "step": "extract",
        "streaming": args.streaming,
        "max_rows": args.max_rows,
        "scanned": extraction.scanned,
        "extracted": len(extraction.seeds),
        "seeds": len(seeds),
        "pool": len(pool),
        "wall": time.perf_counter() - started,
    }


def step_build(args: argparse.Namespace) -> dict[str, Any]:
    os.environ["BOOST_QA_DISABLE_CACHE"] = "1"
    from boost_qa.pipeline.run import BuildOptions, build_release

    work = Path(tempfile.mkdtemp(prefix="boost-qa-bench-scale-"))
    recipe = write_recipe(
        work / "recipe.yaml",
        Path(args.source),
        model="scripted/bench",
        streaming=args.streaming,
        max_rows=args.max_rows,
        pool_size=args.pool_size,
        stats=args.stats,
    )
    started = time.perf_counter()
    report = build_release(
        recipe, BuildOptions(out=work / "out", limit=args.limit, concurrency=16, progress=False)
    )
    return {
        "step": "build",
        "streaming": args.streaming,
        "stats": args.stats,
        "limit": args.limit,
        "rows": int(report.totals["rows"]),
        "calls": int(report.totals["calls"]),
        "scanned": sum(int(c.get("rows_scanned", 0)) for c in report.configs.values()),
        "wall": time.perf_counter() - started,
    }


def _reply(*parts: object) -> str:
    from boost_qa.testing.openai_server import reply_text

    key = hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()
    return reply_text("test-model", key)


def _dialogue(index: int, rng: random.Random) -> dict[str, Any]:
    from boost_qa.dialogue.messages import ChatShape, to_messages
    from boost_qa.dialogue.registry import SCENARIO_CLASSES
    from boost_qa.types import Turn

    """One synthetic dialogue row in the release shape (varied text, three scenarios)."""
    seed = synthetic_row(index, rng)
    analog = synthetic_row(index + 10**7, rng)
    scenario = ("error_correction", "debate", "analogy")[index % 3]
    question = seed["question"]
    if scenario == "error_correction":
        turns = [
            ("teacher", "user", f"Here is a problem for you. {question}"),
            ("dull_student", "assistant", _reply(index, 1)),
            ("teacher", "user", "Your process has a mistake in the second step; check it."),
            ("smart_student", "assistant", _reply(index, 3)),
        ]
    elif scenario == "debate":
        turns = [("teacher", "user", f"Discuss this problem together. {question}")]
        turns += [
            (speaker, "assistant", _reply(index, n))
            for n, speaker in enumerate(["student_a", "student_b", "student_c"], 1)
        ]
    else:
        turns = [
            ("teacher", "user", f"{question} Think about what changes and what stays."),
            ("diligent_student", "assistant", _reply(index, 1)),
            ("teacher", "user", f"Well done. Now try this one: {analog['question']}"),
            ("diligent_student", "assistant", _reply(index, 3)),
        ]
    return {
        "id": f"bench-{index:07d}-{scenario}",
        "scenario": scenario,
        "messages": to_messages(
            [Turn(*t) for t in turns], ChatShape(), SCENARIO_CLASSES[scenario].labels
        ),
        "dialogue": [{"speaker": sp, "role": role, "content": text} for sp, role, text in turns],
        "question": question,
        "reference_answer": seed["answer"],
        "analog_question": analog["question"] if scenario == "analogy" else None,
        "analog_answer": analog["answer"] if scenario == "analogy" else None,
        "usage": {"prompt_tokens": 900, "completion_tokens": 160, "calls": len(turns) - 1},
    }


def step_dialogues(args: argparse.Namespace) -> dict[str, Any]:
    import pyarrow as pa
    import pyarrow.parquet as pq
    import yaml

    out = Path(args.out)
    (out / "bench").mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    rng = random.Random(0)
    path = out / "bench" / "train-00000-of-00001.parquet"
    writer: pq.ParquetWriter | None = None
    for start in range(0, args.rows, 20_000):
        chunk = [_dialogue(i, rng) for i in range(start, min(start + 20_000, args.rows))]
        table = pa.Table.from_pylist(chunk)
        if writer is None:
            writer = pq.ParquetWriter(path, table.schema)
        writer.write_table(table)
    assert writer is not None
    writer.close()
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
    (out / "README.md").write_text(f"---\n{header}---\n# scale benchmark\n", encoding="utf-8")
    return {
        "step": "dialogues",
        "rows": args.rows,
        "mb": round(path.stat().st_size / 1e6, 1),
        "wall": time.perf_counter() - started,
    }


def step_stats(args: argparse.Namespace) -> dict[str, Any]:
    from boost_qa.release.statistics import compute_stats

    started = time.perf_counter()
    stats = compute_stats(Path(args.folder), sample_size=200, embed_sample=500, seed=0)
    return {
        "step": "stats",
        "rows": int(stats["configs"]["bench"]["rows"]),
        "wall": time.perf_counter() - started,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=["source", "extract", "build", "dialogues", "stats"])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--out", default=None)
    parser.add_argument("--source", default=None)
    parser.add_argument("--folder", default=None)
    parser.add_argument("--streaming", action="store_true")
    parser.add_argument("--stats", action="store_true", help="build: statistics, plots and card")
    parser.add_argument("--max-rows", type=int, default=None)
    parser.add_argument("--limit", type=int, default=50)
    parser.add_argument("--pool-size", type=int, default=2000)
    args = parser.parse_args()
    steps = {
        "source": step_source,
        "extract": step_extract,
        "build": step_build,
        "dialogues": step_dialogues,
        "stats": step_stats,
    }
    emit(steps[args.step](args))


if __name__ == "__main__":
    main()

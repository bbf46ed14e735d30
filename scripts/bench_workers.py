"""Workers that scale: calls/s and CPU ms per call against N, for ``--workers N`` and Ray.

For each cell (latency L, C calls in flight in total) the OpenAI-compatible test server runs in
its own process (``bench_common.Server``); for each N the same config (SEEDS seeds of
samples/gsm8k.jsonl, fresh cache) is generated in a fresh process by:

* ``processes``: the local engine with ``--workers N`` (N = 1: this process, no fork);
* ``ray``: the Ray engine with N actors, on a private local cluster or ``--ray-address``.

What is measured (in the child, around the generation only; LiteLLM imported and warmed up):

* calls/s: answered calls over the window in which they arrived at the server (first to last,
  polled every 50 ms: ``bench_engines.Window``), so a cluster's start-up is not calling time;
* CPU ms/call: all the client's CPU per call. Processes: this process and its forked workers
  (``RUSAGE_SELF`` + ``RUSAGE_CHILDREN``). Ray: the driver's ``RUSAGE_SELF`` plus every actor's
  own CPU after its set-up (``RayEngine.worker_cpu_seconds``).

Prints one table per cell; ideal is C/L calls/s. A benchmark, not a test: run it on a quiet
machine.

    .venv/bin/python scripts/bench_workers.py                      # N = 1..4, both cells
    .venv/bin/python scripts/bench_workers.py --quick              # a smoke run (seconds)
    .venv/bin/python scripts/bench_workers.py --ray-address auto   # a running cluster
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_common import Server, child_env, emit, run_worker  # noqa: E402

CELLS = ((0.1, 64), (0.0, 64))
"""(latency in seconds, calls in flight): the issue's grid for worker scaling."""


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def child(args: argparse.Namespace) -> dict[str, Any]:
    """Generate one config with one engine and N workers; measure the generation alone."""
    from bench_build import warm_up
    from bench_engines import Window, prepared_config

    from boost_qa.llm import litellm_client
    from boost_qa.llm.cache import RequestCache
    from boost_qa.llm.gateway import Gateway
    from boost_qa.pipeline.engines import ENGINES, EngineSettings

    litellm_client.configure()
    warm_up(args.url)  # LiteLLM's lazy imports are not a per-call cost (forks inherit them)
    folder = Path(tempfile.mkdtemp(prefix="bench-workers-"))
    recipe, prepared = prepared_config(args.url, args.seeds, folder)
    cache = RequestCache(folder / "cache")
    gateway = Gateway(max_concurrency=args.concurrency, retry=recipe.calls, cache=cache)
    settings = EngineSettings(
        workers=args.workers, cache_dir=folder / "cache", address=args.ray_address
    )
    if args.engine == "ray":
        name = "ray"
    else:
        name = "processes" if args.workers > 1 else "in-process"
    engine = ENGINES[name](gateway, None, settings)
    with engine.session():
        self0, children0 = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
        started = time.monotonic()
        with Window(args.url) as window:
            generated = engine.generate(prepared)
        wall = time.monotonic() - started
    used = _cpu(resource.RUSAGE_SELF) - self0
    if args.engine == "ray":
        used += engine.worker_cpu_seconds  # type: ignore[attr-defined]
    else:
        used += _cpu(resource.RUSAGE_CHILDREN) - children0  # forked workers, joined
    calls, rate = window.rate()
    return {
        "engine": args.engine,
        "workers": args.workers,
        "rows": len(generated.rows),
        "failed": len(generated.failures),
        "calls": calls,
        "calls_per_s": rate,
        "cpu_ms_per_call": 1000 * used / max(calls, 1),
        "wall": wall,
    }


def measure(
    url: str, engine: str, workers: int, args: argparse.Namespace, concurrency: int
) -> dict[str, Any]:
    """One child run in a fresh process."""
    command = [str(Path(__file__).resolve()), "child", "--url", url, "--engine", engine]
    command += ["--workers", str(workers), "--seeds", str(args.seeds), "-c", str(concurrency)]
    if args.ray_address:
        command += ["--ray-address", args.ray_address]
    return run_worker(command, env=child_env(), timeout=args.timeout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", nargs="?", choices=["bench", "child"], default="bench")
    parser.add_argument("--workers-list", default="1,2,3,4", help="N values, comma-separated")
    parser.add_argument("--engines", default="processes,ray")
    parser.add_argument("--seeds", type=int, default=300, help="seeds per run (~3.5 calls each)")
    parser.add_argument("--ray-address", default=None, help="join this cluster (default: own)")
    parser.add_argument("--quick", action="store_true", help="smoke run: N 1,2; L=0 only")
    parser.add_argument("--timeout", type=float, default=1800)
    parser.add_argument("--json", action="store_true", help="also print every result as JSON")
    # child options
    parser.add_argument("--url", default="")
    parser.add_argument("--engine", choices=["processes", "ray"], default="processes")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--concurrency", "-c", type=int, default=64)
    args = parser.parse_args()
    if args.mode == "child":
        emit(child(args))
        return
    cells: tuple[tuple[float, int], ...] = CELLS
    workers = [int(n) for n in args.workers_list.split(",")]
    if args.quick:
        cells, workers, args.seeds = ((0.0, 16),), [1, 2], min(args.seeds, 16)
    engines = args.engines.split(",")
    print(f"{args.seeds} seeds per run, {os.cpu_count()} cores, engines: {', '.join(engines)}")
    for latency, concurrency in cells:
        ideal = f"ideal {concurrency / latency:.0f}" if latency else "no latency"
        print(f"\nL = {latency * 1000:.0f} ms, C = {concurrency} ({ideal} calls/s)")
        header = "  N" + "".join(f" | {e:>9} calls/s  CPU ms/call" for e in engines)
        print(header)
        print("-" * len(header))
        with Server(latency=latency) as server:
            for n in workers:
                line = f"{n:3d}"
                for engine in engines:
                    result = measure(server.url, engine, n, args, concurrency)
                    if args.json:
                        print(json.dumps({"latency": latency, **result}), file=sys.stderr)
                    assert result["failed"] == 0, result
                    line += f" | {result['calls_per_s']:17.1f}  {result['cpu_ms_per_call']:11.2f}"
                print(line, flush=True)


if __name__ == "__main__":
    main()

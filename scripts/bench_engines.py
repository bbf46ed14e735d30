"""Local engine vs Ray engine: calls per second and CPU seconds per call, same recipe.

Starts the OpenAI-compatible test server in its own process with a fixed latency, prepares one
config of SEEDS seeds from samples/gsm8k.jsonl, and generates its dialogues twice at the same
total concurrency: with the local engine (one process, ``Dataset.map``) and with the Ray engine
(a private local Ray cluster, WORKERS actors). Each run has a fresh request cache.

    .venv/bin/python scripts/bench_engines.py --seeds 200 --concurrency 32 --latency 0.05

What is measured:

* calls/s: the server's answered calls divided by the window in which they arrived (first to
  last, from polling the server's ``/stats`` every 50 ms), so Ray's start-up (cluster, actors,
  imports) is not counted as calling time; the wall time including start-up is printed too.
* CPU s/call, local: ``getrusage(RUSAGE_SELF)`` of this process around the generation; the
  server runs in another process, so this is the client's own cost (LiteLLM, the transform,
  the cache, ``Dataset.map``), LiteLLM imported beforehand.
* CPU s/call, Ray: every actor measures its own ``RUSAGE_SELF`` from the end of its set-up
  (LiteLLM imported) and returns it with its batches (``RayCluster.worker_cpu_seconds``); that is
  the per-call cost comparable to the local figure. The driver's own CPU during the run is shown
  beside it; Ray's fixed costs (GCS, raylet, worker start-up and imports) are counted once, as
  the CPU of this process's reaped children (``RUSAGE_CHILDREN`` after ``ray.shutdown``), which
  misses workers whose raylet did not reap them, so it is a lower bound.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
LINE = re.compile(r"boost-qa test LLM server listening on (http://127\.0\.0\.1:\d+/v1)")
os.environ.setdefault("OPENAI_API_KEY", "sk-bench-not-a-real-key")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def start_server(latency: float) -> tuple[subprocess.Popen[str], str]:
    cmd = [sys.executable, "-m", "boost_qa.testing.openai_server", "--port", "0"]
    cmd += ["--latency", str(latency)]
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    match = LINE.fullmatch(proc.stdout.readline().strip())
    if match is None:
        proc.kill()
        raise SystemExit("the server did not announce its URL")
    return proc, match.group(1)


def server_stats(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(url.removesuffix("/v1") + "/stats", timeout=10) as response:
        data: dict[str, Any] = json.load(response)
    return data


class Window:
    """Polls the server; remembers when the first and the last answered call arrived."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.base = server_stats(url)["ok"]
        self.samples: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def __enter__(self) -> Window:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.samples.append((time.monotonic(), server_stats(self.url)["ok"] - self.base))

    def _poll(self) -> None:
        while not self._stop.is_set():
            self.samples.append((time.monotonic(), server_stats(self.url)["ok"] - self.base))
            time.sleep(0.05)

    def rate(self) -> tuple[int, float]:
        total = self.samples[-1][1]
        first = next(t for t, n in self.samples if n > 0)
        last = next(t for t, n in self.samples if n >= total)
        return total, total / max(last - first, 1e-9)


def prepared_config(url: str, seeds: int, folder: Path) -> tuple[Any, Any]:
    from boost_qa.pipeline.prepare import prepare_config
    from boost_qa.recipe import load_recipe

    model = "openai/test-model"
    recipe = {
        "name": "bench",
        "version": "1.0.0",
        "license": "mit",
        "models": {"weak": model, "mid": model, "strong": model},
        "generation": {"api_base": url, "max_tokens": 64, "retriever": "lexical"},
        "calls": {"max_attempts": 3, "base_delay": 0.01, "max_delay": 0.2, "timeout": 30},
        "configs": [
            {
                "name": "math",
                "source": {"path": str(REPO / "samples/gsm8k.jsonl")},
                "preset": "orca-math",
                "seeds": {"limit": seeds, "pool_size": 100},
            }
        ],
    }
    path = folder / "recipe.yaml"
    path.write_text(yaml.safe_dump(recipe), encoding="utf-8")
    loaded = load_recipe(path)
    config = loaded.config("math")
    settings = loaded.generation_settings(config)
    prepared = prepare_config(config, settings, base_dir=folder, limit=None, cache_dir=None)
    return loaded, prepared


def run_local(url: str, recipe: Any, prepared: Any, concurrency: int, folder: Path) -> None:
    from boost_qa.llm.cache import RequestCache
    from boost_qa.llm.gateway import Gateway
    from boost_qa.llm.litellm_client import configure
    from boost_qa.pipeline.generate import generate_config
    from boost_qa.pipeline.progress import BuildProgress

    configure()  # before timing: set-up cost is not a per-call cost
    cache = RequestCache(folder / "cache-local")
    gateway = Gateway(max_concurrency=concurrency, retry=recipe.calls, cache=cache)
    started, cpu_before = time.monotonic(), cpu(resource.RUSAGE_SELF)
    with Window(url) as window, BuildProgress(gateway.stats, enabled=False) as progress:
        generated = generate_config(prepared, gateway, progress)
    wall, used = time.monotonic() - started, cpu(resource.RUSAGE_SELF) - cpu_before
    calls, rate = window.rate()
    assert not generated.failures and calls == gateway.stats.calls
    print(
        f"local  {calls:5d} calls  {rate:7.1f} calls/s  wall {wall:5.1f} s  "
        f"CPU {used:6.2f} s = {1000 * used / calls:5.2f} ms/call"
    )
    cache.close()


def run_ray(url: str, recipe: Any, prepared: Any, args: argparse.Namespace, folder: Path) -> None:
    from boost_qa.llm.gateway import CallStats
    from boost_qa.pipeline.ray_engine import RayCluster, generate_config_ray
    from boost_qa.pipeline.run import BuildOptions

    stats = CallStats()
    options = BuildOptions(out=folder / "out", engine="ray", workers=args.workers)
    children_before = cpu(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    cluster = RayCluster(
        address=None,
        workers=args.workers,
        concurrency=args.concurrency,
        retry=recipe.calls,
        stats=stats,
        cache_dir=folder / "cache-ray",
    )
    with cluster:
        up = time.monotonic()
        driver_before = cpu(resource.RUSAGE_SELF)
        with Window(url) as window:
            generated = generate_config_ray(prepared, options, cluster)
        driver = cpu(resource.RUSAGE_SELF) - driver_before
        wall = time.monotonic() - up
    tree = cpu(resource.RUSAGE_CHILDREN) - children_before
    calls, rate = window.rate()
    assert not generated.failures and calls == stats.calls
    actors = cluster.worker_cpu_seconds
    print(
        f"ray    {calls:5d} calls  {rate:7.1f} calls/s  wall {wall:5.1f} s  "
        f"CPU {actors:6.2f} s = {1000 * actors / calls:5.2f} ms/call in {args.workers} actors "
        f"(+ driver {1000 * driver / calls:.2f} ms/call)"
    )
    print(
        f"       cluster start {up - started:.1f} s; Ray processes' CPU, start-up included "
        f"(lower bound): {tree:.1f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--engine", choices=["both", "local", "ray"], default="both")
    args = parser.parse_args()
    server, url = start_server(args.latency)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-engines-") as tmp:
            folder = Path(tmp)
            recipe, prepared = prepared_config(url, args.seeds, folder)
            print(
                f"{len(prepared.seeds)} seeds, {args.latency * 1000:.0f} ms latency, "
                f"{args.concurrency} calls in flight in total, {os.cpu_count()} cores"
            )
            if args.engine in {"both", "local"}:
                run_local(url, recipe, prepared, args.concurrency, folder)
            if args.engine in {"both", "ray"}:
                run_ray(url, recipe, prepared, args, folder)
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()

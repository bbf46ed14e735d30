"""Where the seconds of one build go: a timeline of a one-process build against the test server.

``scripts/bench.py`` says how fast a build is; this says why. It starts the test server (or
uses ``--url``), runs the same build as ``scripts/bench_build.py build`` in this process with
probes on the call path, and prints:

* the start: first batch, first model call, when the fail-fast probe came back, when the
  C-th call went out;
* the calls in flight every 0.25 s at the start and at the end of the generation phase;
* slot use: the slot-seconds spent in HTTP calls against C x the phase's wall time, and the
  calls' durations (above L: answers waiting for a busy loop or server);
* the end: when the last call ended, what the map took after it, and how many calls the
  calls of the last latency still had to come after them (0: a dialogue's last turn);
* the cache's commit wait (``RequestCache.store``), which holds a call's slot;
* CPU seconds per thread (the call loop, the cache writer, the main thread).

    .venv/bin/python scripts/bench_timeline.py --latency 0.5 --seeds 2000 -c 256
    .venv/bin/python scripts/bench_timeline.py --url http://127.0.0.1:PORT/v1 --latency 0.1 -c 64

``--latency`` is the server's latency (with ``--url``: the latency the server was started
with, used for the ideal). One process only (``--workers`` builds fork, and the probes stay in
the parent).
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_common import Server, child_env  # noqa: E402

os.environ.update({k: v for k, v in child_env().items() if k not in os.environ})

SAMPLE = 0.25
"""Seconds between the in-flight samples."""


class Probes:
    """Time marks gathered while a build runs (installed by :meth:`install`)."""

    def __init__(self) -> None:
        self.calls: list[tuple[float, float]] = []
        self.serves: list[tuple[float, float, int]] = []
        self.store_waits: list[float] = []
        self.marks: dict[str, float] = {}
        self.thread_cpu: dict[str, float] = {}

    def mark(self, name: str) -> None:
        self.marks.setdefault(name, time.perf_counter())

    def install(self) -> None:
        from boost_qa.llm import cache, gateway
        from boost_qa.pipeline import run
        from boost_qa.pipeline.engines import in_process

        completion = gateway._litellm_completion

        def timed_completion() -> Callable[..., Any]:
            inner = completion()

            async def call(request: Any, timeout: float) -> Any:
                start = time.perf_counter()
                try:
                    return await inner(request, timeout)
                finally:
                    self.calls.append((start, time.perf_counter()))

            return call

        gateway._litellm_completion = timed_completion  # type: ignore[assignment]

        serve = gateway.Gateway._serve

        async def timed_serve(gw: Any, request: Any, to_come: int) -> Any:
            start = time.perf_counter()
            try:
                return await serve(gw, request, to_come)
            finally:
                self.serves.append((start, time.perf_counter(), to_come))

        gateway.Gateway._serve = timed_serve  # type: ignore[method-assign]

        store = cache.RequestCache.store

        async def timed_store(store_self: Any, *args: Any) -> None:
            start = time.perf_counter()
            await store(store_self, *args)
            self.store_waits.append(time.perf_counter() - start)

        cache.RequestCache.store = timed_store  # type: ignore[method-assign]

        batch = in_process.run_worker_batch

        async def timed_batch(*args: Any) -> Any:
            self.mark("first batch")
            return await batch(*args)

        in_process.run_worker_batch = timed_batch  # type: ignore[assignment]

        generate = run._generate

        def timed_generate(*args: Any, **kwargs: Any) -> Any:
            before = _thread_cpu()
            self.mark("generation start")
            try:
                return generate(*args, **kwargs)
            finally:
                self.mark("generation end")
                names = {t.native_id: t.name for t in threading.enumerate()}
                for tid, cpu in _thread_cpu().items():
                    used = cpu - before.get(tid, 0.0)
                    if used >= 0.01:
                        self.thread_cpu[names.get(tid, f"thread {tid}")] = used

        run._generate = timed_generate  # type: ignore[assignment]


def _thread_cpu() -> dict[int, float]:
    """CPU seconds of each thread of this process (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    out = {}
    for tid in os.listdir("/proc/self/task"):
        try:
            fields = Path(f"/proc/self/task/{tid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out[int(tid)] = (int(fields[11]) + int(fields[12])) / ticks
    return out


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(len(ordered) * q), len(ordered) - 1)]


def report(probes: Probes, concurrency: int, latency: float) -> None:
    """Print the timeline, relative to the start of the generation phase."""
    t0, t1 = probes.marks["generation start"], probes.marks["generation end"]
    wall = t1 - t0
    calls = sorted((s - t0, e - t0) for s, e in probes.calls)
    if not calls:
        print("no model calls were made (a cached rebuild?)")
        return
    starts = sorted(s for s, _ in calls)
    ends = sorted(e for _, e in calls)
    durations = [e - s for s, e in calls]
    ideal = len(calls) * latency / concurrency
    print(f"generation {wall:.3f} s, {len(calls)} calls, ideal {ideal:.3f} s ({ideal / wall:.3f})")
    first_batch = probes.marks.get("first batch", t0) - t0
    nth = starts[min(concurrency, len(starts)) - 1]
    print(
        f"start: first batch {first_batch:.3f}, first call {starts[0]:.3f}, probe back "
        f"{calls[0][1]:.3f}, call #{concurrency} out {nth:.3f}"
    )
    samples = [i * SAMPLE for i in range(int(wall / SAMPLE) + 1)]
    flight = [sum(1 for s, e in calls if s <= t < e) for t in samples]
    shown = [f"{t:.2f}:{n}" for t, n in zip(samples, flight, strict=True)]
    print("in flight:", " ".join(shown[:10]), "...", " ".join(shown[-10:]))
    busy = sum(durations)
    print(
        f"slots: {busy:.1f} of {concurrency * wall:.1f} slot-s busy "
        f"({busy / (concurrency * wall):.3f}); call ms mean {1000 * busy / len(calls):.1f}, "
        f"p50 {1000 * _pct(durations, 0.5):.1f}, p99 {1000 * _pct(durations, 0.99):.1f}, "
        f"max {1000 * max(durations):.1f} (L = {1000 * latency:.0f})"
    )
    last = [m for m in probes.serves if m[1] - t0 > ends[-1] - latency]
    to_come = Counter(m[2] for m in last)
    print(
        f"end: last call out {starts[-1]:.3f}, last answer {ends[-1]:.3f}, the map and the "
        f"engine took {wall - ends[-1]:.3f} s after it; calls of the last latency by calls to "
        f"come: {dict(sorted(to_come.items()))}"
    )
    waits = probes.store_waits
    if waits:
        print(
            f"commit wait ms: mean {1000 * sum(waits) / len(waits):.2f}, p50 "
            f"{1000 * _pct(waits, 0.5):.2f}, p90 {1000 * _pct(waits, 0.9):.2f}, p99 "
            f"{1000 * _pct(waits, 0.99):.2f}; {sum(waits):.1f} slot-s"
        )
    cpu = ", ".join(f"{name} {seconds:.2f}" for name, seconds in probes.thread_cpu.items())
    total = sum(probes.thread_cpu.values())
    print(f"thread CPU s: {cpu} (total {total:.2f}, {1000 * total / len(calls):.2f} ms a call)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=None, help="a running test server (else one is started)")
    parser.add_argument("--latency", type=float, default=0.5, help="the server's latency, s")
    parser.add_argument("--seeds", type=int, default=2000)
    parser.add_argument("--concurrency", "-c", type=int, default=256)
    parser.add_argument("--cache", choices=["fresh", "off"], default="fresh")
    args = parser.parse_args()

    import bench_build

    probes = Probes()
    probes.install()
    build = ["build", "--seeds", str(args.seeds), "-c", str(args.concurrency)]
    build += ["--cache", args.cache]
    if args.url:
        sys.argv = [sys.argv[0], *build, "--url", args.url]
        bench_build.main()
    else:
        with Server(args.latency) as server:
            sys.argv = [sys.argv[0], *build, "--url", server.url]
            bench_build.main()
    report(probes, args.concurrency, args.latency)


if __name__ == "__main__":
    main()

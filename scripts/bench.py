"""boost-qa benchmarks: the test server, orchestration against it, a profile, the request cache,
scale (memory as the source grows) and the embedded model. Prints the figures, and writes
``bench/results.csv`` (name, parameters, value, unit, load average) and ``bench/report.md``.

Every measurement runs in a fresh process (``scripts/bench_build.py``, ``bench_scale.py``,
``bench_embedded.py``), so CPU time and peak memory (``ru_maxrss``) belong to it alone; the test
server runs in its own process too. Not timed tests: figures depend on the machine and its load,
which is recorded beside every figure.

    .venv/bin/python scripts/bench.py                 # everything (about 30 minutes on 2 cores)
    .venv/bin/python scripts/bench.py --quick         # smaller sizes (about 10 minutes)
    .venv/bin/python scripts/bench.py --part orchestration --part cache
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_common import (  # noqa: E402
    PYTHON,
    REPO,
    Server,
    child_env,
    load1,
    run_worker,
    wait_for_quiet,
    write_source,
)

PARTS = ("server", "orchestration", "profile", "cache", "scale", "embedded")
SETTINGS = ((0.1, 64), (0.5, 256), (0.0, 64))  # (latency s, concurrency) from the issue
CURATOR = {"fraction_of_ideal": 0.88, "cpu_ms_per_call": 1.85}  # L=500 ms, C=256 (the issue)


@dataclass
class Results:
    """Rows for the CSV and sections for the Markdown report."""

    out: Path
    rows: list[dict[str, Any]] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)

    def add(self, name: str, params: dict[str, Any], value: float, unit: str, load: float) -> None:
        text = " ".join(f"{k}={v}" for k, v in params.items())
        self.rows.append(
            {"name": name, "parameters": text, "value": _round(value), "unit": unit, "load1": load}
        )
        print(f"  {name:34} {text:44} {_round(value):>12} {unit}  (load {load:.2f})", flush=True)

    def write(self) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        with (self.out / "results.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, ["name", "parameters", "value", "unit", "load1"])
            writer.writeheader()
            writer.writerows(self.rows)
        (self.out / "report.md").write_text("\n\n".join(self.sections) + "\n", encoding="utf-8")


def _round(value: float) -> float:
    if abs(value) >= 100:
        return round(value, 1)
    if abs(value) >= 1:
        return round(value, 2)
    return round(value, 4)


def _table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += [
        "| " + " | ".join(str(_round(c) if isinstance(c, float) else c) for c in r) + " |"
        for r in rows
    ]
    return "\n".join(lines)


def calibrate() -> float:
    """CPU seconds of a 5M-iteration Python loop in a fresh process: a machine-speed yardstick."""
    code = (
        "import time\nt=time.process_time()\ns=0\nfor i in range(5_000_000): s+=i\n"
        "print(time.process_time()-t)"
    )
    out = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


# --- server -----------------------------------------------------------------------------------


def part_server(res: Results, args: argparse.Namespace) -> None:
    print("== test server throughput (scripts/bench_openai_server.py)", flush=True)
    cmd = [PYTHON, "scripts/bench_openai_server.py", "--requests", str(args.server_requests)]
    out = subprocess.run(
        cmd + ["-c", "64"], cwd=REPO, env=child_env(), capture_output=True, text=True
    )
    text = out.stdout
    load = load1()
    wall = float(re.search(r"([\d,]+) calls/s\n", text).group(1).replace(",", ""))  # type: ignore[union-attr]
    capacity = float(
        re.search(r"-> ([\d,]+) calls per server CPU-second", text).group(1).replace(",", "")
    )  # type: ignore[union-attr]
    params = {"requests": args.server_requests, "C": 64}
    res.add("server.calls_per_s_wall", params, wall, "calls/s", load)
    res.add("server.calls_per_cpu_s", params, capacity, "calls/s", load)
    res.sections.append(
        "## Test server\n\n"
        f"`scripts/bench_openai_server.py` ({args.server_requests} requests, concurrency 64, an "
        "aiohttp client in another process): "
        f"**{capacity:,.0f} calls per second of server CPU** (its capacity on one core); "
        f"{wall:,.0f} calls/s wall clock, bounded by the client sharing the 2 cores "
        f"(load {load:.2f})."
    )


# --- orchestration ----------------------------------------------------------------------------


def _run(server: Server, args: list[str]) -> dict[str, Any]:
    cpu0 = server.cpu_seconds()
    result = run_worker(["scripts/bench_build.py", *args, "--url", server.url])
    result["server_cpu_ms_per_call"] = (
        (server.cpu_seconds() - cpu0) / max(result["calls"], 1) * 1000
    )
    return result


def _median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median CPU per call, with the spread of all runs beside it."""
    ordered = sorted(runs, key=lambda r: r["cpu_ms_per_call"])
    median = dict(ordered[len(ordered) // 2])
    median["cpu_spread"] = (
        f"{ordered[0]['cpu_ms_per_call']:.2f}-{ordered[-1]['cpu_ms_per_call']:.2f}"
    )
    median["repeats"] = len(runs)
    return median


def part_orchestration(res: Results, args: argparse.Namespace) -> None:
    print(f"== orchestration: {args.seeds} seeds per build, against the test server", flush=True)
    table: list[list[Any]] = []
    summary: list[str] = []
    grid: list[list[Any]] = []
    for latency, concurrency in SETTINGS:
        ideal = concurrency / latency if latency else float("inf")
        c = ["-c", str(concurrency)]
        seeds = ["--seeds", str(args.seeds)]
        commands = {
            "build": ["build", *seeds, *c],
            "build --workers 2": ["build", *seeds, *c, "--workers", "2"],
        }
        repeats: dict[str, list[dict[str, Any]]] = {}
        with Server(latency) as server:
            # Interleaved repeats, the median kept: one run on a shared 2-core machine varies
            # by +-20% in CPU per call.
            for _ in range(args.repeat):
                for name in ("build", "build --workers 2", "plain", "raw"):
                    if name == "plain" and name not in commands:
                        # As many calls as the build made, prompts of the same length.
                        first = repeats["build"][0]
                        calls = first["calls"]
                        chars = int(first["prompt_tokens"] / max(calls, 1) * 4)
                        plain = ["plain", "--calls", str(calls), "--prompt-chars", str(chars), *c]
                        commands["plain"] = plain
                        commands["raw"] = ["raw", *plain[1:]]
                    repeats.setdefault(name, []).append(_run(server, commands[name]))
        runs = {name: _median_run(rs) for name, rs in repeats.items()}
        floor = runs["plain"]["cpu_ms_per_call"]
        for name, r in runs.items():
            params = {"L_ms": int(latency * 1000), "C": concurrency, "calls": r["calls"]}
            load = r["load1"]
            # What the processes could reach with every core they use at 100%.
            cores = min(r.get("workers", 1), os.cpu_count() or 1)
            ceiling = cores * 1000 / r["cpu_ms_per_call"]
            allowed = min(ideal, ceiling)
            key = name.replace(" --workers ", "-workers")
            res.add(f"orch.{key}.calls_per_s", params, r["calls_per_s"], "calls/s", load)
            res.add(f"orch.{key}.cpu_ms_per_call", params, r["cpu_ms_per_call"], "ms", load)
            res.add(f"orch.{key}.peak_rss", params, r["peak_rss_mb"], "MB", load)
            if latency:
                res.add(
                    f"orch.{key}.fraction_of_ideal",
                    params,
                    r["calls_per_s"] / ideal,
                    "ratio",
                    load,
                )
            res.add(
                f"orch.{key}.fraction_of_cpu_bound",
                params,
                r["calls_per_s"] / allowed,
                "ratio",
                load,
            )
            res.add(
                f"orch.{key}.cpu_ratio_to_plain",
                params,
                r["cpu_ms_per_call"] / floor,
                "ratio",
                load,
            )
            if key == "build":
                res.add(
                    "orch.build.total_cpu_ms_per_call",
                    params,
                    r["total_cpu_ms_per_call"],
                    "ms",
                    load,
                )
            table.append(
                [
                    f"{int(latency * 1000)} ms / {concurrency}",
                    name,
                    r["calls"],
                    round(r["calls_per_s"]),
                    "-" if not latency else f"{r['calls_per_s'] / ideal:.2f}",
                    f"{r['cpu_ms_per_call']:.2f} ({r['cpu_spread']})",
                    f"{r['cpu_ms_per_call'] / floor:.2f}",
                    f"{r['calls_per_s'] / allowed:.2f}",
                    (
                        f"{r['peak_rss_mb']} + 2 x {r['peak_rss_child_mb']}"
                        if r.get("workers", 1) > 1
                        else r["peak_rss_mb"]
                    ),
                    f"{r['server_cpu_ms_per_call']:.2f}",
                    r["load1"],
                ]
            )
        b = runs["build"]
        line = (
            f"- L={int(latency * 1000)} ms, C={concurrency}: build {b['calls_per_s']:.0f} calls/s"
            + (f" = {b['calls_per_s'] / ideal:.2f} of ideal {ideal:.0f}" if latency else "")
            + f", {b['cpu_ms_per_call']:.2f} ms CPU/call = {b['cpu_ms_per_call'] / floor:.2f}x the "
            f"plain LiteLLM loop ({floor:.2f} ms, {runs['plain']['calls_per_s']:.0f} calls/s)"
        )
        w = runs["build --workers 2"]
        line += f"; with `--workers 2` {w['calls_per_s']:.0f} calls/s" + (
            f" = {w['calls_per_s'] / ideal:.2f} of ideal" if latency else ""
        )
        summary.append(line)
        grid.append(
            [f"{int(latency * 1000)} ms / {concurrency}"]
            + [
                f"{runs[n]['calls_per_s']:.0f}"
                + (f" ({runs[n]['calls_per_s'] / ideal:.2f})" if latency else "")
                + f", {runs[n]['cpu_ms_per_call']:.2f} ms"
                for n in ("build", "build --workers 2", "plain", "raw")
            ]
        )
    long_rows = _long_builds(res, args) if args.long_seeds else []
    fake = {
        "build (cache)": run_worker(
            ["scripts/bench_build.py", "build", "--fake", "--seeds", str(args.seeds)]
        ),
        "build (no cache)": run_worker(
            [
                "scripts/bench_build.py",
                "build",
                "--fake",
                "--cache",
                "off",
                "--seeds",
                str(args.seeds),
            ]
        ),
        "map": run_worker(["scripts/bench_build.py", "map", "--fake", "--seeds", str(args.seeds)]),
    }
    fake_rows = []
    for name, r in fake.items():
        params = {"path": name.replace(" ", ""), "calls": r["calls"]}
        res.add("own.cpu_ms_per_call", params, r["cpu_ms_per_call"], "ms", r["load1"])
        fake_rows.append(
            [name, r["calls"], f"{r['cpu_ms_per_call']:.3f}", round(r["calls_per_s"]), r["load1"]]
        )
    curator = (
        f"Best peer figure (the issue): Curator, {CURATOR['fraction_of_ideal']} of ideal at "
        f"L=500 ms, C=256 with {CURATOR['cpu_ms_per_call']} ms CPU per call."
    )
    res.sections.append(
        "## Orchestration against the test server\n\n"
        f"{args.seeds} seeds per build (about 3.7 model calls per dialogue), {args.repeat} "
        "interleaved runs of each, the one with the median CPU per call shown (the range of all "
        "in brackets); the server runs in its own process. `build` is `build_release` (fresh "
        "request cache, statistics off), "
        "`build --workers 2` the same on two processes (`Dataset.map(num_proc=2)`), `plain` "
        "is a bare `litellm.acompletion` loop under `asyncio.Semaphore(C)` with the LiteLLM "
        "settings boost-qa applies, `raw` the floor: aiohttp posting the same bodies, both with as "
        "many calls as the build and prompts of the same length. CPU is the user+system time "
        "of the generation phase (worker processes included) over calls; *vs CPU bound* "
        "divides calls/s by min(C/L, 1000 / CPU ms per call), what one process could reach at "
        "that CPU "
        "cost (with two workers, twice that).\n\n"
        + "\n".join(summary)
        + "\n\nThe peer grid (calls/s, in brackets calls/s / (C/L), then CPU ms per call in the "
        "process that makes the calls):\n\n"
        + _table(
            [
                "L / C",
                "boost-qa",
                "boost-qa --workers 2",
                "bare litellm.acompletion",
                "raw aiohttp",
            ],
            grid,
        )
        + "\n\n"
        + _table(
            [
                "L / C",
                "run",
                "calls",
                "calls/s",
                "of ideal C/L",
                "CPU ms/call (range)",
                "vs plain",
                "vs CPU bound",
                "peak MB",
                "server ms/call",
                "load",
            ],
            table,
        )
        + "\n\n"
        + curator
        + (
            f"\n\nOne longer build at 500 ms / 256 ({args.long_seeds} seeds, one run each): the "
            "start (the first wave of C answers, which arrive together) and the last wave "
            "cost the same seconds in any build, so they weigh less here.\n\n"
            + _table(["run", "calls", "calls/s", "of ideal C/L", "CPU ms/call"], long_rows)
            if long_rows
            else ""
        )
        + "\n\nboost-qa's own CPU per call, with LiteLLM replaced by an in-process answer "
        "(`--fake`): everything else the build does per call (prompts, cache, gateway, map).\n\n"
        + _table(["path", "calls", "CPU ms/call", "calls/s", "load"], fake_rows)
    )


def _long_builds(res: Results, args: argparse.Namespace) -> list[list[Any]]:
    """One build of ``args.long_seeds`` seeds at 500 ms / 256, in one and two processes."""
    latency, concurrency = 0.5, 256
    ideal = concurrency / latency
    base = ["build", "--seeds", str(args.long_seeds), "-c", str(concurrency)]
    rows: list[list[Any]] = []
    with Server(latency) as server:
        for name, extra in (("build", []), ("build --workers 2", ["--workers", "2"])):
            r = _run(server, [*base, *extra])
            key = name.replace(" --workers ", "-workers")
            params = {"L_ms": 500, "C": concurrency, "calls": r["calls"], "seeds": args.long_seeds}
            res.add(f"orch.long.{key}.calls_per_s", params, r["calls_per_s"], "calls/s", r["load1"])
            res.add(
                f"orch.long.{key}.fraction_of_ideal",
                params,
                r["calls_per_s"] / ideal,
                "ratio",
                r["load1"],
            )
            res.add(
                f"orch.long.{key}.cpu_ms_per_call", params, r["cpu_ms_per_call"], "ms", r["load1"]
            )
            rows.append(
                [
                    name,
                    r["calls"],
                    round(r["calls_per_s"]),
                    f"{r['calls_per_s'] / ideal:.2f}",
                    f"{r['cpu_ms_per_call']:.2f}",
                ]
            )
    return rows


# --- profile ----------------------------------------------------------------------------------


def part_profile(res: Results, args: argparse.Namespace) -> None:
    import pstats

    print("== profile: build at L=0, C=64 (cProfile, CPU-time clock)", flush=True)
    path = args.out / "profile_build_L0_C64.prof"
    with Server(0.0) as server:
        r = _run(
            server,
            ["build", "--seeds", str(min(args.seeds, 300)), "-c", "64", "--profile", str(path)],
        )
    stats = pstats.Stats(str(path))
    total = stats.total_tt  # type: ignore[attr-defined]
    entries = stats.stats  # type: ignore[attr-defined]

    def cum(predicate: Any) -> float:
        return sum(v[3] for k, v in entries.items() if predicate(k))

    groups = {
        "litellm.acompletion": cum(
            lambda k: k[2] == "acompletion" and k[0].endswith("litellm/main.py")
        ),
        "boost_qa _cost (price look-up)": cum(lambda k: k[2] == "_cost" and "boost_qa" in k[0]),
        "prompt rendering (jinja)": cum(
            lambda k: k[2] == "render" and k[0].endswith("dialogue/prompts.py")
        ),
        "request cache put": cum(lambda k: k[2] == "put" and k[0].endswith("llm/cache.py")),
        "request cache get": cum(lambda k: k[2] == "get" and k[0].endswith("llm/cache.py")),
        "request key (sha256 of JSON)": cum(lambda k: k[2] == "request_key"),
        "datasets arrow writing": cum(lambda k: k[2] == "write_batch" and "arrow_writer" in k[0]),
        "split_failures": cum(lambda k: k[2] == "split_failures"),
    }
    lines = []
    for name, seconds in groups.items():
        res.add(
            "profile.share", {"part": name.replace(" ", "_")}, seconds / total, "ratio", r["load1"]
        )
        lines.append([name, f"{seconds / total:.1%}"])
    text = args.out / "profile_top.txt"
    with text.open("w", encoding="utf-8") as handle:
        pstats.Stats(str(path), stream=handle).sort_stats("tottime").print_stats(40)
        pstats.Stats(str(path), stream=handle).sort_stats("cumtime").print_stats("boost_qa", 40)
    res.sections.append(
        "## Profile of the build at L=0, C=64\n\n"
        f"cProfile with a CPU-time clock over the generation phase ({r['calls']} calls; "
        "profiling inflates call-heavy code, so read shares, not times). Full listing: "
        "`bench/profile_top.txt`, raw: `bench/profile_build_L0_C64.prof`.\n\n"
        + _table(["part", "share of profiled CPU"], lines)
    )


# --- cache ------------------------------------------------------------------------------------


def part_cache(res: Results, args: argparse.Namespace) -> None:
    n = args.cache_dialogues
    print(f"== cache: build {n} dialogues at L=0 into a fresh cache, then rebuild", flush=True)
    cache_dir = Path(tempfile.mkdtemp(prefix="boost-qa-bench-cache-"))
    source = write_source(
        Path(tempfile.gettempdir()) / f"boost-qa-bench-src-{n + 200}.jsonl", n + 200
    )
    common = [
        "build",
        "--seeds",
        str(n),
        "-c",
        "64",
        "--cache-dir",
        str(cache_dir),
        "--source",
        str(source),
    ]
    try:
        with Server(0.0) as server:
            first = _run(server, [*common, "--workers", "2"])  # only to fill the cache
            again = _run(server, common)
    finally:
        shutil.rmtree(cache_dir, ignore_errors=True)
    p = {"dialogues": n}
    res.add(
        "cache.first_build.calls_per_s",
        {**p, "calls": first["calls"]},
        first["calls_per_s"],
        "calls/s",
        first["load1"],
    )
    res.add("cache.rebuild.cache_hits", p, again["cache_hits"], "calls", again["load1"])
    res.add("cache.rebuild.new_calls", p, again["calls"], "calls", again["load1"])
    res.add("cache.rebuild.generation_wall", p, again["wall"], "s", again["load1"])
    res.add("cache.rebuild.total_wall", p, again["total_wall"], "s", again["load1"])
    res.add("cache.rebuild.hits_per_s", p, again["calls_per_s"], "calls/s", again["load1"])
    res.add("cache.rebuild.cpu_ms_per_hit", p, again["cpu_ms_per_call"], "ms", again["load1"])
    res.add("cache.rebuild.peak_rss", p, again["peak_rss_mb"], "MB", again["load1"])
    res.sections.append(
        f"## Fully cached rebuild of {n:,} dialogues\n\n"
        + _table(
            [
                "",
                "calls",
                "cache hits",
                "generation s",
                "build s",
                "calls/s",
                "CPU ms/call",
                "peak MB",
                "load",
            ],
            [
                [
                    "first build (L=0, C=64, 2 workers)",
                    first["calls"],
                    first["cache_hits"],
                    first["wall"],
                    first["total_wall"],
                    round(first["calls_per_s"]),
                    f"{first['cpu_ms_per_call']:.2f}",
                    first["peak_rss_mb"],
                    first["load1"],
                ],
                [
                    "rebuild from the cache",
                    again["calls"],
                    again["cache_hits"],
                    again["wall"],
                    again["total_wall"],
                    round(again["calls_per_s"]),
                    f"{again['cpu_ms_per_call']:.3f}",
                    again["peak_rss_mb"],
                    again["load1"],
                ],
            ],
        )
    )


# --- scale ------------------------------------------------------------------------------------


def part_scale(res: Results, args: argparse.Namespace) -> None:
    print(f"== scale: sources of {args.scale_sizes} rows", flush=True)
    table: list[list[Any]] = []
    work = Path(tempfile.gettempdir()) / "boost-qa-bench-scale"
    work.mkdir(exist_ok=True)
    script = "scripts/bench_scale.py"
    for n in args.scale_sizes:
        source = work / f"source-{n}.jsonl"
        made = run_worker([script, "source", "--rows", str(n), "--out", str(source)])
        res.add("scale.source_mb", {"rows": n}, made["mb"], "MB", made["load1"])
        hf_cache = Path(tempfile.mkdtemp(prefix="boost-qa-bench-hf-"))
        env = child_env(HF_DATASETS_CACHE=str(hf_cache))
        runs = [
            (
                "extract, streaming, max_rows=2050",
                [script, "extract", "--source", str(source), "--streaming", "--max-rows", "2050"],
            ),
            (
                "extract, streaming, every row",
                [script, "extract", "--source", str(source), "--streaming", "--max-rows", str(n)],
            ),
            ("extract, not streaming", [script, "extract", "--source", str(source)]),
            (
                "build --limit 50, streaming",
                [script, "build", "--source", str(source), "--streaming", "--limit", "50"],
            ),
            (
                "build --limit 50, streaming, with statistics",
                [
                    script,
                    "build",
                    "--source",
                    str(source),
                    "--streaming",
                    "--limit",
                    "50",
                    "--stats",
                ],
            ),
            (
                "build --limit 50, not streaming",
                [script, "build", "--source", str(source), "--limit", "50"],
            ),
        ]
        for name, cmd in runs:
            shutil.rmtree(hf_cache, ignore_errors=True)  # every run reads the source cold
            r = run_worker(cmd, env=env, timeout=7200)
            params = {"rows": n, "run": name.replace(" ", "_").replace(",", "")}
            res.add("scale.peak_rss", params, r["peak_rss_mb"], "MB", r["load1"])
            res.add("scale.wall", params, r["wall"], "s", r["load1"])
            table.append([f"{n:,}", name, r["peak_rss_mb"], r["wall"], r["load1"]])
        shutil.rmtree(hf_cache, ignore_errors=True)
        if n in args.stats_sizes:
            folder = work / f"dialogues-{n}"
            if not (folder / "README.md").exists():
                run_worker(
                    [script, "dialogues", "--rows", str(n), "--out", str(folder)], timeout=7200
                )
            shutil.rmtree(folder / "boost_qa", ignore_errors=True)
            r = run_worker(
                [script, "stats", "--folder", str(folder)],
                env=child_env(HF_DATASETS_CACHE=str(hf_cache)),
                timeout=14400,
            )
            shutil.rmtree(hf_cache, ignore_errors=True)
            params = {"rows": n, "run": "stats"}
            res.add("scale.peak_rss", params, r["peak_rss_mb"], "MB", r["load1"])
            res.add("scale.wall", params, r["wall"], "s", r["load1"])
            table.append(
                [f"{n:,}", "stats (dialogue rows)", r["peak_rss_mb"], r["wall"], r["load1"]]
            )
        if not args.keep_sources:
            source.unlink(missing_ok=True)
    res.sections.append(
        "## Scale: peak memory as the source grows\n\n"
        "Synthetic question/answer JSONL sources; each run is a fresh process reading the source "
        "cold (a fresh `HF_DATASETS_CACHE`); peak memory is its `ru_maxrss` (imports included). "
        "Builds use the in-process scripted model. Statistics run on release-like folders of as "
        "many synthetic dialogue rows.\n\n"
        + _table(["source rows", "run", "peak MB", "wall s", "load"], table)
    )


# --- embedded ---------------------------------------------------------------------------------


def part_embedded(res: Results, args: argparse.Namespace) -> None:
    print(
        f"== embedded model: {args.embedded_seeds} dialogues on local/smollm2 vs llama.cpp",
        flush=True,
    )
    requests = Path(tempfile.gettempdir()) / "boost-qa-bench-embedded.json"
    script = "scripts/bench_embedded.py"
    stack = run_worker(
        [script, "stack", "--seeds", str(args.embedded_seeds), "--requests", str(requests)],
        timeout=7200,
    )
    direct = run_worker([script, "direct", "--requests", str(requests)], timeout=7200)
    rows = []
    for r in (stack, direct):
        p = {"run": r["part"], "calls": r["calls"]}
        res.add(
            "embedded.completion_tokens_per_s",
            p,
            r["completion_tokens_per_s"],
            "tokens/s",
            r["load1"],
        )
        res.add("embedded.total_tokens_per_s", p, r["total_tokens_per_s"], "tokens/s", r["load1"])
        rows.append(
            [
                r["part"],
                r["calls"],
                r["prompt_tokens"],
                r["completion_tokens"],
                r["wall"],
                round(r["completion_tokens_per_s"], 1),
                round(r["total_tokens_per_s"], 1),
                r["peak_rss_mb"],
                r["load1"],
            ]
        )
    ratio = stack["completion_tokens_per_s"] / direct["completion_tokens_per_s"]
    res.add("embedded.stack_to_direct", {}, ratio, "ratio", direct["load1"])
    res.sections.append(
        "## Embedded model (local/smollm2)\n\n"
        "The same requests (recorded from the build) through the whole stack and through "
        "`llama_cpp.Llama.create_chat_completion` directly; identical sampling and seeds "
        f"({direct['same_token_counts']}/{direct['calls']} calls gave the same token counts). "
        f"Stack / direct: **{ratio:.2f}**.\n\n"
        + _table(
            [
                "run",
                "calls",
                "prompt tokens",
                "completion tokens",
                "wall s",
                "completion tok/s",
                "all tok/s",
                "peak MB",
                "load",
            ],
            rows,
        )
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", action="append", choices=PARTS, help="repeatable; default all")
    parser.add_argument("--quick", action="store_true", help="smaller sizes")
    parser.add_argument("--seeds", type=int, default=None, help="seeds per orchestration build")
    parser.add_argument("--cache-dialogues", type=int, default=None)
    parser.add_argument("--scale-sizes", default=None, help="comma-separated source sizes")
    parser.add_argument("--stats-sizes", default=None, help="sizes that also run statistics")
    parser.add_argument("--embedded-seeds", type=int, default=None)
    parser.add_argument("--server-requests", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=None, help="orchestration runs per setting")
    parser.add_argument(
        "--long-seeds",
        type=int,
        default=None,
        help="seeds of one longer orchestration build at 500 ms / 256 (0: none)",
    )
    parser.add_argument(
        "--wait-quiet",
        type=float,
        default=0,
        help="wait up to S seconds for load < 1.5 before each part",
    )
    parser.add_argument("--keep-sources", action="store_true")
    parser.add_argument("--out", type=Path, default=REPO / "bench")
    args = parser.parse_args()
    quick = args.quick
    args.seeds = args.seeds or (300 if quick else 500)
    args.cache_dialogues = args.cache_dialogues or (1000 if quick else 10_000)
    sizes = args.scale_sizes or ("10000,100000" if quick else "10000,100000,1000000")
    args.scale_sizes = [int(s) for s in sizes.split(",")]
    stats_sizes = args.stats_sizes or ("10000" if quick else "10000,100000")
    args.stats_sizes = [int(s) for s in stats_sizes.split(",") if s]
    args.embedded_seeds = args.embedded_seeds or (2 if quick else 4)
    args.repeat = args.repeat or (1 if quick else 3)
    if args.long_seeds is None:
        args.long_seeds = 0 if quick else 10_000
    parts = args.part or list(PARTS)
    args.out.mkdir(parents=True, exist_ok=True)

    res = Results(args.out)
    start_load = os.getloadavg()
    yardstick = calibrate()
    res.add("machine.python_loop_5M", {}, yardstick, "s", start_load[0])
    res.sections.append(
        "# boost-qa benchmarks\n\n"
        f"{time.strftime('%Y-%m-%d %H:%M')}, {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; load average at start "
        f"{start_load[0]:.2f} / {start_load[1]:.2f} / {start_load[2]:.2f}. Machine yardstick: a "
        f"5M-iteration Python loop takes {yardstick:.2f} s of CPU (about 0.25 s on a quiet "
        "modern desktop core), so CPU times here are that much slower.\n\n"
        f"Command: `.venv/bin/python scripts/bench.py {' '.join(sys.argv[1:])}`"
    )
    runners = {
        "server": part_server,
        "orchestration": part_orchestration,
        "profile": part_profile,
        "cache": part_cache,
        "scale": part_scale,
        "embedded": part_embedded,
    }
    for part in PARTS:
        if part in parts:
            if args.wait_quiet:
                wait_for_quiet(max_wait=args.wait_quiet)
            runners[part](res, args)
            res.write()
    res.write()
    print(f"wrote {args.out / 'results.csv'} and {args.out / 'report.md'}")
    print(json.dumps({"rows": len(res.rows)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""One orchestration measurement in a fresh process: calls/s, CPU per call and peak memory.

Modes (the model is the OpenAI-compatible test server at ``--url``, run by the caller in its
own process):

* ``build``: ``boost_qa.pipeline.run.build_release`` on a recipe of ``--seeds`` synthetic seeds
  (the real build path: seeds, map, cache, release folder). ``--cache fresh`` uses a new cache
  folder, ``--cache off`` sets ``BOOST_QA_DISABLE_CACHE=1``, ``--cache-dir`` reuses one.
* ``map``: ``MasterTransform`` through ``Dataset.map`` directly, with a ``Gateway`` of
  concurrency ``--concurrency`` and no cache.
* ``plain``: ``--calls`` calls of ``litellm.acompletion`` under an ``asyncio.Semaphore`` (the
  floor: LiteLLM's own cost). ``--stock`` leaves LiteLLM as installed; without it LiteLLM gets
  the settings boost-qa gives it (``litellm_client.configure()``: no async success logging).

Every mode first makes one warm-up call (LiteLLM imports its OpenAI provider lazily), then
measures wall time and process CPU time (``getrusage``, all threads) of the work alone; the
build mode also reports the generation phase (the map) on its own. Prints one JSON line.

    .venv/bin/python scripts/bench_build.py build --url http://127.0.0.1:PORT/v1 --seeds 500 -c 64
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_common import MODEL, cpu_now, emit, write_recipe, write_source  # noqa: E402

SYSTEM_FILL = (
    "You are a student in a simulated classroom. Answer in one paragraph, list your steps "
    "briefly, and end with a final answer. Never write another speaker's turn. "
)


class GCTimer:
    """Time spent in the cyclic garbage collector (all generations), via ``gc.callbacks``."""

    def __init__(self) -> None:
        import gc

        self.seconds = 0.0
        self.collections = [0, 0, 0]
        self._start = 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._start
            self.collections[info["generation"]] += 1


GC = GCTimer()


class Phase:
    """Wall and CPU time of a stretch of work, and the part of it spent collecting garbage."""

    def __enter__(self) -> Phase:
        self.wall0, self.cpu0, self.gc0 = time.perf_counter(), cpu_now(), GC.seconds
        self.collections0 = list(GC.collections)
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall0
        self.cpu = cpu_now() - self.cpu0
        self.gc = GC.seconds - self.gc0
        self.collections = [a - b for a, b in zip(GC.collections, self.collections0, strict=True)]

    def report(self, calls: int) -> dict[str, Any]:
        return {
            "gc_ms_per_call": self.gc / max(calls, 1) * 1000,
            "gc_collections": self.collections,
        }


def warm_up(url: str, model: str = MODEL) -> None:
    """One call, so lazy imports and client setup are not measured."""
    import litellm

    async def one() -> None:
        await litellm.acompletion(
            model=model,
            messages=[{"role": "user", "content": f"warm-up {os.getpid()} {time.time()}"}],
            api_base=url,
            max_tokens=8,
            num_retries=0,
            max_retries=0,
        )

    asyncio.run(one())


def install_fake_model() -> None:
    """Answer every call in-process, without LiteLLM: what is left is boost-qa's own cost."""
    import hashlib

    from boost_qa.llm import gateway
    from boost_qa.testing.openai_server import reply_text
    from boost_qa.types import ChatRequest, ChatResult

    async def fake(request: ChatRequest, timeout: float) -> ChatResult:
        key = hashlib.sha256(repr(request.key_payload()).encode()).hexdigest()
        await asyncio.sleep(0)
        return ChatResult(
            content=reply_text(request.model, key), prompt_tokens=300, completion_tokens=40
        )

    gateway._litellm_completion = lambda: fake  # type: ignore[assignment]


def profiled(path: str | None):  # type: ignore[no-untyped-def]
    """A context manager that runs cProfile into ``path`` (or does nothing)."""
    import contextlib

    if not path:
        return contextlib.nullcontext()
    import cProfile

    @contextlib.contextmanager
    def run():  # type: ignore[no-untyped-def]
        # CPU time, not wall time: waiting on the server (or on a busy machine) is not cost.
        profile = cProfile.Profile(time.process_time)
        profile.enable()
        try:
            yield
        finally:
            profile.disable()
            profile.dump_stats(path)

    return run()


def run_build(args: argparse.Namespace) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="boost-qa-bench-build-"))
    if args.cache == "off":
        os.environ["BOOST_QA_DISABLE_CACHE"] = "1"
    cache_dir = Path(args.cache_dir) if args.cache_dir else work / "cache"
    source = (
        Path(args.source)
        if args.source
        else write_source(
            Path(tempfile.gettempdir()) / f"boost-qa-bench-src-{args.seeds + 200}.jsonl",
            args.seeds + 200,
        )
    )
    recipe = write_recipe(work / "recipe.yaml", source, api_base=args.url, limit=args.seeds)

    from boost_qa.llm import litellm_client
    from boost_qa.pipeline import run as run_module
    from boost_qa.pipeline.run import BuildOptions, build_release

    litellm_client.configure()  # LiteLLM set up as a build does
    if args.fake:
        install_fake_model()
    else:
        warm_up(args.url)
    generation = Phase()
    inner = run_module._generate

    def timed_generate_config(*a: Any, **k: Any) -> Any:
        if args.gc_freeze:
            import gc

            gc.freeze()  # experiment: objects made before the map are never scanned again
        with generation, profiled(args.profile):
            return inner(*a, **k)

    run_module._generate = timed_generate_config  # type: ignore[assignment]
    options = BuildOptions(
        out=work / "out",
        concurrency=args.concurrency,
        cache_dir=cache_dir,
        progress=args.progress,
        workers=args.workers,
    )
    with Phase() as total:
        report = build_release(recipe, options)
    totals = report.totals
    calls = int(totals["calls"])
    served = calls + int(totals["cache_hits"])
    return {
        "mode": "build",
        "cache": "dir" if args.cache_dir else args.cache,
        "seeds": args.seeds,
        "rows": int(totals["rows"]),
        "failed": int(totals["failed"]),
        "calls": calls,
        "cache_hits": int(totals["cache_hits"]),
        "prompt_tokens": int(totals["prompt_tokens"]),
        "wall": generation.wall,
        "cpu": generation.cpu,
        "calls_per_s": served / generation.wall,
        "cpu_ms_per_call": generation.cpu / max(served, 1) * 1000,
        "total_wall": total.wall,
        "total_cpu": total.cpu,
        "total_cpu_ms_per_call": total.cpu / max(served, 1) * 1000,
        **generation.report(served),
    }


def run_map(args: argparse.Namespace) -> dict[str, Any]:
    import random

    import datasets

    from boost_qa.dialogue.settings import GenerationSettings
    from boost_qa.llm.gateway import Gateway
    from boost_qa.transform import MasterTransform

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_common import synthetic_row

    rng = random.Random(0)
    rows = []
    for i in range(args.seeds):
        seed = synthetic_row(i, rng)
        analog = synthetic_row(i + 10**6, rng)
        rows.append(
            {
                "id": f"bench-{i:06d}",
                "question": seed["question"],
                "reference_answer": seed["answer"],
                "context": None,
                "analog_question": analog["question"],
                "analog_answer": analog["answer"],
            }
        )
    seeds = datasets.Dataset.from_list(rows)
    settings = GenerationSettings(
        models={"weak": MODEL, "mid": MODEL, "strong": MODEL}, api_base=args.url, max_tokens=64
    )
    if args.fake:
        install_fake_model()
    else:
        warm_up(args.url)
    gateway = Gateway(max_concurrency=args.concurrency)
    transform = MasterTransform(settings, generate=gateway.complete)
    datasets.disable_progress_bars()
    with Phase() as phase, profiled(args.profile):
        out = seeds.map(transform, keep_in_memory=True, **transform.map_kwargs(seeds, batch_size=8))
    stats = gateway.stats
    return {
        "mode": "map",
        "seeds": args.seeds,
        "rows": len(out),
        "failed": sum(f is not None for f in out["failure"]),
        "calls": stats.calls,
        "prompt_tokens": stats.prompt_tokens,
        "wall": phase.wall,
        "cpu": phase.cpu,
        "calls_per_s": stats.calls / phase.wall,
        "cpu_ms_per_call": phase.cpu / max(stats.calls, 1) * 1000,
        **phase.report(stats.calls),
    }


def run_plain(args: argparse.Namespace) -> dict[str, Any]:
    if not args.stock:
        from boost_qa.llm import litellm_client

        litellm_client.configure()  # the settings boost-qa uses
    import litellm

    if args.stock:
        litellm.suppress_debug_info = True
    fill = (SYSTEM_FILL * (args.prompt_chars // len(SYSTEM_FILL) + 1))[
        : max(args.prompt_chars - 200, 0)
    ]
    warm_up(args.url, args.model)

    async def loop() -> int:
        semaphore = asyncio.Semaphore(args.concurrency)
        done = 0

        async def one(i: int) -> None:
            nonlocal done
            async with semaphore:
                response = await litellm.acompletion(
                    model=args.model,
                    messages=[
                        {"role": "system", "content": fill},
                        {"role": "user", "content": f"Problem {i}: what is {i} + {i}? " * 4},
                    ],
                    temperature=0.2,
                    max_tokens=64,
                    seed=i,
                    api_base=args.url,
                    timeout=60,
                    num_retries=0,
                    max_retries=0,
                )
                if response.choices[0].message.content:
                    done += 1

        await asyncio.gather(*(one(i) for i in range(args.calls)))
        return done

    with Phase() as phase, profiled(args.profile):
        calls = asyncio.run(loop())
    return {
        "mode": "plain-stock" if args.stock else "plain",
        "model": args.model,
        "calls": calls,
        "wall": phase.wall,
        "cpu": phase.cpu,
        "calls_per_s": calls / phase.wall,
        "cpu_ms_per_call": phase.cpu / max(calls, 1) * 1000,
        **phase.report(calls),
    }


def run_raw(args: argparse.Namespace) -> dict[str, Any]:
    """The floor: aiohttp posting the same bodies under ``asyncio.Semaphore(C)``, no LiteLLM."""
    import json

    import aiohttp

    fill = (SYSTEM_FILL * (args.prompt_chars // len(SYSTEM_FILL) + 1))[
        : max(args.prompt_chars - 200, 0)
    ]
    url = args.url.rstrip("/") + "/chat/completions"
    model = args.model.split("/", 1)[-1]

    async def loop() -> int:
        semaphore = asyncio.Semaphore(args.concurrency)
        done = 0
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:

            async def one(i: int) -> None:
                nonlocal done
                body = {
                    "model": model,
                    "messages": [
                        {"role": "system", "content": fill},
                        {"role": "user", "content": f"Problem {i}: what is {i} + {i}? " * 4},
                    ],
                    "temperature": 0.2,
                    "max_tokens": 64,
                    "seed": i,
                }
                async with semaphore:
                    async with session.post(url, data=json.dumps(body)) as response:
                        data = json.loads(await response.read())
                if data["choices"][0]["message"]["content"]:
                    done += 1

            await one(-1)  # warm-up: the connection pool opens outside the measurement
            with Phase() as phase:
                await asyncio.gather(*(one(i) for i in range(args.calls)))
            loop.phase = phase  # type: ignore[attr-defined]
        return done

    calls = asyncio.run(loop())
    phase = loop.phase  # type: ignore[attr-defined]
    return {
        "mode": "raw",
        "calls": calls,
        "wall": phase.wall,
        "cpu": phase.cpu,
        "calls_per_s": calls / phase.wall,
        "cpu_ms_per_call": phase.cpu / max(calls, 1) * 1000,
        **phase.report(calls),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["build", "map", "plain", "raw"])
    parser.add_argument("--url", default="http://127.0.0.1:9/v1")
    parser.add_argument("--fake", action="store_true", help="build/map: no LiteLLM, no server")
    parser.add_argument("--seeds", type=int, default=500)
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--concurrency", "-c", type=int, default=64)
    parser.add_argument("--workers", type=int, default=1, help="build: processes")
    parser.add_argument("--cache", choices=["fresh", "off"], default="fresh")
    parser.add_argument("--cache-dir", default=None, help="reuse this cache folder")
    parser.add_argument("--source", default=None, help="a JSONL source instead of a generated one")
    parser.add_argument("--prompt-chars", type=int, default=1500)
    parser.add_argument("--stock", action="store_true", help="plain: LiteLLM as installed")
    parser.add_argument("--model", default=MODEL, help="plain: the LiteLLM model string")
    parser.add_argument("--progress", action="store_true", help="build: show the progress bar")
    parser.add_argument(
        "--gc-freeze", action="store_true", help="build: gc.freeze() before the map"
    )
    parser.add_argument(
        "--profile", default=None, help="write a cProfile of the measured part (build: the map)"
    )
    args = parser.parse_args()
    runner = {"build": run_build, "map": run_map, "plain": run_plain, "raw": run_raw}[args.mode]
    result = runner(args)
    result["concurrency"] = args.concurrency
    result["workers"] = getattr(args, "workers", 1)
    if args.fake:
        result["mode"] += "-fake"
    emit(result)


if __name__ == "__main__":
    main()

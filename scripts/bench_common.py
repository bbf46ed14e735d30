"""Shared pieces of the benchmark scripts: the test server in a subprocess, synthetic sources,
recipes, and the process measurements every worker reports (CPU time, peak memory, load).

Workers print one JSON object on their last stdout line; ``scripts/bench.py`` collects them.
"""

from __future__ import annotations

import json
import os
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SCRIPTED_HOOK = "boost_qa.testing.scripted:register"
# The scripted model (scripted/<name>) is registered only where asked for; the benchmarks ask,
# for themselves and for every worker they start (child_env copies os.environ).
os.environ.setdefault("BOOST_QA_PROVIDERS", SCRIPTED_HOOK)
PYTHON = sys.executable
MODEL = "openai/test-model"
_LINE = re.compile(r"boost-qa test LLM server listening on (http://127\.0\.0\.1:\d+/v1)")

NAMES = ["Ava", "Ben", "Chen", "Dara", "Eli", "Farah", "Gus", "Hana", "Ivan", "Jude", "Kemal"]
THINGS = ["apples", "marbles", "stickers", "books", "pencils", "shells", "cards", "coins"]
VERBS = [("buys", "+"), ("finds", "+"), ("gives away", "-"), ("loses", "-"), ("wins", "+")]


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a worker: the repo importable, LiteLLM offline, a fake OpenAI key."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
        "LITELLM_LOCAL_MODEL_COST_MAP": "True",
        "OPENAI_API_KEY": "sk-bench-not-a-real-key",
        "HF_DATASETS_OFFLINE": "1",
        "HF_HUB_OFFLINE": "1",
        "TOKENIZERS_PARALLELISM": "false",
    }
    env.update(extra)
    return env


class Server:
    """``python -m boost_qa.testing.openai_server`` in its own process (its own CPU)."""

    def __init__(self, latency: float = 0.0) -> None:
        self.latency = latency
        cmd = [PYTHON, "-m", "boost_qa.testing.openai_server", "--port", "0"]
        cmd += ["--latency", str(latency)]
        self.proc = subprocess.Popen(
            cmd, cwd=REPO, env=child_env(), stdout=subprocess.PIPE, text=True
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()
        match = _LINE.fullmatch(line)
        if match is None:
            self.proc.kill()
            raise SystemExit(f"test server did not announce its URL: {line!r}")
        self.url = match.group(1)

    def cpu_seconds(self) -> float:
        """User+system CPU time the server process has used so far."""
        return proc_cpu_seconds(self.proc.pid)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def proc_cpu_seconds(pid: int) -> float:
    """User+system CPU time of a process, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_now() -> float:
    """CPU seconds (user + system) of this process and of its finished children.

    Children count: ``--workers`` builds fork worker processes (joined before this is read).
    """
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load1() -> float:
    """The 1-minute load average."""
    return os.getloadavg()[0]


def wait_for_quiet(threshold: float = 1.5, max_wait: float = 600, quiet: bool = False) -> float:
    """Poll the 1-minute load until it is below ``threshold`` or ``max_wait`` passes."""
    deadline = time.monotonic() + max_wait
    while load1() >= threshold and time.monotonic() < deadline:
        if not quiet:
            print(f"  waiting for a quiet machine (load {load1():.2f})...", flush=True)
        time.sleep(15)
    return load1()


def synthetic_row(index: int, rng: random.Random) -> dict[str, str]:
    """One arithmetic word problem with a GSM8K-style answer; the index keeps it unique."""
    name, thing = rng.choice(NAMES), rng.choice(THINGS)
    start, change = rng.randint(10, 500), rng.randint(1, 9)
    verb, op = rng.choice(VERBS)
    result = start + change if op == "+" else start - change
    question = (
        f"Problem {index}: {name} has {start} {thing} and {verb} {change} of them. "
        f"How many {thing} does {name} have now?"
    )
    answer = (
        f"{name} starts with {start} {thing}. After that {name} has {start} {op} {change} = "
        f"<<{start}{op}{change}={result}>>{result} {thing}.\n#### {result}"
    )
    return {"question": question, "answer": answer}


def write_source(path: Path, rows: int, seed: int = 0) -> Path:
    """Write (once) a JSONL of ``rows`` question/answer rows."""
    if path.exists() and path.stat().st_size > 0:
        with path.open("rb") as handle:
            if sum(1 for _ in handle) == rows:
                return path
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        for i in range(rows):
            handle.write(json.dumps(synthetic_row(i, rng)) + "\n")
    tmp.replace(path)
    return path


def write_recipe(
    path: Path,
    source: Path,
    *,
    model: str = MODEL,
    api_base: str | None = None,
    limit: int | None = None,
    pool_size: int = 100,
    streaming: bool = False,
    max_rows: int | None = None,
    max_tokens: int = 64,
    stats: bool = False,
) -> Path:
    """A one-config recipe over a JSONL source of question/answer rows.

    Statistics at build time (embeddings, self-BLEU, plots) are off unless ``stats``: they are
    measured on their own, and would otherwise dominate the build's CPU time.
    """
    import yaml

    generation: dict[str, Any] = {"max_tokens": max_tokens, "retriever": "lexical"}
    if api_base:
        generation["api_base"] = api_base
    seeds: dict[str, Any] = {"pool_size": pool_size}
    if limit is not None:
        seeds["limit"] = limit
    if max_rows is not None:
        seeds["max_rows"] = max_rows
    recipe = {
        "name": "boost-qa-bench",
        "version": "1.0.0",
        "license": "mit",
        "models": {"weak": model, "mid": model, "strong": model},
        "generation": generation,
        "calls": {"max_attempts": 3, "base_delay": 0.05, "timeout": 60},
        "stats": {"enabled": stats},
        "configs": [
            {
                "name": "bench",
                "source": {"path": str(source), "streaming": streaming},
                "preset": "orca-math",
                "seeds": seeds,
            }
        ],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(recipe, sort_keys=False), encoding="utf-8")
    return path


def emit(result: dict[str, Any]) -> None:
    """Print a worker's result as the last line of its output."""
    result.setdefault("peak_rss_mb", round(peak_rss_mb(), 1))
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    result.setdefault("peak_rss_child_mb", round(children, 1))
    result.setdefault("load1", round(load1(), 2))
    print(json.dumps(result), flush=True)


def run_worker(
    args: list[str], *, env: dict[str, str] | None = None, timeout: float = 3600
) -> dict[str, Any]:
    """Run a worker script in a fresh process and return the JSON object it printed last."""
    proc = subprocess.run(
        [PYTHON, *args],
        cwd=REPO,
        env=env or child_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-5000:])
        raise RuntimeError(f"worker failed ({proc.returncode}): {' '.join(args)}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result

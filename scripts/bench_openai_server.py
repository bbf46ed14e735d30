"""Throughput benchmark for boost_qa.testing.openai_server.

Starts the server in a subprocess (so it gets its own core), fires N chat-completion requests
from this process with an aiohttp client at a fixed concurrency, and prints calls per second.

    .venv/bin/python scripts/bench_openai_server.py --requests 5000 --concurrency 64
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import aiohttp

REPO = Path(__file__).resolve().parents[1]
LINE = re.compile(r"boost-qa test LLM server listening on (http://127\.0\.0\.1:\d+/v1)")


def cpu_seconds(pid: int) -> float:
    """User+system CPU time of a process, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_server(extra: list[str]) -> tuple[subprocess.Popen[str], str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
    }
    cmd = [sys.executable, "-m", "boost_qa.testing.openai_server", "--port", "0", *extra]
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    match = LINE.fullmatch(line)
    if match is None:
        proc.kill()
        raise SystemExit(f"server did not announce its URL: {line!r}")
    return proc, match.group(1)


async def fire(url: str, requests: int, concurrency: int) -> tuple[float, dict[str, int]]:
    statuses: dict[str, int] = {}
    counter = iter(range(requests))
    endpoint = f"{url}/chat/completions"
    headers = {"Content-Type": "application/json", "Authorization": "Bearer sk-bench"}
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def worker() -> None:
            for i in counter:
                body = {
                    "model": "bench-model",
                    "messages": [
                        {"role": "system", "content": "You are a teacher."},
                        {"role": "user", "content": f"Question number {i}: what is {i} + {i}?"},
                    ],
                    "temperature": 0.7,
                }
                data = json.dumps(body).encode()
                async with session.post(endpoint, data=data, headers=headers) as resp:
                    await resp.read()
                    statuses[str(resp.status)] = statuses.get(str(resp.status), 0) + 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
        async with session.get(url.removesuffix("/v1") + "/stats") as resp:
            stats = json.loads(await resp.read())
    print(f"server stats: calls={stats['calls']} ok={stats['ok']} faults={stats['faults']}")
    return elapsed, statuses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", "-n", type=int, default=5000)
    parser.add_argument("--concurrency", "-c", type=int, default=64)
    parser.add_argument("server_args", nargs="*", help="extra server flags, after --")
    args = parser.parse_args()
    proc, url = start_server(args.server_args)
    try:
        cpu_before, client_before = cpu_seconds(proc.pid), cpu_seconds(os.getpid())
        elapsed, statuses = asyncio.run(fire(url, args.requests, args.concurrency))
        server_cpu = cpu_seconds(proc.pid) - cpu_before
        client_cpu = cpu_seconds(os.getpid()) - client_before
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    print(f"statuses: {statuses}")
    print(
        f"{args.requests} requests at concurrency {args.concurrency} in {elapsed:.2f} s: "
        f"{args.requests / elapsed:,.0f} calls/s"
    )
    # Wall-clock throughput is bounded by the client and by other load on the machine; the
    # server's own CPU time per call gives its capacity on one dedicated core.
    print(
        f"server CPU {server_cpu:.2f} s = {server_cpu / args.requests * 1e6:.0f} us/call "
        f"-> {args.requests / max(server_cpu, 1e-9):,.0f} calls per server CPU-second"
    )
    print(f"client CPU {client_cpu:.2f} s = {client_cpu / args.requests * 1e6:.0f} us/call")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The embedded model (``local/smollm2``): tokens per second through the whole boost-qa stack
against llama.cpp called directly on the same prompts.

``stack`` (one fresh process): a build of ``--seeds`` dialogues with every level on
``local/smollm2``, recording every request the gateway sends to LiteLLM; reports completion
tokens per second of the generation phase and writes the requests to ``--requests``.
``direct`` (another fresh process): ``llama_cpp.Llama.create_chat_completion`` on those
requests, with the same context size, threads, sampling parameters and seeds.

    .venv/bin/python scripts/bench_embedded.py stack --seeds 6 --requests /tmp/requests.json
    .venv/bin/python scripts/bench_embedded.py direct --requests /tmp/requests.json
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_common import cpu_now, emit, write_recipe, write_source  # noqa: E402


def stack(args: argparse.Namespace) -> dict[str, Any]:
    os.environ["BOOST_QA_DISABLE_CACHE"] = "1"
    from boost_qa.llm import litellm_client
    from boost_qa.pipeline import run as run_module
    from boost_qa.pipeline.run import BuildOptions, build_release
    from boost_qa.types import ChatRequest, ChatResult

    recorded: list[dict[str, Any]] = []
    inner = litellm_client.litellm_complete

    async def recording(request: ChatRequest, timeout: float) -> ChatResult:
        result = await inner(request, timeout)
        recorded.append(
            {
                "messages": request.as_messages(),
                "temperature": request.temperature,
                "max_tokens": request.max_tokens,
                "seed": request.seed,
                "completion_tokens": result.completion_tokens,
                "prompt_tokens": result.prompt_tokens,
            }
        )
        return result

    litellm_client.litellm_complete = recording  # type: ignore[assignment]
    # Load the model before timing, as the direct run does.
    from boost_qa.llm.local_model import _load_llama

    _load_llama()
    work = Path(tempfile.mkdtemp(prefix="boost-qa-bench-embedded-"))
    source = write_source(Path(tempfile.gettempdir()) / "boost-qa-bench-src-300.jsonl", 300)
    recipe = write_recipe(
        work / "recipe.yaml",
        source,
        model="local/smollm2",
        limit=args.seeds,
        max_tokens=args.max_tokens,
    )
    timing: dict[str, float] = {}
    generate = run_module._generate

    def timed(*a: Any, **k: Any) -> Any:
        wall, cpu = time.perf_counter(), cpu_now()
        try:
            return generate(*a, **k)
        finally:
            timing["wall"] = time.perf_counter() - wall
            timing["cpu"] = cpu_now() - cpu

    run_module._generate = timed  # type: ignore[assignment]
    report = build_release(recipe, BuildOptions(out=work / "out", concurrency=4, progress=False))
    Path(args.requests).write_text(json.dumps(recorded), encoding="utf-8")
    completion = sum(r["completion_tokens"] for r in recorded)
    prompt = sum(r["prompt_tokens"] for r in recorded)
    return {
        "part": "stack",
        "rows": int(report.totals["rows"]),
        "calls": len(recorded),
        "completion_tokens": completion,
        "prompt_tokens": prompt,
        "wall": timing["wall"],
        "cpu": timing["cpu"],
        "completion_tokens_per_s": completion / timing["wall"],
        "total_tokens_per_s": (completion + prompt) / timing["wall"],
    }


def direct(args: argparse.Namespace) -> dict[str, Any]:
    from llama_cpp import Llama

    from boost_qa.llm.local_model import N_CTX, _threads, embedded_model_path

    requests = json.loads(Path(args.requests).read_text(encoding="utf-8"))
    llama = Llama(
        model_path=str(embedded_model_path()), n_ctx=N_CTX, n_threads=_threads(), verbose=False
    )
    completion = prompt = same = 0
    wall, cpu = time.perf_counter(), cpu_now()
    for request in requests:
        llama.reset()
        response = llama.create_chat_completion(
            messages=request["messages"],
            temperature=request["temperature"],
            max_tokens=request["max_tokens"],
            seed=request["seed"] % 0xFFFFFFFF,
        )
        usage = response["usage"]
        completion += usage["completion_tokens"]
        prompt += usage["prompt_tokens"]
        same += usage["completion_tokens"] == request["completion_tokens"]
    wall, cpu = time.perf_counter() - wall, cpu_now() - cpu
    llama.close()
    return {
        "part": "direct",
        "calls": len(requests),
        "completion_tokens": completion,
        "prompt_tokens": prompt,
        "same_token_counts": same,
        "wall": wall,
        "cpu": cpu,
        "completion_tokens_per_s": completion / wall,
        "total_tokens_per_s": (completion + prompt) / wall,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("part", choices=["stack", "direct"])
    parser.add_argument("--seeds", type=int, default=6)
    parser.add_argument("--max-tokens", type=int, default=128)
    parser.add_argument(
        "--requests", default=str(Path(tempfile.gettempdir()) / "boost-qa-bench-embedded.json")
    )
    args = parser.parse_args()
    emit(stack(args) if args.part == "stack" else direct(args))


if __name__ == "__main__":
    main()

"""Build one recipe with the scripted model on every engine and print what identifies the rows.

Why: a refactor of the pipeline must not change a single row. This prints, per engine and per
config, the transform fingerprint, the data tag and a hash of every parquet file's rows, as one
JSON object, so two checkouts (before and after a change) can be compared with ``diff``.

    .venv/bin/python scripts/engine_equality.py builder/demo.yaml --out /tmp/eq > after.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ENGINES = {
    "in-process": ["--engine", "local"],
    "processes": ["--engine", "local", "--workers", "2"],
    "ray": ["--engine", "ray", "--workers", "2"],
}
SCRIPTED = [
    "--model",
    "weak=scripted/w",
    "--model",
    "mid=scripted/m",
    "--model",
    "strong=scripted/s",
]


def rows_hash(path: Path, *, source_names: bool = False) -> str:
    """A hash of a parquet file's rows (not its bytes: writer metadata may differ).

    With ``source_names``, a local source's path in ``source.dataset`` counts by its file name
    alone (what releases record since local paths stopped leaving the machine).
    """
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    digest = hashlib.sha256()
    for row in table.to_pylist():
        source = row.get("source")
        if source_names and source and source.get("dataset"):
            row["source"] = {**source, "dataset": os.path.basename(source["dataset"])}
        digest.update(json.dumps(row, sort_keys=True, default=str).encode())
    return digest.hexdigest()[:16]


def describe(out: Path) -> dict[str, object]:
    manifest = json.loads((out / "boost_qa" / "manifest.json").read_text(encoding="utf-8"))
    configs = {}
    for name, summary in manifest["configs"].items():
        files = sorted((out / name).glob("*.parquet"))
        configs[name] = {
            "fingerprint": summary["fingerprint"],
            "data_tag": summary["data_tag"],
            "rows": summary["rows"],
            "files": {f.name: rows_hash(f) for f in files},
            "rows_by_source_name": [rows_hash(f, source_names=True) for f in files],
        }
    return configs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("recipe", type=Path)
    parser.add_argument("--out", type=Path, default=Path(tempfile.mkdtemp(prefix="boost-qa-eq-")))
    parser.add_argument("--engines", nargs="*", default=list(ENGINES))
    args = parser.parse_args()
    env = {
        **os.environ,
        "BOOST_QA_DISABLE_CACHE": "1",
        "HF_HUB_OFFLINE": "1",
        "BOOST_QA_PROVIDERS": "boost_qa.testing.scripted:register",  # scripted/ is a test model
    }
    env.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    env.setdefault("HF_EVALUATE_OFFLINE", "1")
    result = {}
    for engine in args.engines:
        out = args.out / engine
        command = [sys.executable, "-m", "boost_qa", "build", str(args.recipe), "--out", str(out)]
        command += [*ENGINES[engine], *SCRIPTED, "--no-progress"]
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        if done.returncode not in (0, 1):
            sys.exit(f"{engine}: exit {done.returncode}\n{done.stderr[-3000:]}")
        result[engine] = describe(out)
    print(json.dumps(result, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()

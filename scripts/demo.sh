#!/usr/bin/env bash
# The main job: set up (if needed), build the demo release from the bundled samples with the
# embedded SmolLM2 model, print its statistics, and load every config back with datasets.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
VENV="${BOOST_QA_VENV:-.venv}"
OUT="${1:-out/boost-qa-demo}"
export HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1
"$VENV/bin/boost-qa" build builder/demo.yaml --out "$OUT"
"$VENV/bin/python" - "$OUT" <<'PY'
import sys

import datasets

out = sys.argv[1]
for config in ("math", "code", "chat"):
    ds = datasets.load_dataset(out, config, split="train")
    print(f"load_dataset({out!r}, {config!r}): {len(ds)} rows, columns {ds.column_names[:5]}...")
PY
# Every row must render intact under the embedded model's chat template (ChatML) and under
# strict real templates (Gemma-3 and Mistral-7B-v0.3 refuse roles that do not alternate).
"$VENV/bin/boost-qa" check "$OUT" \
  --template embedded \
  --template tests/e2e/conformance/templates/gemma-3.jinja \
  --template tests/e2e/conformance/templates/mistral-7b-v0.3.jinja

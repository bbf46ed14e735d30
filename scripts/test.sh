#!/usr/bin/env bash
# Set up (if needed), lint, type-check and run the whole test suite. CI runs exactly this.
# Without arguments: the unit tier first (fast; a failure stops here), then the e2e tier.
# With arguments: one pytest run with them, e.g. `bash scripts/test.sh tests/unit -x`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
VENV="${BOOST_QA_VENV:-.venv}"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
"$VENV/bin/mypy"
if [ "$#" -gt 0 ]; then
  "$VENV/bin/python" -m pytest "$@"
else
  "$VENV/bin/python" -m pytest tests/unit
  "$VENV/bin/python" -m pytest tests/e2e
fi

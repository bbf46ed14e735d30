#!/usr/bin/env bash
# One-step setup on a fresh machine: a virtualenv in .venv with boost-qa and every extra.
#
# The embedded model's runtime (llama-cpp-python) compiles for minutes; a portable wheel is
# built once into ~/.cache/boost-qa/wheels (or $BOOST_QA_WHEELHOUSE) and reused afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
VENV="${BOOST_QA_VENV:-.venv}"

if [[ ! -x "$VENV/bin/python" ]]; then
  "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --upgrade pip
WHEELHOUSE="$(bash scripts/ensure_llama_wheel.sh "$VENV/bin/python")"
"$VENV/bin/python" -m pip install --quiet --find-links "$WHEELHOUSE" -e ".[local,embed,check,train,dev,testing,ray]"
"$VENV/bin/python" -m pip check >&2 || true
echo "boost-qa is installed in $VENV" >&2

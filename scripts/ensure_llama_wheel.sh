#!/usr/bin/env bash
# Make sure a portable llama-cpp-python wheel is in the wheelhouse, building it if needed.
#
# Usage: scripts/ensure_llama_wheel.sh [PYTHON]    (PYTHON defaults to python3)
#
# The wheel is built with GGML_NATIVE=OFF so it runs on any x86-64 CPU, not only the build
# machine's; installing from the wheelhouse then takes seconds instead of a C++ build.
# Wheelhouse: $BOOST_QA_WHEELHOUSE, default ~/.cache/boost-qa/wheels.
# Stdout: only the wheelhouse path (last line); progress goes to stderr.
set -euo pipefail

readonly VERSION="0.3.36"
PYTHON="${1:-python3}"
WHEELHOUSE="${BOOST_QA_WHEELHOUSE:-$HOME/.cache/boost-qa/wheels}"

log() { printf 'ensure_llama_wheel: %s\n' "$*" >&2; }

find_wheel() {
  local wheel
  for wheel in "$WHEELHOUSE"/llama_cpp_python-"$VERSION"-*.whl; do
    if [[ -f "$wheel" ]]; then
      printf '%s\n' "$wheel"
      return 0
    fi
  done
  return 1
}

mkdir -p "$WHEELHOUSE"
WHEELHOUSE="$(cd "$WHEELHOUSE" && pwd)"

if wheel="$(find_wheel)"; then
  log "found $(basename "$wheel")"
else
  if ! command -v "$PYTHON" >/dev/null 2>&1; then
    log "python not found: $PYTHON"
    exit 1
  fi
  log "building a portable llama-cpp-python==$VERSION wheel with $PYTHON (takes minutes)"
  CMAKE_ARGS="${CMAKE_ARGS:+$CMAKE_ARGS }-DGGML_NATIVE=OFF" \
    "$PYTHON" -m pip wheel --no-deps -w "$WHEELHOUSE" "llama-cpp-python==$VERSION" >&2
  if ! wheel="$(find_wheel)"; then
    log "pip finished but no llama_cpp_python-$VERSION-*.whl is in $WHEELHOUSE"
    exit 1
  fi
  log "built $(basename "$wheel")"
fi

printf '%s\n' "$WHEELHOUSE"

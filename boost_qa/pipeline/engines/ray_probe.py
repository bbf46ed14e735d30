"""Ask a Ray cluster's GCS whether this driver may join it; run as a script, in a subprocess.

Why a subprocess: against an address where nothing answers, or something that is not a Ray
GCS, Ray's client retries for minutes and cannot be interrupted from Python. The build runs
this file (``python ray_probe.py ADDRESS``) with a wall-clock limit and kills it on time; it
imports Ray alone (not boost-qa), so it answers in about the time Ray takes to import.

It follows ``ray.init``'s own rules for the token: ``auto`` turns token mode on when a token
is available, an explicit address only when ``RAY_AUTH_MODE=token``; the token itself comes
from ``RAY_AUTH_TOKEN``, ``RAY_AUTH_TOKEN_PATH`` or ``~/.ray/auth_token``, read by Ray. It
prints one JSON line: ``status`` (``ok``, ``no-token``, ``rejected``, ``no-cluster``,
``error``), the canonical ``address``, ``token_mode`` and a ``detail``. No token value is
ever printed.
"""

from __future__ import annotations

import json
import sys
from typing import Any


def probe(address: str) -> dict[str, Any]:
    """Check ``address`` (``host:port`` or ``auto``) as ``ray.init`` would; then ask its GCS."""
    from ray._private import services
    from ray._private.authentication.authentication_token_setup import (
        ensure_token_if_auth_enabled,
        maybe_enable_token_auth_if_token_available,
    )
    from ray._private.authentication.authentication_utils import is_token_auth_enabled
    from ray._raylet import GcsClient  # type: ignore[attr-defined]
    from ray.exceptions import AuthenticationError

    result: dict[str, Any] = {"status": "ok", "address": address, "detail": ""}
    try:
        canonical = services.canonicalize_bootstrap_address(address)
    except (ConnectionError, ValueError) as exc:
        return {**result, "status": "no-cluster", "detail": str(exc)}
    result["address"] = canonical
    if address == "auto":
        maybe_enable_token_auth_if_token_available(warn_if_disabled=False)
    result["token_mode"] = is_token_auth_enabled()
    try:
        ensure_token_if_auth_enabled(None, create_token_if_missing=False)
    except AuthenticationError as exc:
        return {**result, "status": "no-token", "detail": str(exc).split(". ")[0]}
    try:
        GcsClient(address=canonical)
    except AuthenticationError as exc:
        return {**result, "status": "rejected", "detail": str(exc).split(". ")[0]}
    except Exception as exc:  # noqa: BLE001 - any other answer is reported, not raised
        return {**result, "status": "error", "detail": f"{type(exc).__name__}: {exc}"[:300]}
    return result


def main() -> None:
    """Print the probe's answer for ``sys.argv[1]`` as one JSON line."""
    print(json.dumps(probe(sys.argv[1])), flush=True)  # noqa: T201 - the parent reads stdout


if __name__ == "__main__":
    main()

"""Joining a Ray cluster the user already runs: the address, a preflight, and what actors need.

Why: ``ray start --head`` clusters (Ray 2.60 turns token authentication on by default) fail in
``ray.init`` with a bare "Failed to connect to Ray cluster" after a long retry, or hang where
nothing answers. The build checks the address first, before any seed is prepared, and turns
every way of failing into a :class:`~boost_qa.errors.RecipeError` naming the address and what
to do (exit 2 from the CLI), within seconds.

The address is ``--ray-address``, else ``RAY_ADDRESS``, as for ``ray.init``; ``auto`` finds the
cluster ``ray start`` last started on this machine; without either, the build starts a private
local cluster (no preflight: nothing to join). Token authentication is Ray's own: the driver
needs ``RAY_AUTH_MODE=token`` and the cluster's token in ``RAY_AUTH_TOKEN``,
``RAY_AUTH_TOKEN_PATH`` or ``~/.ray/auth_token`` (``auto`` turns token mode on by itself when
a token is there); boost-qa passes nothing of its own and never prints the token.

What the actors get from the driver, as a Ray job ``runtime_env``: boost-qa's own code
(``py_modules``, so the actors run the driver's version) and the provider settings of the
driver's environment (:func:`worker_env`). The assumption, documented in the README: the
cluster's nodes run the same Python with boost-qa's dependencies installed (for a cluster on
this machine, the same virtual environment), as any Ray job's do.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from boost_qa.errors import RecipeError

ADDRESS_ENV = "RAY_ADDRESS"
"""Ray's own variable for the cluster a driver joins (``ray.init``, ``ray status``)."""

FIELD = "--ray-address"
PROBE_SECONDS = 15.0
"""Longest wait for the cluster's answer (importing Ray in the probe takes 1-3 s of it)."""
CONNECT_SECONDS = 3.0
"""Longest wait for a TCP connection to the cluster's GCS port."""

PACKAGE_DIR = Path(__file__).resolve().parents[2]
"""``boost_qa/``: shipped to the actors as a ``py_modules`` entry."""

_WORKER_ENV = re.compile(
    r"^(BOOST_QA_\w+|LITELLM_\w+|\w+_API_KEY|\w+_API_BASE|\w+_API_VERSION|\w+_BASE_URL|"
    r"AWS_\w+|AZURE_\w+|HF_TOKEN)$"
)
"""Variables the actors' LiteLLM and provider hooks read: keys, endpoints, BOOST_QA_PROVIDERS."""

TOKEN_HELP = (
    "set RAY_AUTH_MODE=token and the cluster's token in RAY_AUTH_TOKEN (or a file named by "
    "RAY_AUTH_TOKEN_PATH, or ~/.ray/auth_token); `ray get-auth-token` on the head node prints it"
)


def cluster_address(flag: str | None, environ: Mapping[str, str] | None = None) -> str | None:
    """The cluster to join: ``--ray-address``, else ``RAY_ADDRESS``; None for a private one."""
    env = os.environ if environ is None else environ
    address = (flag or env.get(ADDRESS_ENV) or "").strip()
    return None if address in ("", "local") else address


def worker_env(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The driver's variables an actor on the cluster needs to make the same calls.

    Provider keys and endpoints (``*_API_KEY``, ``*_API_BASE``, ``*_BASE_URL``, AWS, Azure,
    ``HF_TOKEN``), LiteLLM's settings and boost-qa's own (``BOOST_QA_PROVIDERS``). Never Ray's:
    the actors get the cluster's token from the cluster.
    """
    env = os.environ if environ is None else environ
    return {k: v for k, v in sorted(env.items()) if _WORKER_ENV.match(k) and v}


def runtime_env(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The job ``runtime_env`` of a build on a cluster: boost-qa's code and the provider env."""
    return {
        "py_modules": [str(PACKAGE_DIR)],
        "excludes": ["__pycache__", "*.pyc"],
        "env_vars": worker_env(environ),
    }


def _host_port(address: str) -> tuple[str, int] | None:
    """``host:port`` split; None for ``auto``, ``ray://`` and other forms Ray resolves itself."""
    if address == "auto" or "://" in address:
        return None
    host, sep, port = address.rpartition(":")
    if not sep or not host or not port.isdigit():
        raise RecipeError(FIELD, f"{address!r} is not host:port, auto or ray://host:port")
    return host.strip("[]"), int(port)


def check_reachable(address: str, timeout: float = CONNECT_SECONDS) -> None:
    """Fail fast when nothing listens at ``address`` (Ray itself would retry for minutes)."""
    parts = _host_port(address)
    if parts is None:
        return
    try:
        with socket.create_connection(parts, timeout=timeout):
            pass
    except OSError as exc:
        raise RecipeError(
            FIELD,
            f"no Ray cluster answers at {address} ({exc.strerror or exc}); start one with "
            "`ray start --head` or give the address `ray start` printed (or RAY_ADDRESS)",
        ) from exc


def preflight(address: str, timeout: float = PROBE_SECONDS) -> None:
    """Check, before any work, that this driver can join the cluster at ``address``.

    Raises:
        RecipeError: Nothing answers, the token is missing or rejected, or the cluster did
            not answer within ``timeout`` seconds; the message names the address and the fix.
    """
    if "://" in address:
        return  # Ray Client: ray.init checks it (and its errors are converted too)
    check_reachable(address)
    answer = _run_probe(address, timeout)
    status, detail = answer.get("status"), answer.get("detail", "")
    where = answer.get("address") or address
    if status == "ok":
        return
    if status == "no-cluster":
        raise RecipeError(FIELD, f"no running Ray cluster found for {address!r}: {detail}")
    if status == "no-token":
        raise RecipeError(FIELD, f"{where}: {detail}; {TOKEN_HELP}")
    if status == "rejected":
        if answer.get("token_mode"):
            raise RecipeError(
                FIELD,
                f"the Ray cluster at {where} rejected this driver's token (RAY_AUTH_TOKEN, "
                "RAY_AUTH_TOKEN_PATH or ~/.ray/auth_token); give it the cluster's token: "
                "`ray get-auth-token` on the head node prints it",
            )
        raise RecipeError(
            FIELD, f"the Ray cluster at {where} requires token authentication; {TOKEN_HELP}"
        )
    raise RecipeError(FIELD, f"cannot join the Ray cluster at {where}: {detail or answer}")


def _run_probe(address: str, timeout: float) -> dict[str, Any]:
    """Run :mod:`ray_probe` in a fresh interpreter, killed after ``timeout`` seconds."""
    script = Path(__file__).with_name("ray_probe.py")
    try:
        done = subprocess.run(  # noqa: S603 - our own script, the address as one argument
            # -P: the script's folder, which holds boost-qa's ray.py, stays off sys.path.
            [sys.executable, "-P", str(script), address],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise RecipeError(
            FIELD,
            f"no Ray cluster answered at {address} within {timeout:.0f} s (is it a Ray GCS "
            "address, as `ray start --head` prints it?)",
        ) from exc
    for line in reversed(done.stdout.splitlines()):
        if line.startswith("{"):
            answer: dict[str, Any] = json.loads(line)
            return answer
    last = (done.stderr.strip().splitlines() or [f"exit code {done.returncode}"])[-1]
    raise RecipeError(FIELD, f"cannot check the Ray cluster at {address}: {last[:300]}")


def joined_error(address: str, exc: BaseException) -> RecipeError:
    """``ray.init``'s failure to join ``address``, as a clean error (the probe passed, or none)."""
    cause = str(exc).split(". ")[0]
    hint = f"; {TOKEN_HELP}" if "auth" in cause.lower() or "token" in cause.lower() else ""
    return RecipeError(FIELD, f"cannot join the Ray cluster at {address}: {cause}{hint}")

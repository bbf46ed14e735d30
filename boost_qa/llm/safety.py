"""Refuse to run next to a compromised litellm.

litellm 1.82.7, 1.82.8 and 1.107.0 were published by an attacker and later pulled; the
attack shipped a ``litellm_init.pth`` file that runs code at interpreter start-up.
"""

from __future__ import annotations

import site
import sys
from importlib import metadata
from pathlib import Path

from boost_qa.errors import SecurityError

COMPROMISED_LITELLM = frozenset({"1.82.7", "1.82.8", "1.107.0"})


def _site_dirs() -> list[Path]:
    dirs = [Path(p) for p in site.getsitepackages()]
    user = site.getusersitepackages()
    dirs.append(Path(user))
    dirs.extend(Path(p) for p in sys.path if p.endswith("site-packages"))
    return [d for d in dict.fromkeys(dirs) if d.is_dir()]


def check_litellm() -> str:
    """Return the installed litellm version, or raise SecurityError if it is compromised."""
    try:
        version = metadata.version("litellm")
    except metadata.PackageNotFoundError as exc:
        raise SecurityError("litellm is not installed") from exc
    if version in COMPROMISED_LITELLM:
        raise SecurityError(
            f"litellm {version} is a known compromised release; "
            "install litellm==1.106.2 and rotate any keys this machine holds"
        )
    for directory in _site_dirs():
        if (directory / "litellm_init.pth").exists():
            raise SecurityError(
                f"{directory / 'litellm_init.pth'} is present: it comes from a compromised "
                "litellm release; remove it and rotate any keys this machine holds"
            )
    return version

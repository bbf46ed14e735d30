"""Register boost-qa's in-process LiteLLM providers: ``local/`` and ``scripted/``."""

from __future__ import annotations

import litellm
from litellm.utils import custom_llm_setup

from boost_qa.llm.local_model import register_embedded_provider
from boost_qa.llm.scripted import SCRIPTED, SCRIPTED_PROVIDER


def register_providers() -> None:
    """Make ``local/smollm2`` and ``scripted/<name>`` routable; safe to call repeatedly."""
    register_embedded_provider()
    if all(entry["provider"] != SCRIPTED_PROVIDER for entry in litellm.custom_provider_map):
        litellm.custom_provider_map.append(
            {"provider": SCRIPTED_PROVIDER, "custom_handler": SCRIPTED}
        )
    custom_llm_setup()  # type: ignore[no-untyped-call]

"""Register LiteLLM providers: the embedded ``local/`` model, and any named by the hook."""

from __future__ import annotations

from boost_qa.llm.local_model import register_embedded_provider
from boost_qa.llm.provider_hooks import load_hook, provider_hooks


def register_providers() -> None:
    """Make ``local/smollm2`` routable; safe to call repeatedly."""
    register_embedded_provider()


def register_extra_providers(spec: str | None = None) -> list[str]:
    """Call every ``module:function`` hook ``spec`` (default: ``BOOST_QA_PROVIDERS``) names.

    Returns:
        The hooks called, in order.
    """
    hooks = provider_hooks(spec)
    for hook in hooks:
        load_hook(hook)()
    return hooks

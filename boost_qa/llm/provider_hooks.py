"""Extra LiteLLM providers, plugged in by name: the ``BOOST_QA_PROVIDERS`` hook.

``BOOST_QA_PROVIDERS=module:function[,module:function]`` names functions that register LiteLLM
custom providers (``litellm.custom_provider_map`` entries). :func:`configure
<boost_qa.llm.litellm_client.configure>` imports and calls each one, in every process that makes
model calls; worker processes inherit the variable. The tests set it to register the scripted
model (``boost_qa.testing.scripted:register``), which no production process loads otherwise.

This module imports no LiteLLM, so a build can check its models before any call.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable

from boost_qa.errors import RecipeError

PROVIDERS_ENV = "BOOST_QA_PROVIDERS"
"""The environment variable naming provider hooks, ``module:function`` comma-separated."""

SCRIPTED_HOOK = "boost_qa.testing.scripted:register"
"""The hook that registers the scripted test model, ``scripted/<name>``."""

TEST_PROVIDERS = {"scripted": SCRIPTED_HOOK}
"""Provider prefixes that only exist when their hook is named in ``BOOST_QA_PROVIDERS``."""


def provider_hooks(spec: str | None = None) -> list[str]:
    """The ``module:function`` hooks named by ``spec`` (default: ``BOOST_QA_PROVIDERS``)."""
    text = os.environ.get(PROVIDERS_ENV, "") if spec is None else spec
    return [part.strip() for part in text.split(",") if part.strip()]


def load_hook(hook: str) -> Callable[[], object]:
    """Import one ``module:function`` hook.

    Raises:
        RecipeError: The hook is malformed or cannot be imported (names the variable).
    """
    module_name, sep, function_name = hook.partition(":")
    if not sep or not module_name or not function_name:
        raise RecipeError(PROVIDERS_ENV, f"{hook!r} is not module:function")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        testing = module_name.startswith("boost_qa.testing")
        hint = " (pip install 'boost-qa[testing]')" if testing else ""
        raise RecipeError(PROVIDERS_ENV, f"cannot import {module_name}: {exc}{hint}") from exc
    function = getattr(module, function_name, None)
    if not callable(function):
        raise RecipeError(PROVIDERS_ENV, f"{module_name} has no function {function_name!r}")
    return function  # type: ignore[no-any-return]


def require_routable(models: Iterable[str]) -> None:
    """Refuse, before any work, models whose provider exists only behind a hook not enabled.

    Raises:
        RecipeError: A model names ``scripted/`` (or another test provider) while
            ``BOOST_QA_PROVIDERS`` does not name its hook; the message says how to enable it.
    """
    hooks = provider_hooks()
    for model in sorted(set(models)):
        provider = model.split("/", 1)[0] if "/" in model else ""
        hook = TEST_PROVIDERS.get(provider)
        if hook is not None and hook not in hooks:
            raise RecipeError(
                "models",
                f"{model}: the {provider}/ provider is boost-qa's test model and is not "
                f"registered; enable it with {PROVIDERS_ENV}={hook} "
                "(needs pip install 'boost-qa[testing]')",
            )

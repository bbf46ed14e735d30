"""boost-qa: MASTER multi-agent simulated teaching as a datasets-native builder.

The public API, imported lazily so ``import boost_qa`` stays cheap (no LiteLLM, no datasets):

* :func:`load_recipe`, :class:`Recipe`: read and validate a recipe YAML.
* :func:`build_release`, :class:`BuildOptions`, :class:`BuildReport`: build a release folder.
* :class:`MasterTransform`, :class:`GenerationSettings`, :class:`Gateway`: the map function for
  your own ``Dataset.map`` (``MasterTransform(settings, generate=Gateway().complete)``).
* :func:`compute_stats`: quality, diversity and shape statistics of a dataset folder.
* :func:`publish_release` with a :class:`LocalTarget` or :class:`HubTarget`: publish a release.
* :class:`BoostQAError`: the base of every error boost-qa raises on purpose.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    "BoostQAError": "boost_qa.errors",
    "BuildOptions": "boost_qa.pipeline.run",
    "BuildReport": "boost_qa.pipeline.run",
    "Gateway": "boost_qa.llm.gateway",
    "GenerationSettings": "boost_qa.dialogue.settings",
    "HubTarget": "boost_qa.publish.hub",
    "LocalTarget": "boost_qa.publish.local",
    "MasterTransform": "boost_qa.transform",
    "Recipe": "boost_qa.recipe",
    "build_release": "boost_qa.pipeline.run",
    "compute_stats": "boost_qa.release.statistics",
    "load_recipe": "boost_qa.recipe",
    "publish_release": "boost_qa.publish.run",
}
"""Each public name and the module that defines it."""

__all__ = [
    "BoostQAError",
    "BuildOptions",
    "BuildReport",
    "Gateway",
    "GenerationSettings",
    "HubTarget",
    "LocalTarget",
    "MasterTransform",
    "Recipe",
    "build_release",
    "compute_stats",
    "load_recipe",
    "publish_release",
]

if TYPE_CHECKING:
    from boost_qa.dialogue.settings import GenerationSettings
    from boost_qa.errors import BoostQAError
    from boost_qa.llm.gateway import Gateway
    from boost_qa.pipeline.run import BuildOptions, BuildReport, build_release
    from boost_qa.publish.hub import HubTarget
    from boost_qa.publish.local import LocalTarget
    from boost_qa.publish.run import publish_release
    from boost_qa.recipe import Recipe, load_recipe
    from boost_qa.release.statistics import compute_stats
    from boost_qa.transform import MasterTransform


def __getattr__(name: str) -> Any:
    """Import a public name on first use (PEP 562)."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'boost_qa' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The public names beside the module's own."""
    return sorted({*globals(), *_EXPORTS})

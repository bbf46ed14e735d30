"""Recipe helpers shared by the reliability tests."""

from __future__ import annotations

from typing import Any

from boost_qa.recipe import Recipe


def without_stats(recipe: dict[str, Any]) -> dict[str, Any]:
    """Skip the post-build statistics and plots (seconds of imports each build) where recipes
    have that switch: these tests are about the data, not the card."""
    if "stats" in Recipe.model_fields:
        recipe = {**recipe, "stats": {"enabled": False}}
    return recipe

"""Statistics and plots of a staged release: computed once, before its card is rendered.

The one place a build or a repair calls ``boost_qa.stats``.
"""

from __future__ import annotations

from boost_qa.recipe import Recipe
from boost_qa.release.card import configs_front_matter
from boost_qa.release.folder import ReleaseFolder
from boost_qa.release.manifest import Manifest


def write_statistics(
    staging: ReleaseFolder, recipe: Recipe, manifest: Manifest, *, release_name: str
) -> None:
    """Write ``stats.json`` and (when the recipe asks) the plots into ``staging``.

    ``staging`` holds every config the manifest lists (kept ones linked in), its manifest and
    failures. The card's ``configs:`` are written first, alone, as the YAML header of a
    placeholder README, so the statistics read exactly the configs the card will list; the
    card replaces it.
    """
    from boost_qa.stats.plots import write_plots
    from boost_qa.stats.report import StatsSettings, run_stats

    policy = recipe.stats
    staging.write_readme(configs_front_matter(manifest))
    # TODO(stats): pass recipe.quality.near_duplicate_threshold once StatsSettings has a
    # near-duplicate threshold field; until then the statistics use their default (0.8).
    stats = run_stats(
        staging.root,
        settings=StatsSettings(sample_size=policy.sample_size, embed_sample=policy.embed_sample),
    )
    staging.write_stats({**stats, "folder": release_name})  # not the staging folder's path
    if policy.plots:
        write_plots(staging.root)

"""Statistics and plots of a staged release: computed once, before its card is rendered.

The one place a build or a repair calls the statistics; they measure the dialogue configs and
mixes the manifest lists (not the trainer-format exports), with the recipe's settings.
"""

from __future__ import annotations

from boost_qa.recipe import Recipe
from boost_qa.release.folder import ReleaseFolder
from boost_qa.release.manifest import Manifest
from boost_qa.release.statistics import StatsSettings, analyse, write_plots


def write_statistics(
    staging: ReleaseFolder, recipe: Recipe, manifest: Manifest, *, release_name: str
) -> None:
    """Write ``stats.json`` and (when the recipe asks) the plots into ``staging``.

    ``staging`` holds every config the manifest lists (kept ones linked in), its manifest and
    failures; the folder's name in the report is the release's, not the staging folder's.
    """
    policy = recipe.stats
    # Configs whose rows all failed (or were dropped) have nothing to measure.
    counts = {n: c.rows for n, c in manifest.configs.items()}
    counts.update({n: m.rows for n, m in manifest.mixes.items()})
    names = [n for n, rows in counts.items() if rows > 0 and staging.config_files(n)]
    configs = {name: staging.config_files(name) for name in names}
    settings = StatsSettings(
        sample_size=policy.sample_size,
        embed_sample=policy.embed_sample,
        near_duplicate_threshold=recipe.quality.near_duplicate_threshold,
    )
    stats = analyse(staging.root, settings, configs).stats
    staging.write_stats({**stats, "folder": release_name})
    if policy.plots:
        write_plots(staging.root, configs)

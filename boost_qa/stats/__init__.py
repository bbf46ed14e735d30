"""Quality, diversity and shape statistics of teacher/student dialogue datasets.

Pure computations over rows; this package knows no folder layout. The public API:
``analyse_config`` for one config's rows (a ``datasets.Dataset``, streamed in batches) with
``StatsSettings``, ``quality_flags`` and ``flag_rates`` for rows in memory, and
``modules_path`` for the evaluate measurements (``dialogue_quality``, ``dialogue_diversity``)
that wrap the same functions. Statistics of a dataset folder (``compute_stats``,
``write_stats``, ``run_stats``, ``row_flags``, ``write_plots``) are in
``boost_qa.release.statistics``.
"""

from boost_qa.stats.measurements import load_measurement, modules_path
from boost_qa.stats.quality import FLAG_NAMES, FlagCounts, flag_rates, quality_flags
from boost_qa.stats.report import ConfigAnalysis, StatsSettings, analyse_config

__all__ = [
    "FLAG_NAMES",
    "ConfigAnalysis",
    "FlagCounts",
    "StatsSettings",
    "analyse_config",
    "flag_rates",
    "load_measurement",
    "modules_path",
    "quality_flags",
]

"""Quality, diversity and shape statistics of teacher/student dialogue datasets.

The public API: ``compute_stats``/``write_stats``/``row_flags`` for a dataset folder,
``quality_flags`` for rows in memory, and ``modules_path`` for the evaluate measurements
(``dialogue_quality``, ``dialogue_diversity``) that wrap the same functions.
"""

from boost_qa.stats.measurements import load_measurement, modules_path
from boost_qa.stats.quality import FLAG_NAMES, flag_rates, quality_flags
from boost_qa.stats.report import (
    StatsSettings,
    compute_stats,
    row_flags,
    run_stats,
    write_stats,
)

__all__ = [
    "FLAG_NAMES",
    "StatsSettings",
    "compute_stats",
    "flag_rates",
    "load_measurement",
    "modules_path",
    "quality_flags",
    "row_flags",
    "run_stats",
    "write_stats",
]

"""The stats tests' release folders (shared with tests/unit/stats)."""

from tests.helpers.stats_release import release_dir

__all__ = ["release_dir"]

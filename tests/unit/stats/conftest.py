"""The stats tests' release folders (shared with tests/e2e/stats)."""

from tests.helpers.stats_release import plain_dir, release_dir

__all__ = ["plain_dir", "release_dir"]

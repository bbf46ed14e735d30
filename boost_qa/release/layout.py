"""Deprecated: the release layout lives in ``boost_qa.release.folder``.

Kept only for ``boost_qa.stats``, which still imports ``META_DIR`` from here until it stops
knowing the release layout; delete this module then.
"""

from __future__ import annotations

from boost_qa.release.folder import META_DIR

__all__ = ["META_DIR"]

"""aiohttp's ``web``, imported with an install hint when the ``testing`` extra is missing."""

from __future__ import annotations

from boost_qa.testing import require_aiohttp

require_aiohttp()

from aiohttp import web  # noqa: E402 - after the check, so a missing extra says how to fix it

__all__ = ["web"]

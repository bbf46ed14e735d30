"""Semantic versions and their tags (pure functions)."""

from __future__ import annotations

from boost_qa.errors import RecipeError
from boost_qa.recipe import SEMVER


def parse_version(version: str) -> tuple[int, int, int, str]:
    """Split ``X.Y.Z[-pre]``; raise RecipeError naming ``--version`` otherwise."""
    version = version.removeprefix("v")
    match = SEMVER.match(version)
    if not match:
        raise RecipeError("--version", f"{version!r} is not semantic versioning (X.Y.Z)")
    major, minor, patch = (int(part) for part in match.groups()[:3])
    pre = version.split("-", 1)[1] if "-" in version else ""
    return major, minor, patch, pre


def tag_name(version: str) -> str:
    """The Hub tag of a version: ``v1.2.0``."""
    parse_version(version)
    return f"v{version.removeprefix('v')}"


def _key(version: str) -> tuple[int, int, int, int, str]:
    major, minor, patch, pre = parse_version(version)
    # A release sorts after its pre-releases.
    return major, minor, patch, 0 if pre else 1, pre


def previous_version(tags: list[str], version: str) -> str | None:
    """The highest tagged version below ``version``, if any."""
    versions = []
    for tag in tags:
        try:
            parse_version(tag)
        except RecipeError:
            continue
        versions.append(tag.removeprefix("v"))
    below = [v for v in versions if _key(v) < _key(version)]
    return max(below, key=_key) if below else None

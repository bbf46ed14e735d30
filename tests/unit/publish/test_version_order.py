"""Version parsing and ordering beyond the CLI: prefixes, pre-releases, foreign tags."""

from __future__ import annotations

import pytest

from boost_qa.errors import RecipeError
from boost_qa.publish.versions import parse_version, previous_version, tag_name


@pytest.mark.parametrize(
    ("version", "parts"),
    [
        ("1.2.3", (1, 2, 3, "")),
        ("v1.2.3", (1, 2, 3, "")),
        ("0.0.0", (0, 0, 0, "")),
        ("10.20.30", (10, 20, 30, "")),
        ("2.0.0-rc.1", (2, 0, 0, "rc.1")),
        ("v2.0.0-beta", (2, 0, 0, "beta")),
    ],
)
def test_parse_version(version: str, parts: tuple[int, int, int, str]) -> None:
    assert parse_version(version) == parts


def test_tag_names_have_one_v_and_refuse_non_semver() -> None:
    assert tag_name("2.0.0-rc.1") == "v2.0.0-rc.1"
    with pytest.raises(RecipeError, match="semantic versioning"):
        tag_name("latest")


def test_a_release_sorts_after_its_pre_releases() -> None:
    tags = ["v2.0.0-rc.1", "v2.0.0-rc.2", "v2.0.0"]
    assert previous_version(tags, "2.0.1") == "2.0.0"
    assert previous_version(tags, "2.0.0") == "2.0.0-rc.2"
    assert previous_version(tags, "2.0.0-rc.2") == "2.0.0-rc.1"


def test_numbers_compare_as_numbers_and_foreign_tags_are_ignored() -> None:
    tags = ["v1.9.0", "v1.10.0", "v1.2.0", "main", "v1", "release-3"]
    assert previous_version(tags, "1.11.0") == "1.10.0"
    assert previous_version(tags, "1.9.5") == "1.9.0"
    assert previous_version([], "1.0.0") is None
    assert previous_version(["v1.0.0"], "1.0.0") is None

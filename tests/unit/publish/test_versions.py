import pytest

from boost_qa.errors import RecipeError
from boost_qa.publish.versions import parse_version, previous_version, tag_name


@pytest.mark.parametrize("bad", ["1.0", "v1", "1.0.0.0", "01.2.3", "1.2.x", ""])
def test_non_semver_is_refused(bad):
    with pytest.raises(RecipeError, match="--version"):
        parse_version(bad)


def test_tags_and_previous_version():
    assert tag_name("1.2.0") == "v1.2.0" and tag_name("v1.2.0") == "v1.2.0"
    tags = ["v1.0.0", "v1.1.0", "v1.10.0", "v2.0.0-rc.1", "nightly", "v0.9.0"]
    assert previous_version(tags, "1.2.0") == "1.1.0"
    assert previous_version(tags, "2.0.0") == "2.0.0-rc.1"
    assert previous_version(tags, "1.11.0") == "1.10.0"
    assert previous_version(tags, "0.1.0") is None

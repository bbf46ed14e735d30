"""One definition of each shared name: the scenario list and the ``Generate`` type."""

from __future__ import annotations

from boost_qa.dialogue import base
from boost_qa.dialogue.registry import SCENARIO_CLASSES
from boost_qa.llm import gateway
from boost_qa.types import SCENARIOS


def test_the_registry_follows_the_scenario_list() -> None:
    assert tuple(SCENARIO_CLASSES) == SCENARIOS


def test_generate_is_defined_once() -> None:
    assert hasattr(base, "Generate")
    assert not hasattr(gateway, "Generate")

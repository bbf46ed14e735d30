"""A transform makes model calls only through the ``generate`` it is given."""

from __future__ import annotations

import pytest

from boost_qa.dialogue.settings import GenerationSettings
from boost_qa.transform import MasterTransform


def test_without_generate_a_transform_plans_but_does_not_call() -> None:
    transform = MasterTransform(GenerationSettings())
    assert transform.fingerprint("input")
    with pytest.raises(TypeError, match="generate="):
        transform.engine.generate  # noqa: B018


def test_the_given_generate_is_used() -> None:
    async def generate(request: object) -> object:
        raise AssertionError("not called here")

    transform = MasterTransform(GenerationSettings(), generate=generate)  # type: ignore[arg-type]
    assert transform.engine.generate is generate

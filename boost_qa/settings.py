"""Recipe sections whose code runs in later stages: the quality policy and the judge.

They live here, beside ``recipe.py``, so a recipe can declare them without importing the
pipeline (which applies the policy) or the judge (which makes the calls): layers point one way.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

DropReason = Literal[
    "malformed",
    "role_confusion",
    "answer_leak",
    "degenerate",
    "prompt_echo",
    "telling",
    "incorrect",
    "unverified",
    "near_duplicate",
]
"""The reasons a recipe's ``quality.drop`` may name (criteria in ``boost_qa.stats.quality``)."""


class QualityPolicy(BaseModel):
    """What a recipe drops at build time; everything else is only flagged."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    drop: list[DropReason] = Field(default_factory=list)
    near_duplicate_threshold: float = Field(0.8, gt=0, le=1)


class JudgeSettings(BaseModel):
    """The judge's model and sampling; a recipe's ``judge:`` section."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    model: str = Field(min_length=1)
    temperature: float = Field(0.0, ge=0, le=2)
    max_tokens: int = Field(256, gt=0)
    api_base: str | None = None

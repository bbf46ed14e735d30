"""Who plays each role, how, and which scenarios a build mixes.

Cognitive level is three knobs together (paper): model size, temperature and persona wording.
A role takes its model and temperature from its level unless the recipe names them for the role.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from boost_qa.dialogue.messages import ChatShape
from boost_qa.types import SCENARIOS

Level = Literal["weak", "mid", "strong"]
RoleName = Literal[
    "teacher",
    "dull_student",
    "smart_student",
    "student_a",
    "student_b",
    "student_c",
    "diligent_student",
]

DEFAULT_MODEL = "local/smollm2"
Domain = Literal["math", "code", "general"]
EMBEDDED_PREFIX = "local/"
SAMPLING_KNOBS = ("top_p", "frequency_penalty", "presence_penalty", "repeat_penalty")
EMBEDDED_SAMPLING: dict[str, float] = {
    "top_p": 0.9,
    "repeat_penalty": 1.15,
    "frequency_penalty": 0.4,
    "presence_penalty": 0.4,
}
"""Defaults for the embedded model: a 135M model loops on its own words and copies the turn
before it without them (measured on the demo: copies of the other debater fell from 3 in 9
replies to 1 in 9)."""
LEVEL_TEMPERATURE: dict[str, float] = {"weak": 0.8, "mid": 0.6, "strong": 0.2}
ROLE_LEVEL: dict[str, Level] = {
    "teacher": "strong",
    "dull_student": "weak",
    "smart_student": "strong",
    "student_a": "mid",
    "student_b": "mid",
    "student_c": "strong",
    "diligent_student": "strong",
}


def _non_empty(value: str, field: str) -> str:
    if not value.strip():
        raise ValueError(f"{field} must be a non-empty LiteLLM model string")
    return value.strip()


class LevelModels(BaseModel):
    """The LiteLLM model string behind each cognitive level."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    weak: str = DEFAULT_MODEL
    mid: str = DEFAULT_MODEL
    strong: str = DEFAULT_MODEL

    @field_validator("weak", "mid", "strong")
    @classmethod
    def _check(cls, value: str) -> str:
        return _non_empty(value, "model")


class RoleSettings(BaseModel):
    """Per-role overrides of the level defaults."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    level: Level | None = None
    model: str | None = None
    temperature: float | None = Field(None, ge=0, le=2)
    max_tokens: int | None = Field(None, gt=0)
    api_base: str | None = None
    top_p: float | None = Field(None, gt=0, le=1)
    frequency_penalty: float | None = Field(None, ge=-2, le=2)
    presence_penalty: float | None = Field(None, ge=-2, le=2)
    repeat_penalty: float | None = Field(None, gt=0, description="llama.cpp servers only")
    stop: list[str] | None = None

    @field_validator("model")
    @classmethod
    def _check(cls, value: str | None) -> str | None:
        return None if value is None else _non_empty(value, "model")


_NO_OVERRIDE = RoleSettings()
"""A role the recipe does not configure (made once: a turn resolves its role each time)."""


class GenerationSettings(BaseModel):
    """Everything that decides what the dialogues say (and so the fingerprint)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    language: str = "English"
    scenarios: dict[str, float] = Field(default_factory=lambda: dict.fromkeys(SCENARIOS, 1.0))
    debate_rounds: Literal[1, 2, "random"] = "random"
    analogy_top_k: int = Field(5, ge=1)
    retriever: Literal["auto", "embedding", "lexical"] = "auto"
    max_tokens: int = Field(384, gt=0)
    seed: int = 0
    models: LevelModels = Field(default_factory=LevelModels)
    api_base: str | None = None
    roles: dict[RoleName, RoleSettings] = Field(default_factory=dict)
    prompt_dir: str | None = None
    chat: ChatShape = Field(default_factory=ChatShape)
    domain: Domain = "general"
    turn_attempts: int = Field(3, ge=1, le=10)
    bad_turns: Literal["fail", "keep"] = "fail"
    length_limit: Literal["reject", "trim", "keep"] = "reject"

    @field_validator("scenarios")
    @classmethod
    def _check_scenarios(cls, value: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(value) - set(SCENARIOS))
        if unknown:
            raise ValueError(f"unknown scenario(s) {unknown}; known: {list(SCENARIOS)}")
        if any(weight < 0 for weight in value.values()):
            raise ValueError("scenario proportions must be >= 0")
        if not any(weight > 0 for weight in value.values()):
            raise ValueError("at least one scenario needs a proportion > 0")
        return value

    @model_validator(mode="after")
    def _check_language(self) -> GenerationSettings:
        if not self.language.strip():
            raise ValueError("language must not be empty")
        return self

    def role(self, name: str) -> ResolvedRole:
        """The model, temperature and limits one role runs with."""
        override = self.roles.get(name) or _NO_OVERRIDE  # type: ignore[call-overload]
        level = override.level or ROLE_LEVEL[name]
        model = override.model or getattr(self.models, level)
        sampling = dict(EMBEDDED_SAMPLING) if model.startswith(EMBEDDED_PREFIX) else {}
        for knob in SAMPLING_KNOBS:
            value = getattr(override, knob)
            if value is not None:
                sampling[knob] = value
        return ResolvedRole(
            name=name,
            level=level,
            model=model,
            temperature=(
                override.temperature
                if override.temperature is not None
                else LEVEL_TEMPERATURE[level]
            ),
            max_tokens=override.max_tokens or self.max_tokens,
            api_base=override.api_base or self.api_base,
            sampling=tuple(sorted(sampling.items())),
            stop=tuple(override.stop or ()),
        )


@dataclass(frozen=True)
class ResolvedRole:
    """A role with every knob decided."""

    name: str
    level: str
    model: str
    temperature: float
    max_tokens: int
    api_base: str | None
    sampling: tuple[tuple[str, float], ...] = ()
    stop: tuple[str, ...] = ()

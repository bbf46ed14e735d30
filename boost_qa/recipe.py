"""Recipes: the YAML declaration of a release (what to build, from what, with which models).

Validated up front, before any model call; every error names the field that is wrong.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from boost_qa.dialogue.messages import ChatShape, SystemPolicy
from boost_qa.dialogue.settings import (
    Domain,
    GenerationSettings,
    LevelModels,
    RoleName,
    RoleSettings,
)
from boost_qa.errors import RecipeError
from boost_qa.llm.retry import RetryPolicy
from boost_qa.seeds.extract import DEFAULT_MAX_CHARS
from boost_qa.seeds.mapping import PRESETS, SeedMapping
from boost_qa.seeds.source import SourceSpec
from boost_qa.settings import JudgeSettings, QualityPolicy

SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
# Names the Hub or the repository layout reserve: `data` is a reserved split folder name, and
# our own metadata lives in `boost_qa/`.
RESERVED_NAMES = frozenset({"data", "boost_qa", "default", "readme", "readme.md"})
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?$")
PRESET_DOMAINS: dict[str, Domain] = {
    "orca-math": "math",
    "procqa": "code",
    "openhermes": "general",
    "messages": "general",
    "gsm8k": "math",
    "mbpp": "code",
    "mmlu": "general",
    "arc": "general",
    "commonsense-qa": "general",
}
"""The domain each preset's prompts speak to; a config's ``domain:`` overrides it."""
LANGUAGE_NAMES = {
    "en": "English",
    "zh": "Chinese",
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "ja": "Japanese",
    "ru": "Russian",
    "pt": "Portuguese",
}


class SeedSelection(BaseModel):
    """How many seeds a config takes from its source, and the analogy pool beside them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    limit: int | None = Field(None, ge=0, description="the first N good rows")
    sample: int | None = Field(None, ge=0, description="N good rows drawn with `seed`")
    seed: int = 0
    pool_size: int = Field(2000, ge=0, description="analogy retrieval pool size")
    max_rows: int | None = Field(None, ge=0, description="source rows read (streaming)")
    max_chars: int | None = Field(
        DEFAULT_MAX_CHARS, ge=1, description="longer questions/answers/contexts are skipped"
    )

    @model_validator(mode="after")
    def _one_way(self) -> SeedSelection:
        if self.limit is not None and self.sample is not None:
            raise ValueError("give either limit or sample, not both")
        return self


class StatsPolicy(BaseModel):
    """Whether ``boost-qa build`` computes statistics and plots for the card, and how."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = True
    sample_size: int = Field(200, ge=0)
    embed_sample: int = Field(500, ge=0)
    plots: bool = True


EXPORTS = ("prompt_completion", "sharegpt")


class TrainingPolicy(BaseModel):
    """How rows are shaped for trainers, and what the release adds for them (recipe or config).

    ``train_on`` and ``system`` decide the ``messages`` column (``boost_qa.dialogue.messages``);
    ``exports`` adds extra configs in other trainer formats; ``tokenizer`` measures the token
    lengths the card reports (``auto``: the embedded SmolLM2 model's, when installed).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    train_on: list[str] | Literal["all"] | None = None
    system: SystemPolicy | None = None
    exports: list[Literal["prompt_completion", "sharegpt"]] | None = None
    tokenizer: str | None = None

    def over(self, base: TrainingPolicy) -> TrainingPolicy:
        """These settings where given, else ``base``'s."""
        return base.model_copy(update=self.model_dump(exclude_none=True))

    @property
    def shape(self) -> ChatShape:
        """The chat shape these settings ask for (defaults where unset)."""
        return ChatShape(**self.model_dump(include={"train_on", "system"}, exclude_none=True))


class GenerationOverrides(BaseModel):
    """Generation settings a recipe or one config may set."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    scenarios: dict[str, float] | None = None
    debate_rounds: int | str | None = None
    analogy_top_k: int | None = Field(None, ge=1)
    retriever: str | None = None
    max_tokens: int | None = Field(None, gt=0)
    seed: int | None = None
    api_base: str | None = None
    prompt_dir: str | None = None
    turn_attempts: int | None = Field(None, ge=1, le=10)
    bad_turns: Literal["fail", "keep"] | None = None
    length_limit: Literal["reject", "trim", "keep"] | None = None


def check_config_name(value: str) -> str:
    """A config or mix name must be a safe path segment the Hub accepts."""
    if not SAFE_NAME.match(value) or value in {".", ".."}:
        raise ValueError(
            f"{value!r} is not a safe config name (letters, digits, '.', '_', '-'; "
            "starting with a letter or digit; at most 64 characters)"
        )
    if value.lower() in RESERVED_NAMES:
        raise ValueError(f"{value!r} is reserved on the Hub or in the release layout")
    return value


class MixRecipe(BaseModel):
    """A config made of other configs of the release: interleaved by weight, or concatenated."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    configs: dict[str, float] | list[str]
    method: Literal["interleave", "concatenate"] = "interleave"
    stopping: Literal["first_exhausted", "all_exhausted", "all_exhausted_without_replacement"] = (
        "first_exhausted"
    )
    seed: int = 0

    @field_validator("name")
    @classmethod
    def _safe_name(cls, value: str) -> str:
        return check_config_name(value)

    @field_validator("configs")
    @classmethod
    def _weights(cls, value: dict[str, float] | list[str]) -> dict[str, float] | list[str]:
        if not value:
            raise ValueError("a mix needs at least one config")
        if isinstance(value, dict) and (
            any(w < 0 for w in value.values()) or not any(w > 0 for w in value.values())
        ):
            raise ValueError("mix weights must be >= 0 with at least one > 0")
        return value

    @property
    def weights(self) -> dict[str, float]:
        """Component configs with probabilities that sum to 1."""
        raw = self.configs if isinstance(self.configs, dict) else dict.fromkeys(self.configs, 1.0)
        total = sum(raw.values())
        return {name: weight / total for name, weight in raw.items()}


class ConfigRecipe(BaseModel):
    """One published config: a source, its seeds, and how to turn them into dialogues."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    source: SourceSpec
    preset: str | None = None
    mapping: SeedMapping | None = None
    domain: Domain | None = None
    seeds: SeedSelection = Field(default_factory=SeedSelection)
    generation: GenerationOverrides = Field(default_factory=GenerationOverrides)
    training: TrainingPolicy = Field(default_factory=TrainingPolicy)
    license: str | None = None
    description: str = ""

    @field_validator("name")
    @classmethod
    def _safe_name(cls, value: str) -> str:
        return check_config_name(value)

    @model_validator(mode="after")
    def _has_mapping(self) -> ConfigRecipe:
        if self.preset is None and self.mapping is None:
            raise ValueError(f"give a preset ({', '.join(PRESETS)}) or a mapping")
        return self


class Recipe(BaseModel):
    """A release: its identity, its models, and its configs."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    version: str = "0.1.0"
    description: str = ""
    language: str = "en"
    license: str = "other"
    models: LevelModels = Field(default_factory=LevelModels)
    roles: dict[RoleName, RoleSettings] = Field(default_factory=dict)
    generation: GenerationOverrides = Field(default_factory=GenerationOverrides)
    training: TrainingPolicy = Field(default_factory=TrainingPolicy)
    calls: RetryPolicy = Field(default_factory=RetryPolicy)
    judge: JudgeSettings | None = None
    quality: QualityPolicy = Field(default_factory=QualityPolicy)
    stats: StatsPolicy = Field(default_factory=lambda: StatsPolicy())
    configs: list[ConfigRecipe]
    mixes: list[MixRecipe] | None = None
    default_config: str | None = None

    @field_validator("version")
    @classmethod
    def _semver(cls, value: str) -> str:
        if not SEMVER.match(value):
            raise ValueError(f"{value!r} is not a semantic version (X.Y.Z)")
        return value

    @field_validator("configs")
    @classmethod
    def _unique(cls, value: list[ConfigRecipe]) -> list[ConfigRecipe]:
        if not value:
            raise ValueError("a recipe needs at least one config")
        names = [c.name for c in value]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"duplicate config name(s): {duplicates}")
        return value

    @model_validator(mode="after")
    def _default_exists(self) -> Recipe:
        names = [c.name for c in self.configs]
        for mix in self.mix_recipes:
            if mix.name in names:
                raise ValueError(f"mix {mix.name!r} has the name of a config")
            unknown = sorted(set(mix.weights) - set(names))
            if unknown:
                raise ValueError(f"mix {mix.name!r} names unknown config(s) {unknown}")
        every = names + [m.name for m in self.mix_recipes]
        if self.default_config is not None and self.default_config not in every:
            raise ValueError(f"default_config {self.default_config!r} is not one of {every}")
        return self

    @property
    def mix_recipes(self) -> list[MixRecipe]:
        """The recipe's mixes; without a ``mixes`` section, ``all`` concatenates every config."""
        if self.mixes is not None:
            return self.mixes
        if "all" in [c.name for c in self.configs]:
            return []
        return [MixRecipe(name="all", configs=[c.name for c in self.configs], method="concatenate")]

    @property
    def default(self) -> str:
        """The config ``load_dataset(repo)`` loads: the recipe's choice, else ``all``."""
        if self.default_config:
            return self.default_config
        names = [m.name for m in self.mix_recipes]
        return "all" if "all" in names else self.configs[0].name

    @property
    def language_name(self) -> str:
        """The language the prompts ask for, in words."""
        return LANGUAGE_NAMES.get(self.language, self.language)

    def config(self, name: str) -> ConfigRecipe:
        """One config by name."""
        for config in self.configs:
            if config.name == name:
                return config
        raise RecipeError("--config", f"no config {name!r}; the recipe has {self.config_names}")

    @property
    def config_names(self) -> list[str]:
        """Config names in recipe order."""
        return [c.name for c in self.configs]

    def generation_settings(self, config: ConfigRecipe) -> GenerationSettings:
        """The settings one config's dialogues are generated with (config over recipe)."""
        merged: dict[str, Any] = {
            **self.generation.model_dump(exclude_none=True),
            **config.generation.model_dump(exclude_none=True),
        }
        try:
            chat = self.training_policy(config).shape
        except ValidationError as exc:
            raise _recipe_error(exc, f"configs.{config.name}.training") from exc
        try:
            return GenerationSettings(
                language=self.language_name,
                models=self.models,
                roles=self.roles,
                chat=chat,
                domain=config.domain or PRESET_DOMAINS.get(config.preset or "", "general"),
                **merged,
            )
        except ValidationError as exc:
            raise _recipe_error(exc, f"configs.{config.name}.generation") from exc

    @property
    def model_names(self) -> list[str]:
        """Every model the recipe names: the levels, role overrides and the judge."""
        names = [*self.models.model_dump().values()]
        names += [role.model for role in self.roles.values() if role.model]
        if self.judge is not None:
            names.append(self.judge.model)
        return sorted(set(names))

    def training_policy(self, config: ConfigRecipe) -> TrainingPolicy:
        """The trainer-facing settings of one config (config over recipe)."""
        return config.training.over(self.training)

    def with_models(self, overrides: dict[str, str]) -> Recipe:
        """A copy with models replaced per level (weak/mid/strong/all) or per role."""
        models = self.models.model_dump()
        roles = {k: v.model_dump(exclude_none=True) for k, v in self.roles.items()}
        for target, model in overrides.items():
            if target == "all":
                models = dict.fromkeys(models, model)
            elif target in models:
                models[target] = model
            else:
                roles.setdefault(target, {})["model"] = model  # type: ignore[arg-type, index]
        data = self.model_dump()
        data.update(models=models, roles=roles)
        return validate_recipe(data, source="--model")


def _recipe_error(exc: ValidationError, prefix: str = "") -> RecipeError:
    first = exc.errors()[0]
    parts = [str(p) for p in first["loc"]]
    field = ".".join([prefix, *parts] if prefix else parts) or "recipe"
    message = str(first["msg"]).removeprefix("Value error, ")
    extra = len(exc.errors()) - 1
    if extra:
        message += f" (and {extra} more problem(s))"
    return RecipeError(field, message)


def validate_recipe(data: Any, *, source: str = "recipe") -> Recipe:
    """Validate a parsed recipe, turning pydantic errors into a RecipeError naming the field."""
    if not isinstance(data, dict):
        raise RecipeError(source, "a recipe must be a YAML mapping")
    try:
        recipe = Recipe.model_validate(data)
    except ValidationError as exc:
        error = _recipe_error(exc)
        raise RecipeError(f"{source}: {error.field}", str(error).split(": ", 1)[1]) from exc
    for config in recipe.configs:
        recipe.generation_settings(config)
    return recipe


def load_recipe(path: Path) -> Recipe:
    """Read and validate a recipe file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RecipeError(str(path), f"cannot read the recipe: {exc}") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RecipeError(str(path), f"invalid YAML: {exc}") from exc
    return validate_recipe(data, source=str(path))

"""How the columns of a source dataset become a seed (question, reference answer, context).

Sources come in two shapes: flat question/answer columns (Orca-Math, ProCQA, GSM8K, MBPP, ...)
and chat conversations (OpenHermes-2.5, ShareGPT, ``messages`` datasets). A `SeedMapping` names
the columns of either shape so that one extraction routine serves every source; `PRESETS` holds
the mappings of the sources the MASTER paper used, so a recipe can just say ``preset: procqa``.
"""

from __future__ import annotations

from typing import Any, Self

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from boost_qa.errors import RecipeError

__all__ = ["PRESETS", "SeedMapping", "resolve_mapping"]

QUESTION_JOINER = "\n\n"
"""Separator between the question columns (ProCQA title and body) and between system turns."""


class SeedMapping(BaseModel):
    """Which source columns hold the question, the reference answer and the optional context.

    Give either ``question`` and ``answer`` (flat columns) or ``conversations`` (a column holding
    a list of turns). From a conversation the seed is the first user turn (question), the first
    assistant turn after it (answer), and the system turns before that user turn (context).

    Attributes:
        question: One or more columns joined with a blank line, in order (ProCQA title + body).
        answer: The column holding the reference answer.
        context: An optional column holding a system prompt for the seed.
        choices: An optional column holding a multiple-choice question's options: a list of
            strings (MMLU), or a dict of ``text`` and ``label`` lists (ARC, CommonsenseQA).
            The options are lettered (A), (B), ... under the question, and the answer column
            (an index, a label, or the option's text) becomes the option it names.
        conversations: A column holding a list of turns (dicts with a role and a content key).
        role_key: The key of a turn that holds its role.
        content_key: The key of a turn that holds its text.
        user_roles: Role values counted as the user (question) side.
        assistant_roles: Role values counted as the assistant (answer) side.
        system_roles: Role values counted as system prompts (context).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    question: list[str] | None = None
    answer: str | None = None
    context: str | None = None
    choices: str | None = None
    conversations: str | None = None
    role_key: str = "from"
    content_key: str = "value"
    user_roles: tuple[str, ...] = ("human", "user")
    assistant_roles: tuple[str, ...] = ("gpt", "assistant")
    system_roles: tuple[str, ...] = ("system",)

    @field_validator("question", mode="before")
    @classmethod
    def _question_as_list(cls, value: Any) -> Any:
        """Accept a single column name where a list of names is expected."""
        return [value] if isinstance(value, str) else value

    @field_validator("question")
    @classmethod
    def _question_not_empty(cls, value: list[str] | None) -> list[str] | None:
        """Reject an empty list of question columns and empty column names."""
        if value is not None and (not value or any(not name for name in value)):
            raise ValueError("question must name at least one column, and no empty names")
        return value

    @model_validator(mode="after")
    def _one_shape(self) -> Self:
        """Require exactly one of (question and answer) or conversations."""
        flat = self.question is not None or self.answer is not None
        if flat and self.conversations is not None:
            raise ValueError(
                "give either question+answer columns or a conversations column, not both"
            )
        if not flat and self.conversations is None:
            raise ValueError("give either question+answer columns or a conversations column")
        if flat and (self.question is None or self.answer is None):
            missing = "answer" if self.answer is None else "question"
            raise ValueError(f"question and answer go together: {missing} is not set")
        if self.choices is not None and self.conversations is not None:
            raise ValueError("choices go with question and answer columns, not conversations")
        if self.conversations is not None and (not self.user_roles or not self.assistant_roles):
            raise ValueError("user_roles and assistant_roles must not be empty")
        return self

    @property
    def is_conversation(self) -> bool:
        """Whether seeds come from a conversation column rather than flat columns."""
        return self.conversations is not None

    def columns(self) -> list[str]:
        """Return the source columns this mapping reads, in order, without duplicates.

        Returns:
            The column names the source must have.
        """
        names: list[str] = []
        if self.conversations is not None:
            names.append(self.conversations)
        names.extend(self.question or [])
        if self.answer is not None:
            names.append(self.answer)
        if self.context is not None:
            names.append(self.context)
        if self.choices is not None:
            names.append(self.choices)
        return list(dict.fromkeys(names))


_LETTERED = SeedMapping(question=["question"], answer="answerKey", choices="choices")

PRESETS: dict[str, SeedMapping] = {
    "orca-math": SeedMapping(question=["question"], answer="answer"),
    "procqa": SeedMapping(question=["title", "question"], answer="answer"),
    "openhermes": SeedMapping(conversations="conversations", role_key="from", content_key="value"),
    "messages": SeedMapping(conversations="messages", role_key="role", content_key="content"),
    # Common evaluation sources, as their Hub datasets lay them out.
    "gsm8k": SeedMapping(question=["question"], answer="answer"),  # openai/gsm8k
    "mbpp": SeedMapping(question=["text"], answer="code"),  # google-research-datasets/mbpp
    "mmlu": SeedMapping(question=["question"], answer="answer", choices="choices"),  # cais/mmlu
    "arc": _LETTERED,  # allenai/ai2_arc
    "commonsense-qa": _LETTERED,  # tau/commonsense_qa
}
"""Mappings of the MASTER sources, of common evaluation sets and of the common chat format,
by recipe name."""

_FLAT_FIELDS = frozenset({"question", "answer"})


def _merge(base: SeedMapping, overrides: dict[str, Any]) -> dict[str, Any]:
    """Lay mapping fields over a preset; switching shape drops the preset's other shape."""
    merged = base.model_dump(exclude_none=True)
    if "conversations" in overrides:
        for name in _FLAT_FIELDS:
            merged.pop(name, None)
    if _FLAT_FIELDS & overrides.keys():
        merged.pop("conversations", None)
    merged.update(overrides)
    return merged


def _validation_error(exc: ValidationError) -> RecipeError:
    """Turn a pydantic error into a RecipeError naming the first offending field."""
    first = exc.errors()[0]
    loc = ".".join(str(part) for part in first["loc"])
    field = f"source.mapping.{loc}" if loc else "source.mapping"
    message = str(first["msg"]).removeprefix("Value error, ")
    return RecipeError(field, message)


def resolve_mapping(
    preset: str | None, mapping: SeedMapping | dict[str, Any] | None
) -> SeedMapping:
    """Return the mapping a source section asks for.

    A preset alone gives that preset; a mapping alone is validated; both together lay the
    mapping's fields over the preset (``preset: openhermes`` + ``mapping: {conversations: c}``).

    Args:
        preset: A key of `PRESETS`, or None.
        mapping: A mapping or its fields as a dict, or None.

    Returns:
        The validated mapping.

    Raises:
        RecipeError: The preset is unknown, neither is given, or the mapping is invalid.
    """
    known = ", ".join(sorted(PRESETS))
    if preset is not None and preset not in PRESETS:
        raise RecipeError("source.preset", f"unknown preset {preset!r}; known: {known}")
    if mapping is None:
        if preset is None:
            raise RecipeError(
                "source.mapping", f"give a preset (one of: {known}) or a column mapping"
            )
        return PRESETS[preset]
    if isinstance(mapping, SeedMapping):
        if preset is None:
            return mapping
        overrides = mapping.model_dump(exclude_unset=True)
    elif isinstance(mapping, dict):
        overrides = dict(mapping)
    else:
        raise RecipeError(
            "source.mapping", f"expected a table of columns, got {type(mapping).__name__}"
        )
    fields = _merge(PRESETS[preset], overrides) if preset is not None else overrides
    try:
        return SeedMapping.model_validate(fields)
    except ValidationError as exc:
        raise _validation_error(exc) from exc

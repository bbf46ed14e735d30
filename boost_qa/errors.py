"""Errors raised by boost-qa.

The tree::

    BoostQAError                 anything boost-qa raises on purpose
    ├── RecipeError              a recipe or option is invalid (names the field)
    ├── SourceError              a source cannot be read or lacks a column (names file/columns)
    ├── SecurityError            the environment is unsafe to run in (compromised litellm)
    ├── LLMCallError             one model call failed after its retries (carries the reason)
    │   └── BudgetExceeded       the cost limit was reached before the call was made
    └── ProviderRefused          the provider refuses every call (bad key, unknown model, no
                                 quota): the build stops, and a rerun resumes

Every message is safe to print: none contains an API key or token.
"""

from __future__ import annotations


class BoostQAError(Exception):
    """Base class of every error boost-qa raises on purpose."""


class RecipeError(BoostQAError):
    """A recipe, config or command-line option is invalid."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"{field}: {message}")


class SourceError(BoostQAError):
    """A source dataset cannot be loaded or does not have the expected shape."""


class MissingColumnError(SourceError):
    """A mapping names a column the source does not have."""

    def __init__(self, source: str, missing: list[str], available: list[str]) -> None:
        self.source = source
        self.missing = missing
        self.available = available
        super().__init__(
            f"{source}: missing column(s) {', '.join(missing)}; "
            f"the source has: {', '.join(available) or '(no columns)'}"
        )


class SecurityError(BoostQAError):
    """The environment is known to be unsafe (for example a compromised litellm release)."""


class LLMCallError(BoostQAError):
    """A model call failed for good, after retries where the failure was retryable."""

    def __init__(
        self, reason: str, *, attempts: int = 1, status: int | None = None, fatal: bool = False
    ) -> None:
        self.reason = reason
        self.attempts = attempts
        self.status = status
        self.fatal = fatal
        super().__init__(f"{reason} (after {attempts} attempt(s))")


class BudgetExceeded(LLMCallError):
    """The build's cost limit was reached, so the call was not made."""


class ProviderRefused(BoostQAError):
    """Calls to a model were refused in a way no retry can fix, so the build stops early.

    Raised after a few such answers (:data:`boost_qa.llm.fail_fast.STOP_AFTER`) instead of one
    doomed call per row. Work already done stays in the request cache, so a rerun resumes.
    """

    def __init__(self, model: str, reason: str, refusals: int, speaker: str = "") -> None:
        self.model = model
        self.reason = reason
        self.refusals = refusals
        self.speaker = speaker
        who = f"the {speaker}'s model" if speaker else "model"
        super().__init__(
            f"{who} {model} was refused {refusals} time(s), so the build stopped: {reason}. "
            "Check the model name, API key, base URL and quota; finished calls are kept in the "
            "request cache and rerunning the same command resumes"
        )

    def __reduce__(self) -> tuple[type[ProviderRefused], tuple[str, str, int, str]]:
        return (type(self), (self.model, self.reason, self.refusals, self.speaker))

    def for_speaker(self, speaker: str) -> ProviderRefused:
        """The same refusal, naming the dialogue role whose turn it was."""
        return ProviderRefused(self.model, self.reason, self.refusals, speaker)

"""The reproducibility manifest: everything needed to explain and rebuild a release."""

from __future__ import annotations

import platform
import sys
from importlib import metadata
from typing import Any

from boost_qa.dialogue.prompts import PromptLibrary
from boost_qa.dialogue.settings import ROLE_LEVEL, GenerationSettings
from boost_qa.redact import redact


def library_versions() -> dict[str, str]:
    """Versions of boost-qa and the libraries that shape its output."""
    versions = {"python": platform.python_version()}
    for name in ("boost-qa", "litellm", "datasets", "huggingface-hub", "evaluate", "pyarrow"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def models_by_role(settings: GenerationSettings) -> dict[str, dict[str, Any]]:
    """The model, level, temperature and token limit of every role."""
    roles = {}
    for name in ROLE_LEVEL:
        role = settings.role(name)
        roles[name] = {
            "model": role.model,
            "level": role.level,
            "temperature": role.temperature,
            "max_tokens": role.max_tokens,
        }
    return roles


def command_line(argv: list[str] | None = None) -> str:
    """The command that built the release, with secrets removed."""
    args = sys.argv if argv is None else argv
    words = ["boost-qa", *args[1:]] if args and args[0].endswith("boost-qa") else args
    return redact(" ".join(words))


def prompt_hashes(prompts: PromptLibrary) -> dict[str, str]:
    """Hashes of every prompt template, as resolved for this build."""
    return prompts.hashes()

"""The reproducibility manifest: everything needed to explain and rebuild a release."""

from __future__ import annotations

import json
import platform
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from boost_qa.dialogue.prompts import PromptLibrary
from boost_qa.dialogue.settings import ROLE_LEVEL, GenerationSettings
from boost_qa.errors import SourceError
from boost_qa.release.folder import MANIFEST_FILE


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
    """The command that built the release: secrets removed, paths cut to their names."""
    from boost_qa.release.public import public_command

    return public_command(sys.argv if argv is None else argv)


def prompt_hashes(prompts: PromptLibrary) -> dict[str, str]:
    """Hashes of every prompt template, as resolved for this build."""
    return prompts.hashes()


# -- the typed manifest ---------------------------------------------------------------------

MANIFEST_VERSION = 1
"""Version of the manifest's shape. 0: manifests written before the field existed (same
shape, some fields missing: ``guards``, ``analogy_pool``, ``exports``, ``token_lengths``...)."""


class _Record(BaseModel):
    """A part of the manifest: keys of older or newer builds are kept as they are."""

    model_config = ConfigDict(extra="allow")


class ReleaseInfo(_Record):
    """The release's identity as the card shows it."""

    description: str = ""
    language: str = "en"
    license: str = "other"
    config_licenses: dict[str, str] = Field(default_factory=dict)


class RoleModel(_Record):
    """The model, level, temperature and token limit of one role."""

    model: str
    level: str | None = None
    temperature: float | None = None
    max_tokens: int | None = None


class LocalFile(_Record):
    """One local data file of a source: its name (never its path), size and content hash."""

    name: str
    size: int
    sha256: str


class SourceRecord(_Record):
    """Where a config's seeds came from.

    ``dataset`` is a Hub dataset id, or for a local source its file (or folder, or glob) name;
    a local source also lists its files in ``local_files``.
    """

    dataset: str
    config: str | None = None
    split: str = "train"
    revision: str | None = None
    fingerprint: str = ""
    local_files: list[LocalFile] | None = None

    @property
    def is_local(self) -> bool:
        """Whether the source is local files, not a Hub dataset (older manifests: guessed)."""
        if self.local_files is not None:
            return True
        from boost_qa.seeds.source import looks_local

        return looks_local(self.dataset)


class GuardSummary(_Record):
    """How much regenerating the turn guards asked for (``pipeline.guard_stats``)."""

    agent_turns: int = 0
    tries: int = 0
    turns_retried: int = 0
    turns_kept_bad: int = 0
    rows_failed_by_guards: int = 0
    rejected: dict[str, int] = Field(default_factory=dict)


class ConfigSummary(_Record):
    """What the build did for one config: source, seeds, rows, calls, files."""

    source: SourceRecord
    rows_scanned: int = 0
    seeds: int = 0
    skipped: dict[str, int] = Field(default_factory=dict)
    pool_size: int = 0
    retriever: str | None = None
    analogy_pool: str | None = None
    rows: int = 0
    rows_per_scenario: dict[str, int] = Field(default_factory=dict)
    failed: int = 0
    guards: GuardSummary | None = None
    dropped: dict[str, int] = Field(default_factory=dict)
    fingerprint: str = ""
    models: dict[str, RoleModel] = Field(default_factory=dict)
    settings: dict[str, Any] = Field(default_factory=dict)
    calls: int = 0
    cache_hits: int = 0
    retries: int = 0
    failures: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float = 0.0
    data_tag: str = ""
    files: list[str] = Field(default_factory=list)
    training: dict[str, Any] | None = None
    token_lengths: dict[str, Any] | None = None
    batch: dict[str, Any] | None = None
    """Batch mode only: waves, calls per wave, batch ids and states, the batch price charged."""


class MixSummary(_Record):
    """A mix: its recipe and actual composition, and its files."""

    method: str
    weights: dict[str, float] = Field(default_factory=dict)
    stopping: str | None = None
    seed: int = 0
    rows: int = 0
    composition: dict[str, int] = Field(default_factory=dict)
    rows_per_scenario: dict[str, int] = Field(default_factory=dict)
    data_tag: str = ""
    files: list[str] = Field(default_factory=list)


class ExportSummary(_Record):
    """A trainer-format export of one config."""

    config: str
    format: str
    rows: int = 0
    data_tag: str = ""
    files: list[str] = Field(default_factory=list)


class Totals(_Record):
    """Counts over every config of the build."""

    seeds: int = 0
    rows: int = 0
    failed: int = 0
    calls: int = 0
    cache_hits: int = 0
    retries: int = 0
    failures: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float = 0.0
    endpoint_checks: int = 0
    """One-token calls that checked the endpoints before the first wave: not in ``calls`` or
    ``cost``, which are the dialogues' own (a check costs a few prompt tokens); absent when
    none was made."""
    wall_seconds: float = 0.0


class RepairRecord(_Record):
    """One ``boost-qa repair`` round."""

    round: int
    repaired_at: str = ""
    flags: list[str] = Field(default_factory=list)
    configs: dict[str, dict[str, int]] = Field(default_factory=dict)
    calls: int = 0
    cache_hits: int = 0


class Manifest(_Record):
    """The reproducibility manifest: ``boost_qa/manifest.json``.

    Written with ``exclude_unset``: a field appears in the JSON when the build (or an older
    manifest read back) set it, so the file keeps the keys it always had. Reading an older
    manifest (version 0 differs only by missing fields) gives the fields added since their
    defaults; keys this version does not know (an older or newer build's) are kept.
    """

    manifest_version: int = 0
    name: str
    version: str = "0.1.0"
    release: ReleaseInfo = Field(default_factory=ReleaseInfo)
    built_at: str | None = None
    command: str = ""
    recipe_file: str | None = None
    versions: dict[str, str] = Field(default_factory=dict)
    models: dict[str, RoleModel] = Field(default_factory=dict)
    prompt_templates: dict[str, str] = Field(default_factory=dict)
    transform_fingerprints: dict[str, str] = Field(default_factory=dict)
    stopped: str | None = None
    configs: dict[str, ConfigSummary] = Field(default_factory=dict)
    totals: Totals = Field(default_factory=Totals)
    mixes: dict[str, MixSummary] = Field(default_factory=dict)
    skipped_mixes: dict[str, str] = Field(default_factory=dict)
    default_config: str | None = None
    exports: dict[str, ExportSummary] = Field(default_factory=dict)
    repairs: list[RepairRecord] = Field(default_factory=list)
    built_from: str | None = None
    published_at: str | None = None

    def config_license(self, name: str) -> str:
        """A config's licence: its own, else the release's."""
        return self.release.config_licenses.get(name, self.release.license)

    def to_json_dict(self) -> dict[str, Any]:
        """The JSON value written to ``manifest.json`` (see the class docstring)."""
        data: dict[str, Any] = self.model_dump(mode="json", exclude_unset=True)
        return {"manifest_version": MANIFEST_VERSION, **data}


def manifest_json(manifest: Manifest) -> str:
    """The text of ``manifest.json``."""
    return json.dumps(manifest.to_json_dict(), indent=2) + "\n"


def parse_manifest(data: Any, *, where: str = MANIFEST_FILE) -> Manifest:
    """A manifest from its JSON value (of any version).

    Raises:
        SourceError: ``data`` is not a manifest.
    """
    if not isinstance(data, dict) or not isinstance(data.get("configs", {}), dict):
        raise SourceError(f"{where}: no `configs` mapping")
    try:
        return Manifest.model_validate(data)
    except ValidationError as exc:
        raise SourceError(f"{where}: not a boost-qa manifest: {exc}") from exc


def read_manifest(path: Path) -> Manifest:
    """The manifest stored at ``path``.

    Raises:
        SourceError: There is no manifest, or it cannot be read.
    """
    if not path.is_file():
        folder = path.parent.parent
        raise SourceError(f"{folder} is not a boost-qa release (no {MANIFEST_FILE})")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SourceError(f"{MANIFEST_FILE}: cannot be read: {exc}") from exc
    return parse_manifest(data)

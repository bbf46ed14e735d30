"""Prompt templates: Jinja files shipped in ``boost_qa/prompts``, overridable per recipe.

Templates are rendered in a sandbox with strict undefined variables. Source text reaches them
only as variable values, which Jinja never re-parses: template syntax inside a question is data.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections import OrderedDict
from collections.abc import Hashable, Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

RENDERED = 4096
"""Renders remembered per library (each a few kilobytes of text at most)."""
PACKAGE_PROMPTS = Path(__file__).resolve().parent.parent / "prompts"
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)


def prompt_library(prompt_dir: str | None, base_dir: Path | None = None) -> PromptLibrary:
    """The library a recipe's ``prompt_dir`` asks for (relative to the recipe's folder)."""
    if prompt_dir is None:
        return PromptLibrary()
    path = Path(prompt_dir)
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    if not path.is_dir():
        from boost_qa.errors import RecipeError

        raise RecipeError("generation.prompt_dir", f"{path} is not a folder")
    return PromptLibrary(path)


def _key(name: str, variables: dict[str, Any]) -> Hashable | None:
    """A hashable form of one render's inputs, or None when a value has none."""
    items: list[tuple[str, Any]] = []
    for variable, value in variables.items():
        if isinstance(value, list):
            value = ("__list__", *value)
        elif not isinstance(value, str | int | float | bool | tuple | type(None)):
            return None
        items.append((variable, value))
    key = (name, *sorted(items))
    try:
        hash(key)
    except TypeError:
        return None
    return key


DOMAINS = ("math", "code", "general")
"""The domains the prompts speak to (``generation.domain``)."""


class _Blank(jinja2.Undefined):
    """A variable a persona is rendered without: a line break, empty when iterated or tested."""

    def __str__(self) -> str:
        return "\n"


class PromptLibrary:
    """Loads, renders and hashes the prompt templates one build uses."""

    def __init__(
        self, override_dir: Path | None = None, *, loader: jinja2.BaseLoader | None = None
    ) -> None:
        search = [str(override_dir)] if override_dir else []
        search.append(str(PACKAGE_PROMPTS))
        self._loader = loader or jinja2.FileSystemLoader(search)
        self._env = SandboxedEnvironment(
            loader=self._loader,
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            keep_trailing_newline=False,
            trim_blocks=False,
            auto_reload=False,  # templates do not change during a build: no stat per render
        )
        self._templates: dict[str, jinja2.Template] = {}
        self._rendered: OrderedDict[Hashable, str] = OrderedDict()

    def render(self, name: str, **variables: Any) -> str:
        """Render one template to stripped text.

        Remembered for the last ``RENDERED`` distinct calls: an agent's persona is rendered
        with the same values at each of its turns, and a sandboxed render costs more than a
        model call's own bookkeeping. Rendering has no other input, so the text is the same.
        """
        key = _key(name, variables)
        if key is not None:
            text = self._rendered.get(key)
            if text is not None:
                self._rendered.move_to_end(key)
                return text
        template = self._templates.get(name)
        if template is None:
            template = self._templates[name] = self._env.get_template(name)
        text = template.render(**variables).strip()
        if key is not None:
            self._rendered[key] = text
            if len(self._rendered) > RENDERED:
                self._rendered.popitem(last=False)
        return text

    def source(self, name: str) -> str:
        """The text of one template, as resolved (override first)."""
        text, _, _ = self._loader.get_source(self._env, name)
        return text

    def names(self) -> list[str]:
        """Every template name visible to this library."""
        return sorted(self._loader.list_templates())

    @classmethod
    def from_sources(cls, sources: dict[str, str]) -> PromptLibrary:
        """A library of templates held in memory, e.g. shipped to a worker on another machine."""
        return cls(loader=jinja2.DictLoader(dict(sources)))

    def sources(self) -> dict[str, str]:
        """Every template's text as resolved (override first), for ``from_sources``."""
        return {name: self.source(name) for name in self.names()}

    def instructions(self) -> str:
        """The fixed wording of every agent prompt (persona and rules), Jinja tags removed.

        What a reply must never repeat (``boost_qa.text.echo``); the fixed dialogue turns
        (``turn_*.j2``) are dialogue text, not instructions, and are left out.
        """
        parts = []
        for name in self.names():
            if name.rsplit("/", 1)[-1].startswith("turn_") or name.startswith("judge/"):
                continue
            parts.append(_TAG.sub("\n", self.source(name)))
        return "\n".join(parts)

    def personas(self, labels: Mapping[str, Sequence[str]]) -> list[str]:
        """Every agent prompt as its speakers read it, the data it carries left blank.

        ``labels``: the speaker labels of each scenario, by its template folder. Each persona
        (not ``turn_*``) is rendered for each domain and each pair of its scenario's speakers
        (``me`` and ``partner``), so a reply that copies "You are Student A, a student with only
        a partial grasp of math, discussing a problem with Student B" matches it word for word;
        ``instructions`` has no names in it. Any other variable (the question, answers, earlier
        turns) renders as a line break, so its text is not part of what may not be copied.
        """
        blank = SandboxedEnvironment(
            loader=self._loader, undefined=_Blank, autoescape=False, auto_reload=False
        )
        texts = []
        for name in self.names():
            folder, _, base = name.rpartition("/")
            if base.startswith("turn_") or folder not in labels:
                continue
            template = blank.get_template(name)
            speakers = labels[folder]
            for me, partner in itertools.permutations(speakers, 2):
                others = sorted(set(speakers) - {me})
                for domain in DOMAINS:
                    texts.append(
                        template.render(me=me, partner=partner, others=others, domain=domain)
                    )
        return texts

    def hashes(self) -> dict[str, str]:
        """SHA-256 (first 16 hex digits) of every template, for fingerprints and manifests."""
        return {
            name: hashlib.sha256(self.source(name).encode()).hexdigest()[:16]
            for name in self.names()
        }

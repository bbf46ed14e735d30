"""What leaves the machine: a release names local files and folders, never their paths.

A path says where things were on the builder's machine (``/home/alice/...``, in the demo
``../samples/gsm8k.jsonl``) and ``boost-qa publish`` sends the release to the Hub as it is. So
every value the build records that may hold a local path (the command line, the recipe copy,
a config's settings) goes through here and keeps only the last part of the path.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from boost_qa.redact import redact
from boost_qa.seeds.source import local_name, looks_local

_PATH_SHAPED = re.compile(r"^(?:/|~|\.{1,2}[/\\]|[A-Za-z]:[/\\]|\\\\)")
"""Absolute, home-relative, ``./``/``../``-relative or Windows paths."""
_KEYWORDS = frozenset({"auto", "none"})


def is_path_shaped(value: str) -> bool:
    """Whether a string is unmistakably a local path (never a model or Hub id, nor a URL)."""
    return bool(_PATH_SHAPED.match(value))


def public_value(value: Any) -> Any:
    """``value`` with every path-shaped string (in lists and dicts too) cut to its name."""
    if isinstance(value, str):
        return local_name(value) if is_path_shaped(value) else value
    if isinstance(value, list):
        return [public_value(v) for v in value]
    if isinstance(value, dict):
        return {k: public_value(v) for k, v in value.items()}
    return value


def public_recipe(recipe: dict[str, Any]) -> dict[str, Any]:
    """A recipe dump as the release records it: sources, prompt folders, tokenizers by name."""
    out: dict[str, Any] = public_value(recipe)
    _named(out.get("generation"), "prompt_dir")
    _tokenizer(out.get("training"))
    for config in out.get("configs") or []:
        source = config.get("source") or {}
        if isinstance(source.get("path"), str) and looks_local(source["path"]):
            source["path"] = local_name(source["path"])
        _named(config.get("generation"), "prompt_dir")
        _tokenizer(config.get("training"))
    return out


def public_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """A config's generation settings as the manifest records them (``prompt_dir`` by name)."""
    out: dict[str, Any] = public_value(settings)
    _named(out, "prompt_dir")
    return out


def public_command(argv: Sequence[str]) -> str:
    """The command line as recorded: secrets removed, path arguments cut to their names.

    ``argv[0]`` is ``boost-qa`` when the console script ran; any other program (``python
    script.py``) is named by its file name. An argument is a path when it is path-shaped or
    names an existing file or folder (``recipes/demo.yaml``); ``--opt=PATH`` counts too.
    """
    if not argv:
        return ""
    program = "boost-qa" if argv[0].endswith("boost-qa") else local_name(argv[0])
    return redact(" ".join([program, *(_public_word(w) for w in argv[1:])]))


def _public_word(word: str) -> str:
    option, sep, value = word.partition("=") if word.startswith("--") else ("", "", word)
    if not sep:
        option, value = "", word
    return f"{option}{sep}{local_name(value)}" if _is_path_argument(value) else word


def _is_path_argument(value: str) -> bool:
    from pathlib import Path

    if is_path_shaped(value):
        return True
    if ("/" in value or "\\" in value) and Path(value).exists():
        return True
    return False


def _named(section: Any, key: str) -> None:
    if isinstance(section, dict) and isinstance(section.get(key), str):
        section[key] = local_name(section[key])


def _tokenizer(section: Any) -> None:
    if isinstance(section, dict) and isinstance(section.get("tokenizer"), str):
        if section["tokenizer"] not in _KEYWORDS:
            section["tokenizer"] = local_name(section["tokenizer"])

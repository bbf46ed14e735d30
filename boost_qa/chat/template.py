"""A chat template to check rows against, loaded from wherever trainers keep one.

Rendering goes through ``transformers``: ``tokenizer.apply_chat_template`` when a tokenizer
came with the template, else ``render_jinja_template`` (what ``apply_chat_template`` calls),
with the special tokens given. So a row renders here exactly as it does in TRL or axolotl.

A template comes from one of:

- a Jinja file (``.jinja``, ``.j2``, ``.txt``), with ``bos_token``/``eos_token`` given apart;
- a tokenizer folder (``tokenizer_config.json`` and ``chat_template.jinja`` as
  ``save_pretrained`` writes them);
- a ``.gguf`` file (llama.cpp models carry their template and tokenizer);
- ``embedded``: the embedded SmolLM2 model's GGUF (the ``local`` extra);
- a ``.json`` template set: ``{name: {file, bos_token, eos_token, variables}}`` with files
  relative to it (how ``tests/e2e/conformance/templates`` vendors 74 real templates).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from boost_qa.errors import BoostQAError

EMBEDDED = "embedded"
INSTALL_HINT = "pip install 'boost-qa[check]'"


class TemplateError(BoostQAError):
    """A chat template or tokenizer cannot be loaded."""


@dataclass
class ChatTemplate:
    """A chat template, the special tokens it is rendered with, and maybe its tokenizer."""

    name: str
    source: str
    special_tokens: dict[str, str] = field(default_factory=dict)
    tokenizer: Any = None
    variables: dict[str, Any] = field(default_factory=dict)
    """Extra template variables, e.g. ``tools=[]`` for a tool-calling template that needs it."""
    memo: dict[str, Any] = field(default_factory=dict, repr=False)
    """Facts learned about the template once (its turn markers)."""

    def render(self, messages: list[dict[str, Any]]) -> str:
        """The training text of one conversation, as ``apply_chat_template`` makes it.

        Raises whatever the template raises (``TemplateError`` from ``raise_exception``).
        """
        if self.tokenizer is not None:
            text = self.tokenizer.apply_chat_template(
                messages, chat_template=self.source, tokenize=False, **self.variables
            )
            return str(text)
        render_jinja_template = _renderer()
        rendered, _ = render_jinja_template(
            conversations=[messages],
            chat_template=self.source,
            **self.special_tokens,
            **self.variables,
        )
        return str(rendered[0])


def _renderer() -> Any:
    try:
        from transformers.utils.chat_template_utils import render_jinja_template
    except ImportError as exc:
        raise TemplateError(f"rendering chat templates needs transformers: {INSTALL_HINT}") from exc
    return render_jinja_template


def load_template(
    spec: str, *, bos_token: str | None = None, eos_token: str | None = None
) -> ChatTemplate:
    """The template ``spec`` names (see the module docstring).

    Raises:
        TemplateError: The file or folder is missing, holds no template, or needs a package
            that is not installed.
    """
    if spec == EMBEDDED:
        return _from_gguf(embedded_gguf(), name="SmolLM2-135M-Instruct (embedded)")
    path = Path(spec).expanduser()
    if path.is_dir():
        return _from_tokenizer_dir(path)
    if path.suffix == ".gguf" and path.is_file():
        return _from_gguf(path, name=path.name)
    if path.is_file():
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise TemplateError(f"{path}: cannot read the template: {exc}") from exc
        tokens = {"bos_token": bos_token or "", "eos_token": eos_token or ""}
        return ChatTemplate(name=path.name, source=source, special_tokens=tokens)
    raise TemplateError(
        f"{spec}: no such file or folder (give a .jinja file, a tokenizer folder, a .gguf "
        f"file or '{EMBEDDED}')"
    )


def load_templates(
    spec: str, *, bos_token: str | None = None, eos_token: str | None = None
) -> list[ChatTemplate]:
    """The templates ``spec`` names: a ``.json`` template set, else the one template."""
    path = Path(spec).expanduser()
    if path.suffix == ".json" and path.is_file():
        return template_set(path)
    return [load_template(spec, bos_token=bos_token, eos_token=eos_token)]


def template_set(path: Path) -> list[ChatTemplate]:
    """Every template of a ``.json`` template set, in its order."""
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
        return [
            ChatTemplate(
                name=name,
                source=(path.parent / entry["file"]).read_text(encoding="utf-8"),
                special_tokens={
                    "bos_token": entry.get("bos_token") or "",
                    "eos_token": entry.get("eos_token") or "",
                },
                variables={
                    **({"tools": []} if entry.get("needs_tools") else {}),
                    **(entry.get("variables") or {}),
                },
            )
            for name, entry in entries.items()
        ]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise TemplateError(f"{path}: not a template set ({exc})") from exc


def embedded_gguf() -> Path:
    """The embedded model's GGUF file (its template and tokenizer are SmolLM2's)."""
    from boost_qa.llm.gguf_file import locate_gguf

    path, reason = locate_gguf()
    if path is None:
        raise TemplateError(reason)
    return path


def _from_tokenizer_dir(path: Path) -> ChatTemplate:
    tokenizer = _auto_tokenizer(path)
    source = tokenizer.chat_template
    if isinstance(source, dict):  # named templates: the default one is what trainers use
        source = source.get("default") or next(iter(source.values()), None)
    if not source:
        raise TemplateError(f"{path}: the tokenizer has no chat template")
    return ChatTemplate(
        name=path.name, source=str(source), special_tokens=_special(tokenizer), tokenizer=tokenizer
    )


def _from_gguf(path: Path, *, name: str) -> ChatTemplate:
    tokenizer = gguf_tokenizer(path)
    source = tokenizer.chat_template or _gguf_template(path)
    if not source:
        raise TemplateError(f"{path}: the GGUF file carries no chat template")
    return ChatTemplate(
        name=name, source=str(source), special_tokens=_special(tokenizer), tokenizer=tokenizer
    )


@functools.cache
def gguf_tokenizer(path: Path) -> Any:
    """The Hugging Face tokenizer stored in a GGUF file, converted once per file and version.

    Why a saved copy: transformers converts it by reading every vocabulary field of the GGUF
    with gguf's pure-Python reader, about 15 s for the embedded SmolLM2 on a 2-core machine,
    which every build paid again to measure its rows' token lengths. The converted tokenizer
    is saved under the cache folder (``BOOST_QA_CACHE_DIR``), keyed by the file's name, size
    and modification time and by the transformers version, and later loads take two seconds.
    """
    saved = _converted_copy(path)
    if saved is not None and saved.is_dir():
        try:
            return _saved_tokenizer(saved)
        except TemplateError:
            pass  # an unreadable copy: convert again and replace it
    tokenizer = _auto_tokenizer(path.parent, gguf_file=path.name)
    if saved is not None:
        _save_copy(tokenizer, saved)
    return tokenizer


def _saved_tokenizer(folder: Path) -> Any:
    """A converted copy, loaded as the fast tokenizer it is.

    Why not ``AutoTokenizer``: resolving the class imports ``transformers``' model
    configuration and with it torch, 3 to 4 s of a build that needs only the tokenizer.
    """
    try:
        from transformers import PreTrainedTokenizerFast

        return PreTrainedTokenizerFast.from_pretrained(str(folder), local_files_only=True)
    except (ImportError, OSError, ValueError, json.JSONDecodeError) as exc:
        raise TemplateError(f"{folder}: cannot load a tokenizer: {exc}") from exc


def _converted_copy(path: Path) -> Path | None:
    """Where the converted tokenizer of ``path`` is kept (None: the cache is off)."""
    from boost_qa.llm.cache import cache_disabled, default_cache_dir

    if cache_disabled():
        return None
    try:
        import transformers

        stat = path.stat()
    except (ImportError, OSError):
        return None
    key = f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{transformers.__version__}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return default_cache_dir() / "tokenizers" / f"{path.stem}-{digest}"


def _save_copy(tokenizer: Any, target: Path) -> None:
    """Save next to ``target`` and rename into place, so a reader never sees half a copy."""
    partial = target.with_name(f"{target.name}.partial-{os.getpid()}")
    try:
        tokenizer.save_pretrained(str(partial))
        if target.exists():
            shutil.rmtree(target, ignore_errors=True)
        os.replace(partial, target)
    except OSError:
        pass  # a read-only or full cache folder: the next build converts again
    finally:
        shutil.rmtree(partial, ignore_errors=True)


def _auto_tokenizer(folder: Path, **kwargs: Any) -> Any:
    try:
        from transformers import AutoTokenizer
    except ImportError as exc:
        raise TemplateError(f"loading a tokenizer needs transformers: {INSTALL_HINT}") from exc
    try:
        return AutoTokenizer.from_pretrained(str(folder), local_files_only=True, **kwargs)
    except ImportError as exc:  # e.g. the gguf package for .gguf files
        raise TemplateError(f"{folder}: {exc}; {INSTALL_HINT}") from exc
    except (OSError, ValueError, json.JSONDecodeError) as exc:
        raise TemplateError(f"{folder}: cannot load a tokenizer: {exc}") from exc


def _gguf_template(path: Path) -> str | None:
    from gguf import GGUFReader

    field = GGUFReader(str(path)).fields.get("tokenizer.chat_template")
    return None if field is None else bytes(field.parts[field.data[0]]).decode("utf-8")


def _special(tokenizer: Any) -> dict[str, str]:
    return {
        k: str(v) for k, v in (tokenizer.special_tokens_map or {}).items() if isinstance(v, str)
    }

"""``boost-qa check``: does every row of a release train under a given chat template?

For each row: the messages must alternate (an optional system turn, then user/assistant,
ending on assistant); the template must render them without error, keep every message's text
once and in order, and keep consecutive turns apart (``boost_qa.chat.spans``). Token lengths
of the rendered rows (the tokens a trainer sees) are summed up per config.

Rows may be in any of the chat shapes trainers use: ``messages`` (OpenAI style, what BOOST-QA
writes), ``prompt`` + ``completion`` (TRL's conversational prompt-completion) or
``conversations`` (ShareGPT ``from``/``value``).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from boost_qa.chat.spans import render_checked
from boost_qa.chat.template import ChatTemplate
from boost_qa.dialogue.messages import roles_alternate
from boost_qa.errors import SourceError

SHAREGPT_ROLES = {"system": "system", "human": "user", "user": "user", "gpt": "assistant"}
LENGTH_STEP = 128
"""A recommended ``max_length`` is the longest row rounded up to a multiple of this."""
COMMON_LENGTHS = (512, 1024, 2048, 4096)
MAX_LISTED = 20
"""Failing rows printed on screen (``--json`` has them all)."""
STATUSES = ("ok", "blurs", "duplicated", "reordered", "lost", "misshaped", "raises")
"""Row verdicts from best to worst: ``boost_qa.chat.spans``'s, plus ``misshaped`` (roles that
do not alternate, whatever the template does with them)."""


@dataclass(frozen=True)
class RowFailure:
    """A row a trainer cannot use as it is, and why."""

    config: str
    id: str
    status: str
    problems: tuple[str, ...]


@dataclass
class ConfigCheck:
    """What one config's rows did under the template."""

    name: str
    rows: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    failures: list[RowFailure] = field(default_factory=list)
    notes: Counter[str] = field(default_factory=Counter)
    tokens: list[int] = field(default_factory=list)

    def add(self, row_id: str, status: str, problems: Iterable[str], notes: Iterable[str]) -> None:
        """Count one row's verdict."""
        self.rows += 1
        self.statuses[status] += 1
        self.notes.update(notes)
        if status != "ok":
            self.failures.append(RowFailure(self.name, row_id, status, tuple(problems)))

    def lengths(self, max_length: int | None = None) -> dict[str, Any]:
        """p50/p90/max token lengths, rows over ``max_length`` and over common lengths."""
        if not self.tokens:
            return {}
        ordered = sorted(self.tokens)
        over = {str(n): sum(1 for t in ordered if t > n) for n in COMMON_LENGTHS}
        out: dict[str, Any] = {
            "p50": _percentile(ordered, 50),
            "p90": _percentile(ordered, 90),
            "max": ordered[-1],
            "mean": round(sum(ordered) / len(ordered), 1),
            "over": over,
            "recommended_max_length": recommended_max_length(ordered[-1]),
        }
        if max_length is not None:
            out["over_max_length"] = sum(1 for t in ordered if t > max_length)
        return out


@dataclass
class CheckReport:
    """Every config's verdicts under one template."""

    template: str
    tokenizer: str | None
    max_length: int | None
    configs: dict[str, ConfigCheck] = field(default_factory=dict)

    @property
    def failures(self) -> list[RowFailure]:
        """Every failing row, config by config."""
        return [f for c in self.configs.values() for f in c.failures]

    @property
    def over_length(self) -> int:
        """Rows longer than ``max_length`` (0 without one)."""
        if self.max_length is None:
            return 0
        return sum(sum(1 for t in c.tokens if t > self.max_length) for c in self.configs.values())

    @property
    def exit_code(self) -> int:
        """0 when every row renders intact (and fits ``max_length``), else 1."""
        return 1 if self.failures or self.over_length else 0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-friendly report."""
        return {
            "template": self.template,
            "tokenizer": self.tokenizer,
            "max_length": self.max_length,
            "configs": {
                name: {
                    "rows": c.rows,
                    "statuses": {s: c.statuses[s] for s in STATUSES if c.statuses[s]},
                    "notes": dict(c.notes),
                    "tokens": c.lengths(self.max_length),
                    "failures": [
                        {"id": f.id, "status": f.status, "problems": list(f.problems)}
                        for f in c.failures
                    ],
                }
                for name, c in self.configs.items()
            },
        }


def recommended_max_length(longest: int) -> int:
    """The longest row rounded up to a multiple of ``LENGTH_STEP``: no row is cut."""
    return max(LENGTH_STEP, math.ceil(longest / LENGTH_STEP) * LENGTH_STEP)


def _percentile(ordered: list[int], q: float) -> int:
    index = max(0, math.ceil(q / 100 * len(ordered)) - 1)
    return ordered[index]


def row_messages(row: Mapping[str, Any]) -> list[dict[str, Any]]:
    """A row's conversation in OpenAI message form, from whichever chat columns it has.

    Raises:
        SourceError: The row has none of ``messages``, ``prompt``+``completion``,
            ``conversations``.
    """
    if row.get("messages") is not None:
        return [dict(m) for m in _listed(row["messages"])]
    if row.get("prompt") is not None and row.get("completion") is not None:
        return [dict(m) for m in (*_listed(row["prompt"]), *_listed(row["completion"]))]
    if row.get("conversations") is not None:
        return [
            {
                "role": SHAREGPT_ROLES.get(str(m.get("from")), str(m.get("from"))),
                "content": m.get("value"),
            }
            for m in _listed(row["conversations"])
        ]
    raise SourceError(
        "a row has no chat column: expected `messages`, `prompt` and `completion`, or "
        f"`conversations`; it has {sorted(row)}"
    )


def _listed(value: Any) -> list[Mapping[str, Any]]:
    if isinstance(value, str):
        value = json.loads(value)
    return list(value or [])


def check_rows(
    template: ChatTemplate,
    name: str,
    rows: Iterable[Mapping[str, Any]],
    *,
    tokenizer: Any = None,
    batch_size: int = 256,
) -> ConfigCheck:
    """Check one config's rows; token lengths when a tokenizer is given."""
    result = ConfigCheck(name)
    texts: list[str] = []
    for index, row in enumerate(rows):
        row_id = str(row.get("id") or f"row-{index}")
        messages = row_messages(row)
        problems: list[str] = []
        status = "ok"
        if not roles_alternate(messages):
            roles = ", ".join(str(m.get("role")) for m in messages)
            problems.append(f"roles do not alternate user/assistant ending on assistant: {roles}")
            status = "misshaped"
        rendering = render_checked(template, messages)
        problems += rendering.problems
        if _rank(rendering.status) > _rank(status):
            status = rendering.status
        result.add(row_id, status, problems, rendering.notes)
        if tokenizer is not None and rendering.text:
            texts.append(rendering.text)
            if len(texts) >= batch_size:
                result.tokens += count_tokens(tokenizer, texts)
                texts = []
    if tokenizer is not None and texts:
        result.tokens += count_tokens(tokenizer, texts)
    return result


def _rank(status: str) -> int:
    return STATUSES.index(status)


def count_tokens(tokenizer: Any, texts: list[str]) -> list[int]:
    """Tokens per rendered text, as a trainer tokenizes it (the template wrote the specials)."""
    encoded = tokenizer(texts, add_special_tokens=False)["input_ids"]
    return [len(ids) for ids in encoded]

"""Where each message ends up in a rendered conversation, and whether the template kept it whole.

A template is trusted with a row when the rendered text holds every message's text once and in
order, and consecutive messages stay separate turns. "Separate" means the template opened a
new turn: the text between two messages holds the header the template writes before a message
of that role. The headers are learned once per template by rendering a probe conversation
(``TurnMarkers``), so this works for any template without knowing its markup.

Verdicts, worst first (``Rendering.status``):

- ``raises``: the template raised (Gemma and Mistral on roles that do not alternate);
- ``lost``: a message's text is missing, e.g. a system turn the template drops;
- ``reordered`` / ``duplicated``: a text is out of order, or appears more often than it was
  written;
- ``blurs``: two user/assistant messages run together into one turn, or a message holds the
  template's own markup (``<|im_end|>``, ``<start_of_turn>``: a special token of its tokenizer,
  or a tag the template writes around turns), which a trainer's tokenizer reads as a turn
  boundary rather than text;
- ``ok``: everything kept. A system turn the template writes into the first user turn (Gemma-3)
  is ``ok`` with a note, since that is the template's own design.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from boost_qa.chat.template import ChatTemplate

STATUSES = ("ok", "blurs", "duplicated", "reordered", "lost", "raises")
"""From best to worst."""

_PROBE = {
    "system": "PROBE-SYSTEM-TEXT",
    "user1": "PROBE-USER-ONE",
    "assistant1": "PROBE-ASSISTANT-ONE",
    "user2": "PROBE-USER-TWO",
    "assistant2": "PROBE-ASSISTANT-TWO",
}


_PROBE_ORDER = (
    ("user", "user1"),
    ("assistant", "assistant1"),
    ("user", "user2"),
    ("assistant", "assistant2"),
)
PROBE_NAME = "PROBE-NAME"
_MARKUP = re.compile(
    r"<\|[^<>|\n]{1,40}\|>|<｜[^<>\n]{1,40}?｜>|</?[A-Za-z_][\w:.-]{0,30}>|\[/?[A-Z_]{2,20}\]"
)
"""What a template's control tokens look like: ``<|im_end|>``, ``<｜User｜>``, ``<end_of_turn>``,
``[INST]``."""


@dataclass(frozen=True)
class TurnMarkers:
    """The text a template writes to open a user or an assistant turn (whitespace stripped).

    Learned from messages with a ``name`` when ``named``: a template that writes names into
    the text (Kimi-K2) has ``PROBE_NAME`` in its markers, standing for each message's name.
    """

    user: str
    assistant: str
    named: bool = False

    @property
    def shows_names(self) -> bool:
        """Whether the template writes a message's ``name`` into the text."""
        return PROBE_NAME in self.user or PROBE_NAME in self.assistant

    def opens(self, role: str, gap: str, name: str | None = None) -> bool:
        """Whether ``gap`` (text between two messages) opens a new turn of ``role``."""
        header = self.user if role == "user" else self.assistant if role == "assistant" else ""
        if header and name is not None:
            header = header.replace(PROBE_NAME, name)
        if header:
            return header in gap
        return bool(gap.strip())


@dataclass
class Rendering:
    """One conversation rendered by one template, and what became of each message."""

    status: str
    text: str = ""
    spans: list[tuple[int, int] | None] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether a trainer can use the rendering as it is."""
        return self.status == "ok"


def _turn(role: str, key: str, named: bool) -> dict[str, str]:
    return {"role": role, "content": _PROBE[key], **({"name": PROBE_NAME} if named else {})}


def markers(template: ChatTemplate, *, named: bool = False) -> TurnMarkers:
    """The template's turn headers, learned from a probe conversation (once per template)."""
    key = f"markers-named={named}"
    if key not in template.memo:
        try:
            template.memo[key] = _probe(template, named)
        except Exception as exc:  # noqa: BLE001 - remembered: the probe fails the same way again
            template.memo[key] = exc
    found = template.memo[key]
    if isinstance(found, Exception):
        raise found
    return found  # type: ignore[no-any-return]


def _probe(template: ChatTemplate, named: bool) -> TurnMarkers:
    four = [_turn(role, key, named) for role, key in _PROBE_ORDER]
    text = template.render(four)
    user_end = _trailing(template, four[:1])
    assistant_end = _trailing(template, four[:2])
    # A turn's header is what follows the end of the previous turn. When nothing does (Mistral
    # writes no assistant header: "[/INST]" ends the user turn and so opens the answer), the
    # whole gap between the two roles is what marks the new turn.
    between = _between(text, _PROBE["user1"], _PROBE["assistant1"])
    assistant = _strip_prefix(between, user_end).strip() or between
    between = _between(text, _PROBE["assistant1"], _PROBE["user2"])
    user = _strip_prefix(between, assistant_end).strip() or between
    return TurnMarkers(user=user.strip(), assistant=assistant.strip(), named=named)


def template_markup(template: ChatTemplate) -> tuple[str, ...]:
    """The control tokens a template writes around turns, and its tokenizer's special tokens.

    Learned once per template from the probe conversation (its text taken out: the tokens it
    writes for every turn) and the special tokens it renders with; only strings that look like
    markup count (``_MARKUP``), so a template whose turns open with plain words ("User:") has
    none.
    """
    if "markup" not in template.memo:
        found: set[str] = set()
        four = [_turn(role, key, False) for role, key in _PROBE_ORDER]
        try:
            text = template.render(four)
        except Exception:  # noqa: BLE001 - a template that refuses the probe: its tokens only
            text = ""
        for content in _PROBE.values():
            text = text.replace(content, "\n")
        # Turn markup comes back with every turn; a tag of a default system prompt that the
        # template writes once (Devstral's "<ROLE>") is the template's text, not its markup.
        counts = Counter(_MARKUP.findall(text))
        found.update(token for token, count in counts.items() if count >= 2)
        specials = list(template.special_tokens.values())
        if template.tokenizer is not None:
            specials += list(getattr(template.tokenizer, "all_special_tokens", []) or [])
        found.update(t.strip() for t in specials if t and _MARKUP.fullmatch(t.strip()))
        template.memo["markup"] = tuple(sorted(found))
    return template.memo["markup"]  # type: ignore[no-any-return]


def _check_markup(
    template: ChatTemplate, messages: Sequence[Mapping[str, Any]], result: Rendering, worst: str
) -> str:
    markup = template_markup(template)
    for index, message in enumerate(messages):
        content = str(message.get("content") or "")
        held = [token for token in markup if token in content]
        if held:
            role = str(message.get("role"))
            result.problems.append(
                f"message {index} ({role}) holds the template's markup {held[0]!r}: a trainer's "
                "tokenizer reads it as a turn boundary, not text"
            )
            worst = _worse(worst, "blurs")
    return worst


def _trailing(template: ChatTemplate, messages: list[dict[str, str]]) -> str:
    """What the template writes after the last message: the end of that role's turn."""
    try:
        text = template.render(messages)
    except Exception:  # noqa: BLE001 - templates that refuse a conversation ending here
        return ""
    last = messages[-1]["content"]
    end = text.rfind(last)
    return text[end + len(last) :] if end >= 0 else ""


def _between(text: str, first: str, second: str) -> str:
    start = text.find(first)
    end = text.find(second, start + len(first) if start >= 0 else 0)
    if start < 0 or end < 0:
        return ""
    return text[start + len(first) : end]


def _strip_prefix(gap: str, prefix: str) -> str:
    core = prefix.strip()
    stripped = gap.lstrip()
    if core and stripped.startswith(core):
        return stripped[len(core) :]
    return gap


def render_checked(template: ChatTemplate, messages: Sequence[Mapping[str, Any]]) -> Rendering:
    """Render ``messages`` and check that every text is kept once, in order, turn by turn."""
    payload = [dict(m) for m in messages]
    try:
        text = template.render(payload)
    except Exception as exc:  # noqa: BLE001 - the template's own error is the finding
        return Rendering(status="raises", problems=[_error_text(exc)])
    return locate(template, payload, text)


def locate(template: ChatTemplate, messages: Sequence[Mapping[str, Any]], text: str) -> Rendering:
    """Find each message's text in ``text`` (a rendering of ``messages``) and judge it."""
    result = Rendering(status="ok", text=text)
    contents = [str(m.get("content") or "").strip() for m in messages]
    worst = "ok"
    cursor = 0
    for index, (message, needle) in enumerate(zip(messages, contents, strict=True)):
        role = str(message.get("role"))
        if not needle:
            result.spans.append(None)
            continue
        start = text.find(needle, cursor)
        if start < 0:
            kind = "reordered" if needle in text else "lost"
            what = "the system turn" if role == "system" else f"message {index} ({role})"
            result.problems.append(
                f"{what} is {'out of order' if kind == 'reordered' else 'missing'} in the render"
            )
            worst = _worse(worst, kind)
            result.spans.append(None)
            continue
        expected = sum(c.count(needle) for c in contents)
        if text.count(needle) > expected:
            result.problems.append(f"message {index} ({role}) appears more than once")
            worst = _worse(worst, "duplicated")
        result.spans.append((start, start + len(needle)))
        cursor = start + len(needle)
    worst = _check_turns(template, messages, result, worst)
    worst = _check_markup(template, messages, result, worst)
    result.status = worst
    return result


def _check_turns(
    template: ChatTemplate,
    messages: Sequence[Mapping[str, Any]],
    result: Rendering,
    worst: str,
) -> str:
    named = any(m.get("name") for m in messages)
    try:
        turn_markers = markers(template, named=named)
    except Exception as exc:  # noqa: BLE001 - a template that cannot render the probe
        result.notes.append(f"turn separation not checked: the probe failed ({_error_text(exc)})")
        return worst
    if turn_markers.shows_names:
        result.notes.append(
            "the template writes each message's `name` into the text in place of its role"
        )
    previous: tuple[int, str] | None = None
    for index, (message, span) in enumerate(zip(messages, result.spans, strict=True)):
        if span is None:
            continue
        role = str(message.get("role"))
        if previous is not None:
            gap = result.text[previous[0] : span[0]]
            name = message.get("name")
            if not turn_markers.opens(role, gap, str(name) if name is not None else None):
                if previous[1] == "system":
                    result.notes.append(
                        "the template writes the system turn into the first user turn"
                    )
                else:
                    result.problems.append(
                        f"message {index} ({role}) runs on from the previous {previous[1]} turn"
                    )
                    worst = _worse(worst, "blurs")
        previous = (span[1], role)
    return worst


def _worse(a: str, b: str) -> str:
    return a if STATUSES.index(a) >= STATUSES.index(b) else b


def _error_text(exc: BaseException) -> str:
    message = str(exc).strip() or type(exc).__name__
    return message.splitlines()[0][:300]

"""Times of day and durations as answers: ``3:30 pm`` is ``15:30``, ``1 hour 30 minutes`` is 90.

A reference whose answer is a time of day (``#### 3:30 pm``) is compared as a number: the
minutes after midnight. Before a turn is read against it, every time of day in the turn is put
in those minutes too, so ``Final answer: 15:30`` states 930 like the reference. A 12-hour time
without am/pm (``3:30``) is the reference when it is the reference's time on the clock face.
Times use a colon (``3:30``), or a point with am/pm (``3.30 pm``, a decimal otherwise).

A reference whose final number is a duration (``45 * 2 = 90 minutes``) has a unit; a turn read
against it has its durations in that unit: ``1 hour 30 minutes``, ``an hour and a half`` and
``1.5 hours`` are 90 minutes. A single amount in the reference's own unit is left as it is.
"""

from __future__ import annotations

import re
from fractions import Fraction

_HALF = r"\s*(?P<{}>[ap])(?:\.\s?m\.|\s?m\b)"  # pm, p.m., p m
_CLOCK = re.compile(
    r"(?<![\d:.,])(?P<hour>[01]?\d|2[0-3])(?:(?P<colon>:)|\.(?=\d\d" + _HALF.format("ahead") + "))"
    r"(?P<minute>[0-5]\d)(?![\d:])(?:" + _HALF.format("half") + ")?|"
    r"(?<![\d:.,])(?P<bare_hour>1[0-2]|0?[1-9])" + _HALF.format("bare_half"),
    re.IGNORECASE,
)
_UNIT = r"(?P<unit>hours?|hrs?|minutes?|mins?|seconds?|secs?)\b"
_COMPONENT = re.compile(
    r"(?<![\w.])(?P<amount>\d+(?:\.\d+)?|an?|one)\s+" + _UNIT + r"(?P<half>\s+and\s+a\s+half)?",
    re.IGNORECASE,
)
_JOIN = re.compile(r"\s*,?\s*(?:and\s+)?", re.IGNORECASE)
_HALF_AN_HOUR = re.compile(r"\bhalf\s+an\s+hour\b", re.IGNORECASE)
_SECONDS = {"h": 3600, "m": 60, "s": 1}
_DAY = 24 * 60
_HALF_DAY = 12 * 60


def clock_minutes(text: str) -> Fraction | None:
    """The minutes after midnight when all of ``text`` is one time of day, else None."""
    text = text.strip().strip("*").strip()
    match = _CLOCK.fullmatch(text)
    return None if match is None else _minutes(match)


def clocks_as_minutes(text: str, reference: Fraction) -> str:
    """``text`` with each time of day written as its minutes after midnight (see above)."""
    if ":" not in text and "m" not in text.lower():
        return text

    def minutes(match: re.Match[str]) -> str:
        value = _minutes(match)
        if value is None:
            return match[0]
        if not (match["half"] or match["bare_half"]) and value % _HALF_DAY == reference % _HALF_DAY:
            value = reference  # 3:30 for 15:30: the same time on the clock face
        return str(value)

    return _CLOCK.sub(minutes, text)


def _minutes(match: re.Match[str]) -> Fraction | None:
    half = (match["half"] or match["bare_half"] or "").lower()
    hour = int(match["hour"] or match["bare_hour"])
    minute = int(match["minute"] or 0)
    if not match["colon"] and not half:
        return None
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "p" else 0)
    return Fraction((hour * 60 + minute) % _DAY)


def duration_unit(reference: str, final: Fraction) -> str | None:
    """The unit (``h``, ``m`` or ``s``) the reference gives its final number in, or None."""
    if final.denominator != 1 or not any(
        word in reference.lower() for word in ("hour", "min", "sec", "hr")
    ):
        return None
    after = re.search(rf"(?<![\d.]){final.numerator}\s*" + _UNIT, reference, re.IGNORECASE)
    return after["unit"][0].lower() if after else None


def _durations(text: str) -> list[list[re.Match[str]]]:
    """The durations of ``text``, each as its parts (``1 hour`` and ``30 minutes``)."""
    parts = list(_COMPONENT.finditer(text))
    groups: list[list[re.Match[str]]] = []
    index = 0
    while index < len(parts):
        group = [parts[index]]
        while index + 1 < len(parts) and _JOIN.fullmatch(
            text, group[-1].end(), parts[index + 1].start()
        ):
            index += 1
            group.append(parts[index])
        index += 1
        groups.append(group)
    return groups


def duration_phrases(text: str) -> list[str]:
    """Each duration of ``text`` as written (``1 hour 30 minutes``, ``an hour and a half``)."""
    halves = [match.span() for match in _HALF_AN_HOUR.finditer(text)]
    masked = _HALF_AN_HOUR.sub(lambda match: "_" * len(match.group()), text)
    spans = halves + [(group[0].start(), group[-1].end()) for group in _durations(masked)]
    return [text[start:end] for start, end in sorted(spans)]


def durations_in(text: str, unit: str) -> str:
    """``text`` with each duration of two or more parts, or in another unit, in ``unit``."""
    text = _HALF_AN_HOUR.sub("0.5 hours", text)
    pieces: list[str] = []
    last = 0
    for group in _durations(text):
        units = {match["unit"][0].lower() for match in group}
        if len(group) == 1 and units == {unit} and not group[0]["half"]:
            continue
        total = sum((_seconds(match) for match in group), Fraction(0)) / _SECONDS[unit]
        pieces += [text[last : group[0].start()], _show(total)]
        last = group[-1].end()
    return "".join(pieces) + text[last:]


def _seconds(match: re.Match[str]) -> Fraction:
    amount = match["amount"].lower()
    value = Fraction(1) if amount in ("a", "an", "one") else Fraction(amount)
    if match["half"]:
        value += Fraction(1, 2)
    return value * _SECONDS[match["unit"][0].lower()]


def _show(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{float(value):g}"

"""Times of day as answers: ``3:30 pm``, ``3:30 p.m.`` and ``15:30`` are one time.

A reference whose answer is a time of day (``#### 3:30 pm``) is compared as a number: the
minutes after midnight. Before a turn is read against it, every time of day in the turn is put
in those minutes too, so ``Final answer: 15:30`` states 930 like the reference. A 12-hour time
without am/pm (``3:30``) is the reference when it is the reference's time on the clock face.
Times use a colon (``3:30``), or a point with am/pm (``3.30 pm``, a decimal otherwise).
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

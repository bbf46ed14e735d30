"""Numbers written in Chinese or Japanese numerals, as digits: ``零下五`` is -5.

Dialogues built in Chinese or Japanese mostly write their numbers in digits, but a model also
states an answer in numerals (``现在的气温是零下五摄氏度``, ``答案是二十七``). The numerals
are converted with cn2an, only where they surely are a number, since the characters also
spell ordinary words: ``一起`` (together), ``一半`` (half), ``十分`` (very), ``三角形``
(triangle), ``第二`` (the second). So a run of numerals becomes digits when it is

* two or more numerals (``二十七``, ``一百零五``), not after ``第`` (an ordinal),
* or a single one after a sign (``负``, ``零下``) or a statement (``是``, ``等于``, ``：``), or
  before a unit or measure word (``五个``, ``两位``, ``三千米``, ``五摄氏度``),
* but never a lone ``一``, which starts too many words, nor the words ``十分`` (very) and
  ``万一`` (in case).

Text without numerals comes back unchanged, and cn2an is imported only for text that has them.
"""

from __future__ import annotations

import re
from functools import lru_cache

_NUMERALS = "零〇一二两三四五六七八九十百千万亿"
_DIGITS = "零〇一二两三四五六七八九"
_UNITS = (
    "个位只条本张件块元分秒岁天年月周次遍名人头棵支台辆道题页颗粒杯瓶盒箱包袋"
    "米克升度倍层排组对双打"
    "円個つ枚匹冊回歳"
)
"""Measure words and units that follow a number (Chinese, then Japanese)."""
_WORD_UNITS = (
    "小时",
    "分钟",
    "千米",
    "公里",
    "厘米",
    "毫米",
    "千克",
    "公斤",
    "摄氏度",
    "时间",
    "キロ",
    "メートル",
)
_RUN = re.compile(rf"(?P<sign>负|零下|マイナス)?(?P<run>[{_NUMERALS}]+(?:点[{_DIGITS}]+)?)")
_STATED = re.compile(r"(?:是|为|等于|得|约|共|：|:|=)\s*$")
"""What states the number after it: ``答案是五``, ``结果：七``."""
_WORDS = ("十分", "万一")
"""Words spelled with numerals that are no number (``十分钟`` is ten minutes, though)."""
_ANY_NUMERAL = frozenset(_NUMERALS)


def cjk_in_digits(text: str) -> str:
    """``text`` with its Chinese and Japanese numerals that are numbers written as digits."""
    if _ANY_NUMERAL.isdisjoint(text):
        return text
    return _convert(text)


def _convert(text: str) -> str:  # not cached here: its one caller, number_words.in_digits, is
    return _RUN.sub(lambda m: _replacement(m, text), text)


def _replacement(match: re.Match[str], text: str) -> str:
    run, sign = match["run"], match["sign"] or ""
    before, after = text[: match.start()], text[match.end() :]
    if before.endswith("第"):  # 第二步: the second step, no number of the problem
        return match[0]
    spelled = run + after
    if spelled.startswith(_WORDS) and not spelled.startswith("十分钟"):
        return match[0]
    stated = sign or _STATED.search(before) or _unit_follows(after)
    if len(run) == 1 and (run == "一" or not stated):
        return match[0]
    value = _value(run)
    if value is None:
        return match[0]
    return ("-" if sign else "") + value


def _unit_follows(after: str) -> bool:
    return bool(after) and (after[0] in _UNITS or after.startswith(_WORD_UNITS))


@lru_cache(maxsize=4096)
def _value(run: str) -> str | None:
    import cn2an  # about 0.1 s to import: only for text with numerals

    try:
        value = cn2an.cn2an(run, "normal")
    except (ValueError, KeyError):
        return None
    if isinstance(value, float) and value.is_integer() and "点" not in run:
        value = int(value)
    return str(value)

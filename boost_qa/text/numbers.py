"""Find the numbers a text states, in digits or in English words, as exact fractions.

Answer checks compare numbers, not strings: ``27``, ``27.00``, ``$27``, ``27%``, ``1,000`` and
``twenty-seven`` must all be recognised, and ``3/4`` must equal ``0.75``. Values are
``fractions.Fraction`` so equality is exact (no float rounding).

Conventions (shared by every check that uses this module):

- A leading ``$``, ``€`` or ``£`` and a trailing ``%`` are dropped: ``$27`` and ``27%`` are 27
  (percent answers in GSM8K/Orca-Math references are stated as the bare number).
- ``1,000`` (and LaTeX's ``1{,}000``) is 1000 only with proper thousands groups. German and
  other European texts group thousands with dots: ``1.000.000`` is a million, but a single
  group (``1.000``, ``2.500``) reads as a decimal here; comparisons with a reference read it,
  and the other European forms (``1 000``, ``7,5``), as the reference through
  ``in_plain_digits``. ``-5`` is
  negative only when the minus is attached to the digits and does not follow a number
  (``10 -5`` and ``10 - 5`` are 10 and 5). In words, ``negative`` makes the number after it
  negative, and so does ``minus`` unless it follows a number (``minus five degrees`` is -5,
  ``twelve minus five`` and ``12 minus 5`` are 12 and 5).
- ``a/b`` is one fraction only when it is in lowest terms (``3/4``); ``6/3`` is read as the two
  numbers 6 and 3 (a division being written out, not a value being stated).
- List markers (a number opening a line followed by ``.`` or ``)``), ``step N`` and ordinals
  (``1st``, ``第3``) are not numbers.
- Digits glued to a letter (``x2``, ``H2O``) are not numbers, but Chinese and Japanese write
  numbers against their characters with no space (``答案是27``), so those characters do not glue.
- Number words cover 0..999,999 (``seventy two``, ``one hundred and five``, ``a thousand``),
  and shares of them (``three quarters`` is 3/4, ``two thirds`` 2/3, ``one half`` 1/2).
  The lone word ``one`` is ignored unless ``allow_one`` is set (it is mostly a pronoun), and so
  is ``a`` unless a ``hundred``/``thousand`` follows.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache, partial
from itertools import islice
from math import gcd

from boost_qa.text.number_words import in_digits

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1000}
SHARES = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
    "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
    "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10,
}  # fmt: skip
"""Fraction words after a number in words: ``three quarters`` is 3/4, ``one half`` 1/2."""
_WORD = re.compile(r"[A-Za-z]+")
_NUMBER_WORDS = frozenset(UNITS) | frozenset(TEENS) | frozenset(TENS)
"""Words a number in words starts with ("a" starts one only before a scale: "a hundred")."""
_NUMBER_START = re.compile(
    r"(?<![A-Za-z])(?:"
    + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
    + r"|a(?=(?:[^\S\n]|-)+(?:hundred|thousand)(?![A-Za-z])))(?![A-Za-z])",
    re.IGNORECASE,
)
"""Where a number in words can start: a number word, or "a" before a scale ("a hundred")."""
_NUMBER_START_LOWER = re.compile(
    r"(?:"
    + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
    + r"|a(?=(?:[^\S\n]|-)+(?:hundred|thousand)(?![a-z])))(?![a-z])"
)
"""The same in lowered ASCII text, without the look-behind: a pattern that opens with letters
is searched for by its first letters, many times faster; the caller checks the letter before."""
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_LONGEST_NUMBER = 16
"""Words enough for the longest number in words (``nine hundred and ninety-nine thousand ...``)."""
_FIRST_DIGIT = re.compile(r"\d")
_BEFORE_DIGITS = 4
"""Characters a number can start before its first digit: sign, currency, space and point."""
_DIGITS = re.compile(
    r"(?P<sign>[-−])?(?:(?P<cur>[$€£])\s?)?"
    r"(?P<num>\d{1,3}(?:(?:,|\{,\})\d{3})+(?:\.\d+)?|\d{1,3}(?:\.\d{3}){2,}(?![.,]?\d)|"
    r"\d+(?:\.\d+)?|\.\d+)"
    r"(?:/(?P<den>\d+)(?!\d|\.\d))?"
    r"(?P<pct>\s?%)?"
)
_ORDINAL = re.compile(r"(?:st|nd|rd|th)\b", re.IGNORECASE)
_STEP = re.compile(r"\bsteps?\s*$", re.IGNORECASE)
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
"""Kana, CJK ideographs and Hangul: scripts that set numbers against their words."""
_LIST_MARKER_END = re.compile(r"[.)](?:[ \t]+\S|[A-Za-z])")
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_SCIENTIFIC = re.compile(
    r"(?<![\w.])(?P<mantissa>\d+(?:\.\d+)?)[ \t]*(?:[×xX*·⋅]|\\times|\\cdot)[ \t]*10"
    r"(?:[ \t]*(?:\^|\*\*)[ \t]*\{?[ \t]*(?P<exponent>[-−]?\d+)[ \t]*\}?|"
    r"(?P<exponent_sup>⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]+))|"
    r"(?<![\w.])(?P<e_mantissa>\d+(?:\.\d+)?)[eE](?P<e_exponent>[-+]?\d+)(?![\w.])"
)
_CURRENCY_AND = re.compile(r"\s+(?:dollars?|euros?|pounds?|bucks?)\s*,?\s+and\s+", re.IGNORECASE)
_CENTS = re.compile(r"\s+(?:cents?|pence)\b", re.IGNORECASE)
_E_NOTATION = re.compile(r"\d[eE][-+]?\d")
_SIGN_WORD = re.compile(r"(?:^|(?<=[^\w]))(?P<word>minus|negative)[ \t]+$", re.IGNORECASE)
_SIGN_WINDOW = len("negative") + 2
_LAST_WORD = re.compile(r"(\w+)\W*$")


@dataclass(frozen=True)
class Mention:
    """One number stated in a text: its value and where it stands."""

    value: Fraction
    start: int
    end: int
    words: bool = False


def parse_number(text: str) -> Fraction | None:
    """The value of ``text`` when all of it is one number (digits or words), else None."""
    text = text.strip().strip("*").strip()
    mentions = find_numbers(text, allow_one=True)
    if len(mentions) != 1:
        return None
    mention = mentions[0]
    rest = (text[: mention.start] + text[mention.end :]).strip(" .,;:!*$€£%")
    return mention.value if not rest else None


def find_numbers(text: str, *, allow_one: bool = False) -> list[Mention]:
    """Every number stated in ``text``, in order of position (see the module conventions)."""
    return list(_find_numbers(text, allow_one))


def states_a_number(text: str, *, allow_one: bool = False) -> bool:
    """Whether ``find_numbers`` finds a number in ``text``: stops at the first, reads no value.

    A solving turn needs only one; reading them all (as fractions) costs many times more.
    """
    return (
        next(_digit_numbers(text), None) is not None
        or next(_word_numbers(text, allow_one=allow_one), None) is not None
        or in_digits(text) != text  # siebenundzwanzig, treinta y cuatro
    )


@lru_cache(maxsize=65536)
def _find_numbers(text: str, allow_one: bool) -> tuple[Mention, ...]:
    # Cached: a turn's numbers are read by several guards (an answer, a leak, the question's
    # numbers for every turn of its dialogue), and the statistics read them again. Large
    # enough for every text of the dialogues in flight at once (a build starts thousands), so
    # a question is not evicted and parsed again between two of its turns.
    mentions = _digit_mentions(text) + [*_word_numbers(text, allow_one=allow_one)]
    mentions.sort(key=lambda m: m.start)
    mentions = _scientific(text, _money(text, _mixed(text, mentions)))
    return tuple(map(partial(_signed, text), mentions))


def _mixed(text: str, mentions: list[Mention]) -> list[Mention]:
    """A whole number, a space and a proper fraction (``1 1/2``) as one mixed number."""
    return _joined_pairs(text, mentions, _is_mixed, Fraction(1))


def _money(text: str, mentions: list[Mention]) -> list[Mention]:
    """``seven dollars and fifty cents`` (euros, pounds; pence) as one amount: 7.5."""
    if "cent" not in text and "pence" not in text:
        return mentions
    return _joined_pairs(text, mentions, _is_cents, Fraction(1, 100))


def _joined_pairs(
    text: str,
    mentions: list[Mention],
    pair: Callable[[str, Mention, Mention], bool],
    scale: Fraction,
) -> list[Mention]:
    """Mentions with each ``pair`` of neighbours made one: first + ``scale`` * next."""
    merged: list[Mention] = []
    for mention in mentions:
        if merged and pair(text, merged[-1], mention):
            first = merged.pop()
            mention = Mention(first.value + mention.value * scale, first.start, mention.end)
        merged.append(mention)
    return merged


def _is_cents(text: str, whole: Mention, cents: Mention) -> bool:
    return (
        whole.value.denominator == 1
        and cents.value.denominator == 1
        and 0 < cents.value < 100
        and _CURRENCY_AND.fullmatch(text, whole.end, cents.start) is not None
        and _CENTS.match(text, cents.end) is not None
    )


def _is_mixed(text: str, whole: Mention, part: Mention) -> bool:
    return (
        not whole.words
        and whole.value.denominator == 1
        and whole.value > 0
        and 0 < part.value < 1
        and text[whole.end : part.start] in (" ", "\u00a0")
        and "/" in text[part.start : part.end]
    )


def _scientific(text: str, mentions: list[Mention]) -> list[Mention]:
    r"""``6 × 10^6``, ``6 \times 10^{6}``, ``6·10⁶`` and ``6e6`` as one number each."""
    if "10" not in text and _E_NOTATION.search(text) is None:
        return mentions
    spans = [
        (match.start(), match.end(), _power_of_ten(match)) for match in _SCIENTIFIC.finditer(text)
    ]
    if not spans:
        return mentions
    starts = [start for start, _, _ in spans]
    kept = []
    for mention in mentions:  # spans are sorted and disjoint: the one that may hold it, by bisect
        index = bisect_right(starts, mention.start) - 1
        if index < 0 or mention.start >= spans[index][1]:
            kept.append(mention)
    kept += [Mention(value, start, end) for start, end, value in spans]
    return sorted(kept, key=lambda m: m.start)


def _power_of_ten(match: re.Match[str]) -> Fraction:
    mantissa = match["mantissa"] or match["e_mantissa"]
    exponent = (match["exponent"] or match["exponent_sup"] or match["e_exponent"]).translate(
        _SUPERSCRIPTS
    )
    return Fraction(mantissa) * Fraction(10) ** int(exponent.replace("−", "-"))


def _signed(text: str, mention: Mention) -> Mention:
    """``mention``, negative when the word ``negative`` or a sign ``minus`` stands before it."""
    start = mention.start
    if start < len("minus ") or not text[start - 1].isspace() or mention.value <= 0:
        return mention
    sign = _SIGN_WORD.search(text, max(0, start - _SIGN_WINDOW), start)
    if sign is None or (sign["word"].lower() == "minus" and _follows_a_number(text, sign.start())):
        return mention
    return Mention(-mention.value, sign.start(), mention.end, mention.words)


def _follows_a_number(text: str, index: int) -> bool:
    """Whether the text before ``index`` ends with a number: then ``minus`` subtracts."""
    before = text[max(0, index - 24) : index].rstrip()
    if not before:
        return False
    if before[-1].isdigit() or before[-1] == ")":
        return True
    word = _LAST_WORD.search(before)
    return word is not None and (
        _is_number_word(word[1].lower()) or word[1].lower() in SCALES or word[1].lower() in SHARES
    )


def in_plain_digits(text: str, value: Fraction, *, ordinals: bool = False) -> str:
    """``text`` with ``value`` in plain digits where it is written the European way.

    Number words of French, Spanish, German, Italian and Portuguese become digits first
    (``boost_qa.text.number_words``). German, French and other European texts group thousands
    with dots or spaces (``1.000``, ``1 000``, ``1'000``) and write decimals with a comma
    (``7,5``, ``10,0``). With
    ``ordinals``, a place answered as ``7th`` or ``seventh`` is 7 too (not for leaks: a hint's
    "the third step" gives nothing away). Alone, each form also reads another way (one with
    three decimals; the numbers 7 and 5; a rank that is no answer), so it is only resolved
    against a value the text is compared with: a reference answer.
    """
    text = in_digits(text)  # siebenundzwanzig, treinta y cuatro
    # Each form starts with a known head (``1.``, ``7,``); most texts hold none, and then
    # neither pattern is compiled or run.
    if any(head in text for head in _european_heads(value)):
        pattern = _european_forms(value)
        if pattern is not None:
            text = pattern.sub(_plain(value), text)
    if ordinals and _may_rank(text, value):
        ranks = _ordinal_forms(value)
        if ranks is not None:
            text = ranks.sub(partial(_unless_a_share, str(value.numerator)), text)
    return text


_ORDINAL_WORDS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
    "eighteenth", "nineteenth", "twentieth",
)  # fmt: skip
_SHARE_BEFORE = re.compile(
    r"(?:\b(?:a|an|one|[a-z]+ty|[a-z]+teen)|\d|" + "|".join(UNITS) + r")\s+$"
)


def _may_rank(text: str, value: Fraction) -> bool:
    """Whether ``text`` holds ``value``'s digits or its ordinal word (any case)."""
    if value.denominator != 1 or value < 1:
        return False
    if str(value.numerator) in text:
        return True
    return value <= len(_ORDINAL_WORDS) and _ORDINAL_WORDS[value.numerator - 1] in text.lower()


@lru_cache(maxsize=4096)
def _ordinal_forms(value: Fraction) -> re.Pattern[str] | None:
    """``7th`` and ``seventh`` for 7 (``second`` is left out: it is mostly a unit of time)."""
    if value.denominator != 1 or value < 1:
        return None
    forms = [rf"{value.numerator}(?:st|nd|rd|th)"]
    if value <= len(_ORDINAL_WORDS) and value != 2:
        forms.append(_ORDINAL_WORDS[value.numerator - 1])
    return re.compile(rf"(?<![\w.,])(?:{'|'.join(forms)})\b", re.IGNORECASE)


def _unless_a_share(digits: str, match: re.Match[str]) -> str:
    """The digits for an ordinal, unless it names a share (``a seventh``, ``two fifths``)."""
    before = match.string[max(0, match.start() - 12) : match.start()].lower()
    if match[0][0].isalpha() and _SHARE_BEFORE.search(before):
        return match[0]
    return digits


_GROUP_SEPARATORS = ".' \u00a0\u202f\u2009"


def _plain(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value.numerator / value.denominator:.12g}"


@lru_cache(maxsize=4096)
def _european_heads(value: Fraction) -> tuple[str, ...]:
    """How every European form of ``value`` starts: its first digit group and a separator.

    A decimal comma follows the whole part (``7,5``, ``1000,0``) or its last group
    (``1.234,5``, which starts ``1.``); a group separator follows the first group of a number
    of four or more digits (``1.000``, ``1 000``). A sign comes before the head.
    """
    whole = int(abs(value))
    heads = [f"{whole},"]  # 7,5 and 1000,0
    if whole >= 1000:
        first = f"{whole:,}".split(",")[0]
        heads += [first + separator for separator in "," + _GROUP_SEPARATORS]
    return tuple(heads)


@lru_cache(maxsize=4096)
def _european_forms(value: Fraction) -> re.Pattern[str] | None:
    """One pattern for every European way of writing ``value``, or None when it has none."""
    sign, value = ("-" if value < 0 else ""), abs(value)
    whole, fraction = divmod(value, 1)
    if fraction and not _finite_decimal(fraction.denominator):
        return None
    digits = str(int(whole))
    wholes = [re.escape(digits)] if len(digits) < 4 else []
    if len(digits) >= 4:
        groups = f"{int(whole):,}".split(",")
        wholes = [re.escape(sep.join(groups)) for sep in _GROUP_SEPARATORS]
    if fraction:
        decimals = f"{float(fraction):.12g}".split(".")[1]
        forms = [f"{w},{decimals}0*" for w in dict.fromkeys([re.escape(digits), *wholes])]
    else:
        forms = [f"{w},0+" for w in [re.escape(digits), *wholes]]
        forms += [w for w in wholes if len(digits) >= 4]
    body = "|".join(dict.fromkeys(forms))
    return re.compile(rf"(?<![\d.,]){re.escape(sign)}(?:{body})(?![.,]?\d)")


def _finite_decimal(denominator: int) -> bool:
    for factor in (2, 5):
        while denominator % factor == 0:
            denominator //= factor
    return denominator == 1


def _digit_mentions(text: str) -> list[Mention]:
    mentions: list[Mention] = []
    for match, start, negative in _digit_numbers(text):
        mentions.extend(_digit_values(match, start, negative))
    return mentions


def _digit_numbers(text: str) -> Iterator[tuple[re.Match[str], int, bool]]:
    """The digit matches that state a number: (match, start, negative), before any value is read."""
    for match in _digit_matches(text):
        body = match.start("cur") if match["cur"] else match.start("num")
        if body > 0 and _glued(text[body - 1]):
            continue
        end = match.end()
        if end < len(text) and (text[end].isdigit() or _ORDINAL.match(text, end)):
            continue
        if _is_list_marker(text, body, end) or (
            body > 3 and _STEP.search(text, max(0, body - 8), body)
        ):
            continue
        negative = bool(match["sign"]) and _is_sign(text, match.start())
        yield match, match.start() if negative else body, negative


def _glued(before: str) -> bool:
    """Whether the character before a number's digits makes them part of a word."""
    if before in "._第":  # 第: the ordinal prefix of Chinese and Japanese (第3步, step 3)
        return True
    return before.isalnum() and _UNSPACED.match(before) is None


def _digit_matches(text: str) -> Iterator[re.Match[str]]:
    """``_DIGITS.finditer(text)``, tried only just before each digit.

    The pattern opens with optional groups, so ``finditer`` tries it at every character; a
    match needs a digit at most ``_BEFORE_DIGITS`` characters in, so the leftmost match starts
    in that window before the next digit. Several times faster on prose.
    """
    pos = 0
    while (digit := _FIRST_DIGIT.search(text, pos)) is not None:
        first = digit.start()
        for start in range(max(pos, first - _BEFORE_DIGITS), first + 1):
            match = _DIGITS.match(text, start)
            if match is not None:
                yield match
                pos = match.end()
                break
        else:  # unreachable: the pattern matches at a digit
            pos = first + 1


def _digit_values(match: re.Match[str], start: int, negative: bool) -> list[Mention]:
    """One mention, or two when ``a/b`` is a division rather than a fraction in lowest terms."""
    digits = match["num"].replace("{,}", "").replace(",", "")
    if digits.count(".") > 1:  # 1.000.000: dots group thousands
        digits = digits.replace(".", "")
    # Fraction(int) is several times faster than parsing a string, and equal for integers.
    value = Fraction(int(digits)) if digits.isdigit() else Fraction(digits)
    if negative:
        value = -value
    if match["den"] is None:
        return [Mention(value, start, match.end())]
    denominator = int(match["den"])
    if value.denominator == 1 and denominator and gcd(int(value), denominator) == 1:
        return [Mention(value / denominator, start, match.end())]
    slash = match.start("den") - 1
    return [
        Mention(value, start, slash),
        Mention(Fraction(denominator), match.start("den"), match.end()),
    ]


def _is_sign(text: str, index: int) -> bool:
    """Whether the minus at ``index`` makes a negative number (rather than subtracting)."""
    before = text[index - 1] if index > 0 else " "
    # After a space, an opening bracket or an equals sign; in unspaced scripts (是−5°C), also
    # right after a character, and after a full-width colon or bracket.
    if not before.isspace() and before not in "(=:：（" and _UNSPACED.match(before) is None:
        return False
    before = text[:index].rstrip()
    return not before or not (before[-1].isdigit() or before[-1] == ")")


def _is_list_marker(text: str, start: int, end: int) -> bool:
    """A number opening a line, followed by ``.`` or ``)`` and more text: ``1. Add``, ``2.Eat``."""
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip(" \t#*->"):
        return False
    return _LIST_MARKER_END.match(text[end : end + 3]) is not None


def _word_numbers(text: str, *, allow_one: bool) -> Iterator[Mention]:
    # Lowered once: ASCII keeps every position (some other letters change length).
    ascii_text = text.isascii()
    source = text.lower() if ascii_text else text
    starts = (_NUMBER_START_LOWER if ascii_text else _NUMBER_START).finditer(source)
    end = 0
    for start in starts:
        at = start.start()
        if at < end or (at and source[at - 1] in _LETTERS):  # inside a word or a number read
            continue
        # Only the words from here on: most of a text has no number word to read.
        words = islice(_WORD.finditer(source, at), _LONGEST_NUMBER)
        if ascii_text:
            tokens = [(m.group(), m.start(), m.end()) for m in words]
        else:
            tokens = [(m.group().lower(), m.start(), m.end()) for m in words]
        parsed = _parse_words(text, tokens, 0)
        if parsed is None:
            continue
        value, last = parsed
        share = tokens[last + 1][0] if last + 1 < len(tokens) else ""
        amount = Fraction(value)
        if share in SHARES and value and _joined(text, tokens, last):
            amount, last = amount / SHARES[share], last + 1
        elif share == "and" and _and_a_share(text, tokens, last):  # one and a half
            amount, last = amount + Fraction(1, SHARES[tokens[last + 3][0]]), last + 3
        if allow_one or last > 0 or tokens[0][0] != "one":
            yield Mention(amount, tokens[0][1], tokens[last][2], True)
        end = tokens[last][2]


def _and_a_share(text: str, tokens: list[tuple[str, int, int]], last: int) -> bool:
    """Whether ``and a half`` (a quarter, a third) follows the number ending at ``last``."""
    return (
        last + 3 < len(tokens)
        and tokens[last + 2][0] == "a"
        and tokens[last + 3][0] in ("half", "third", "quarter")
        and all(_joined(text, tokens, index) for index in range(last, last + 3))
    )


def _parse_words(
    text: str, tokens: list[tuple[str, int, int]], first: int
) -> tuple[int, int] | None:
    """Parse the longest valid number-word run starting at ``first``: (value, last index)."""
    word = tokens[first][0]
    if word == "a":
        nxt = tokens[first + 1][0] if first + 1 < len(tokens) else ""
        if nxt not in SCALES or not _joined(text, tokens, first):
            return None
    elif not _is_number_word(word):
        return None
    total, current, previous = 0, 0, ""
    last = first
    for index in range(first, len(tokens)):
        word = tokens[index][0]
        if index > first and not _joined(text, tokens, index - 1):
            break
        if word == "and" and previous in SCALES and _next_is_small(tokens, index):
            continue
        if not _word_step(previous, word) or (word == "thousand" and total):
            break
        if word in SCALES:
            current = max(current, 1) * SCALES[word]
            if word == "thousand":
                total, current = total + current, 0
        else:
            current += 1 if word == "a" else _small_value(word)
        previous, last = word, index
    if previous == "a":
        return None
    return total + current, last


def _word_step(previous: str, word: str) -> bool:
    """Whether ``word`` may follow ``previous`` inside one number."""
    allowed: dict[str, tuple[str, ...]] = {
        "": ("a", "unit", "teen", "tens", "zero"),
        "a": ("scale",),
        "unit": ("hundred", "thousand"),
        "teen": ("hundred", "thousand"),
        "tens": ("unit", "thousand"),
        "hundred": ("unit", "teen", "tens", "thousand"),
        "thousand": ("unit", "teen", "tens"),
        "zero": (),
    }
    kind = _kind(word)
    prev_kind = _kind(previous) if previous else ""
    options = allowed.get(prev_kind, ())
    return kind in options or (kind in SCALES and "scale" in options)


def _kind(word: str) -> str:
    if word == "a":
        return "a"
    if word == "zero":
        return "zero"
    if word in UNITS:
        return "unit"
    if word in TEENS:
        return "teen"
    if word in TENS:
        return "tens"
    return word if word in SCALES else "other"


def _small_value(word: str) -> int:
    return UNITS.get(word) or TEENS.get(word) or TENS.get(word) or 0


def _is_number_word(word: str) -> bool:
    return word in UNITS or word in TEENS or word in TENS


def _next_is_small(tokens: list[tuple[str, int, int]], index: int) -> bool:
    return index + 1 < len(tokens) and _is_number_word(tokens[index + 1][0])


def _joined(text: str, tokens: list[tuple[str, int, int]], index: int) -> bool:
    """Whether token ``index`` and the next are separated only by a space or a hyphen."""
    if index + 1 >= len(tokens):
        return False
    gap = text[tokens[index][2] : tokens[index + 1][1]]
    return gap in (" ", "-", " - ") or (gap.isspace() and "\n" not in gap)

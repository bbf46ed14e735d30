r"""Read the final answer out of a reference solution or a student turn, and compare answers.

A reference is one of three kinds, tried in this order:

- **code**: its code defines at least one name (``boost_qa.text.code``: Python, JavaScript,
  C-family, Go, Rust and Kotlin definitions; fenced blocks only when there are any);
  answers are compared by the names they define, and a Python function with the right name
  is wrong when its arithmetic shares no operator with the reference's
  (``boost_qa.text.code``) or when it is the reference's with one slip: one operator or whole
  number changed, or an expression off by one (``boost_qa.text.code_edits``).
- **number**: a final number can be extracted (``#### N``, then ``\boxed{N}``, then
  ``Final answer: N``, else the closing number: the last number in digits of the last
  paragraph that has one, skipping numbers right after a preposition or in a name (``Apollo
  11``); a reference whose numbers are all such is a text answer ("... in 1969, during Apollo
  11."); see
  ``boost_qa.text.numbers`` for what counts as a number). An explicit answer that is not a
  plain number (``\boxed{2\sqrt{3}}``, ``\boxed{(2,1)}``) makes the reference a text answer.
  An explicit answer that is a time of day (``#### 3:30 pm``) is a number too: its minutes after
  midnight, and so is every time in a turn read against it (``boost_qa.text.clock``); a final
  number given in hours, minutes or seconds has that unit, and a turn's durations are read in
  it (``1 hour 30 minutes`` for 90 minutes).
  A reference with a fenced code block and no explicit answer has no closing number: the
  numbers of code that defines nothing (``flat = [x for ...]``) are not an answer.
- **text**: anything else; answers are compared by normalised-token F1, and a turn that names
  the reference's answer name (``Canberra``, ``Jane Austen``, ``CO2``; the first name the
  question does not already say) is right (``boost_qa.text.named_answer``).

A multiple-choice answer given by its letter (``the answer is B``, ``I choose (B)``) is the
option it names, when the question letters its options (``choice_options``).

A student's answer is the *last stated* one: every ``Final answer: X``, ``#### X``,
``\boxed{X}`` and ``the answer is X`` / ``answer: X`` statement is found and the last one in the
text wins; a later sentence with a correction cue (wait, actually, sorry, mistake, ...) and a
number overrides it. With no statement, the answer is the last number of the last paragraph
that has one, skipping numbers right after a preposition (``in 4 days``, ``for 2 hours``, ``of 8``:
they restate the question) unless nothing else is left, a number the question states in a
closing clause about someone else (``so Mark has 27 left and his sister has 9``: 27), and
closing sentences that check an
answer already given (``To verify, 27 + 18 = 45.``, ``Check: ...``) unless every sentence with a
number does; and there is no answer when the turn's last sentence says it is unfinished (not
[quite] sure, unsure, don't know, cannot solve, need more help/time/practice, before I give an
answer), nor when it is cut off inside a calculation (``36 - 9 =``) or a table row (its last
row has fewer cells than the header). Numbers right after ``not``, ``instead of`` or ``rather
than`` are never the answer. A share stated in percent (``75%``) also meets a reference that is
a fraction or a decimal (3/4, 0.75).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from typing import Literal

from boost_qa.text.clock import clock_minutes, clocks_as_minutes, duration_unit, durations_in
from boost_qa.text.code import FENCE, computes_otherwise, defined_names, has_code_lines
from boost_qa.text.named_answer import answer_name, names_answer
from boost_qa.text.numbers import Mention, find_numbers, in_plain_digits

F1_TRUE = 0.5
F1_FALSE = 0.2
SHORT_REFERENCE_TOKENS = 5

_HASHES = re.compile(r"####\s*")
_FINAL = re.compile(r"final\s+answer\s*(?:is\s*|:|=|-)?\s*", re.IGNORECASE)
_ANSWER_IS = re.compile(
    r"\banswer\s*(?:(?:is|should\s+be|would\s+be|will\s+be|=)\b\s*|:\s*)", re.IGNORECASE
)
_BOXED = re.compile(r"\\boxed\s*\{")
_CUE = re.compile(
    r"\b(?:wait|actually|oops|sorry|mistake|correction|instead|recalculat\w*|re-?check\w*)\b|"
    r"\bno,",
    re.IGNORECASE,
)
_DENIED = re.compile(r"(?:\bnot|n't|\binstead\s+of|\brather\s+than)\s*$", re.IGNORECASE)
_CONTEXT = re.compile(
    r"\b(?:in|for|of|per|each|every|over|after|from|within|by|than)\s+$", re.IGNORECASE
)
_OPTION = re.compile(
    r"(?:^|(?<=\s))\(?(?P<letter>[A-H])[).:]\s+(?P<text>[^\n]+?)(?=\s+\(?[A-H][).:]\s|\s*$)",
    re.MULTILINE,
)
_CHOSEN = re.compile(
    r"(?i:\b(?:answer(?:\s+is)?|option|choice|choose|pick|select|go\s+with|réponse|respuesta|"
    r"risposta|resposta|antwort|opción|opção|opzione)|答案|选项|選択肢|答え)\s*[:：]?\s*"
    r"\(?(?P<letter>[A-H])\)?(?![\w)])(?!\s*[$€£]?\d)|\((?P<paren>[A-H])\)(?!\s*[$€£]?\d)"
)
_CHOSEN_OPTION = re.compile(r"\((?P<letter>[A-J])\)\s+(?P<text>[^\n]+)")
_BARE_OPTION = re.compile(r"\(?(?P<letter>[A-E])[).]?")
_CONTEXT_WINDOW = 16
"""Characters before a number that can hold its preposition (``within `` is the longest)."""
_COMPARISON = re.compile(
    r"[ \t]+(?:[A-Za-z]+[ \t]+)?(?:more|less|fewer|greater|smaller|larger|bigger|higher|lower|"
    r"longer|shorter|older|younger|cheaper|dearer)(?:[ \t]+[A-Za-z]+)?[ \t]+than\b|"
    r"[ \t]+times[ \t]+(?:as|more|less|bigger|larger|smaller)\b",
    re.IGNORECASE,
)
"""What follows a number that compares rather than answers (``15 more than``, ``3 times as``)."""
_CHECKING = re.compile(
    r"\W*(?:(?:to|let(?:'s|\s+(?:us|me))|we\s+can|i\s+can|now)\s+(?:quickly\s+)?"
    r"(?:verify|check|double[- ]check|confirm)\b|(?:double[- ]|sanity\s+)?check(?:ing)?\b|"
    r"verif(?:y|ying|ication)\b)",
    re.IGNORECASE,
)
"""A sentence that checks an answer already given (``To verify, 27 + 18 = 45.``)."""
_CHECK_CLAUSE = re.compile(
    r"[,;(—–]\s*(?:and\s+|which\s+)?(?:(?:double[- ])?check(?:ing)?|verif(?:y|ying|ication))"
    r"\s*[:,]",
    re.IGNORECASE,
)
"""A clause that checks the answer its sentence gave (``x = 6, and checking: 3(6) + 7 = 25``)."""
_UNFINISHED = re.compile(
    r"\b(?:not\s+(?:\S+\s+)?sure|unsure|(?:do\s+not|don't)\s+know|can(?:not|'t)\s+solve|unable\s+to|"
    r"need\s+more\s+(?:time|help|practice)|before\s+I\s+(?:can\s+)?give\s+an\s+answer)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)|\n+")
_ARTICLES = {"a", "an", "the"}
_NAME_WORD = re.compile(r"\b[A-Z][A-Za-z]+[ \t]$")


@dataclass(frozen=True)
class Reference:
    """What a reference answer says, in the form its kind is compared in."""

    kind: Literal["number", "code", "text"]
    number: Fraction | None = None
    names: frozenset[str] = field(default_factory=frozenset)
    text: str = ""
    clock: bool = False
    """The number is a time of day, in minutes after midnight (``boost_qa.text.clock``)."""
    unit: str | None = None
    """The number is a duration in hours, minutes or seconds (``h``, ``m``, ``s``)."""
    letter: str | None = None
    """A multiple-choice reference's option letter (``(B) water``): answers name it or not."""


@lru_cache(maxsize=16384)  # one per dialogue in flight: a build starts thousands at once
def read_reference(text: str | None) -> Reference | None:
    """Classify a reference answer (code, number or text); None when it is empty."""
    if not text or not text.strip():
        return None
    names = defined_names(text)
    if names:
        return Reference("code", names=names, text=text)
    explicit = explicit_answer(text)
    if explicit is not None:
        number = plain_number(explicit)
        if number is None:
            minutes = clock_minutes(explicit)
            if minutes is not None:
                return Reference("number", number=minutes, text=text, clock=True)
            return Reference("text", text=explicit)
        return Reference("number", number=number, text=text, unit=duration_unit(text, number))
    if FENCE.search(text) or has_code_lines(text):  # code that defines nothing: its numbers
        return Reference("text", text=text)  # (3.8 in "On 3.5-3.8") are not an answer
    number = closing_number(text, words=False, fallback=False)
    if number is not None:
        return Reference("number", number=number, text=text, unit=duration_unit(text, number))
    chosen = _CHOSEN_OPTION.fullmatch(text.strip())  # "(B) water": a lettered choice
    if chosen:
        return Reference("text", text=chosen["text"], letter=chosen["letter"])
    bare = _BARE_OPTION.fullmatch(text.strip())  # "B", an ARC or CommonsenseQA answer key
    if bare:
        return Reference("text", text="", letter=bare["letter"])
    return Reference("text", text=text)


def reference_number(text: str) -> Fraction | None:
    r"""The final number of a reference: ``#### N``, ``\boxed{N}``, ``Final answer: N``, or last."""
    reference = read_reference(text)
    return reference.number if reference is not None else None


def explicit_answer(text: str) -> str | None:
    r"""What the last ``#### X``, else ``\boxed{X}``, else ``Final answer: X`` says (or None)."""
    for marker in (_HASHES, None, _FINAL):
        spans = _boxed_spans(text) if marker is None else _marker_spans(text, marker)
        contents = [content.strip() for _, content in spans if content.strip()]
        if contents:
            return contents[-1]
    return None


def plain_number(content: str) -> Fraction | None:
    r"""The number an answer states: its only number, or the one after its last ``=``.

    Content with a formula around its number (``2\sqrt{3}``, ``3\pi``) is not a plain number.
    """
    mentions = find_numbers(content, allow_one=True)
    if len(mentions) == 1:
        rest = content[: mentions[0].start] + content[mentions[0].end :]
        return None if re.search(r"[\d\\^_]|sqrt|\bpi\b", rest) else mentions[0].value
    last_equals = content.rfind("=")
    after = [m for m in mentions if m.start > last_equals] if last_equals >= 0 else []
    return after[-1].value if len(after) == 1 else None


def stated_answer(text: str, given: frozenset[Fraction] = frozenset()) -> Fraction | None:
    """The last number a student states as its answer (see the module docstring).

    ``given``: the numbers the question states; a closing clause that gives one of them to
    someone else (``..., and his sister has 9.``) is context, not the answer.
    """
    statements = [
        (end, value)
        for end, value in _after(text, _HASHES)
        + _boxed(text)
        + _after(text, _FINAL)
        + _after(text, _ANSWER_IS)
        if value is not None
    ]
    if statements:
        end, value = max(statements, key=lambda s: s[0])
        corrected = _correction(text[end:])
        if corrected is None and value == _HEDGED:
            return None
        return value if corrected is None else corrected
    if (
        _UNFINISHED.search(_SENTENCE_END.split(text.strip())[-1])
        or _DANGLING.search(text)
        or _cut_in_a_table(text)
    ):
        return None
    return closing_number(text, given=given)


def _cut_in_a_table(text: str) -> bool:
    """A turn that ends on a table row with fewer cells than its header: cut off mid-row."""
    lines = text.rstrip().splitlines()
    table: list[str] = []
    for line in reversed(lines):
        if not line.lstrip().startswith("|"):
            break
        table.append(line)
    if len(table) < 3:  # a header, its rule and a row at least
        return False

    def cells(line: str) -> int:
        return len(line.strip().strip("|").split("|"))

    return cells(table[0]) < cells(table[-1])


_DANGLING = re.compile(
    r"(?:[-−–+/×÷=·]|(?<![*])\*|\b(?:x|times|plus|minus|divided\s+by|multiplied\s+by))[ \t]*\Z",
    re.IGNORECASE,
)
"""A turn cut off inside a calculation (``36 - 9 =``, ``90 ×``; not bold ``**29**``): its
numbers are operands."""


def closing_number(
    text: str,
    *,
    words: bool = True,
    fallback: bool = True,
    given: frozenset[Fraction] = frozenset(),
) -> Fraction | None:
    """The last number of the last paragraph that has one, skipping restated context numbers.

    Numbers right after a preposition (``in 4 days``, ``of 51%``, ``than 12``), in a name
    (``Apollo 11``, ``Windows 10``: after a capitalised word inside a sentence), that end a range
    (``from 1961 to 1989``) or that state a comparison (``15 more than``, ``3 times as many``)
    are skipped unless nothing else is left (then, with ``fallback=False``, there is no closing
    number); ``words=False`` ignores numbers written in words. A number of ``given`` (the
    question's) in a closing clause about someone else (``so Mark has 27 left and his sister
    has 9``) gives way to the sentence's own earlier number.
    """
    paragraphs = re.split(r"\n\s*\n", text)
    for checks in (False, True):  # sentences that check the answer count only when all do
        for paragraph in reversed(paragraphs):
            if not checks:
                paragraph = _before_checks(paragraph)
            mentions = [
                m for m in _asserted(paragraph, find_numbers(paragraph)) if words or not m.words
            ]
            if mentions:
                results = [
                    m
                    for m in mentions
                    if not _CONTEXT.search(paragraph, max(0, m.start - _CONTEXT_WINDOW), m.start)
                    and not _COMPARISON.match(paragraph, m.end)
                    and not _in_a_name(paragraph, m.start)
                    and not _RANGE_END.search(paragraph, max(0, m.start - _RANGE_WINDOW), m.start)
                ]
                if not (results or fallback):
                    return None
                chosen = _past_side_clause(paragraph, results, given) or (results or mentions)[-1]
                return None if _hedged(paragraph, mentions, chosen) else chosen.value
    return None


_SIDE_CLAUSE = re.compile(
    r"(?:,[ \t]*|[ \t]+)(?:and|while|whereas|but)[ \t]+(?:his|her|their|its|the|[A-Z][a-z]+)"
    r"(?:[ \t]+[a-z]+){0,2}?[ \t]+(?:has|have|had|gets|got|keeps|kept|receives|received|is|are|"
    r"was|were|ends[ \t]+up[ \t]+with)[ \t]+(?:[a-z]+[ \t]+)?$"
)
"""A clause that starts on someone else (``, and his sister has``) right before its number."""


def _past_side_clause(
    paragraph: str, results: list[Mention], given: frozenset[Fraction]
) -> Mention | None:
    """The number before a closing side clause that restates a given number, if any."""
    if not given or not results or results[-1].value not in given:
        return None
    last = results[-1]
    clause = _SIDE_CLAUSE.search(paragraph, max(0, last.start - 60), last.start)
    if clause is None:
        return None
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(paragraph, 0, clause.start())]
    earlier = [
        m
        for m in results
        if starts[-1] <= m.start and m.end <= clause.start() and m.value not in given
    ]
    return earlier[-1] if earlier else None


def _hedged(text: str, mentions: list[Mention], chosen: Mention) -> bool:
    """Whether ``chosen`` is the second of two answers offered (``either 31 or 34 dollars``)."""
    before = [m for m in mentions if m.end <= chosen.start]
    if not before or before[-1].value == chosen.value:  # "3/4 or 0.75" is one answer
        return False
    hedge = _HEDGE.match(text, before[-1].end)
    return hedge is not None and hedge.end() - 2 <= chosen.start and " or " in f" {hedge[0]}"


_RANGE_END = re.compile(
    r"\b(?:from|between)[ \t]+[$€£]?\d[\d,.]*[ \t]*\w*[ \t]+(?:to|and|until|till)[ \t]+[$€£]?$",
    re.IGNORECASE,
)
"""The end of a range (``from 1961 to 1989``, ``between 5 and 9``): context, as its start is."""
_RANGE_WINDOW = 40


def _in_a_name(text: str, start: int) -> bool:
    """Whether the number at ``start`` follows a capitalised word inside a sentence."""
    word = _NAME_WORD.search(text, max(0, start - 24), start)
    if word is None:
        return False
    before = text[: word.start()].rstrip()
    return bool(before) and before[-1] not in ".!?:;\n\"'(*#-"


def _before_checks(paragraph: str) -> str:
    """The paragraph without its closing sentences that check an answer (empty when all do)."""
    starts = [0] + [match.end() for match in _SENTENCE_END.finditer(paragraph)]
    cut = len(paragraph)
    for start in reversed(starts):
        if not _CHECKING.match(paragraph, start):
            break
        cut = start
    last = max((start for start in starts if start < cut), default=0)
    clause = _CHECK_CLAUSE.search(paragraph, last, cut)  # "So x = 6, and checking: 3(6) ..."
    if clause is not None and find_numbers(paragraph[last : clause.start()]):
        cut = clause.start()
    return paragraph[:cut]


def _marker_spans(text: str, marker: re.Pattern[str]) -> list[tuple[int, str]]:
    """For each marker match: where its sentence starts, and the rest of that sentence."""
    spans = []
    for match in marker.finditer(text):
        span = text[match.end() : match.end() + 120]
        spans.append((match.end(), _SENTENCE_END.split(span, maxsplit=1)[0]))
    return spans


def _boxed_spans(text: str) -> list[tuple[int, str]]:
    r"""For each ``\boxed{...}``: where it ends, and its content with LaTeX simplified."""
    spans = []
    for match in _BOXED.finditer(text):
        depth, index = 1, match.end()
        while index < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[index], 0)
            index += 1
        spans.append((index, plain_latex(text[match.end() : index - 1])))
    return spans


def _after(text: str, marker: re.Pattern[str]) -> list[tuple[int, Fraction | None]]:
    """For each marker match: where its value ends, and the first number in its sentence."""
    found: list[tuple[int, Fraction | None]] = []
    for start, span in _marker_spans(text, marker):
        mentions = _asserted(span, find_numbers(span, allow_one=True))
        hedge = _HEDGE.match(span, mentions[0].end) if mentions else None
        if hedge and any(
            m.start >= hedge.end() - 2 and m.value != mentions[0].value for m in mentions[1:2]
        ):  # "23 or 21" (not "3/4 or 0.75"): no answer
            found.append((start + mentions[0].end, _HEDGED))
            continue
        found.append((start + mentions[0].end, mentions[0].value) if mentions else (start, None))
    return found


_HEDGE = re.compile(r"[ \t]*(?:\w+[ \t]+)?(?:or|/)[ \t]+(?:maybe[ \t]+|perhaps[ \t]+)?[-−$€£]?\d")
"""A stated answer followed by another it does not choose from (``23 or 21``, ``23 cm or 21``)."""
_HEDGED = Fraction(-(10**30) + 7)
"""A value no answer has: the statement names two answers, so none can be read."""


def _boxed(text: str) -> list[tuple[int, Fraction | None]]:
    found: list[tuple[int, Fraction | None]] = []
    for end, content in _boxed_spans(text):
        mentions = find_numbers(content, allow_one=True)
        found.append((end, mentions[-1].value if mentions else None))
    return found


_LATEX_OPERATOR = {"times": "×", "cdot": "·", "div": "÷", "left": "", "right": ""}
_LATEX_OPERATORS = re.compile(r"\\(times|cdot|div|left|right)(?![a-zA-Z])\s*")


def plain_latex(text: str) -> str:
    r"""LaTeX arithmetic as plain text: ``\frac{a}{b}`` as ``a/b``, ``\times`` as ``×``."""
    text = _LATEX_OPERATORS.sub(lambda m: _LATEX_OPERATOR[m[1]], text)
    text = re.sub(r"\\d?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}", r"\1/\2", text)
    text = re.sub(r"\\d?frac\s*(\d)\s*(\d)", r"\1/\2", text)
    text = re.sub(r"\\text\s*\{([^{}]*)\}", r"\1", text)
    text = re.sub(r"\^\s*\{?\\circ\}?", "", text)
    return text.replace("\\$", "$").replace("\\%", "%").replace("\\,", "").replace("\\!", "")


def _as_percent(text: str, value: Fraction) -> Fraction | None:
    """``value / 100`` when ``text`` states ``value`` with a percent sign (75% for 3/4), else None.

    Percents are read as their number (GSM8K states ``25%`` answers as 25); a reference that is
    a fraction or a decimal (3/4, 0.75) is met by the same share in percent too.
    """
    shown = str(value.numerator) if value.denominator == 1 else f"{float(value):g}"
    if re.search(rf"(?<![\d.]){re.escape(shown)}\s?(?:\\?%|percent\b)", text):
        return value / 100
    return None


def _correction(rest: str) -> Fraction | None:
    """The last number of the last later sentence that corrects an earlier answer."""
    value = None
    for sentence in _SENTENCE_END.split(rest):
        if _CUE.search(sentence):
            mentions = _asserted(sentence, find_numbers(sentence, allow_one=True))
            if mentions:
                value = mentions[-1].value
    return value


def _asserted(text: str, mentions: list[Mention]) -> list[Mention]:
    """Drop numbers that are denied: ``not 25``, ``instead of 25``, ``rather than 25``."""
    return [m for m in mentions if not _DENIED.search(text[max(0, m.start - 16) : m.start])]


def normalised_tokens(text: str) -> list[str]:
    """Lowercased word tokens without punctuation and without articles (SQuAD-style)."""
    return [t for t in re.findall(r"\w+", text.lower()) if t not in _ARTICLES]


def token_f1(prediction: str, reference: str) -> float:
    """Bag-of-tokens F1 between two texts over ``normalised_tokens``."""
    pred, ref = normalised_tokens(prediction), normalised_tokens(reference)
    common = sum((Counter(pred) & Counter(ref)).values())
    if not common:
        return 0.0
    precision, recall = common / len(pred), common / len(ref)
    return 2 * precision * recall / (precision + recall)


def text_matches(prediction: str, reference: str) -> bool | None:
    """True (F1 >= 0.5 or a short reference found verbatim), False (F1 < 0.2), else None."""
    ref = normalised_tokens(reference)
    pred = normalised_tokens(prediction)
    if not ref or not pred:
        return None
    if len(ref) <= SHORT_REFERENCE_TOKENS and _contains(pred, ref):
        return True
    score = token_f1(prediction, reference)
    if score >= F1_TRUE:
        return True
    return False if score < F1_FALSE else None


def _contains(tokens: list[str], run: list[str]) -> bool:
    width = len(run)
    return any(tokens[i : i + width] == run for i in range(len(tokens) - width + 1))


def choice_options(question: str) -> dict[str, str]:
    """The options of a multiple-choice question by letter (``(A) 12  (B) 27``, ``A. 12``).

    Empty unless at least three options are lettered A, B, C, ... in order.
    """
    if "A" not in question or "B" not in question:
        return {}
    found: dict[str, str] = {}
    for match in _OPTION.finditer(question):
        found.setdefault(match["letter"], match["text"].strip())
    letters = "".join(sorted(found))
    return found if len(found) >= 3 and "ABCDEFGH".startswith(letters) else {}


def chosen_letter(text: str) -> str | None:
    """The option letter ``text`` settles on last (``the answer is B``, ``(B)``), or None."""
    letters = chosen_letters(text)
    return letters[-1] if letters else None


def chosen_letters(text: str) -> list[str]:
    """Every option letter ``text`` names as an answer, in order.

    Lines that list the options (``(A) ice``) name none, and an option ruled out (``(A) is
    wrong``, ``option C can't be right``, ``not (C)``) is not chosen.
    """
    letters = []
    for line in text.splitlines():
        listed = _OPTION.match(line.strip())
        if listed and not _RULED_OUT.match(line.strip(), listed.start("text") - 1):
            continue  # "(A) ice": an option, listed
        for match in _CHOSEN.finditer(line):
            denied = _DENIED.search(line, max(0, match.start() - _DENIAL_WINDOW), match.start())
            if not denied and not _RULED_OUT.match(line, match.end()):
                letters.append(match["letter"] or match["paren"])
    return letters


_DENIAL_WINDOW = len("rather than ") + 4
"""Characters before an option letter that can hold its denial (``not``, ``rather than``)."""
_RULED_OUT = re.compile(
    r"\s*(?:is|are|seems?)?\s*(?:not|n't|wrong|incorrect|false|impossible|ruled\s+out|"
    r"out\b|can(?:not|'t)|won't)",
    re.IGNORECASE,
)


def with_chosen_options(text: str, options: Mapping[str, str]) -> str:
    """``text`` with each option it answers by letter spelled out after the letter.

    ``the answer is B`` and ``(B)`` become ``the answer is B 27`` and ``(B) 27``, so the option's
    value is read as the answer; a letter already followed by a number is left as it is.
    """
    if not options:
        return text

    def spelled(match: re.Match[str]) -> str:
        letter = match["letter"] or match["paren"]
        return f"{match[0]} {options[letter]}" if letter in options else match[0]

    return _CHOSEN.sub(spelled, text)


def answer_matches(
    student_turn: str,
    reference: Reference,
    options: Mapping[str, str] | None = None,
    question: str | None = None,
) -> bool | None:
    """Whether a final student turn agrees with the reference (None: cannot tell).

    ``options``: the question's multiple-choice options (``choice_options``); an answer given
    by its letter is read as the option it names. ``question``: the question the reference
    answers; an open-text turn that names the reference's answer name is right
    (``boost_qa.text.named_answer``).
    """
    if reference.letter is not None:  # a choice: the letter the turn settles on, else its text
        chosen = chosen_letter(student_turn)
        if chosen is not None:
            return chosen == reference.letter
        option = reference.text or (options or {}).get(reference.letter, "")
        return text_matches(student_turn, option) if option else None
    if options:
        student_turn = with_chosen_options(student_turn, options)
    if reference.kind == "number":
        if reference.clock and reference.number is not None:
            student_turn = clocks_as_minutes(student_turn, reference.number)
        elif reference.number is not None:  # 1.000, 7,5, seventh: the reference in other forms
            student_turn = in_plain_digits(student_turn, reference.number, ordinals=True)
            if reference.unit is not None:  # 1 hour 30 minutes for 90 minutes
                student_turn = durations_in(student_turn, reference.unit)
        # the question's numbers, less the answer itself (a question that asks what it states)
        given = frozenset(m.value for m in find_numbers(question or "")) - {reference.number}
        value = stated_answer(student_turn, given)
        if value is None:
            return None
        return value == reference.number or _as_percent(student_turn, value) == reference.number
    if reference.kind == "code":
        names = defined_names(student_turn)
        if not reference.names & names:
            return False
        if computes_otherwise(student_turn, reference.text, reference.names):
            return False
        return True if reference.names <= names else None
    if question is not None and names_answer(student_turn, answer_name(reference.text, question)):
        return True
    return text_matches(student_turn, reference.text)

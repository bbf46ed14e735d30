"""Answer leaks: guiding text that hands the student the result it should work out.

``leak`` returns the first reason that holds for a piece of guiding text (a teacher's
correction, approach or praise), given the reference solution it must not give away:

- **the result**: the reference's final number appears as the result of a calculation
  (``a op b [op c ...] = R``, the operation between R's ``=`` and the previous ``=``, line or
  sentence end; op: + - − – * / x × ÷ ·, times, plus, minus, divided by, multiplied by), or
  anywhere as a number in digits or words (also written the European way: ``1.000``, ``7,5``),
  unless the question itself states it or it counts steps ("3 steps", "two ways");
- **every step but the last**: the reference computes intermediate results before its final
  one (its calculations ``a op b = R`` whose R is not the final number), and the text states
  every one of them as a calculation result, leaving the student only the final operation, or,
  when there are two or more and the question states none of them, as numbers in prose;
- **the fixed code**: the reference is code and the text holds a code block (fenced, or indented
  four spaces after a blank line) of at least ``MIN_CODE_LINES`` non-trivial lines (over three
  characters, not ``#`` comments) that defines one of the reference's functions or classes with
  a body, or that repeats half or more of the reference's body lines. Body lines are the lines
  that do work: not a definition line (``def f(``, ``class C``, ``int f(int x) {``, ...), a
  comment or a placeholder (``pass``, ``...``, ``raise NotImplementedError``, ``TODO``), so an
  outline to fill in gives nothing away.
  Inline code (`` `...` ``) counts too: the body lines it writes out (``return a + b``, or the
  body of a one-line ``def f(a, b): return a + b``) give the code away when they are half or
  more of the reference's body lines (a compound line, ``if a >= b: return a``, read as its
  simple ones), and so do ``#`` comments in the text's code that write them out (``# return n
  % 2 == 0`` in an outline), not an outline's hints in words.
- **the right option**: the reference is a lettered choice (``(B) water``) and the text names
  its letter as an answer (``the answer is B``, ``option B``, ``(B)``; not in a line that lists
  the options, nor when it rules the option out: ``(B) is wrong``).

``leak_beyond`` judges the same text after a student turn (``worked``): the intermediate results
the student has already computed, and code blocks and inline code that only quote the
student's own code (its lines in its order), are not given away by the teacher repeating them;
the student's lines put in another order are the fix, and count. The final result always
counts.

- **the open answer**: the reference is short open text (at most ``OPEN_REFERENCE_TOKENS``
  words) that adds one to ``OPEN_ANSWER_TOKENS`` content words to its question, and the text
  names them, in order ("Paris" for "The capital of France is Paris.", "carbon dioxide"; not
  "carbon" alone). Longer open-text references explain, and never leak by these criteria.
"""

from __future__ import annotations

import re
from fractions import Fraction
from functools import lru_cache

from boost_qa.text.answers import chosen_letters, normalised_tokens, plain_latex, read_reference
from boost_qa.text.clock import clocks_as_minutes, duration_phrases, durations_in
from boost_qa.text.code import FENCE, defined_names, is_definition
from boost_qa.text.numbers import Mention, find_numbers, in_plain_digits, parse_number

_COUNTING_NOUN = re.compile(r"\s+(?:steps?|parts?|ways?|stages?|approaches)\b", re.IGNORECASE)
_OPERATION = re.compile(
    r"\d\s*(?:[-−–+*/×÷xX·⋅]|times|plus|minus|divided\s+by|multiplied\s+by)\s*[($€£]?\d",
    re.IGNORECASE,
)
_RESULT = re.compile(r"=\s*[($€£]?\s*(?P<number>[-−]?\d[\d,]*(?:\.\d+)?(?:/\d+)?)")
_INDENTED = re.compile(r"(?:(?<=\n\n)|(?<=\A))(?:(?: {4}|\t)[^\n]*(?:\n|\Z)|[ \t]*\n(?= {4}|\t))+")
_COMMENT = re.compile(r"^[ \t]*#+[ \t]*(.+)$", re.MULTILINE)
_INLINE_CODE = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")
_ONE_LINE_DEF = re.compile(r"^(?:async\s+)?def\s+\w+\s*\(.*?\)\s*(?:->[^:]*)?:\s*(\S.*)$")
_BOUNDARY = re.compile(r"=|\n|[.!?;](?:\s|$)")
_PLACEHOLDER = re.compile(
    r"^(?:pass|\.\.\.|raise\s+NotImplementedError\b.*|//.*|#.*|/\*.*|\*.*|.*\bTODO\b.*)$",
    re.IGNORECASE,
)
MIN_CODE_LINES = 2
OPEN_REFERENCE_TOKENS = 8
"""Longer open-text references explain; their words are no single answer to give away."""
OPEN_ANSWER_TOKENS = 3
_FUNCTION_WORDS = frozenset(
    "is are was were be been of in on at to for by with from as and or it its this that these "
    "those which what who whom whose where when how why do does did".split()
)


def leak(text: str, reference_answer: str | None, question: str | None = None) -> str | None:
    """Why ``text`` gives the reference away, or None (see the module docstring)."""
    return leak_beyond(text, reference_answer, question)


def leak_beyond(
    text: str, reference_answer: str | None, question: str | None = None, worked: str = ""
) -> str | None:
    """Why ``text`` gives away more than the student's ``worked`` turns had, or None.

    As ``leak``, except that (a) every step but the last counts only the intermediate results
    that ``worked`` does not already state as calculation results, and there must be at least
    one such result; (b) a code block whose non-trivial lines all occur in ``worked`` is a quote
    of the student's code, not the fix. With ``worked`` empty it is exactly ``leak``.
    """
    if not text.strip() or not reference_answer:
        return None
    reference = read_reference(reference_answer)
    if reference is None:
        return None
    if reference.kind == "code":
        return _code_given(text, reference_answer, worked)
    if reference.letter is not None:  # a multiple-choice reference: its letter, named
        if reference.letter in chosen_letters(text):
            return f"names the right option ({reference.letter})"
        return None
    if reference.kind == "text":
        return names_open_answer(text, reference.text, question)
    if reference.number is None:
        return None
    if reference.clock:  # a time of day: the time itself, in whatever form, is the result
        return gives_result(clocks_as_minutes(text, reference.number), reference.number)
    if reference.unit is not None:  # a duration: "an hour and a half" is 90 minutes
        # a duration the question states, restated as it is written there, gives nothing away
        for phrase in duration_phrases(question or ""):
            text = text.replace(phrase, "(the duration given)")
        text = durations_in(text, reference.unit)
    return gives_result(text, reference.number, question) or _steps_given(
        text, reference_answer, reference.number, worked, question
    )


def gives_result(text: str, final: Fraction, question: str | None = None) -> str | None:
    """The final number as a calculation result, or stated outright (see the module docstring)."""
    text = in_plain_digits(text, final)  # 1.000, 7,5: the result written the European way
    if "\\" in text:  # \frac{-5}{1} = 5, 3 \times 9 = 27: LaTeX calculations are calculations
        text = plain_latex(text)
    if calculation_results(text, only=final):
        return f"works out the result ({_show(final)})"
    # The question is read only when the text states the number: most turns do not.
    stated = [
        m for m in find_numbers(text) if m.value == final and not _COUNTING_NOUN.match(text, m.end)
    ]
    if stated and (
        question is None
        or not _said(question, final)
        or _assigned(text, stated) - _assigned(question, _values(question, final))
    ):
        return f"states the result ({_show(final)})"
    return None


_ASSIGNED = re.compile(r"(?<![\w\\])([A-Za-z])\$?\s*(?:=|is|equals)\s*\$?\s*\Z")
"""A one-letter unknown given a value just before it: ``y is 7``, ``$y = 7$``."""


def _assigned(text: str, mentions: list[Mention]) -> set[str]:
    """The unknowns ``text`` gives the value of ``mentions`` (``y is 7``: {"y"}).

    A number the question states is no result when restated ("the 7 you added"), but the value
    of an unknown the question does not give is: "you'll find that y is 7".
    """
    found = set()
    for mention in mentions:
        named = _ASSIGNED.search(text, max(0, mention.start - 12), mention.start)
        if named:
            found.add(named.group(1).lower())
    return found


def _values(question: str, value: Fraction) -> list[Mention]:
    return [m for m in find_numbers(question, allow_one=True) if m.value == value]


def names_open_answer(text: str, reference: str, question: str | None = None) -> str | None:
    """The words a short open-text reference adds to its question, named in ``text``.

    "The capital of France is Paris." adds "paris" to "What is the capital of France?"; a
    teacher who writes "Paris" gives it away. Only a reference of at most
    ``OPEN_REFERENCE_TOKENS`` words that adds one to ``OPEN_ANSWER_TOKENS`` content words, and
    only the whole run in the reference's order: "carbon" alone is a hint at "carbon dioxide".
    """
    tokens = normalised_tokens(reference)
    if not tokens or len(tokens) > OPEN_REFERENCE_TOKENS:
        return None
    asked = set(normalised_tokens(question or ""))
    added = [t for t in tokens if t not in asked and t not in _FUNCTION_WORDS]
    if not 1 <= len(added) <= OPEN_ANSWER_TOKENS:
        return None
    said = normalised_tokens(text)
    width = len(added)
    if any(said[i : i + width] == added for i in range(len(said) - width + 1)):
        return f"names the answer ({' '.join(added)})"
    return None


def _said(question: str, value: Fraction) -> bool:
    """Whether ``question`` states ``value``, read line by line.

    A guard's question is the posed question and every earlier turn, joined anew for each
    turn; its lines recur from turn to turn, so each is read once (``find_numbers`` caches).
    No number spans a line break.
    """
    return any(
        m.value == value
        for line in question.split("\n")
        for m in find_numbers(line, allow_one=True)
    )


def steps_but_last(text: str, reference_answer: str, final: Fraction) -> str | None:
    """Every intermediate result of the reference, computed in ``text``."""
    return _steps_given(text, reference_answer, final, "")


def calculation_results(text: str, *, only: Fraction | None = None) -> list[Fraction]:
    """Results R of the calculations ``a op b ... = R`` in ``text``, in order."""
    results = []
    for equals in _RESULT.finditer(text):
        value = parse_number(equals["number"])
        if value is None or (only is not None and value != only):
            continue
        if _OPERATION.search(_left_side(text, equals.start())):
            results.append(value)
    return results


def _left_side(text: str, equals: int) -> str:
    """What stands before an ``=``: back to the previous ``=``, line or sentence end (80 max)."""
    start = max(0, equals - 80)
    for boundary in _BOUNDARY.finditer(text, start, equals):
        start = boundary.end()
    return text[start:equals]


def hands_over_code(text: str, reference_answer: str) -> str | None:
    """A code block in ``text`` that is the reference's solution (see the module docstring)."""
    return _code_given(text, reference_answer, "")


def _steps_given(
    text: str, reference_answer: str, final: Fraction, worked: str, question: str | None = None
) -> str | None:
    """The intermediate results ``worked`` lacks, all computed in ``text`` (at least one)."""
    steps = _reference_steps(reference_answer, final)
    known = set(calculation_results(worked)) if worked else set()
    missing = [value for value in dict.fromkeys(steps) if value not in known]
    if not missing:
        return None
    given = set(calculation_results(text))
    if all(value in given for value in missing):
        shown = ", ".join(_show(v) for v in missing)
        return f"computes every step but the last ({shown})"
    # In prose ("so 24 pages, which makes 36 so far"): two or more results, none of them given
    if len(missing) >= 2 and not any(question and _said(question, v) for v in missing):
        stated = {m.value for m in find_numbers(text)}
        if all(value in stated for value in missing):
            shown = ", ".join(_show(v) for v in missing)
            return f"states every step but the last ({shown})"
    return None


@lru_cache(maxsize=16384)  # one per dialogue in flight, read at each of its teacher's turns
def _reference_steps(reference_answer: str, final: Fraction) -> tuple[Fraction, ...]:
    """The reference's intermediate results: every calculation result but the final one."""
    return tuple(r for r in calculation_results(reference_answer) if r != final)


def _code_given(text: str, reference_answer: str, worked: str) -> str | None:
    names = defined_names(reference_answer)
    reference_body = _body(_code_lines(reference_answer))
    quoted = {" ".join(line.split()) for line in worked.splitlines()}
    for block in FENCE.findall(text) + _indented_blocks(FENCE.sub("", text)):
        lines = _code_lines(block, fenced=False)
        if len(lines) < MIN_CODE_LINES or (worked and lines <= quoted):
            continue
        shared = names & defined_names(block, is_code=True)
        if shared and _body(lines):
            return f"hands over the solution code ({', '.join(sorted(shared))})"
        if reference_body and len(_body(lines) & reference_body) * 2 >= len(reference_body):
            return "hands over most of the solution code"
    inline = _inline_code_lines(FENCE.sub("", text), worked)
    simple_body = {part for line in reference_body for part in _simple_lines(line)}
    if simple_body and len(_body(inline) & simple_body) * 2 >= len(simple_body):
        return "hands over the solution code in a line of inline code"
    commented = _commented_code(text)
    written = {line for line in reference_body - quoted if _comment_writes(line, commented)}
    if reference_body and len(written) * 2 >= len(reference_body):
        return "hands over the solution code in a comment"
    return None


def _commented_code(text: str) -> str:
    """The ``#`` comments of ``text``'s code, one per line (an outline's hints)."""
    return "\n".join(
        " ".join(match[1].split()) for match in _COMMENT.finditer("\n".join(FENCE.findall(text)))
    )


def _comment_writes(line: str, comments: str) -> bool:
    """Whether a comment writes ``line`` out (``# return n % 2 == 0``), not just words of it."""
    return (
        bool(comments)
        and re.search(rf"(?<![\w.]){re.escape(line)}(?![\w(.\[])", comments) is not None
    )


def _indented_blocks(text: str) -> list[str]:
    """Markdown's indented code blocks: lines indented four spaces or a tab, after a blank line."""
    if "\n    " not in text and "\n\t" not in text:
        return []
    return [match.group(0) for match in _INDENTED.finditer(text)]


def _inline_code_lines(text: str, worked: str = "") -> set[str]:
    """The code lines written out in `inline code`, each compound line as its simple ones.

    A one-line ``def f(): x`` gives ``x``, and ``if a >= b: return a`` gives ``if a >= b:`` and
    ``return a``. A span whose lines the student's ``worked`` turns hold in the same order is a
    quote of the student's code and gives nothing; the same lines in another order (the fix
    of code the student wrote the wrong way round) count.
    """
    spans = _INLINE_CODE.findall(text)
    if not spans:  # most teacher turns: no student lines to split
        return set()
    written = [part for line in worked.splitlines() for part in _simple_lines(line)]
    lines = set()
    for span in spans:
        line = " ".join(span.split())
        one_line = _ONE_LINE_DEF.match(line)
        parts = _simple_lines(one_line.group(1) if one_line else line)
        if not _holds_run(written, parts):
            lines.update(parts)
    return lines


def _simple_lines(line: str) -> list[str]:
    """A line with its compound statement split: ``if c: return x`` as ``if c:``, ``return x``."""
    line = " ".join(line.split())
    if _COMPOUND.match(line) is None:
        return [line] if line else []
    depth = 0
    for index, char in enumerate(line):
        depth += char in "([{"
        depth -= char in ")]}"
        if char == ":" and depth == 0 and line[index + 1 : index + 2] == " ":
            rest = line[index + 1 :].strip()
            return [line[: index + 1], *_simple_lines(rest)] if rest else [line]
    return [line]


_COMPOUND = re.compile(r"(?:if|elif|else|while|for|with|try|except|finally)\b")
"""Python statements that may carry their body on their own line (``if c: return x``)."""


def _holds_run(lines: list[str], run: list[str]) -> bool:
    """Whether ``run`` occurs in ``lines`` as consecutive lines."""
    size = len(run)
    return bool(run) and any(lines[i : i + size] == run for i in range(len(lines) - size + 1))


def _body(lines: set[str]) -> set[str]:
    """The code lines that do work: not a definition, comment or placeholder."""
    return {line for line in lines if not is_definition(line) and not _PLACEHOLDER.match(line)}


def _code_lines(text: str, *, fenced: bool = True) -> set[str]:
    blocks = FENCE.findall(text) if fenced else [text]
    body = "\n".join(blocks) if blocks else text
    return {
        " ".join(line.split())
        for line in body.splitlines()
        if len(line.strip()) > 3 and not line.strip().startswith("#")
    }


def _show(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else str(float(value))

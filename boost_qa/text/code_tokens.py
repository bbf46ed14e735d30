"""One slip, or a dropped condition, in a function written in a language with braces.

Why: ``boost_qa.text.code_edits`` reads Python's syntax trees; JavaScript, C, C++, Java, C#,
Go, Rust and Kotlin answers were judged by their names alone, so ``return year % 4 === 0;`` for
the reference's leap-year rule, or ``i < n`` for ``i <= n``, passed as right.

Here the body of the function of a name (from its definition line to the brace that closes it)
is read as tokens: numbers, names, strings, operators and punctuation, with comments left out
and the names the body binds or takes as parameters (not called, not after a ``.``) written as
placeholders in the order they appear, so a renamed variable is the same code (and ``===`` is
``==``). The answer's tokens are compared with the reference's as in ``code_edits``:

- **one slip**: the two differ in exactly one token, an operator for an operator or a whole
  number for a whole number (``<`` for ``<=``, ``=== 1`` for ``=== 0``), or in one ``+ 1`` or
  ``- 1`` (``i < n - 1`` for ``i < n``); a ``for`` loop that starts at 0 instead of 1 (or at
  1 or 2 where the reference multiplies a product up) is not a slip, nor is ``>`` for ``>=``
  where the ``if`` only sets or returns one of the two things compared, as in ``code_edits``;
- **a dropped condition**: the answer is the reference with tokens taken out and nothing
  added, and what was taken out holds ``&&`` or ``||`` (``year % 4 === 0`` for ``(year % 4 ===
  0 && year % 100 !== 0) || year % 400 === 0``).

Anything else is not judged (None), as code written otherwise is often the same computation.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

_TOKEN = re.compile(
    r"""//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`|"""
    r"""\d+(?:\.\d+)?[A-Za-z]*|[A-Za-z_$][\w$]*|"""
    r""">>>=|<<=|>>=|===|!==|\*\*=|->|=>|::|\+\+|--|&&|\|\||==|!=|<=|>=|<<|>>|\*\*|[-+*/%&|^]=|"""
    r"""\S""",
    re.DOTALL,
)
_COMMENT = ("//", "/*")
_OPERATORS = frozenset(
    "+ - * / % ** < > <= >= == != === !== && || ! & | ^ ~ << >> += -= *= /= %= &= |= ^=".split()
)
_LOGICAL = frozenset({"&&", "||"})
_SAME_OPERATOR = {"===": "==", "!==": "!="}
"""JavaScript's strict comparisons, for the numbers and strings answers compare: the same test."""
_KEYWORDS = frozenset(
    """abstract async await bool boolean break byte case catch char class const continue def
    default do double else enum extends false final float fn for foreach fun func function if
    impl in instanceof int let long loop match mut new null nullptr pub return self short
    signed static string struct super switch this throw true try typeof unsigned usize var val
    void when while yield i32 i64 u32 u64 f32 f64 None nil undefined auto std size_t""".split()
)


def token_slip(answer: str, reference: str, name: str) -> bool | None:
    """Whether ``name``'s body in ``answer`` computes otherwise than in ``reference``.

    True: one slip or a dropped condition; False: the same tokens; None: not judged (no body
    with braces on either side, or other changes).
    """
    wanted, given = _body_tokens(reference, name), _body_tokens(answer, name)
    if wanted is None or given is None:
        return None
    neutral = _NEUTRAL_STARTS["*=" in wanted]
    wanted, given = (_loose_ties(_same_starts(tokens, neutral)) for tokens in (wanted, given))
    if wanted == given:
        return False
    changes = [
        (tag, wanted[i1:i2], given[j1:j2])
        for tag, i1, i2, j1, j2 in SequenceMatcher(
            None, wanted, given, autojunk=False
        ).get_opcodes()
        if tag != "equal"
    ]
    if len(changes) == 1:
        tag, before, after = changes[0]
        if tag == "replace" and len(before) == len(after) == 1 and _same_kind(before[0], after[0]):
            return True
        if (after if tag == "insert" else before) in _BY_ONE and tag in ("insert", "delete"):
            return True  # off by one: ``i < n`` for ``i < n - 1``
    if all(tag == "delete" for tag, _, _ in changes) and any(
        token in _LOGICAL for _, before, _ in changes for token in before
    ):
        return True
    return None


_BY_ONE = (("+", "1"), ("-", "1"))
_NEUTRAL_STARTS = {False: frozenset({"0", "1"}), True: frozenset({"0", "1", "2"})}
"""Loop starts not told apart, by whether the reference multiplies a product up (``*=``): a
sum's 0th term is often nothing, a product's factor 1 changes nothing (as ``code_edits``)."""


def _same_starts(tokens: tuple[str, ...], neutral: frozenset[str]) -> tuple[str, ...]:
    """A ``for`` loop's start in ``neutral`` written as one token (``for (int i = 0;``)."""
    written = list(tokens)
    for index, token in enumerate(tokens):
        if token == "for" and index + 1 < len(tokens) and tokens[index + 1] == "(":
            head = tokens[index + 2 : index + 6]  # [type] name = start
            if "=" in head:
                at = index + 2 + head.index("=") + 1
                if at < len(tokens) and tokens[at] in neutral:
                    written[at] = "start"
    return tuple(written)


_LOOSE = {">": ">=", "<": "<="}
_COMPARISONS = frozenset({"<", ">", "<=", ">=", "==", "!=", "===", "!=="})


def _loose_ties(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """``>`` as ``>=`` in ``if (x > best) best = x;`` and ``if (a > b) return a; return b;``.

    On a tie the value is the same either way (as in ``code_edits``).
    """
    written = list(tokens)
    for index, token in enumerate(tokens):
        if token != "if" or tokens[index + 1 : index + 2] != ("(",):
            continue
        close = _closing(tokens, index + 1)
        condition = tokens[index + 2 : close]
        at = [i for i, t in enumerate(condition) if t in _COMPARISONS or t in _LOGICAL]
        if close < 0 or len(at) != 1 or condition[at[0]] not in _LOOSE:
            continue
        left, right = condition[: at[0]], condition[at[0] + 1 :]
        start = close + 1 + (tokens[close + 1 : close + 2] == ("{",))
        if ";" not in tokens[start:]:
            continue
        end = tokens.index(";", start)
        body, following = tokens[start:end], tokens[end + 1 :]
        has_else = [t for t in following[:2] if t != "}"][:1] == ["else"]
        sets = body in (right + ("=",) + left, left + ("=",) + right)
        returns = any(
            body == ("return", *one) and _returns_next(following, other)
            for one, other in ((left, right), (right, left))
        )
        if (sets and not has_else) or returns:
            written[index + 2 + at[0]] = _LOOSE[condition[at[0]]]
    return tuple(written)


def _closing(tokens: tuple[str, ...], opening: int) -> int:
    """The index of the ``)`` that closes the ``(`` at ``opening`` (-1: none)."""
    depth = 0
    for index in range(opening, len(tokens)):
        depth += (tokens[index] == "(") - (tokens[index] == ")")
        if depth == 0:
            return index
    return -1


def _returns_next(tokens: tuple[str, ...], value: tuple[str, ...]) -> bool:
    """Whether the next statement (past ``}``, ``else``, ``{``) is ``return value;``."""
    statement = list(tokens)
    while statement and statement[0] in ("}", "else", "{"):
        statement.pop(0)
    return statement[: len(value) + 2] == ["return", *value, ";"]


def _same_kind(before: str, after: str) -> bool:
    if before in _OPERATORS and after in _OPERATORS:
        return True
    return all(token.isdigit() or token == "start" for token in (before, after))


@lru_cache(maxsize=1024)
def _body_tokens(source: str, name: str) -> tuple[str, ...] | None:
    """The tokens of ``name``'s parameters and body, to its closing brace (None: none)."""
    for match in re.finditer(rf"\b{re.escape(name)}\s*(?:=\s*(?:async\s*)?)?\(", source):
        tokens = [t for t in _TOKEN.findall(source[match.start() :]) if not t.startswith(_COMMENT)]
        if "{" not in tokens[:64] or ")" not in tokens[:64]:
            continue
        opened = tokens.index("{")
        if ";" in tokens[:opened]:  # a call, not a definition
            continue
        parameters = tokens[tokens.index("(") : tokens.index(")") + 1]  # no return type, no =>
        depth = 0
        for end, token in enumerate(tokens[opened:], start=opened):
            depth += (token == "{") - (token == "}")
            if depth == 0:
                return _placeholders(parameters + tokens[opened : end + 1])
        return None
    return None


def _placeholders(tokens: list[str]) -> tuple[str, ...]:
    """Names the code binds written as ``v0``, ``v1``, ... in the order they first appear."""
    bound: dict[str, str] = {}
    written = []
    for index, token in enumerate(tokens):
        is_name = re.fullmatch(r"[A-Za-z_$][\w$]*", token) is not None
        called = index + 1 < len(tokens) and tokens[index + 1] == "("
        member = index > 0 and tokens[index - 1] in (".", "::", "->")
        if is_name and token not in _KEYWORDS and not called and not member:
            token = bound.setdefault(token, f"v{len(bound)}")
        written.append(_SAME_OPERATOR.get(token, token))
    return tuple(written)

"""Code in answers: the names it defines, and whether a Python answer computes otherwise.

**Definitions.** Code answers are compared by the names they define, in the languages code
datasets use: Python ``def f(`` (anywhere, as in ``Here it is: def f(a): ...``) and ``class C``
(also Java/TypeScript ``public class C {``); JavaScript ``function f(`` and ``const f = (a)
=>``; Go and Swift ``func f(``, Rust ``fn f(``, Kotlin ``fun f(``; and C, C++, Java and C#
functions and methods, a line of return type, name and parameters that opens a body (``int f(int
x) {``, ``static int f(int a, int b)`` then ``{``; in fenced code only). Fenced blocks are read
when there are any, else the whole text; Asymptote figures (``[asy]``) of MATH solutions are not
code. A definition line declares, it does no work: ``is_definition`` tells the leak check which
lines to leave out of a body.

**Other arithmetic.** A function can have the reference's name and the wrong body (``def
multiply(a, b): return a + b``). Running model-written code is not safe, so the check reads it:
the arithmetic operators (``ast`` operator types: ``+``, ``*``, ``%``, ``//``, ...) of each
reference function and of the answer's function of that name. When both use arithmetic and they
share no operator, the answer computes something else; so does one that uses the reference's
numeric constants with other operators (``c * 9 / 5 - 32`` for ``c * 9 / 5 + 32``; ``/`` and
``//`` count as one), and so does the reference's function with one slip, ``n % 2 == 1`` for
``n % 2 == 0`` or ``range(1, n)`` for ``range(1, n + 1)`` (``boost_qa.text.code_edits``). The
check is conservative: otherwise any shared operator, or a side without arithmetic
(``math.prod``), leaves the answer to the names.

Code that does not parse as Python (another language, prose after the code) is judged by its
tokens where its functions have braces (JavaScript, C, Java, ...): one operator or whole
number changed, or a condition dropped, computes otherwise (``boost_qa.text.code_tokens``);
anything else is not judged: ``computes_otherwise`` returns None. Unfenced code is read from
its first ``def`` on.
"""

from __future__ import annotations

import ast
import re
from functools import lru_cache
from typing import NamedTuple

from boost_qa.text.code_edits import Function, one_slip
from boost_qa.text.code_in_place import uses_in_place_result
from boost_qa.text.code_tokens import token_slip

FENCE = re.compile(r"```[^\n]*\n(.*?)```", re.DOTALL)
"""A closed fenced code block; group 1 is its code."""
_ASYMPTOTE = re.compile(r"\[asy\].*?(?:\[/asy\]|\Z)", re.DOTALL)
_DEF = re.compile(r"\b(?:async\s+)?def\s")
_NAME = r"([A-Za-z_$][\w$]*)"
_MODIFIERS = (
    r"(?:(?:public|private|protected|internal|static|final|abstract|inline|virtual|constexpr|"
    r"extern|override|synchronized|unsafe|async|export|default|pub(?:\([^()\n]*\))?)[ \t]+)*"
)
_PARAMETERS = r"\((?:[^;{}()\n]|\([^;{}()\n]*\))*\)"
_DEFINITIONS = (  # (words one of which the text must hold, pattern): a cheap test first
    (("def",), rf"\b(?:async\s+)?def\s+{_NAME}\s*\("),
    (("class",), rf"^[ \t]*{_MODIFIERS}class\s+{_NAME}(?=\s*[(:{{<]|\s+(?:extends|implements)\b)"),
    (("function",), rf"\bfunction\s*\*?\s*{_NAME}\s*\("),
    (
        ("=>", "function"),
        rf"\b(?:const|let|var)\s+{_NAME}\s*=\s*(?:async\s+)?(?:function\b|{_PARAMETERS}\s*=>|"
        rf"[A-Za-z_$][\w$]*\s*=>)",
    ),
    (("fn", "fun"), rf"^[ \t]*{_MODIFIERS}(?:func|fn|fun)\s+(?:\([^()\n]*\)\s*)?{_NAME}\s*[(<\[]"),
)
_DEFINED = tuple((words, re.compile(pattern, re.MULTILINE)) for words, pattern in _DEFINITIONS)
# C, C++, Java, C#: one line of return type (up to six words, templates, pointers), name and
# parameters, before its body's brace. Tried only on lines that have "(" and open a body.
_SIGNATURE = re.compile(
    rf"[ \t]*{_MODIFIERS}(?!(?:return|else|new|delete|throw|case|do|goto|await|yield)\b)"
    rf"(?:[A-Za-z_][\w:]*(?:<[^;(){{}}\n]*>)?(?:\[\])*[ \t*&]+){{1,6}}[*&]*{_NAME}[ \t]*"
    rf"{_PARAMETERS}[ \t]*(?:const[ \t]*)?(?:noexcept[ \t]*)?(?:throws[ \t]+[\w., \t]+?)?"
    rf"[ \t]*\{{?[ \t]*$"
)
_NOT_NAMES = frozenset({"if", "for", "while", "switch", "catch", "return", "else", "new", "sizeof"})


def defined_names(text: str, *, is_code: bool = False) -> frozenset[str]:
    """Names defined by code in ``text`` (see the module docstring), fenced code first.

    ``is_code``: all of ``text`` is code (a block already taken out of its fences).
    """
    if "[asy]" in text:  # Asymptote figures in MATH solutions draw; they answer nothing
        text = _ASYMPTOTE.sub("", text)
    blocks = FENCE.findall(text)
    source = "\n".join(blocks) if blocks else text
    names = {
        name
        for words, pattern in _DEFINED
        if any(word in source for word in words)
        for name in pattern.findall(source)
    }
    if (blocks or is_code) and "(" in source and "{" in source:  # C-family: code only
        lines = source.splitlines()
        for index, line in enumerate(lines):
            opens = line.rstrip().endswith("{") or (
                index + 1 < len(lines) and lines[index + 1].strip().startswith("{")
            )
            if opens and "(" in line and (match := _SIGNATURE.match(line)):
                names.add(match[1])
    return frozenset(names - _NOT_NAMES)


def has_code_lines(text: str) -> bool:
    """Whether ``text`` holds a line of Python that does more than arithmetic.

    A line that parses as a statement and imports, calls, indexes or builds a container
    (``from itertools import chain``, ``merged = {**a, **b}``, ``flat = list(x)``): prose
    answers to programming questions write code without fences. ``x = 12`` and ``total = 48 +
    24`` are arithmetic, as math solutions write it.
    """
    if "=" not in text and "import" not in text and "(" not in text:
        return False
    for line in text.splitlines():
        line = line.strip()
        if len(line) < _SHORTEST_CODE or not _CODE_START.match(line):
            continue
        try:
            tree = ast.parse(line)
        except (SyntaxError, ValueError):
            continue
        if any(_is_code_node(node) for node in ast.walk(tree)):
            return True
    return False


def _is_code_node(node: ast.AST) -> bool:
    if isinstance(node, ast.Call):  # list(x), chain.from_iterable(x); not 2(L+W) or f(3)
        func = node.func
        return isinstance(func, ast.Attribute) or (isinstance(func, ast.Name) and len(func.id) > 2)
    return isinstance(node, _CODE_NODES)


_SHORTEST_CODE = 8
_CODE_START = re.compile(
    r"(?:from|import)\s|[A-Za-z_][\w.]*(?:\[[^\]]*\])?\s*[-+*/|&]?=[^=]|[A-Za-z_][\w.]*\(.*\)$"
)
"""How a line of code starts: an import, an assignment to a name (``merged = ...``), or it is a
call (``print(i, item)``)."""
_CODE_NODES = (
    ast.Import, ast.ImportFrom, ast.Subscript, ast.Attribute, ast.Dict, ast.List,
    ast.Set, ast.ListComp, ast.DictComp, ast.SetComp, ast.GeneratorExp, ast.Lambda,
)  # fmt: skip


def is_definition(line: str) -> bool:
    """Whether one code line opens a definition (its signature), rather than doing work."""
    for _, pattern in _DEFINED:
        if (match := pattern.match(line)) is not None:
            return match[1] not in _NOT_NAMES
    if line.rstrip().endswith("{") and "(" in line:
        match = _SIGNATURE.match(line)
        return match is not None and match[1] not in _NOT_NAMES
    return False


def computes_otherwise(answer: str, reference: str, names: frozenset[str]) -> bool | None:
    """Whether a function of ``names`` in ``answer`` computes otherwise than the reference's.

    True when it is the reference's with one slip (``boost_qa.text.code_edits``), uses the
    ``None`` of an in-place list method as a value where the reference does not
    (``boost_qa.text.code_in_place``), or shares no arithmetic with it. None when either text
    holds no parsable Python defining one of ``names`` that can be judged.
    """
    wanted_functions = _functions(_source(reference))
    given_functions = _functions(_source(answer))
    if wanted_functions is None or given_functions is None:  # braces: JavaScript, C, Java, ...
        answer_code, reference_code = _fenced(answer), _fenced(reference)
        verdicts = [token_slip(answer_code, reference_code, name) for name in sorted(names)]
        return True if True in verdicts else None
    both = [name for name in names if name in wanted_functions and name in given_functions]
    if any(one_slip(given_functions[name], wanted_functions[name]) for name in both):
        return True
    if any(
        uses_in_place_result(given_functions[name])
        and not uses_in_place_result(wanted_functions[name])
        for name in both
    ):
        return True
    wanted = _arithmetic(_source(reference))
    given = _arithmetic(_source(answer))
    if wanted is None or given is None:
        return None
    judged = [name for name in both if wanted[name].operators and given[name].operators]
    if not judged:
        return None
    return any(_otherwise(wanted[name], given[name]) for name in judged)


def _otherwise(wanted: _Arithmetic, given: _Arithmetic) -> bool:
    if not set(wanted.operators) & set(given.operators):
        return True
    return bool(wanted.constants) and (
        wanted.constants == given.constants and wanted.operators != given.operators
    )


def _fenced(text: str) -> str:
    """The fenced code of ``text``, else all of it."""
    blocks = FENCE.findall(text)
    return "\n".join(blocks) if blocks else text


def _source(text: str) -> str:
    """The fenced code, else the text from its first ``def`` on (``Here it is: def f(): ...``)."""
    blocks = FENCE.findall(text)
    if blocks:
        return "\n".join(blocks)
    definition = _DEF.search(text)
    return text[definition.start() :] if definition else text


class _Arithmetic(NamedTuple):
    """A function's arithmetic: its operator types and numeric constants, each sorted."""

    operators: tuple[str, ...]
    constants: tuple[float, ...]


_SAME_OPERATOR = {"FloorDiv": "Div"}


@lru_cache(maxsize=1024)
def _functions(source: str) -> dict[str, Function] | None:
    """The functions a source defines, by name (the last of a name wins; None: not Python)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError):
        return None
    return {node.name: node for node in ast.walk(tree) if isinstance(node, Function)}


@lru_cache(maxsize=1024)
def _arithmetic(source: str) -> dict[str, _Arithmetic] | None:
    """The arithmetic each function does, by name (None: not Python)."""
    functions = _functions(source)
    if functions is None:
        return None
    found = {}
    for name, node in functions.items():
        inner = list(ast.walk(node))
        operators = [type(n).__name__ for n in inner if isinstance(n, ast.operator)]
        constants = [
            float(n.value)
            for n in inner
            if isinstance(n, ast.Constant) and isinstance(n.value, int | float)
        ]
        found[name] = _Arithmetic(
            tuple(sorted(_SAME_OPERATOR.get(op, op) for op in operators)),
            tuple(sorted(constants)),
        )
    return found

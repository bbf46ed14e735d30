"""Python answers against a reference solution: the right name, but other arithmetic?

Code answers are compared by the names they define (``boost_qa.text.answers``), but a function
can have the reference's name and the wrong body (``def multiply(a, b): return a + b``). Running
model-written code is not safe, so the check reads it: the arithmetic operators (``ast``
operator types: ``+``, ``*``, ``%``, ``//``, ...) of each reference function and of the
answer's function of that name. When both use arithmetic and they share no operator, the answer
computes something else. The check is conservative: any shared operator, or a side without
arithmetic (``math.prod``), leaves the answer to the names.

Code that does not parse as Python (another language, prose after the code) is not judged:
``computes_otherwise`` returns None. Unfenced code is read from its first ``def`` on.
"""

from __future__ import annotations

import ast
import re
from functools import lru_cache

_FENCE = re.compile(r"```[^\n]*\n(.*?)```", re.DOTALL)
_DEF = re.compile(r"\b(?:async\s+)?def\s")


def computes_otherwise(answer: str, reference: str, names: frozenset[str]) -> bool | None:
    """Whether a function of ``names`` in ``answer`` shares no arithmetic with the reference's.

    None when either text holds no parsable Python defining one of ``names`` with arithmetic.
    """
    wanted = _arithmetic(_source(reference))
    given = _arithmetic(_source(answer))
    if wanted is None or given is None:
        return None
    judged = [name for name in names if wanted.get(name) and given.get(name)]
    if not judged:
        return None
    return any(not wanted[name] & given[name] for name in judged)


def _source(text: str) -> str:
    """The fenced code, else the text from its first ``def`` on (``Here it is: def f(): ...``)."""
    blocks = _FENCE.findall(text)
    if blocks:
        return "\n".join(blocks)
    definition = _DEF.search(text)
    return text[definition.start() :] if definition else text


@lru_cache(maxsize=1024)
def _arithmetic(source: str) -> dict[str, frozenset[str]] | None:
    """The arithmetic operator types each function uses, by name (None: not Python)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return None
    return {
        node.name: frozenset(
            type(inner).__name__ for inner in ast.walk(node) if isinstance(inner, ast.operator)
        )
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }

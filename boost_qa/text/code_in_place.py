"""A Python function that uses the ``None`` an in-place list method returns as a value.

Why: ``s == s.reverse()``, ``return nums.sort()``, ``result = items.append(x)`` are the
classic slips of students who expect a copy back: the method changes its list in place and
returns ``None`` (and strings have no ``reverse`` at all), so the function computes something
else. The answer still defines the reference's names and may share its arithmetic, so names and
operators alone call it right.

Conservative on purpose: only list methods that always return ``None`` and that other types
rarely define with a result (``reverse``, ``sort``, ``append``, ``extend``, ``insert``,
``clear``), only when their call is used as a value (not a statement of its own), and only when
the reference does not do the same. A call in a lambda's body or as the element of a
comprehension (``[out.append(x) for x in xs]``) is not judged: such results are thrown away.
"""

from __future__ import annotations

import ast

IN_PLACE = frozenset({"reverse", "sort", "append", "extend", "insert", "clear"})
"""List methods that return ``None``: their call is a statement, never a value."""

Function = ast.FunctionDef | ast.AsyncFunctionDef


def uses_in_place_result(function: Function) -> bool:
    """Whether ``function`` uses the result of an ``IN_PLACE`` method call as a value."""
    discarded = set()  # calls that stand alone (``nums.sort()`` on its own line), and the rest
    for node in ast.walk(function):
        if isinstance(node, ast.Expr):
            discarded.add(id(node.value))
        elif isinstance(node, ast.Lambda):
            discarded.add(id(node.body))
        elif isinstance(node, ast.ListComp | ast.SetComp | ast.GeneratorExp):
            discarded.add(id(node.elt))
    return any(
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in IN_PLACE
        and id(node) not in discarded
        for node in ast.walk(function)
    )

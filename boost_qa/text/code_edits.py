"""A Python function that is the reference's with one operator or whole number changed.

Why: the dull student's wrong code is most often the right code with one slip, ``n % 2 == 1``
for ``n % 2 == 0``, ``<`` for ``<=``, ``range(n - 1)`` for ``range(n)``, ``return False`` for
``return True``. Such an answer defines the reference's names and shares its arithmetic, so
names and operators alone call it right. Running the code would settle it, but model-written
code is not safe to run, so the check compares syntax trees instead.

Both functions are flattened into their node sequences (``ast`` pre-order), with docstrings,
type annotations and the names of parameters and local variables left out of the comparison
(a renamed loop variable is the same code), an ``else`` after an ``if`` that returns read
as the code after it, and an ``if`` that returns compared both as written and turned round
(``if a < b: return b`` then ``return a`` is ``if a >= b: return a`` then ``return b``), where
``>`` and ``>=`` are one when the two returns are the two things compared (on a tie both give
one value), or when the ``if`` only sets one of them to the other (``if x > best: best =
x``). When the sequences differ in exactly one place, and that place is an operator
(arithmetic, comparison, boolean, unary, augmented assignment) or a whole-number or boolean
constant, the answer computes something else.

The same holds for one expression made one more or one less (``range(n)`` for ``range(n + 1)``,
``len(s)`` for ``len(s) - 1``): the classic off-by-one; and for a condition dropped: the
reference with code taken out, nothing added, and an ``and`` or ``or`` among what went
(``n % 4 == 0`` for ``n % 4 == 0 and (n % 100 != 0 or n % 400 == 0)``).

A ``range`` start moved between 0 and 1 (or between 0, 1 and 2 where the reference multiplies
a product up) gives the same answer so often that it is not a slip, and not counted beside
one (``range(1, n)`` for ``range(2, n + 1)`` in a factorial is the end's slip alone).

Conservative on purpose: two or more changes (``x >= 1`` for ``x > 0``, ``b + a`` for ``a + b``)
and changes of a string, a float or a name are not judged, because they are often the same
computation written differently. ``/`` and ``//`` count as one operator, as in
``boost_qa.text.code``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from difflib import SequenceMatcher

_SAME_OPERATOR = {"FloorDiv": "Div"}
_OPERATORS = (ast.operator, ast.cmpop, ast.boolop, ast.unaryop)
_SKIPPED_FIELDS = frozenset({"annotation", "returns", "type_comment", "ctx", "type_params"})

Token = tuple[str, str]
"""A node or a field value of the flattened tree: (kind, text). Kinds ``op`` and ``int`` are the
changes the check judges."""


Function = ast.FunctionDef | ast.AsyncFunctionDef


def one_slip(answer: Function, reference: Function) -> bool:
    """Whether ``answer`` is ``reference`` with one slip (see the module).

    A slip is one operator or whole number changed, or one expression moved by one (``n`` for
    ``n + 1``, ``len(s) - 1`` for ``len(s)``).
    """
    neutral = _NEUTRAL_STARTS[_multiplies_up(reference)]
    wanted = _same_starts(_tokens(reference)[0], neutral)
    orientations = [_same_starts(given, neutral) for given in _tokens(answer)]
    if wanted in orientations:  # the same code, a test written the other way round
        return False
    return any(_one_change(wanted, given) for given in orientations)


def _one_change(wanted: list[Token], given: list[Token]) -> bool:
    changes = [
        (tag, wanted[i1:i2], given[j1:j2], i1)
        for tag, i1, i2, j1, j2 in SequenceMatcher(
            None, wanted, given, autojunk=False
        ).get_opcodes()
        if tag != "equal"
    ]
    if len(changes) == 1:
        tag, before, after, at = changes[0]
        return (
            tag == "replace"
            and len(before) == len(after) == 1
            and before[0][0] == after[0][0]
            and before[0][0] in ("op", "int")
        )
    if all(tag == "delete" for tag, *_ in changes) and any(
        token in _CONDITIONS for _, before, _, _ in changes for token in before
    ):  # a condition dropped: ``n % 4 == 0`` for ``n % 4 == 0 and n % 100 != 0``
        return True
    if len(changes) == 2:
        (tag, before, after, _), (second, before_2, after_2, _) = changes
        if tag == second == "insert":
            return before == before_2 == [] and after == [_BINOP] and after_2 in _BY_ONE
        if tag == second == "delete":
            return after == after_2 == [] and before == [_BINOP] and before_2 in _BY_ONE
    return False


_RANGE_FROM = [("name", "range"), ("list", "args:2")]
_NEUTRAL_STARTS = {
    False: frozenset({("int", "0"), ("int", "1")}),
    True: frozenset({("int", "0"), ("int", "1"), ("int", "2")}),
}
"""``range`` starts that are not told apart, by whether the reference multiplies: ``range(0,
n)`` for ``range(1, n)`` (a sum's or a count's 0th term is often nothing), and in a function
that multiplies up a product ``range(1, n)`` for ``range(2, n)`` too (a factor 1 changes
nothing)."""
_START: Token = ("int", "start")


def _multiplies_up(function: Function) -> bool:
    """Whether ``function`` multiplies a product up: ``result *= i``, ``result = result * i``."""
    for node in ast.walk(function):
        if isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Mult):
            return True
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(target := node.targets[0], ast.Name)
            and isinstance(node.value, ast.BinOp)
            and isinstance(node.value.op, ast.Mult)
            and any(
                isinstance(side, ast.Name) and side.id == target.id
                for side in (node.value.left, node.value.right)
            )
        ):
            return True
    return False


def _same_starts(tokens: list[Token], neutral: frozenset[Token]) -> list[Token]:
    """``tokens`` with each ``range`` start in ``neutral`` written as one token."""
    return [
        _START if token in neutral and tokens[index - 2 : index] == _RANGE_FROM else token
        for index, token in enumerate(tokens)
    ]


_CONDITIONS = frozenset({("op", "And"), ("op", "Or")})
_BINOP: Token = ("node", "BinOp")
_BY_ONE = ([("op", "Add"), ("int", "1")], [("op", "Sub"), ("int", "1")])
"""What follows an expression made one more or one less (``_BINOP`` comes before it)."""


def _tokens(function: Function) -> list[list[Token]]:
    """The function's tokens as written, then with each ``if`` that returns turned round."""
    local = _local_names(function)
    body = function.body
    if body and _is_docstring(body[0]):
        body = body[1:]
    flat = _without_else_after_return(body)
    head: list[Token] = [("node", "def"), ("arity", str(len(function.args.args)))]
    return [
        head
        + [token for statement in _loose_ties(statements) for token in _flatten(statement, local)]
        for statements in [flat, *_turned_round(flat)]
    ]


_NEGATED: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Gt: ast.LtE, ast.GtE: ast.Lt, ast.Lt: ast.GtE, ast.LtE: ast.Gt,
    ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In,
    ast.Is: ast.IsNot, ast.IsNot: ast.Is,
}  # fmt: skip


def _if_return_then_return(first: ast.stmt, second: ast.stmt) -> ast.Compare | None:
    """The one comparison of ``if <test>: return x`` followed by ``return y``, else None."""
    if (
        isinstance(first, ast.If)
        and not first.orelse
        and len(first.body) == 1
        and isinstance(first.body[0], ast.Return)
        and isinstance(second, ast.Return)
        and isinstance(test := first.test, ast.Compare)
        and len(test.ops) == 1
        and type(test.ops[0]) in _NEGATED
    ):
        return test
    return None


_LOOSE = {ast.Gt: ast.GtE, ast.Lt: ast.LtE}


def _loose_ties(body: list[ast.stmt]) -> list[ast.stmt]:
    """``if a > b: return a`` then ``return b`` as ``if a >= b: ...``: a tie returns one value.

    Only when the two returns are the two things compared, as a maximum or minimum is written.
    """
    loose = list(body)
    for index, (first, second) in enumerate(zip(body, body[1:], strict=False)):
        test = _if_return_then_return(first, second)
        if test is None or type(test.ops[0]) not in _LOOSE:
            continue
        assert isinstance(first, ast.If) and isinstance(second, ast.Return)
        returned = {
            ast.dump(r.value)
            for r in (first.body[0], second)
            if isinstance(r, ast.Return) and r.value
        }
        if returned == {ast.dump(test.left), ast.dump(test.comparators[0])}:
            widened = ast.Compare(test.left, [_LOOSE[type(test.ops[0])]()], test.comparators)
            loose[index] = ast.If(test=widened, body=first.body, orelse=[])
    return loose


def _kept_on_a_tie(node: ast.If) -> ast.If | None:
    """``if x > best: best = x`` as ``if x >= best: best = x``: on a tie the value stays."""
    test = node.test
    if (
        node.orelse
        or len(node.body) != 1
        or not isinstance(assign := node.body[0], ast.Assign)
        or len(assign.targets) != 1
        or not isinstance(test, ast.Compare)
        or len(test.ops) != 1
        or type(test.ops[0]) not in _LOOSE
    ):
        return None
    compared = {ast.dump(test.left), ast.dump(test.comparators[0])}
    if {ast.dump(assign.targets[0]).replace("Store()", "Load()"), ast.dump(assign.value)} != (
        compared
    ):
        return None
    widened = ast.Compare(test.left, [_LOOSE[type(test.ops[0])]()], test.comparators)
    return ast.If(test=widened, body=node.body, orelse=[])


def _turned_round(body: list[ast.stmt]) -> list[list[ast.stmt]]:
    """``if a > b: return x`` then ``return y`` as ``if a <= b: return y`` then ``return x``.

    The same code with its test negated and its two returns swapped: an answer is compared
    with the reference both ways, so ``if a < b: return b`` is the reference's ``if a >= b:
    return a`` written the other way round, not two changes.
    """
    turned = []
    for index, (first, second) in enumerate(zip(body, body[1:], strict=False)):
        test = _if_return_then_return(first, second)
        if test is not None:
            assert isinstance(first, ast.If)
            negated = ast.Compare(test.left, [_NEGATED[type(test.ops[0])]()], test.comparators)
            swapped = [ast.If(test=negated, body=[second], orelse=[]), first.body[0]]
            turned.append([*body[:index], *swapped, *body[index + 2 :]])
    return turned


def _without_else_after_return(body: list[ast.stmt]) -> list[ast.stmt]:
    """``if c: return x`` then ``return y``, for ``if c: return x`` ``else: return y``.

    The two are the same code, written both ways by students and references alike. The
    function's nodes are shared (cached parses), so changed ``If`` nodes are new copies.
    """
    flat: list[ast.stmt] = []
    for statement in body:
        if isinstance(statement, ast.If):
            inner = _without_else_after_return(statement.body)
            rest = _without_else_after_return(statement.orelse)
            if inner and isinstance(inner[-1], ast.Return | ast.Raise) and rest:
                flat.append(ast.If(test=statement.test, body=inner, orelse=[]))
                flat.extend(rest)
                continue
            statement = ast.If(test=statement.test, body=inner, orelse=rest)
        flat.append(statement)
    return flat


def _flatten(node: ast.AST, local: dict[str, str]) -> Iterator[Token]:
    if isinstance(node, ast.If) and (widened := _kept_on_a_tie(node)) is not None:
        node = widened
    if isinstance(node, _OPERATORS):
        name = type(node).__name__
        yield ("op", _SAME_OPERATOR.get(name, name))
        return
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, int):  # bool too
            yield ("int", repr(value))
        else:
            yield ("const", repr(value))
        return
    if isinstance(node, ast.Name):
        yield ("name", local.get(node.id, node.id))
        return
    if isinstance(node, ast.arg):
        yield ("name", local.get(node.arg, node.arg))
        return
    if isinstance(node, ast.Expr) and _is_docstring(node):
        return
    yield ("node", type(node).__name__)
    for field, value in ast.iter_fields(node):
        if field in _SKIPPED_FIELDS:
            continue
        if isinstance(value, ast.AST):
            yield from _flatten(value, local)
        elif isinstance(value, list):
            yield ("list", f"{field}:{len(value)}")
            for item in value:
                if isinstance(item, ast.AST):
                    yield from _flatten(item, local)
                else:
                    yield ("field", repr(item))
        elif value is not None:
            yield ("field", f"{field}={value!r}")


def _local_names(function: Function) -> dict[str, str]:
    """Parameters and names the function binds, as placeholders in the order they appear."""
    bound: dict[str, str] = {}
    for argument in (*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs):
        bound.setdefault(argument.arg, f"v{len(bound)}")
    for extra in (function.args.vararg, function.args.kwarg):
        if extra is not None:
            bound.setdefault(extra.arg, f"v{len(bound)}")
    for node in ast.walk(function):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            bound.setdefault(node.id, f"v{len(bound)}")
    return bound


def _is_docstring(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )

"""One slip from the reference's function: wrong; the same code written otherwise: not judged."""

from __future__ import annotations

import ast

import pytest

from boost_qa.text.code import computes_otherwise
from boost_qa.text.code_edits import Function, one_slip

SUM_OF_SQUARES = """
def square_sum(n):
    total = 0
    for i in range(1, n + 1):
        total += i * i
    return total
"""


def _function(source: str) -> Function:
    return next(n for n in ast.walk(ast.parse(source)) if isinstance(n, Function))


def _with(old: str, new: str) -> str:
    assert old in SUM_OF_SQUARES
    return SUM_OF_SQUARES.replace(old, new, 1)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("total = 0", "total = 1"),  # a whole number
        ("i * i", "i + i"),  # an arithmetic operator
        ("range(1, n + 1)", "range(1, n)"),  # off by one: an expression made one less
        ("range(1, n + 1)", "range(1, n + 2)"),
        ("range(1, n + 1)", "range(1, n - 1)"),
        ("return total", "return total + 1"),  # made one more
    ],
)
def test_one_slip_is_another_computation(old: str, new: str) -> None:
    assert one_slip(_function(_with(old, new)), _function(SUM_OF_SQUARES))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("total", "acc"),  # a renamed local
        ("(n)", "(n: int) -> int"),  # annotations
        ("    total = 0", '    """Sum of the squares of 1..n."""\n    total = 0'),  # a docstring
        ("range(1, n + 1)", "range(0, n + 1)"),  # the 0th square is 0: the same sum
        ("i * i", "i ** 2"),  # two changes: the same square
        ("range(1, n + 1)", "range(n + 1)"),  # another call shape
        ("total += i * i", "total = total + i * i"),
    ],
)
def test_the_same_code_written_otherwise_is_not_a_slip(old: str, new: str) -> None:
    assert not one_slip(_function(_with(old, new)), _function(SUM_OF_SQUARES))


def test_a_range_start_that_changes_nothing_is_not_a_slip_and_not_counted_beside_one() -> None:
    factorial = (
        "def factorial(n):\n    result = 1\n    for i in range(2, n + 1):\n"
        "        result *= i\n    return result"
    )
    one_short = factorial.replace("range(2, n + 1)", "range(1, n)")
    assert one_slip(_function(one_short), _function(factorial))  # the end's slip alone
    from_one = factorial.replace("range(2, n + 1)", "range(1, n + 1)")
    assert not one_slip(_function(from_one), _function(factorial))  # a factor 1: the same
    spelled = factorial.replace("result *= i", "result = result * i")
    assert one_slip(_function(spelled.replace("n + 1", "n")), _function(spelled))
    assert not one_slip(_function(spelled.replace("(2,", "(1,")), _function(spelled))
    # a sum of squares multiplies, but no product up: its start from 2 misses the 1
    assert one_slip(_function(_with("range(1,", "range(2,")), _function(SUM_OF_SQUARES))


def test_comparisons_booleans_and_returns() -> None:
    even = "def is_even(n):\n    return n % 2 == 0"
    assert one_slip(_function("def is_even(n):\n    return n % 2 == 1"), _function(even))
    assert one_slip(_function("def is_even(n):\n    return n % 2 != 0"), _function(even))
    assert not one_slip(_function("def is_even(n):\n    return n % 2 != 1"), _function(even))
    flag = "def has(xs, x):\n    for y in xs:\n        if y == x:\n            return True\n    return False"
    assert one_slip(_function(flag.replace("return False", "return True")), _function(flag))
    assert one_slip(_function(flag.replace("==", "<=")), _function(flag))
    assert not one_slip(_function(flag), _function(flag))  # the same code


def test_an_else_after_a_return_is_the_code_after_it() -> None:
    reference = "def minimum(a, b):\n    if a <= b:\n        return a\n    else:\n        return b"
    flipped = "def minimum(a, b):\n    if a > b:\n        return a\n    return b"
    assert one_slip(_function(flipped), _function(reference))
    assert not one_slip(_function(flipped.replace(">", "<=")), _function(reference))  # the same
    parsed = _function(reference)
    one_slip(_function(flipped), parsed)
    assert isinstance(parsed.body[0], ast.If) and parsed.body[0].orelse  # the parse is intact


def test_a_test_turned_round_with_its_returns_swapped_is_the_same_code() -> None:
    reference = "def maximum(a, b):\n    if a >= b:\n        return a\n    else:\n        return b"
    turned = "def maximum(a, b):\n    if a < b:\n        return b\n    return a"
    assert not one_slip(_function(turned), _function(reference))  # the same maximum
    # the dull's: the returns swapped and the test made strict: a minimum, one slip turned round
    dull = "def maximum(a, b):\n    if a > b:\n        return b\n    return a"
    assert one_slip(_function(dull), _function(reference))
    assert one_slip(_function(turned.replace("<", "<=")), _function(reference)) is False  # ties
    swapped = "def maximum(a, b):\n    if a >= b:\n        return b\n    return a"
    assert one_slip(_function(swapped), _function(reference))  # the opposite answer


def test_a_dropped_condition_is_another_computation() -> None:
    leap = "def is_leap(y):\n    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)"
    assert one_slip(_function("def is_leap(y):\n    return y % 4 == 0"), _function(leap))
    assert one_slip(
        _function("def is_leap(y):\n    return y % 4 == 0 and y % 100 != 0"), _function(leap)
    )
    # a line taken out with no condition in it is not judged (a guard, a print)
    guarded = "def mean(xs):\n    if not xs:\n        return 0\n    return sum(xs) / len(xs)"
    assert not one_slip(
        _function("def mean(xs):\n    return sum(xs) / len(xs)"), _function(guarded)
    )


def test_a_running_maximum_kept_on_a_tie_either_way_is_the_same_code() -> None:
    reference = (
        "def largest(xs):\n    best = xs[0]\n    for x in xs:\n        if x > best:\n"
        "            best = x\n    return best"
    )
    assert not one_slip(_function(reference.replace(">", ">=")), _function(reference))
    assert one_slip(_function(reference.replace(">", "<")), _function(reference))  # a minimum
    assert one_slip(_function(reference.replace("xs[0]", "xs[1]")), _function(reference))


def test_a_string_or_float_change_is_not_judged() -> None:
    greet = "def greet(name):\n    return 'Hello, ' + name"
    assert not one_slip(_function(greet.replace("Hello", "Hi")), _function(greet))
    area = "def area(r):\n    return 3.14159 * r * r"
    assert not one_slip(_function(area.replace("3.14159", "3.14")), _function(area))


def test_an_answer_with_one_slip_computes_otherwise() -> None:
    reference = "def is_even(n):\n    return n % 2 == 0"
    names = frozenset({"is_even"})
    assert computes_otherwise(
        "```python\ndef is_even(n):\n    return n % 2 == 1\n```", reference, names
    )
    assert not computes_otherwise(
        "```python\ndef is_even(number):\n    return number % 2 == 0\n```", reference, names
    )

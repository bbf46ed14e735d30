"""Functions with braces: one slip or a dropped condition computes otherwise."""

from __future__ import annotations

import pytest

from boost_qa.text.code import computes_otherwise
from boost_qa.text.code_tokens import token_slip

LEAP = (
    "```js\nfunction isLeapYear(year) {\n"
    "  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;\n}\n```"
)
SUM = (
    "```cpp\nint sumTo(int n) {\n    int total = 0;  // running sum\n"
    "    for (int i = 1; i <= n; i++) {\n        total += i;\n    }\n    return total;\n}\n```"
)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("i <= n", "i < n"),  # off by one in the loop's test
        ("total = 0", "total = 1"),  # a whole number
        ("total += i", "total -= i"),  # an operator
    ],
)
def test_one_slip_computes_otherwise(old: str, new: str) -> None:
    assert token_slip(SUM.replace(old, new), SUM, "sumTo") is True


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("total", "acc"),  # a renamed local
        ("  // running sum", ""),  # a comment
        ("int total = 0;", "int total = 0;\n    int unused = 2;"),  # a line added
        ("i <= n", "n >= i"),  # the same test written the other way round
    ],
)
def test_other_changes_are_not_judged(old: str, new: str) -> None:
    assert token_slip(SUM.replace(old, new), SUM, "sumTo") in (None, False)


def test_a_dropped_condition_computes_otherwise() -> None:
    dull = "```js\nfunction isLeapYear(year) {\n  return year % 4 === 0;\n}\n```"
    assert token_slip(dull, LEAP, "isLeapYear") is True
    assert token_slip(LEAP, LEAP, "isLeapYear") is False
    arrow = "```js\nconst isLeapYear = (y) => {\n  return y % 4 === 0;\n};\n```"
    assert token_slip(arrow, LEAP, "isLeapYear") is True  # an arrow function, renamed parameter


def test_code_without_braces_or_in_python_is_not_judged_here() -> None:
    python = "def isLeapYear(year):\n    return year % 4 == 0"
    assert token_slip(python, LEAP, "isLeapYear") is None
    call_only = "Call `isLeapYear(2000);` to test it."
    assert token_slip(call_only, LEAP, "isLeapYear") is None


def test_computes_otherwise_reads_braces_where_python_does_not_parse() -> None:
    names = frozenset({"isLeapYear"})
    dull = "```js\nfunction isLeapYear(year) {\n  return year % 4 === 0;\n}\n```"
    assert computes_otherwise(dull, LEAP, names) is True
    assert computes_otherwise(LEAP, LEAP, names) is None  # the same: left to the names


def test_off_by_one_and_loop_starts() -> None:
    assert token_slip(SUM.replace("i <= n", "i <= n - 1"), SUM, "sumTo") is True
    assert token_slip(SUM.replace("int i = 1", "int i = 0"), SUM, "sumTo") in (None, False)
    assert token_slip(SUM.replace("int i = 1", "int i = 2"), SUM, "sumTo") is True  # misses 1
    product = SUM.replace("total = 0", "total = 1").replace("total += i", "total *= i")
    assert token_slip(product.replace("int i = 1", "int i = 2"), product, "sumTo") in (None, False)
    assert token_slip(product.replace("i <= n", "i < n"), product, "sumTo") is True


def test_a_tie_kept_either_way_is_the_same_code() -> None:
    running = (
        "```js\nfunction maxOf(arr) {\n  let best = arr[0];\n"
        "  for (let i = 1; i < arr.length; i++) {\n    if (arr[i] > best) best = arr[i];\n  }\n"
        "  return best;\n}\n```"
    )
    assert token_slip(running.replace("] > best", "] >= best"), running, "maxOf") is False
    assert token_slip(running.replace("] > best", "] < best"), running, "maxOf") is True
    pair = "```c\nint mx(int a, int b) {\n  if (a > b) {\n    return a;\n  } else {\n    return b;\n  }\n}\n```"
    assert token_slip(pair.replace("a > b", "a >= b"), pair, "mx") is False
    assert token_slip(pair.replace("a > b", "a < b"), pair, "mx") is True
    # an if with an else that does something else: strictness matters
    counted = pair.replace("return a;", "return 1;").replace("return b;", "return 0;")
    assert token_slip(counted.replace("a > b", "a >= b"), counted, "mx") is True


def test_strict_equality_is_the_same_test() -> None:
    loose = LEAP.replace("===", "==").replace("!==", "!=")
    assert token_slip(loose, LEAP, "isLeapYear") is False
    assert token_slip(loose.replace("400", "40"), LEAP, "isLeapYear") is True

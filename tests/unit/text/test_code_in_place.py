"""The ``None`` of an in-place list method used as a value: the function computes otherwise."""

from __future__ import annotations

import ast

import pytest

from boost_qa.text.code import computes_otherwise
from boost_qa.text.code_in_place import Function, uses_in_place_result


def _function(source: str) -> Function:
    return next(n for n in ast.walk(ast.parse(source)) if isinstance(n, Function))


@pytest.mark.parametrize(
    "body",
    [
        "return s == s.reverse()",
        "return nums.sort()",
        "result = items.append(x)\n    return result",
        "return len(items.extend(more))",
        "if items.insert(0, x):\n        return 1",
    ],
)
def test_a_result_used_as_a_value_is_the_slip(body: str) -> None:
    assert uses_in_place_result(_function(f"def f(s, nums, items, x, more):\n    {body}"))


@pytest.mark.parametrize(
    "body",
    [
        "nums.sort()\n    return nums[-2]",  # a statement of its own
        "return sorted(nums)[-2]",
        "return s == s[::-1]",
        "return list(reversed(s)) == list(s)",
        "[out.append(x) for x in nums]\n    return out",  # a comprehension's results, thrown away
        "return list(map(lambda x: out.append(x), nums))",
        "return calc.add(x, 1)",  # other methods keep their results
    ],
)
def test_other_code_is_not_judged(body: str) -> None:
    source = f"def f(s, nums, out, x, calc):\n    {body}"
    assert not uses_in_place_result(_function(source))


def test_an_answer_that_uses_a_none_computes_otherwise_unless_the_reference_does_too() -> None:
    names = frozenset({"is_palindrome"})
    reference = "def is_palindrome(s):\n    return s == s[::-1]"
    wrong = "```python\ndef is_palindrome(s):\n    return s == s.reverse()\n```"
    assert computes_otherwise(wrong, reference, names) is True
    right = "```python\ndef is_palindrome(text):\n    return text == text[::-1]\n```"
    assert not computes_otherwise(right, reference, names)
    assert not computes_otherwise(wrong, wrong, names)  # the reference does the same

"""Python code answers: the right name with other arithmetic is a wrong answer."""

from __future__ import annotations

from boost_qa.text.answers import answer_matches, read_reference
from boost_qa.text.code import computes_otherwise, defined_names, has_code_lines, is_definition

MULTIPLY = "```python\ndef multiply(a, b):\n    return a * b\n```"
NAMES = frozenset({"multiply"})


def test_other_arithmetic_under_the_right_name() -> None:
    adds = "```python\ndef multiply(a, b):\n    return a + b\n```"
    assert computes_otherwise(adds, MULTIPLY, NAMES) is True
    reference = read_reference(MULTIPLY)
    assert reference is not None
    assert answer_matches(adds, reference) is False
    assert answer_matches(
        "```python\ndef multiply(x, y):\n    result = x*y\n    return result\n```", reference
    )


def test_the_reference_constants_with_other_operators() -> None:
    reference = "```python\ndef to_f(c):\n    return c * 9 / 5 + 32\n```"
    names = frozenset({"to_f"})
    minus = "```python\ndef to_f(c):\n    return c * 9 / 5 - 32\n```"
    assert computes_otherwise(minus, reference, names) is True
    # the same arithmetic in another order, or other constants: not judged wrong
    for same in ("32 + 9 * c / 5", "c / 5 * 9 + 32", "(c * 9) // 5 + 32", "c * 1.8 + 32"):
        answer = f"```python\ndef to_f(c):\n    return {same}\n```"
        assert computes_otherwise(answer, reference, names) is False, same


def test_only_a_clear_difference_counts() -> None:
    # any shared operator, or no arithmetic on one side, leaves the answer to its names
    mean = "```python\ndef mean(xs):\n    return sum(xs) / len(xs)\n```"
    floor_mean = "```python\ndef mean(xs):\n    total = 0\n    for x in xs:\n        total += x\n    return total / len(xs)\n```"
    assert computes_otherwise(floor_mean, mean, frozenset({"mean"})) is False
    prod = "```python\nimport math\ndef multiply(a, b):\n    return math.prod([a, b])\n```"
    assert computes_otherwise(prod, MULTIPLY, NAMES) is None
    # not Python, or prose after the code: not judged; unfenced code is read from its def
    javascript = "```js\nfunction multiply(a, b) { return a + b; }\n```"
    assert computes_otherwise(javascript, MULTIPLY, NAMES) is None
    assert computes_otherwise("Here: def multiply(a, b): return a + b", MULTIPLY, NAMES) is True
    prose_after = "Here: def multiply(a, b): return a + b. It adds them."
    assert computes_otherwise(prose_after, MULTIPLY, NAMES) is None
    assert (
        computes_otherwise("```python\ndef other(a, b):\n    return a + b\n```", MULTIPLY, NAMES)
        is None
    )


def test_definitions_in_the_languages_code_datasets_use() -> None:
    cases = {
        "```cpp\nint square(int x) {\n    return x * x;\n}\n```": {"square"},
        "```java\npublic class Util {\n    public static int thrice(int n) {\n    }\n}\n```": {
            "Util",
            "thrice",
        },
        "```cpp\nint countEven(const std::vector<int>& v) {\n  if (a) {\n  } else if (b) {\n}\n```": {
            "countEven"
        },
        "```csharp\npublic static List<int> Evens(List<int> xs)\n{\n}\n```": {"Evens"},
        "```js\nconst isEven = (n) => n % 2 === 0;\nfunction odd(n) { return !isEven(n); }\n```": {
            "isEven",
            "odd",
        },
        "```go\nfunc (s *Stack) Push(v int) {\n}\n```": {"Push"},
        "```rust\npub fn add(a: i32, b: i32) -> i32 {\n    a + b\n}\n```": {"add"},
        "Here it is: def multiply(a, b): return a * b": {"multiply"},
        # prose and calls define nothing
        "Call compute(x) and then if (x > 2) { stop }.": set(),
        "```python\nresult = compute(3)\nprint(result)\n```": set(),
    }
    for text, names in cases.items():
        assert defined_names(text) == names, text
    assert is_definition("int square(int x) {") and is_definition("def f(a):")
    assert not is_definition("return x * x;") and not is_definition("} else if (b) {")


def test_figures_and_unfenced_c_are_not_code() -> None:
    asy = "The graph:\n\n[asy]\nreal func(real x) {\n  return(1/x);\n}\n[/asy]\nSo $\\boxed{4}$."
    assert defined_names(asy) == set()
    reference = read_reference(asy)
    assert reference is not None and reference.kind == "number"
    assert defined_names("Write int square(int x) {\n return x * x; }") == set()
    assert defined_names("int square(int x) {\n return x * x; }", is_code=True) == {"square"}


def test_unfenced_code_in_a_prose_answer_makes_it_a_text_answer() -> None:
    merge = (
        "On Python 3.9+ use the union operator:\n\nmerged = a | b\n\n"
        "On 3.5-3.8 unpack both into a new literal:\n\nmerged = {**a, **b}\n"
    )
    assert has_code_lines(merge)
    reference = read_reference(merge)
    assert reference is not None and reference.kind == "text"  # not the number 3.8
    assert has_code_lines("Use enumerate:\n\nfor i, item in enumerate(items):\n    print(i, item)")
    assert has_code_lines("from itertools import chain")
    # arithmetic, formulas and function notation are math, not code
    for math in (
        "x = 12\n#### 12",
        "Perimeter = 2(L+W)\n= 2(40 feet)\n= 80 feet",
        "total = 48 + 24 = 72",
        "y = f(3) = 9",
    ):
        assert not has_code_lines(math), math

"""References with code that defines nothing have no numeric answer; code that defines is code."""

from __future__ import annotations

from fractions import Fraction

from boost_qa.text.answers import closing_number, read_reference

FLATTEN_REF = (
    "Use a comprehension:\n\n```python\nflat = [x for sub in [[1, 2], [3]] for x in sub]\n```"
)
JAVA_STATEMENT = 'Use a map:\n```java\nmap.put("place", "point 3, 4");\n```'
JAVA_REF = (
    "Use a map:\n```java\npublic class Example {\n    public static void main(String[] a) {\n"
    '        map.put("place", "point 3, 4");\n    }\n}\n```'
)


def test_fenced_code_without_definitions_is_a_text_reference() -> None:
    for text in (FLATTEN_REF, JAVA_STATEMENT):
        reference = read_reference(text)
        assert reference is not None and (reference.kind, reference.number) == ("text", None)


def test_definitions_in_other_languages_make_a_code_reference() -> None:
    reference = read_reference(JAVA_REF)
    assert reference is not None and reference.kind == "code"
    assert reference.names == {"Example", "main"}


def test_an_explicit_answer_still_wins_over_fenced_code() -> None:
    reference = read_reference("```python\nprint(9 * 3)\n```\n#### 27")
    assert reference is not None and (reference.kind, reference.number) == ("number", 27)


def test_numbers_in_names_and_context_are_no_answer() -> None:
    moon = "Neil Armstrong was the first person to walk on the Moon, in 1969, during Apollo 11."
    reference = read_reference(moon)
    assert reference is not None and reference.kind == "text"
    # a real Orca-Math reference: prose, and still a number
    orca = "If Jungkook is in 5th place, then 4 people crossed the finish line faster than him."
    jungkook = read_reference(orca)
    assert jungkook is not None and (jungkook.kind, jungkook.number) == ("number", 4)
    force = read_reference("The force on a 1 kg mass due to the gravitational force is 9.8 N.")
    assert force is not None and force.number == Fraction(49, 5)
    # a student's turn falls back on such a number when it has no other
    assert closing_number("I used Python 3.") == 3

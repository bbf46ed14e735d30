"""Answer leaks: the result, every step but the last, the fixed code."""

from __future__ import annotations

from fractions import Fraction

from boost_qa.text.leaks import (
    calculation_results,
    gives_result,
    hands_over_code,
    leak,
    leak_beyond,
    steps_but_last,
)

BETTY_REF = (
    "In the beginning, Betty has only 100 / 2 = $<<100/2=50>>50.\nBetty's grandparents gave "
    "her 15 * 2 = $<<15*2=30>>30.\nThis means, Betty needs 100 - 50 - 30 - 15 = "
    "$<<100-50-30-15=5>>5 more.\n#### 5"
)
CLIPS_Q = (
    "Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in "
    "May. How many clips did Natalia sell altogether in April and May?"
)
CLIPS_REF = (
    "Natalia sold 48/2 = 24 clips in May.\nNatalia sold 48+24 = 72 clips altogether.\n#### 72"
)
EGGS_Q = "A recipe needs 12 eggs. Eggs come in boxes of 4. How many boxes are needed?"
CODE_REF = "You can write:\n\n```python\ndef add(a, b):\n    return a + b\n```\n"


def test_calculation_results() -> None:
    assert calculation_results("48 / 2 = 24 and 48 + 24 = 72, and x = 5") == [24, 72]
    assert calculation_results("0.2 x 50 = $10", only=Fraction(10)) == [10]
    assert calculation_results("4 - 9 = -5") == [-5]


def test_gives_result() -> None:
    assert gives_result("so the total is 72 clips", Fraction(72)) == "states the result (72)"
    assert gives_result("you should find seventy-two", Fraction(72)) is not None
    assert gives_result("48 + 24 = 72", Fraction(72)) == "works out the result (72)"
    # a number the question states, or a count of steps, is no leak
    assert gives_result("Start from the 48 clips of April.", Fraction(48), CLIPS_Q) is None
    there_are_3_steps = "There are 3 steps to check here: what a box holds, and how to split."
    assert gives_result(there_are_3_steps, Fraction(3), EGGS_Q) is None
    assert gives_result("You need 3 boxes.", Fraction(3), EGGS_Q) is not None
    # German groups thousands with dots
    assert gives_result("Sie stellt 1.000 Spielzeuge her.", Fraction(1000)) is not None
    assert gives_result("Sie stellt 1.000 Spielzeuge her.", Fraction(1)) is not None
    assert gives_result("Es sind 1.0001 Liter.", Fraction(1000)) is None


def test_steps_but_last() -> None:
    both = "Half of the wallet is 100 / 2 = 50, and the grandparents give 15 * 2 = 30."
    assert steps_but_last(both, BETTY_REF, Fraction(5)) == (
        "computes every step but the last (50, 30)"
    )
    assert steps_but_last("The grandparents give 15 * 2 = 30.", BETTY_REF, Fraction(5)) is None
    # a one-step reference has no intermediate result to give away
    assert steps_but_last("9 * 3 = 27", "9 * 3 = 27\n#### 27", Fraction(27)) is None
    # in prose: two or more results, none of them stated by the question
    prose = "She has half of the 100 she needs, so 50, and her grandparents twice 15, so 30."
    assert steps_but_last(prose, BETTY_REF, Fraction(5)) == (
        "states every step but the last (50, 30)"
    )
    assert steps_but_last("She has half of it, so 50.", BETTY_REF, Fraction(5)) is None
    assert leak(prose, BETTY_REF, "Betty needs 100. She has 50 ...") is None  # 50 is given


def test_leak_beyond_what_the_student_worked_out() -> None:
    teacher = "Your steps 100 / 2 = 50 and 15 * 2 = 30 are right; now finish it."
    student = "Betty has 100 / 2 = 50 and gets 15 * 2 = 30, so she needs 20 more."
    assert leak(teacher, BETTY_REF) is not None
    assert leak_beyond(teacher, BETTY_REF, None, student) is None
    # the final result counts even when the student had it
    assert leak_beyond("Yes, 5 dollars is right.", BETTY_REF, None, "She needs 5.") is not None


def test_hands_over_code() -> None:
    fix = "Use this:\n```python\ndef add(a, b):\n    return a + b\n```"
    assert hands_over_code(fix, CODE_REF) == "hands over the solution code (add)"
    outline = "Fill this in:\n```python\ndef add(a, b):\n    # your code here\n    pass\n```"
    assert hands_over_code(outline, CODE_REF) is None
    inline = "Return `a + b` from a function called add."
    assert hands_over_code(inline, CODE_REF) is None
    same_body = "Like this:\n```python\ndef total(x, y):\n    return a + b\n```"
    assert hands_over_code(same_body, CODE_REF) == "hands over most of the solution code"
    # The fixed line in inline code, alone or as a one-line def, hands the code over too.
    for fix in (
        "Just write `def add(a, b): return a + b` and you are done.",
        "Make it `return a + b`.",
    ):
        assert hands_over_code(fix, CODE_REF) == (
            "hands over the solution code in a line of inline code"
        ), fix
    assert hands_over_code("Use `+` instead of `-` in `add`.", CODE_REF) is None
    # markdown's indented code block, and C-family code
    indented = "Like this:\n\n    def add(a, b):\n        return a + b\n\nTry it."
    assert hands_over_code(indented, CODE_REF) == "hands over the solution code (add)"
    square = "```cpp\nint square(int x) {\n    return x * x;\n}\n```"
    assert hands_over_code(f"It should be:\n{square}", square) == (
        "hands over the solution code (square)"
    )
    skeleton = "```cpp\nint square(int x) {\n    // TODO\n}\n```"
    assert hands_over_code(skeleton, square) is None


def test_a_quote_of_the_students_code_is_no_leak() -> None:
    student = "```python\ndef add(a, b):\n    return a - b\n```"
    teacher = f"Look at your return line:\n{student}\nWhich operator adds?"
    assert leak(teacher, CODE_REF) is not None
    assert leak_beyond(teacher, CODE_REF, None, student) is None


def test_the_students_lines_in_another_order_in_inline_code_are_the_fix() -> None:
    reference = "def maximum(a, b):\n    if a >= b:\n        return a\n    else:\n        return b"
    student = "```python\ndef maximum(a, b):\n    if a > b:\n        return b\n    return a\n```"
    fix = "It should read `if a >= b: return a` and then `return b`."
    assert leak_beyond(fix, reference, None, student) == (
        "hands over the solution code in a line of inline code"
    )
    # the student's own lines quoted in their order are no leak, alone or together
    quote = "Your lines `if a > b: return b` and `return a` swap the two cases."
    assert leak_beyond(quote, reference, None, student) is None
    assert leak_beyond("Look at `return a`: when is it reached?", reference, None, student) is None


def test_leak() -> None:
    assert leak("Multiply: the total should be 27 cookies.", "9 * 3 = 27\n#### 27") is not None
    assert leak("Think about equal groups.", "9 * 3 = 27\n#### 27") is None
    assert leak("Paris, of course.", "The capital of France is Paris.") is None  # open answer
    assert leak("", CODE_REF) is None and leak("27", None) is None


def test_a_result_worked_out_in_latex_is_worked_out() -> None:
    question = "What is the sum of the roots of x^2 - 5x + 6 = 0?"
    display = r"By Vieta, \[ x_1 + x_2 = -\frac{b}{a} = -\frac{-5}{1} = 5. \]"
    assert leak(display, r"The sum is $\boxed{5}$.", question) == "works out the result (5)"
    assert gives_result(r"So $9 \times 3 = 27$ cookies.", Fraction(27)) is not None
    assert leak(r"Use $-\frac{b}{a}$ with $b = -5$.", r"$\boxed{5}$", question) is None


def test_solution_code_written_in_a_comment_is_handed_over() -> None:
    reference = "def is_even(n):\n    return n % 2 == 0"
    fixed = "Keep the structure:\n```python\ndef is_even(n):\n    # return n % 2 == 0\n    ...\n```"
    assert leak(fixed, reference) == "hands over the solution code in a comment"
    hint = "Outline:\n```python\ndef is_even(n):\n    # return whether n is even\n    pass\n```"
    assert leak(hint, reference) is None
    # the student's own line, quoted in a comment, gives nothing away
    assert leak_beyond(fixed, reference, worked="    return n % 2 == 0") is None


def test_a_short_open_answer_named_is_given_away() -> None:
    question = "What is the capital of France?"
    reference = "The capital of France is Paris."
    assert leak("Think of the city on the Seine: Paris.", reference, question) == (
        "names the answer (paris)"
    )
    assert (
        leak("Think of the largest city, where the government sits.", reference, question) is None
    )
    gas = "carbon dioxide"
    assert leak("Plants take in carbon dioxide by day.", gas, "What gas do plants absorb?")
    assert leak("It has carbon in it.", gas, "What gas do plants absorb?") is None
    # a long reference explains: its words are no single answer
    essay = (
        "Photosynthesis turns light, water and carbon dioxide into glucose and oxygen in leaves."
    )
    assert leak("Water and light matter here.", essay, "What is photosynthesis?") is None


def test_a_duration_result_in_other_units_is_given_away() -> None:
    question = "Tom practises 15 minutes a day for 6 days. How many minutes is that?"
    reference = "He practises 15 * 6 = 90 minutes.\n#### 90"
    assert leak("That adds up to an hour and a half in all.", reference, question) == (
        "states the result (90)"
    )
    assert leak("That is 1 hour 30 minutes; now in minutes?", reference, question)
    assert leak("Each day is 15 minutes; how many days are there?", reference, question) is None
    # restating a duration the question gives is no leak
    movie = "A film lasts 1 hour 30 minutes. How many minutes is that?"
    assert leak("The film lasts 1 hour 30 minutes: convert the hour.", "90 minutes", movie) is None
    assert leak("So the film lasts 90 minutes.", "90 minutes", movie) == "states the result (90)"


def test_an_unknowns_value_is_given_away_even_when_the_question_states_the_number() -> None:
    question = "What is the value of $x$ if $3x + 7 = 25$?"
    analogue = "Adding 5 to both sides gives $4y = 28$, so $y = \\boxed{7}$."
    assert leak("Undo them in order and you'll find that y is 7.", analogue, question) == (
        "states the result (7)"
    )
    assert leak("Then $y = 7$ follows.", analogue, question) == "states the result (7)"
    # restating the question's 7, or an unknown the question already gives, is no leak
    assert leak("First take the 7 away from both sides.", analogue, question) is None
    given = "If y = 7, what is 4y - 5?"
    assert leak("We know y is 7 here; now multiply.", "4 * 7 - 5 = 23\n#### 7", given) is None

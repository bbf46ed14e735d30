"""An eighth hand-labelled set: adversarial near misses, the boundary where checks go wrong.

Mostly math (GSM8K-style references ending "#### N", MATH-style "\\boxed{...}"), some Python
(MBPP-style questions, unfenced reference code) and a few general-domain rows with open-text
references. Every scenario is represented (error correction, debate, analogy). Most faults
come with a clean turn that looks like them:

- clean turns that look faulty: a student addressing or quoting the other ("Student A, your
  step 2 is off", 'You wrote "36 + 9 = 45"', "As the teacher said, ..."), bold headings
  ("**Step 1:**", "**Answer:**", "Note:") that are no speaker labels; teacher hints that
  mention the question's numbers, the student's own intermediate results or wrong answer
  ("21 is not right"), or ask a question without answering it; legitimate repetition (a
  markdown table, a day-by-day count, a list of divisor pairs, a restated question); final
  answers phrased unusually ("That makes 90.", "72 (not 24)", "The answer is not 45 but 27",
  "So y = 7, and checking: 4(7) - 5 = 23");
- faulty turns that look clean: leaks in a rhetorical question, in words, in LaTeX, in a code
  comment, in inline code, in another unit (an hour and a half for 90 minutes), the analogue's
  answer in the praise; role play without a colon label
  ("Teacher - ...", "[Student B] ...", "Student B says: ...") or answering for the partner in
  the middle of a turn; loops with one word changed per sentence; prompt echoes verbatim and
  in paraphrase (the rules line, the persona); corrected answers (to right and to wrong),
  hedged answers ("either 31 or 34"), an answer to a different sub-question.

Labelled by a careful reader from the definitions in ``tests.helpers.labelled`` and the
README's flag table, before any check was run on these cases (the check implementations were
not read). A label a careful reader could argue either way is left out of its case
(``named``'s skipped arguments, with the reason in a comment). After the first scorer run,
success_at was also left out of the four open-text rows where a student is right (the
convention of the earlier sets, whose base set labels such successes None).
"""

from __future__ import annotations

from typing import Any

from tests.helpers.labelled import analogy, debate, ec, labels
from tests.helpers.labelled_hard import named

# --- seed questions -----------------------------------------------------------------------
BOOKS = (
    "A library has 4 shelves with 9 books on each shelf. Then 9 books are checked out. How "
    "many books are still on the shelves?"
)
BOOKS_REF = (
    "There are 4 * 9 = <<4*9=36>>36 books on the shelves.\nAfter 9 are checked out, "
    "36 - 9 = <<36-9=27>>27 are left.\n#### 27"
)
CUPCAKES = (
    "Nina baked 48 cupcakes on Saturday and half as many on Sunday. How many cupcakes did she "
    "bake altogether?"
)
CUPCAKES_REF = (
    "On Sunday she baked 48 / 2 = <<48/2=24>>24 cupcakes.\nAltogether she baked "
    "48 + 24 = <<48+24=72>>72 cupcakes.\n#### 72"
)
PIANO = (
    "Tom practises the piano for 15 minutes a day, 6 days a week. How many minutes does he "
    "practise in a week?"
)
PIANO_REF = "He practises 15 * 6 = <<15*6=90>>90 minutes a week.\n#### 90"
SNAIL = "A snail climbs 12 cm every day. How far has it climbed after 5 days, in cm?"
SNAIL_REF = "After 5 days it has climbed 12 * 5 = <<12*5=60>>60 cm.\n#### 60"
TICKETS = (
    "Adult tickets cost $8 and child tickets cost $5. A family buys 2 adult tickets and 3 child "
    "tickets. How much do they pay in dollars?"
)
TICKETS_REF = (
    "Adult tickets cost 2 * 8 = <<2*8=16>>16 dollars and child tickets 3 * 5 = <<3*5=15>>15 "
    "dollars.\nThey pay 16 + 15 = <<16+15=31>>31 dollars.\n#### 31"
)
LINEAR = "What is the value of $x$ if $3x + 7 = 25$?"
LINEAR_REF = "Subtracting 7 from both sides gives $3x = 18$, so $x = \\boxed{6}$."
LINEAR_Y = (
    "Solve for $y$: $4y - 5 = 23$.",
    "Adding 5 to both sides gives $4y = 28$, so $y = \\boxed{7}$.",
)
LCM = "What is the least common multiple of 12 and 18?"
LCM_REF = (
    "$12 = 2^2 \\cdot 3$ and $18 = 2 \\cdot 3^2$, so the least common multiple is "
    "$2^2 \\cdot 3^2 = \\boxed{36}$."
)
DIVISORS = "How many positive divisors does 36 have?"
DIVISORS_REF = "$36 = 2^2 \\cdot 3^2$, so it has $(2+1)(2+1) = \\boxed{9}$ positive divisors."
FRACTION = "What is $\\frac{3}{4}$ of 36?"
FRACTION_REF = "$\\frac{3}{4} \\cdot 36 = \\frac{108}{4} = \\boxed{27}$."
IS_EVEN = "Write a python function to check whether the given number is even or not."
IS_EVEN_REF = "def is_even(n):\n    return n % 2 == 0"
MAXIMUM = "Write a python function to find the maximum of two numbers."
MAXIMUM_REF = (
    "def maximum(a,b):   \n    if a >= b: \n        return a \n    else: \n        return b "
)
MINIMUM = (
    "Write a python function to find the minimum of two numbers.",
    "def minimum(a,b):   \n    if a <= b: \n        return a \n    else: \n        return b ",
)
SQUARES = "Write a python function to find the sum of squares of first n natural numbers."
SQUARES_REF = "def square_sum(n):\n    return int(n * (n + 1) * (2 * n + 1) / 6)"
CAPITAL = "What is the capital of Australia?"
CAPITAL_REF = "The capital of Australia is Canberra."
PLANTS = "Which gas do plants take in from the air to make their food?"
PLANTS_REF = "Plants take in carbon dioxide from the air to make their food by photosynthesis."
PLANET = "Which planet is closest to the Sun?"
PLANET_REF = "Mercury is the planet closest to the Sun."
LARGEST = (
    "Which planet is the largest in the solar system?",
    "Jupiter is the largest planet in the solar system.",
)

# --- shared turns -------------------------------------------------------------------------
BOOKS_DULL = "Step 1: 4 + 9 = 13 books.\nStep 2: 13 - 9 = 4.\nFinal answer: 4"
BOOKS_HINT = (
    "The reasoning is wrong in Step 1. Every shelf holds the same number of books, so adding "
    "the number of shelves to the books on one shelf does not count them. Think about equal "
    "groups, then take away the books that were checked out."
)
BOOKS_SMART = (
    "I added instead of multiplying. 4 × 9 = 36 books, and 36 − 9 = 27 books are still on the "
    "shelves.\nFinal answer: 27"
)
CUP_DULL = "Sunday is half of Saturday: 48 / 2 = 24.\nAltogether: 48 - 24 = 24.\nFinal answer: 24"
CUP_HINT = (
    "The reasoning is wrong in your last step. Your first step is fine, but 'altogether' asks "
    "you to combine the two days. Which operation combines two amounts?"
)
CUP_SMART = "I subtracted instead of adding. Sunday: 48 / 2 = 24. Altogether: 48 + 24 = 72.\nFinal answer: 72"
PIANO_DULL = "15 + 6 = 21 minutes.\nFinal answer: 21"
PIANO_HINT = (
    "The reasoning is wrong: he practises the same amount on each of the days, so adding the "
    "days to the minutes does not give the week's total. Which operation repeats an amount?"
)
SNAIL_DULL = "12 + 5 = 17 cm.\nFinal answer: 17"
TICKETS_DULL = "8 + 5 = 13, and 2 + 3 = 5 tickets. 13 × 5 = 65.\nFinal answer: 65"
TICKETS_HINT = (
    "The reasoning is wrong: adult and child tickets have different prices, so you cannot add "
    "the two prices and multiply by all 5 tickets. Each kind of ticket has to be priced on its "
    "own."
)
FRACTION_DULL = "36 / 4 = 9.\nFinal answer: 9"
IS_EVEN_DULL = "```python\ndef is_even(n):\n    return n % 2 == 1\n```"
IS_EVEN_SMART = "I checked for odd numbers.\n```python\ndef is_even(n):\n    return n % 2 == 0\n```"
MAXIMUM_DULL = (
    "```python\ndef maximum(a, b):\n    if a > b:\n        return b\n    return a\n```\n"
    "Final answer: the function above."
)
MAXIMUM_SMART = (
    "I returned the wrong one.\n```python\ndef maximum(a, b):\n    if a >= b:\n"
    "        return a\n    return b\n```"
)
LINEAR_APPROACH = (
    "Undo the operations on $x$ in reverse order: first undo the addition on both sides, then "
    "undo the multiplication."
)
LINEAR_SOLVE = (
    "$3x + 7 = 25$. Subtract 7 from both sides: $3x = 18$. Divide both sides by 3: $x = 6$.\n"
    "Final answer: 6"
)
LINEAR_PRAISE = (
    "Well done, you undid each operation in the right order. A similar problem comes next."
)
LINEAR_Y_SOLVE = (
    "$4y - 5 = 23$. Add 5 to both sides: $4y = 28$. Divide by 4: $y = 7$.\nFinal answer: 7"
)
MAX_SOLVE = "```python\ndef maximum(a, b):\n    if a >= b:\n        return a\n    return b\n```"
MIN_SOLVE = "```python\ndef minimum(a, b):\n    if a <= b:\n        return a\n    return b\n```"


def linear(approach: str, solve: str, praise: str, solve_analog: str, **case_labels: Any) -> dict:
    """The MATH-style linear equation analogy (3x + 7 = 25, then 4y - 5 = 23)."""
    return analogy(
        LINEAR, LINEAR_REF, approach, solve, praise, LINEAR_Y, solve_analog, **case_labels
    )


def max_min(approach: str, solve: str, praise: str, solve_analog: str, **case_labels: Any) -> dict:
    """The MBPP-style code analogy (maximum of two numbers, then minimum)."""
    return analogy(
        MAXIMUM, MAXIMUM_REF, approach, solve, praise, MINIMUM, solve_analog, **case_labels
    )


CASES: list[dict[str, Any]] = [
    # ===================== role labels: addressing and quoting, not playing ===============
    # B addresses A by name with a comma, not a colon (clean)
    named(
        "debate_addresses_partner_step_off",
        debate(
            BOOKS,
            BOOKS_REF,
            [
                (
                    "student_a",
                    "There are 4 × 9 = 36 books. Then 9 books are checked out, so 36 + 9 = 45.\n"
                    "Final answer: 45",
                ),
                (
                    "student_b",
                    "Student A, your step 2 is off: books that are checked out leave the shelves, "
                    "so we subtract. 4 × 9 = 36 and 36 − 9 = 27.\nFinal answer: 27",
                ),
                (
                    "student_c",
                    "Student B is right; Student A added the checked-out books instead of taking "
                    "them away. 36 − 9 = 27 books.\nFinal answer: 27",
                ),
            ],
            **labels(sa=2),
        ),
    ),
    # B quotes A's line, C quotes B's line, each inside its own argument (clean)
    named(
        "debate_you_wrote_quotes",
        debate(
            BOOKS,
            BOOKS_REF,
            [
                ("student_a", "4 × 9 = 36 books on the shelves. 36 − 9 = 27.\nFinal answer: 27"),
                (
                    "student_b",
                    'You wrote "36 − 9 = 27", but the books only go out for a while and still '
                    "belong to the library, so I think all 36 count.\nFinal answer: 36",
                ),
                (
                    "student_c",
                    'Student B, you wrote "all 36 count", but the question asks how many are '
                    "still on the shelves, and checked-out books are not. Student A is right: "
                    "36 − 9 = 27.\nFinal answer: 27",
                ),
            ],
            **labels(sa=1),
        ),
    ),
    # the smart student refers to the teacher in the third person (clean)
    named(
        "ec_as_the_teacher_said",
        ec(
            CUPCAKES,
            CUPCAKES_REF,
            CUP_DULL,
            CUP_HINT,
            "As the teacher said, my first step was right: Sunday is 48 / 2 = 24. 'Altogether' "
            "means adding, so 48 + 24 = 72.\nFinal answer: 72",
            **labels(sa=2),
        ),
    ),
    # bold step headings and a bold "Answer:" heading are not speaker labels (clean)
    named(
        "ec_bold_step_and_answer_headings",
        ec(
            BOOKS,
            BOOKS_REF,
            BOOKS_DULL,
            BOOKS_HINT,
            "I added when I should have multiplied.\n\n**Step 1:** 4 shelves × 9 books = 36 "
            "books.\n\n**Step 2:** 36 − 9 = 27 books are left.\n\n**Answer:** 27",
            **labels(sa=2),
        ),
    ),
    # "Note:" and "**Answer:**" openings in a MATH debate (clean)
    named(
        "debate_note_and_answer_headings",
        debate(
            LCM,
            LCM_REF,
            [
                ("student_a", "12 × 18 = 216, so the least common multiple is $\\boxed{216}$."),
                (
                    "student_b",
                    "Note: 216 is a common multiple, but not the least one. The multiples of 18 "
                    "are 18, 36, ... and 36 = 3 × 12, so the answer is $\\boxed{36}$.",
                ),
                (
                    "student_c",
                    "**Answer:** Student B is right. 216 is a common multiple but not the "
                    "smallest. $12 = 2^2 \\cdot 3$ and $18 = 2 \\cdot 3^2$, so the least common "
                    "multiple is $2^2 \\cdot 3^2 = \\boxed{36}$.",
                ),
            ],
            **labels(sa=2),
        ),
    ),
    # ===================== role play without a colon label ==================================
    # the dull student writes the teacher's reply after a dash label
    named(
        "ec_dash_teacher_label_role_play",
        ec(
            BOOKS,
            BOOKS_REF,
            "4 + 9 = 13, and 13 - 9 = 4.\nFinal answer: 4\n\nTeacher - Good try! But remember that "
            "each shelf holds 9 books, so think about multiplying.",
            BOOKS_HINT,
            BOOKS_SMART,
            **labels(wf=False, rc=True, sa=2),
        ),
    ),
    # A appends a bracket-labelled line for B
    named(
        "debate_bracket_label_role_play",
        debate(
            CUPCAKES,
            CUPCAKES_REF,
            [
                (
                    "student_a",
                    "Sunday is 48 / 2 = 24, so altogether 48 + 24 = 72.\nFinal answer: 72\n\n"
                    "[Student B] I agree with Student A, the total is 72 cupcakes.",
                ),
                ("student_b", "I agree with Student A: 48 + 24 = 72.\nFinal answer: 72"),
                (
                    "student_c",
                    "Both are right: half of 48 is 24, and 48 + 24 = 72 cupcakes.\nFinal answer: 72",
                ),
            ],
            **labels(wf=False, rc=True, sa=1),
        ),
    ),
    # A writes B's reply after "Student B says:"; success_at judges A by its own words (21)
    named(
        "debate_says_label_role_play",
        debate(
            PIANO,
            PIANO_REF,
            [
                (
                    "student_a",
                    "15 + 6 = 21 minutes.\nFinal answer: 21\n\nStudent B says: That's wrong, he "
                    "practises 15 minutes on each of the 6 days, so it is 15 × 6 = 90 minutes.",
                ),
                (
                    "student_b",
                    "Student A added the days to the minutes, but he plays 15 minutes every day: "
                    "15 × 6 = 90.\nFinal answer: 90",
                ),
                (
                    "student_c",
                    "Student B is right: 15 minutes on each of 6 days is 15 × 6 = 90 minutes.\n"
                    "Final answer: 90",
                ),
            ],
            **labels(wf=False, rc=True, sa=2),
        ),
    ),
    # B answers for A in the middle of its turn (A's reply in the first person, no label)
    named(
        "debate_answers_for_partner_midturn",
        debate(
            BOOKS,
            BOOKS_REF,
            [
                ("student_a", "4 × 9 = 36, and 36 + 9 = 45 books.\nFinal answer: 45"),
                (
                    "student_b",
                    "I think we should subtract the checked-out books: 36 − 9 = 27. Student A, do "
                    "you agree?\n\nYes, you're right, Student B, I added the 9 books instead of "
                    "taking them away. I get 27 too.\n\nGreat, so we agree.\nFinal answer: 27",
                ),
                (
                    "student_c",
                    "Student B is right: 4 × 9 = 36 and 36 − 9 = 27.\nFinal answer: 27",
                ),
            ],
            **labels(wf=False, rc=True, sa=2),
        ),
    ),
    # ===================== teacher hints: clean lookalikes ==================================
    # the hint repeats the student's own right intermediate result (clean)
    named(
        "ec_hint_repeats_student_intermediate",
        ec(
            CUPCAKES,
            CUPCAKES_REF,
            CUP_DULL,
            "The reasoning is wrong in your last step. Your Sunday count, 48 / 2 = 24, is right. "
            "But 'altogether' means both days together, and you took Sunday away from Saturday. "
            "Which operation combines them?",
            CUP_SMART,
            **labels(sa=2),
        ),
    ),
    # the hint names the student's wrong answer (clean); "That makes 90." is the final answer
    named(
        "ec_hint_names_wrong_answer_that_makes",
        ec(
            PIANO,
            PIANO_REF,
            PIANO_DULL,
            "21 is not right. The reasoning is wrong: you added the 6 days to the 15 minutes, but "
            "he practises 15 minutes on each of the days. Which operation repeats an amount?",
            "I added instead of multiplying. He plays 15 minutes on each of 6 days, so 15 × 6. "
            "That makes 90.",
            **labels(sa=2),
        ),
    ),
    # a hint that only asks questions; the smart student counts day by day (clean, no loop)
    named(
        "ec_hint_questions_day_by_day_count",
        ec(
            SNAIL,
            SNAIL_REF,
            SNAIL_DULL,
            "The reasoning is wrong: why would you add the days to the centimetres? How far has "
            "the snail climbed after day 1? And after day 2?",
            "I should count every day.\nDay 1: 12 cm\nDay 2: 24 cm\nDay 3: 36 cm\nDay 4: 48 cm\n"
            "Day 5: 60 cm\nSo after 5 days the snail has climbed 60 cm.\nFinal answer: 60",
            **labels(sa=2),
        ),
    ),
    # a rhetorical question that names the operation but no result (clean)
    named(
        "ec_rhetorical_question_no_result",
        ec(
            BOOKS,
            BOOKS_REF,
            BOOKS_DULL,
            "The reasoning is wrong in Step 1. If every shelf holds the same number of books, "
            "wouldn't multiplying give you the total on the shelves? And what happens to that "
            "total when books are checked out?",
            BOOKS_SMART,
            **labels(sa=2),
        ),
    ),
    # the rhetorical question hands over the whole calculation and the result (leak)
    named(
        "ec_rhetorical_question_leak",
        ec(
            BOOKS,
            BOOKS_REF,
            BOOKS_DULL,
            "The reasoning is wrong in Step 1. Each of the 4 shelves holds 9 books, so wouldn't "
            "4 × 9 − 9 give you 27?",
            "Yes, I should multiply first. 4 × 9 = 36 and 36 − 9 = 27.\nFinal answer: 27",
            **labels(leak=True, sa=2, tl=True),
        ),
    ),
    # the result in words (leak)
    named(
        "ec_leak_result_in_words",
        ec(
            CUPCAKES,
            CUPCAKES_REF,
            CUP_DULL,
            "The reasoning is wrong in your last step. Your Sunday number is fine, but "
            "'altogether' means adding both days, so you should end up with seventy-two.",
            CUP_SMART,
            **labels(leak=True, sa=2, tl=True),
        ),
    ),
    # the result in another unit: an hour and a half is the 90 minutes asked for (leak)
    named(
        "ec_leak_result_in_other_unit",
        ec(
            PIANO,
            PIANO_REF,
            PIANO_DULL,
            "The reasoning is wrong: 15 minutes on each of 6 days adds up to an hour and a half "
            "in total, so now write that in minutes.",
            "An hour and a half is 60 + 30 minutes, and 15 × 6 = 90 checks it.\nFinal answer: 90",
            **labels(leak=True, sa=2, tl=True),
        ),
    ),
    # the hint quotes the student's intermediate 9 and asks what to do with it (clean, MATH)
    named(
        "ec_math_hint_student_quarter_clean",
        ec(
            FRACTION,
            FRACTION_REF,
            FRACTION_DULL,
            "The reasoning is incomplete: 9 is one quarter of 36, and you found it correctly. "
            "The question asks for three quarters. What do you do with the 9 you already have?",
            "I stopped at one quarter. $\\frac{3}{4}$ of 36 is three quarters, so "
            "$3 \\times 9 = 27$. The answer is $\\boxed{27}$.",
            **labels(sa=2),
        ),
    ),
    # the dull student is right; the teacher says "27 is right". leak is left out: the teacher
    # states the final result, but the student had already found it (a reader could go either
    # way on whether that "gives it away"); telling is confidently False
    named(
        "ec_teacher_confirms_dull_right",
        ec(
            BOOKS,
            BOOKS_REF,
            "4 × 9 = 36 and 36 − 9 = 27.\nFinal answer: 27",
            "27 is right, but the reasoning is incomplete: say why you multiply before you "
            "subtract.",
            "The shelves are equal groups of 9 books, so I multiply to count them: 4 × 9 = 36. "
            "The checked-out books leave, so I subtract: 36 − 9 = 27.\nFinal answer: 27",
            **labels(sa=1),
        ),
        "answer_leak",
    ),
    # ===================== code: quotes vs handed-over fixes ================================
    # the teacher quotes the student's buggy line and asks a question (clean)
    named(
        "ec_code_quotes_buggy_line",
        ec(
            IS_EVEN,
            IS_EVEN_REF,
            IS_EVEN_DULL,
            "The reasoning is wrong: look at `return n % 2 == 1` and try it on n = 4: your "
            "function says 4 is not even. Which remainder does an even number leave when you "
            "divide it by 2?",
            IS_EVEN_SMART,
            **labels(sa=2),
        ),
    ),
    # the fixed line sits in a code comment of the teacher's skeleton (leak)
    named(
        "ec_code_fix_in_comment_leak",
        ec(
            IS_EVEN,
            IS_EVEN_REF,
            IS_EVEN_DULL,
            "The reasoning is wrong: your function returns True for odd numbers. Keep the "
            "structure and fix the comparison:\n```python\ndef is_even(n):\n"
            "    # return n % 2 == 0\n    ...\n```",
            IS_EVEN_SMART,
            **labels(leak=True, sa=2, tl=True),
        ),
    ),
    # the fixed body in inline code (leak)
    named(
        "ec_code_fix_inline_leak",
        ec(
            MAXIMUM,
            MAXIMUM_REF,
            MAXIMUM_DULL,
            "The reasoning is wrong: you return the smaller number. It should read "
            "`if a >= b: return a` and then `return b`.",
            MAXIMUM_SMART,
            **labels(leak=True, sa=2, tl=True),
        ),
    ),
    # the approach gives a skeleton with "# your code here" only (clean)
    named(
        "analogy_code_skeleton_comment_clean",
        max_min(
            "Compare the two numbers and return the one that is not smaller. Start from this "
            "outline:\n```python\ndef maximum(a, b):\n    # your code here\n    pass\n```",
            MAX_SOLVE,
            "Nice work, the comparison handles equal numbers too. A similar one comes next.",
            MIN_SOLVE,
            **labels(sa=1),
        ),
    ),
    # the approach's skeleton carries the answer in a comment (leak)
    named(
        "analogy_code_answer_in_comment_leak",
        max_min(
            "Compare the two numbers with an if statement. Start from this outline:\n```python\n"
            "def maximum(a, b):\n    # if a >= b: return a, else return b\n    pass\n```",
            MAX_SOLVE,
            "Nice work. A similar one comes next.",
            MIN_SOLVE,
            **labels(leak=True, sa=1, tl=True),
        ),
    ),
    # a code debate: A's function has the right name but sums the wrong range (wrong)
    named(
        "debate_code_off_by_one",
        debate(
            SQUARES,
            SQUARES_REF,
            [
                (
                    "student_a",
                    "I loop and add the squares.\n```python\ndef square_sum(n):\n    total = 0\n"
                    "    for i in range(n):\n        total += i * i\n    return total\n```",
                ),
                (
                    "student_b",
                    "Student A, range(n) stops at n - 1 and starts at 0, so n itself is never "
                    "squared. It should run from 1 to n.\n```python\ndef square_sum(n):\n"
                    "    total = 0\n    for i in range(1, n + 1):\n        total += i * i\n"
                    "    return total\n```",
                ),
                (
                    "student_c",
                    "Student B is right: the first n natural numbers are 1 to n. The formula "
                    "n(n + 1)(2n + 1) / 6 gives the same result.\n```python\ndef square_sum(n):\n"
                    "    return n * (n + 1) * (2 * n + 1) // 6\n```",
                ),
            ],
            **labels(sa=2),
        ),
    ),
    # ===================== analogy: approach and praise ======================================
    # the approach mentions the question's equation in LaTeX, no result (clean); the student
    # restates the question and checks after the answer
    named(
        "analogy_latex_question_restated_check_after",
        linear(
            "Look at $3x + 7 = 25$: the $+7$ and the $\\times 3$ were applied to $x$. Undo them "
            "in reverse order.",
            "We need the value of $x$ if $3x + 7 = 25$. Subtracting 7: $3x = 18$. Dividing by 3: "
            "$x = 6$. So x = 6, and checking: 3(6) + 7 = 25.",
            LINEAR_PRAISE,
            "We need $y$ with $4y - 5 = 23$. Adding 5: $4y = 28$. Dividing by 4: $y = 7$. So "
            "y = 7, and checking: 4(7) - 5 = 23.",
            **labels(sa=1),
        ),
    ),
    # the approach solves the seed in LaTeX (leak)
    named(
        "analogy_approach_latex_leak",
        linear(
            "Subtract 7 from both sides to get $3x = 18$, then divide by 3, which gives "
            "$x = \\boxed{6}$.",
            LINEAR_SOLVE,
            LINEAR_PRAISE,
            LINEAR_Y_SOLVE,
            **labels(leak=True, sa=1, tl=True),
        ),
    ),
    # the praise gives the analogue's answer away (leak)
    named(
        "analogy_praise_gives_analogue_answer",
        linear(
            LINEAR_APPROACH,
            LINEAR_SOLVE,
            "Well done! The next one works the same way; if you undo the operations in order, "
            "you'll find that y is 7.",
            LINEAR_Y_SOLVE,
            **labels(leak=True, sa=1, tl=True),
        ),
    ),
    # the praise restates the seed answer the student already found: telling is confidently
    # False; answer_leak is left out (it states the seed's result, which was no longer hidden)
    named(
        "analogy_praise_restates_found_answer",
        linear(
            LINEAR_APPROACH,
            LINEAR_SOLVE,
            "Well done, x = 6 is right, and you undid the operations in the right order. A "
            "similar problem comes next.",
            LINEAR_Y_SOLVE,
            **labels(sa=1),
        ),
        "answer_leak",
    ),
    # general domain: clean analogy (open text, telling None)
    named(
        "analogy_general_planets_clean",
        analogy(
            PLANET,
            PLANET_REF,
            "Recall the order of the planets, counting outwards from the Sun.",
            "Counting outwards from the Sun, the first planet is Mercury, so Mercury is the "
            "closest to the Sun.",
            "Good, you used the order of the planets. A similar question comes next.",
            LARGEST,
            "The gas giants are the biggest planets, and of them Jupiter is the largest, so "
            "Jupiter is the largest planet in the solar system.",
            **labels(sa=1, tl=None),
        ),
        "success_at",  # open text and a student is right: the base set labels this None
    ),
    # general domain: the approach names the answer (leak; open text, telling None)
    named(
        "analogy_general_approach_names_answer",
        analogy(
            PLANET,
            PLANET_REF,
            "Recall the order of the planets from the Sun: Mercury comes first, then Venus.",
            "Mercury comes first from the Sun, so Mercury is the closest planet to the Sun.",
            "Good. A similar question comes next.",
            LARGEST,
            "Jupiter is the largest planet in the solar system.",
            **labels(leak=True, sa=1, tl=None),
        ),
        "success_at",  # open text and a student is right: the base set labels this None
    ),
    # ===================== legitimate repetition =============================================
    # a markdown table with one row per shelf (clean, no loop)
    named(
        "ec_markdown_table_repeated_rows",
        ec(
            BOOKS,
            BOOKS_REF,
            BOOKS_DULL,
            BOOKS_HINT,
            "I should count the books on every shelf.\n\n| Shelf | Books |\n|---|---|\n"
            "| 1 | 9 |\n| 2 | 9 |\n| 3 | 9 |\n| 4 | 9 |\n| Total | 36 |\n\n9 books are checked "
            "out: 36 − 9 = 27.\nFinal answer: 27",
            **labels(sa=2),
        ),
    ),
    # a list of divisor pairs (clean, no loop); A double-counts 6
    named(
        "debate_divisor_pairs_list",
        debate(
            DIVISORS,
            DIVISORS_REF,
            [
                (
                    "student_a",
                    "The divisor pairs of 36 are:\n1 × 36\n2 × 18\n3 × 12\n4 × 9\n6 × 6\n"
                    "That is 5 pairs, so 36 has $\\boxed{10}$ divisors.",
                ),
                (
                    "student_b",
                    "Student A counted 6 twice: the pair 6 × 6 gives only one divisor. So there "
                    "are 4 × 2 + 1 = 9 divisors, $\\boxed{9}$.",
                ),
                (
                    "student_c",
                    "Student B is right. The divisors are 1, 2, 3, 4, 6, 9, 12, 18 and 36, nine "
                    "in all, which matches $(2+1)(2+1) = 9$ from $36 = 2^2 \\cdot 3^2$.\n"
                    "Final answer: $\\boxed{9}$",
                ),
            ],
            **labels(sa=2),
        ),
    ),
    # ===================== loops with small variations ======================================
    # the smart student closes with one sentence five times, one word changed each time
    named(
        "ec_loop_one_word_changed",
        ec(
            BOOKS,
            BOOKS_REF,
            BOOKS_DULL,
            BOOKS_HINT,
            "I added instead of multiplying. 4 × 9 = 36 and 36 − 9 = 27.\nFinal answer: 27\n"
            "I am sure the answer is 27. I am certain the answer is 27. I am confident the "
            "answer is 27. I am positive the answer is 27. I am convinced the answer is 27.",
            **labels(wf=False, sa=2, dg=True),
        ),
    ),
    # C re-checks the same subtraction five times with a different verb each time
    named(
        "debate_loop_recheck_variations",
        debate(
            BOOKS,
            BOOKS_REF,
            [
                ("student_a", "4 × 9 = 36 and 36 + 9 = 45.\nFinal answer: 45"),
                ("student_b", "Checked-out books leave, so 36 − 9 = 27.\nFinal answer: 27"),
                (
                    "student_c",
                    "Student B is right. Let me check again: 36 − 9 = 27. Let me verify again: "
                    "36 − 9 = 27. Let me recheck again: 36 − 9 = 27. Let me confirm again: "
                    "36 − 9 = 27. Let me test again: 36 − 9 = 27.\nFinal answer: 27",
                ),
            ],
            **labels(wf=False, sa=2, dg=True),
        ),
    ),
    # ===================== prompt echoes ===================================================
    # the rules line, verbatim, opens the diligent student's turn
    named(
        "analogy_echo_rules_verbatim",
        linear(
            LINEAR_APPROACH,
            "Write only your own reply as Student, in English: one turn, with no name or label in "
            "front of it. Never write lines for Teacher.\n\n" + LINEAR_SOLVE,
            LINEAR_PRAISE,
            LINEAR_Y_SOLVE,
            **labels(wf=False, sa=1, pe=True),
        ),
    ),
    # the persona line, near verbatim, opens the analogue solution
    named(
        "analogy_echo_diligent_persona",
        linear(
            LINEAR_APPROACH,
            LINEAR_SOLVE,
            LINEAR_PRAISE,
            "As a diligent student, I will solve the problem the teacher has just set, following "
            "the teacher's approach, in one paragraph with the detailed calculation. "
            + LINEAR_Y_SOLVE,
            **labels(wf=False, sa=1, pe=True),
        ),
    ),
    # a few words of the prompt ("following the teacher's approach") in a real sentence (clean)
    named(
        "analogy_short_prompt_phrase_clean",
        linear(
            LINEAR_APPROACH,
            "Following the teacher's approach, I undo the addition first: $3x = 25 - 7 = 18$. "
            "Then I undo the multiplication: $x = 18 / 3 = 6$.\nFinal answer: 6",
            LINEAR_PRAISE,
            LINEAR_Y_SOLVE,
            **labels(sa=1),
        ),
    ),
    # the dull student recites its persona (slow pupil, rushes, skips checks) before answering
    named(
        "ec_echo_persona_dull",
        ec(
            PIANO,
            PIANO_REF,
            "I'm a slow pupil who finds math hard. I try, but I rush, skip checks and mix up "
            "steps. So: 15 + 6 = 21 minutes.\nFinal answer: 21",
            PIANO_HINT,
            "I added instead of multiplying. 15 × 6 = 90 minutes.\nFinal answer: 90",
            **labels(wf=False, sa=2, pe=True),
        ),
    ),
    # B paraphrases its debate instructions before its own solution
    named(
        "debate_echo_rules_paraphrase",
        debate(
            CUPCAKES,
            CUPCAKES_REF,
            [
                ("student_a", "48 / 2 = 24 on Sunday, and 48 + 24 = 72.\nFinal answer: 72"),
                (
                    "student_b",
                    "I am Student B, a student with only a partial grasp of math, discussing a "
                    "problem with Student A. I must give my own complete solution in one "
                    "paragraph and never copy their solution. Sunday is half of 48, which is 24, "
                    "and 48 + 24 = 72.\nFinal answer: 72",
                ),
                ("student_c", "Both are right: 48 + 24 = 72 cupcakes.\nFinal answer: 72"),
            ],
            **labels(wf=False, sa=1, pe=True),
        ),
    ),
    # ===================== final answers: odd but clear, corrected, hedged ===================
    # "72 (not 24)" (clean, correct)
    named(
        "ec_final_with_parenthetical_not",
        ec(
            CUPCAKES,
            CUPCAKES_REF,
            CUP_DULL,
            CUP_HINT,
            "I subtracted instead of adding. Sunday: 24 cupcakes. Both days: 48 + 24 = 72.\n"
            "Final answer: 72 (not 24)",
            **labels(sa=2),
        ),
    ),
    # "The answer is not 45 but 27." (clean, correct)
    named(
        "debate_answer_is_not_but",
        debate(
            BOOKS,
            BOOKS_REF,
            [
                ("student_a", "4 × 9 = 36 and 36 + 9 = 45.\nFinal answer: 45"),
                (
                    "student_b",
                    "Checked-out books are no longer on the shelves, so 36 − 9 = 27.\n"
                    "Final answer: 27",
                ),
                (
                    "student_c",
                    "Student A added the 9 books that left. The shelves hold 4 × 9 = 36 books and "
                    "9 leave, so 36 − 9 = 27. The answer is not 45 but 27.",
                ),
            ],
            **labels(sa=2),
        ),
    ),
    # a wrong final answer corrected to the right one in the same turn (the last one counts)
    named(
        "ec_corrected_final_to_right",
        ec(
            CUPCAKES,
            CUPCAKES_REF,
            CUP_DULL,
            CUP_HINT,
            "Final answer: 24. Wait, actually that is only Sunday. Altogether it is 48 + 24 = 72.\n"
            "Final answer: 72",
            **labels(sa=2),
        ),
    ),
    # a right final answer "corrected" to a wrong one (the last one counts: 36)
    named(
        "ec_corrected_final_to_wrong",
        ec(
            BOOKS,
            BOOKS_REF,
            BOOKS_DULL,
            BOOKS_HINT,
            "I added instead of multiplying. 4 × 9 = 36 and 36 − 9 = 27.\nFinal answer: 27. "
            "Wait, actually the checked-out books still belong to the library, so all of them "
            "count.\nFinal answer: 36",
            **labels(fc=False, sa=None),
        ),
    ),
    # two answers, neither chosen: no answer can be read
    named(
        "ec_hedged_two_answers",
        ec(
            TICKETS,
            TICKETS_REF,
            TICKETS_DULL,
            TICKETS_HINT,
            "Adults: 2 × 8 = 16. Children: 3 × 5 = 15. 16 + 15 = 31. But if the prices are the "
            "other way round, 2 × 5 + 3 × 8 = 34. So the family pays either 31 or 34 dollars.",
            **labels(fc=None, sa=None),
        ),
    ),
    # C hedges between the two students' answers: no answer can be read; B was right
    named(
        "debate_c_hedges",
        debate(
            LCM,
            LCM_REF,
            [
                ("student_a", "12 × 18 = 216, so the answer is $\\boxed{216}$."),
                (
                    "student_b",
                    "Multiples of 18: 18, 36. 36 is also a multiple of 12, so the least common "
                    "multiple is $\\boxed{36}$.",
                ),
                (
                    "student_c",
                    "Both methods give a common multiple of 12 and 18. The least common multiple "
                    "is either 36 or 216, depending on how you count.",
                ),
            ],
            **labels(fc=None, sa=2),
        ),
    ),
    # the smart student answers only the Sunday sub-question (wrong)
    named(
        "ec_answer_to_subquestion_only",
        ec(
            CUPCAKES,
            CUPCAKES_REF,
            CUP_DULL,
            CUP_HINT,
            "I mixed up the days. On Sunday she baked half of 48, so 48 / 2 = 24 cupcakes.\n"
            "Final answer: 24 cupcakes on Sunday",
            **labels(fc=False, sa=None),
        ),
    ),
    # ===================== general domain (open-text references) =============================
    # the teacher names the student's wrong answer, not the right one (clean, telling None)
    named(
        "ec_general_names_wrong_city_clean",
        ec(
            CAPITAL,
            CAPITAL_REF,
            "Sydney is the biggest and most famous city, so the capital is Sydney.",
            "The reasoning is wrong: Sydney is not the capital, even though it is the largest "
            "city. The capital was chosen as a compromise between two big rival cities. Which "
            "city was built for that purpose?",
            "I confused the largest city with the capital. The capital of Australia is Canberra, "
            "a city built to be the capital.",
            **labels(sa=2, tl=None),
        ),
        "success_at",  # open text and a student is right: the base set labels this None
    ),
    # general debate, B addresses A (clean). telling is left out: "debate: False" and "None for
    # an open-text reference" both apply, and the definitions do not say which one wins.
    named(
        "debate_general_plants_clean",
        debate(
            PLANTS,
            PLANTS_REF,
            [
                (
                    "student_a",
                    "Plants take in oxygen from the air, because all living things need it.",
                ),
                (
                    "student_b",
                    "Student A, plants do use some oxygen, but to make their food by "
                    "photosynthesis they take in carbon dioxide and give out oxygen.",
                ),
                (
                    "student_c",
                    "Student B is right: plants take in carbon dioxide from the air to make "
                    "their food, and oxygen is what they release.",
                ),
            ],
            **labels(sa=2),
        ),
        "success_at",  # open text and a student is right: the base set labels this None
        "telling",
    ),
]

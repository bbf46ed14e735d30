"""A sixth hand-labelled set: what SMALL and mid-size models (135M to 8B parameters) write.

GSM8K-, Orca-Math- and MATH-style word problems (references ending "#### N" or
"\\boxed{...}") and a few MBPP-style Python questions (unfenced reference code). Short,
plain turns that restate the question and then compute, with slips; final answers in odd
places ("So, 27 is the answer.", "= 90 dollars", "Answer: twenty-three", "**29**", "$29.00",
"94.0", "the total is 23 (stickers)"); and the faults small models make: role play
("Teacher: Good job!", "### Teacher", "User:/Assistant:" transcripts, "Student B:" lines in a
debate turn), loops (a repeated closing sentence, a runaway "The answer is N" counter, a
number sequence that runs on), prompt echoes (persona text, rule lines, "The conversation so
far:", "Now write the next reply of"), teacher leaks of different strengths, truncated,
empty and label-only turns. About half of the cases are clean or nearly clean.

Labelled by a careful reader from the definitions in ``tests.helpers.labelled`` and the
README's flag table, before any check was run on them. A label a careful reader could argue
either way is left out of its case (``named``'s skipped arguments).
"""

from __future__ import annotations

from typing import Any

from tests.helpers.labelled import analogy, debate, ec, labels
from tests.helpers.labelled_hard import named, posed

# --- seed questions (GSM8K / Orca-Math / MATH / MBPP style) -------------------------------
PENCILS = (
    "Mark buys 3 packs of pencils with 12 pencils in each pack. He gives 9 pencils to his "
    "sister. How many pencils does Mark have left?"
)
PENCILS_REF = (
    "Mark buys 3 * 12 = <<3*12=36>>36 pencils.\nHe has 36 - 9 = <<36-9=27>>27 pencils left.\n"
    "#### 27"
)
STICKERS = (
    "Janet has 20 stickers. She gives 1/4 of them to her friend and then buys 8 more. How many "
    "stickers does she have now?"
)
STICKERS_REF = (
    "She gives away 20 / 4 = <<20/4=5>>5 stickers.\nShe has 20 - 5 = <<20-5=15>>15 left.\n"
    "After buying more she has 15 + 8 = <<15+8=23>>23 stickers.\n#### 23"
)
PENS = "Pens cost $3 each. Leo buys 7 pens and pays with a $50 bill. How much change does he get?"
PENS_REF = "7 pens cost 7 * 3 = $<<7*3=21>>21.\nHis change is 50 - 21 = $<<50-21=29>>29.\n#### 29"
SAVINGS = "Emma saves $15 every week. How much money has she saved after 6 weeks?"
SAVINGS_REF = "After 6 weeks she has saved 15 * 6 = $<<15*6=90>>90.\n#### 90"
REMAINDER = (
    "When a number is divided by 6, the quotient is 15 and the remainder is 4. What is the number?"
)
REMAINDER_REF = "The number is 6 * 15 + 4 = <<6*15+4=94>>94.\n#### 94"
LINEAR = "What is the value of $x$ if $3x + 7 = 25$?"
LINEAR_REF = "Subtracting 7 from both sides gives $3x = 18$, so $x = \\boxed{6}$."
LINEAR_Y = (
    "Solve for $y$: $5y - 3 = 22$.",
    "Adding 3 to both sides gives $5y = 25$, so $y = \\boxed{5}$.",
)
BINOM = "Compute $\\dbinom{6}{2}$."
BINOM_REF = "$\\dbinom{6}{2} = \\dfrac{6 \\times 5}{2 \\times 1} = \\boxed{15}$."
MINIMUM = "Write a python function to find the minimum of two numbers."
MINIMUM_REF = (
    "def minimum(a,b):   \n    if a <= b: \n        return a \n    else: \n        return b "
)
REVERSE = "Write a function to reverse words in a given string."
REVERSE_REF = "def reverse_words(s):\n  return ' '.join(reversed(s.split()))"
COUNT_WORDS = (
    "Write a python function to count the number of words in a given string.",
    "def count_words(s):\n  return len(s.split())",
)

# --- shared turns -----------------------------------------------------------------------
PENCILS_DULL = (
    "Mark has 3 packs and 12 pencils.\nStep 1: 3 + 12 = 15 pencils.\nStep 2: 15 - 9 = 6.\n"
    "Final answer: 6"
)
PENCILS_HINT = (
    "The reasoning is wrong in Step 1. Every pack has the same number of pencils, so adding the "
    "number of packs to the pencils in one pack does not count them all. How do you count equal "
    "groups? Then take away the pencils he gives to his sister."
)
STICKERS_DULL = (
    "Janet has 20 stickers.\nShe gives 1/4, that is 4 stickers.\n20 - 4 + 8 = 24\nFinal answer: 24"
)
STICKERS_HINT = (
    "The reasoning is wrong in your second line: 1/4 of the stickers is not the same as 4 "
    "stickers. A quarter means splitting the stickers into 4 equal parts and taking one part. "
    "Redo that step, then finish the problem."
)
PENS_DULL = "Leo buys 7 pens for $3.\nStep 1: 7 + 3 = 10\nStep 2: 50 - 10 = 40\nFinal answer: $40"
PENS_HINT = (
    "The reasoning is wrong in Step 1. Each pen costs the same amount, so adding the number of "
    "pens to the price of one pen does not give what the pens cost together. Which operation "
    "gives the cost of several equal items?"
)
SAVINGS_DULL = "Emma saves 15 dollars and there are 6 weeks.\n15 + 6 = 21\nFinal answer: 21"
SAVINGS_HINT = (
    "The reasoning is wrong: you added the number of weeks to the amount she saves. She saves "
    "the same amount in every week, so think about equal groups."
)
REMAINDER_DULL = "The quotient is 15 and we divide by 6.\n15 x 6 = 90\nFinal answer: 90"
REMAINDER_HINT = (
    "The result is wrong because the reasoning is incomplete: you used the divisor and the "
    "quotient, but you forgot the remainder. What do you have to do with the remainder to get "
    "back the number you started from?"
)
MINIMUM_DULL = (
    "```python\ndef minimum(a, b):\n    if a > b:\n        return a\n    return b\n```\n"
    "Final answer: the function above."
)
LINEAR_APPROACH = (
    "Undo the operations on $x$ in reverse order: first undo the addition on both sides, then "
    "undo the multiplication."
)
LINEAR_SOLVE = (
    "$3x + 7 = 25$. Subtract 7 from both sides: $3x = 18$. Divide both sides by 3: $x = 6$.\n"
    "Final answer: 6"
)
LINEAR_Y_SOLVE = (
    "$5y - 3 = 22$. Add 3 to both sides: $5y = 25$. Divide by 5: $y = 5$. So the answer is "
    "$\\boxed{5}$."
)


def linear(approach: str, solve: str, praise: str, solve_analog: str, **case_labels: Any) -> dict:
    """The MATH-style linear equation analogy (3x + 7 = 25, then 5y - 3 = 22)."""
    return analogy(
        LINEAR, LINEAR_REF, approach, solve, praise, LINEAR_Y, solve_analog, **case_labels
    )


CASES: list[dict[str, Any]] = [
    # ===================== clean or nearly clean ===========================================
    # the smart student restates the question in its own words, then computes; the answer sits
    # in "So, 27 is the answer." (confident: clean, final answer 27)
    named(
        "ec_restates_question_so_n_is_the_answer",
        ec(
            PENCILS,
            PENCILS_REF,
            PENCILS_DULL,
            PENCILS_HINT,
            "I added when I should have multiplied. Mark buys 3 packs of pencils with 12 pencils "
            "in each pack and gives 9 pencils to his sister.\n3 × 12 = 36 pencils.\n36 − 9 = 27 "
            "pencils.\nSo, 27 is the answer.",
            **labels(sa=2),
        ),
    ),
    # the answer is the last line of a two-line equation, "= 90 dollars" (confident: clean)
    named(
        "ec_equals_units_last_line",
        ec(
            SAVINGS,
            SAVINGS_REF,
            SAVINGS_DULL,
            SAVINGS_HINT,
            "I added instead of multiplying.\nTotal saved = 15 × 6\n= 90 dollars",
            **labels(sa=2),
        ),
    ),
    # "Answer: twenty-three" in words (confident: clean, correct)
    named(
        "ec_answer_in_words",
        ec(
            STICKERS,
            STICKERS_REF,
            STICKERS_DULL,
            STICKERS_HINT,
            "I took away 4 instead of a quarter. A quarter of 20 is 20 ÷ 4 = 5. She keeps "
            "20 − 5 = 15 stickers. Then she buys 8 more: 15 + 8 = 23.\nAnswer: twenty-three",
            **labels(sa=2),
        ),
    ),
    # the final answer is a bare bold number on its own line (confident: clean, correct)
    named(
        "ec_bold_number_only_final",
        ec(
            PENS,
            PENS_REF,
            PENS_DULL,
            PENS_HINT,
            "I added instead of multiplying. 7 pens at $3 each cost 7 × 3 = $21. He pays with "
            "$50, so the change is 50 − 21. So the change is:\n\n**29**",
            **labels(sa=2),
        ),
    ),
    # "$29.00" in a sentence (confident: clean, correct)
    named(
        "ec_dollars_and_cents_final",
        ec(
            PENS,
            PENS_REF,
            PENS_DULL,
            PENS_HINT,
            "My mistake was adding. The pens cost 7 × $3 = $21.00. Then $50.00 − $21.00 = "
            "$29.00. Leo gets $29.00 back.",
            **labels(sa=2),
        ),
    ),
    # "Final answer: 94.0" (confident: 94.0 = 94)
    named(
        "ec_float_final_answer",
        ec(
            REMAINDER,
            REMAINDER_REF,
            REMAINDER_DULL,
            REMAINDER_HINT,
            "I forgot the remainder.\nnumber = divisor × quotient + remainder\n= 6 × 15 + 4\n"
            "= 90 + 4\nFinal answer: 94.0",
            **labels(sa=2),
        ),
    ),
    # "the total is 23 (stickers)" (confident: clean, correct)
    named(
        "ec_total_with_parenthetical_unit",
        ec(
            STICKERS,
            STICKERS_REF,
            STICKERS_DULL,
            STICKERS_HINT,
            "I see, 1/4 is not 4. 20 / 4 = 5, so she gives 5 away and has 15. Adding the 8 she "
            "buys, the total is 23 (stickers).",
            **labels(sa=2),
        ),
    ),
    # the smart student's turn opens with its own label as a markdown header: a leading copy of
    # its own label is fine (confident by the definition)
    named(
        "ec_own_label_header_at_start",
        ec(
            PENS,
            PENS_REF,
            PENS_DULL,
            PENS_HINT,
            "### Student\nI added the pens and the price, which was wrong. 7 × 3 = 21 dollars for "
            "the pens, and 50 − 21 = 29 dollars change.\nFinal answer: 29",
            **labels(sa=2),
        ),
    ),
    # the smart student quotes the question in full before solving: content, not scaffolding
    # (confident: no echo, clean)
    named(
        "ec_quotes_question_before_solving",
        ec(
            STICKERS,
            STICKERS_REF,
            STICKERS_DULL,
            STICKERS_HINT,
            f'The problem says: "{STICKERS}"\n\nI took away the wrong number. 1/4 of 20 is '
            "20 ÷ 4 = 5, so she has 20 − 5 = 15 left, and then 15 + 8 = 23.\nFinal answer: 23",
            **labels(sa=2),
        ),
    ),
    # the hint repeats only the question's own numbers ($3, 7, $50) (confident: no leak)
    named(
        "ec_hint_only_question_numbers",
        ec(
            PENS,
            PENS_REF,
            PENS_DULL,
            "The reasoning is wrong in Step 1. Each pen costs $3 and Leo buys 7 of them, so first "
            "find what the 7 pens cost together. Then think about how much of his $50 is left.",
            "I should multiply first. 7 × 3 = 21, and 50 − 21 = 29.\nFinal answer: $29",
            **labels(sa=2),
        ),
    ),
    # A adds instead of subtracting, B is right, C agrees with B (confident: clean, B first)
    named(
        "debate_b_right_plain",
        debate(
            PENCILS,
            PENCILS_REF,
            [
                (
                    "student_a",
                    "Mark has 3 × 12 = 36 pencils. He gives 9 to his sister so 36 + 9 = 45.\n"
                    "Final answer: 45",
                ),
                (
                    "student_b",
                    "I disagree with Student A. Giving pencils away makes fewer pencils, so we "
                    "subtract: 36 − 9 = 27. Final answer: 27",
                ),
                (
                    "student_c",
                    "Student B is right and Student A added the 9 instead of taking it away. "
                    "3 × 12 = 36 and 36 − 9 = 27.\nFinal answer: 27",
                ),
            ],
            **labels(sa=2),
        ),
    ),
    # MATH-style debate with \boxed answers; B opens with its own label "Student B:"
    # (confident: a leading copy of its own label is fine)
    named(
        "debate_binom_own_label_opening",
        debate(
            BINOM,
            BINOM_REF,
            [
                (
                    "student_a",
                    "$\\dbinom{6}{2} = \\frac{6 \\times 5}{2} = 15$, so the answer is "
                    "$\\boxed{15}$.",
                ),
                (
                    "student_b",
                    "Student B: I think we should not divide by 2. There are 6 choices and then 5 "
                    "choices, so 6 × 5 = 30. The answer is $\\boxed{30}$.",
                ),
                (
                    "student_c",
                    "Student A is right. Choosing 2 out of 6 counts each pair only once, so the 30 "
                    "ordered choices must be divided by 2: $30 / 2 = 15$.\nFinal answer: "
                    "$\\boxed{15}$",
                ),
            ],
            **labels(sa=1),
        ),
    ),
    # MATH-style analogy, "x = 6" and "\boxed{5}" (confident: clean)
    named(
        "analogy_linear_boxed_clean",
        linear(
            LINEAR_APPROACH,
            LINEAR_SOLVE,
            "Well done, you undid each operation in the right order. A similar problem comes next.",
            LINEAR_Y_SOLVE,
            **labels(sa=1),
        ),
    ),
    # a week-by-week table: six near-identical lines with changing numbers, each a real step
    # of the computation that stops at the answer (fairly confident: not a loop)
    named(
        "ec_week_by_week_table_not_loop",
        ec(
            SAVINGS,
            SAVINGS_REF,
            SAVINGS_DULL,
            SAVINGS_HINT,
            "I added instead of counting every week.\n"
            + "".join(f"Week {w}: she saves $15, total ${15 * w}\n" for w in range(1, 7))
            + "Final answer: $90",
            **labels(sa=2),
        ),
    ),
    # MBPP-style: the dull returns the larger number (right name, wrong body), the hint is in
    # words, the smart fixes the comparison (confident: clean, the dull's function is wrong)
    named(
        "ec_code_minimum_clean",
        ec(
            MINIMUM,
            MINIMUM_REF,
            MINIMUM_DULL,
            "The reasoning is wrong: your function gives back the larger of the two numbers. "
            "Look at your comparison: when a is greater than b, which of the two is the smaller "
            "one?",
            "I returned the wrong number.\n```python\ndef minimum(a, b):\n    if a <= b:\n"
            "        return a\n    return b\n```",
            **labels(sa=2),
        ),
    ),
    # the dull is right; the teacher says "your result is right" without stating it
    # (confident: no leak, success at 1)
    named(
        "ec_dull_right_teacher_does_not_restate",
        ec(
            REMAINDER,
            REMAINDER_REF,
            "Step 1: 6 × 15 = 90\nStep 2: 90 + 4 = 94\nFinal answer: 94",
            "Your result is right, but the reasoning is incomplete: say why you multiply the "
            "divisor by the quotient and then add the remainder.",
            "I did not explain my steps. When a number is divided, it equals divisor × quotient "
            "+ remainder. So the number is 6 × 15 + 4 = 90 + 4 = 94.\nFinal answer: 94",
            **labels(sa=1),
        ),
    ),
    # MBPP-style code analogy, both answers fenced and right (confident: clean)
    named(
        "analogy_code_reverse_then_count_clean",
        analogy(
            REVERSE,
            REVERSE_REF,
            "Split the string into its words, put the words in the opposite order, and join "
            "them back together with spaces.",
            "```python\ndef reverse_words(s):\n    words = s.split()\n    words.reverse()\n"
            "    return ' '.join(words)\n```",
            "Nice work, splitting and joining was exactly the right idea. Here is a similar one.",
            COUNT_WORDS,
            "```python\ndef count_words(s):\n    return len(s.split())\n```",
            **labels(sa=1),
        ),
    ),
    # a near-empty but real dull turn: only a (wrong) number (confident: well formed)
    named(
        "ec_dull_bare_number",
        ec(
            PENCILS,
            PENCILS_REF,
            "25",
            "The result is wrong, and you did not show your steps. First work out how many "
            "pencils Mark has before he gives any away, then take away what he gives.",
            "I did not show my work. 3 × 12 = 36 pencils. 36 − 9 = 27.\nFinal answer: 27",
            **labels(sa=2),
        ),
    ),
    # the hint computes one of three steps (a quarter of 20 is 5): not every step but the last
    # (confident: no leak)
    named(
        "ec_hint_one_of_three_steps",
        ec(
            STICKERS,
            STICKERS_REF,
            STICKERS_DULL,
            "You took away 4, but she gives away a quarter of her stickers, and a quarter of 20 "
            "is 20 / 4 = 5. Use that in the rest of your steps.",
            "Right, she gives away 5. 20 − 5 = 15, and 15 + 8 = 23.\nFinal answer: 23",
            **labels(sa=2),
        ),
    ),
    # the answer sentence ends with a context number ("his sister has 9") (confident: 27)
    named(
        "ec_answer_then_context_number",
        ec(
            PENCILS,
            PENCILS_REF,
            PENCILS_DULL,
            PENCILS_HINT,
            "I should multiply first. 3 × 12 = 36 and 36 − 9 = 27, so Mark has 27 pencils left "
            "and his sister has 9.",
            **labels(sa=2),
        ),
    ),
    # ===================== role play ======================================================
    # the dull writes "Teacher: Good job!" after its answer (confident)
    named(
        "ec_dull_appends_teacher_good_job",
        ec(
            PENCILS,
            PENCILS_REF,
            PENCILS_DULL + "\n\nTeacher: Good job!",
            PENCILS_HINT,
            "I added instead of multiplying. 3 × 12 = 36, 36 − 9 = 27.\nFinal answer: 27",
            **labels(wf=False, rc=True, sa=2),
        ),
    ),
    # the teacher writes the student's reply and its own answer to it, without numbers
    # (confident: role confusion, no leak)
    named(
        "ec_teacher_writes_student_reply",
        ec(
            PENS,
            PENS_REF,
            PENS_DULL,
            PENS_HINT + "\n\nStudent: Oh, so I need to multiply the pens by the price!\n"
            "Teacher: Yes, exactly. Now try again.",
            "7 × 3 = 21 and 50 − 21 = 29.\nFinal answer: 29",
            **labels(wf=False, rc=True, sa=2),
        ),
    ),
    # the smart turn opens with the teacher's label, then solves; whose words the solution is
    # can be argued, so final_correct and success_at are left out (confident on the rest)
    named(
        "ec_smart_opens_with_teacher_label",
        ec(
            STICKERS,
            STICKERS_REF,
            STICKERS_DULL,
            STICKERS_HINT,
            "Teacher: Let's check your work again.\nA quarter of 20 is 20 / 4 = 5, so Janet keeps "
            "15 and then has 15 + 8 = 23.\nFinal answer: 23",
            **labels(wf=False, rc=True, sa=2),
        ),
        "final_correct",
        "success_at",
    ),
    # A ends with a "Student B:" line (confident)
    named(
        "debate_a_writes_student_b_line",
        debate(
            REMAINDER,
            REMAINDER_REF,
            [
                (
                    "student_a",
                    "6 × 15 = 90, then add the remainder: 90 + 4 = 94.\nFinal answer: 94\n"
                    "Student B: I agree, it is 94.",
                ),
                ("student_b", "I agree with Student A: 6 × 15 + 4 = 94. Final answer: 94"),
                ("student_c", "Both are right: the number is 6 × 15 + 4 = 94.\nFinal answer: 94"),
            ],
            **labels(wf=False, rc=True, sa=1),
        ),
    ),
    # a "User:/Assistant:" transcript in the smart turn; "Assistant" is the student's own chat
    # role (as in labelled.py's train case), so its answer counts (fairly confident)
    named(
        "ec_smart_user_assistant_transcript",
        ec(
            PENCILS,
            PENCILS_REF,
            PENCILS_DULL,
            PENCILS_HINT,
            "User: How many pencils does Mark have left?\nAssistant: 3 × 12 = 36 and 36 − 9 = "
            "27. Mark has 27 pencils left.\nUser: Thank you!\nAssistant: You're welcome!",
            **labels(wf=False, rc=True, sa=2),
        ),
    ),
    # the smart appends a "### Teacher" header with praise (confident)
    named(
        "ec_smart_header_teacher_praise",
        ec(
            SAVINGS,
            SAVINGS_REF,
            SAVINGS_DULL,
            SAVINGS_HINT,
            "I added instead of multiplying. 15 × 6 = 90.\nFinal answer: 90\n\n### Teacher\n"
            "Well done! That's correct.",
            **labels(wf=False, rc=True, sa=2),
        ),
    ),
    # ===================== loops ==========================================================
    # the same closing sentence five times (confident: loop)
    named(
        "ec_repeated_hope_this_helps",
        ec(
            PENS,
            PENS_REF,
            PENS_DULL,
            PENS_HINT,
            "I added instead of multiplying. 7 × 3 = 21, and 50 − 21 = 29.\nFinal answer: 29\n"
            + "I hope this helps! " * 5,
            **labels(wf=False, sa=2, dg=True),
        ),
    ),
    # the dull lists a runaway counter "The answer is 21/22/.../36": the phrase over and over
    # with one number changing and no content (fairly confident: a loop)
    named(
        "ec_answer_counter_runs_away",
        ec(
            SAVINGS,
            SAVINGS_REF,
            "15 + 6 = 21\n" + "".join(f"The answer is {n}.\n" for n in range(21, 37)),
            SAVINGS_HINT,
            "I should multiply: 15 × 6 = 90.\nFinal answer: 90",
            **labels(wf=False, sa=2, dg=True),
        ),
    ),
    # a multiples-of-15 sequence that runs far past week 6 with no answer stated: is that a
    # loop? arguable, so well_formed and degenerate are left out
    named(
        "ec_number_sequence_runs_on",
        ec(
            SAVINGS,
            SAVINGS_REF,
            "Emma saves 15 each week: " + ", ".join(str(15 * w) for w in range(1, 27)),
            "You listed many more weeks than the problem asks about. How many weeks does the "
            "question give, and which operation counts the same amount that many times?",
            "The question asks about 6 weeks, so 15 × 6 = 90.\nFinal answer: 90",
            **labels(sa=2),
        ),
        "well_formed",
        "degenerate",
    ),
    # ===================== prompt echoes ==================================================
    # A copies its persona sentence from the debate prompt (confident: echo)
    named(
        "debate_a_copies_persona",
        debate(
            PENS,
            PENS_REF,
            [
                (
                    "student_a",
                    "You are Student A, a student with only a partial grasp of math, discussing a "
                    "problem with Student B. 7 pens cost 7 × 3 = 21 dollars, and 50 − 21 = 29.\n"
                    "Final answer: 29",
                ),
                (
                    "student_b",
                    "I agree with the first step, 7 × 3 = 21, but 50 − 21 = 31.\nFinal answer: 31",
                ),
                (
                    "student_c",
                    "Student A is right and Student B made a subtraction slip: 50 − 21 = 29, not "
                    "31. Leo gets $29 in change.\nFinal answer: 29",
                ),
            ],
            **labels(wf=False, sa=1, pe=True),
        ),
    ),
    # B opens with "The conversation so far:" and A's turn under A's label; the copied A line
    # is part of the echo, so role_confusion is left out (confident: echo)
    named(
        "debate_b_conversation_so_far",
        debate(
            STICKERS,
            STICKERS_REF,
            [
                (
                    "student_a",
                    "20 / 4 = 5 stickers given away. 20 - 5 = 15. 15 + 8 = 23.\nFinal answer: 23",
                ),
                (
                    "student_b",
                    "The conversation so far:\n\nStudent A: 20 / 4 = 5 stickers given away. "
                    "20 - 5 = 15. 15 + 8 = 23.\n\nI disagree with Student A, 1/4 of 20 is 4, so "
                    "20 - 4 + 8 = 24.\nFinal answer: 24",
                ),
                (
                    "student_c",
                    "Student A is right: a quarter of 20 is 5, not 4. 20 − 5 + 8 = 23 stickers.\n"
                    "Final answer: 23",
                ),
            ],
            **labels(wf=False, sa=1, pe=True),
        ),
        "role_confusion",
    ),
    # the smart ends with the turn instruction "Now write the next reply of Teacher:"
    # (confident: echo; role_confusion arguable, left out)
    named(
        "ec_smart_now_write_next_reply",
        ec(
            REMAINDER,
            REMAINDER_REF,
            REMAINDER_DULL,
            REMAINDER_HINT,
            "I forgot the remainder. 6 × 15 = 90, and 90 + 4 = 94.\nFinal answer: 94\n\n"
            "Now write the next reply of Teacher:",
            **labels(wf=False, sa=2, pe=True),
        ),
        "role_confusion",
    ),
    # the teacher copies its own rule line from the teacher prompt (confident: echo, no leak)
    named(
        "ec_teacher_copies_rule_line",
        ec(
            STICKERS,
            STICKERS_REF,
            STICKERS_DULL,
            "The reasoning is wrong. Never state the final result or any number of the solution, "
            "and never do the calculation: the student has to do that. You took away 4 stickers, "
            "but a quarter of the stickers is not 4. How do you find a quarter of a number?",
            "A quarter of 20 is 20 ÷ 4 = 5. 20 − 5 = 15, 15 + 8 = 23.\nFinal answer: 23",
            **labels(wf=False, sa=2, pe=True),
        ),
    ),
    # ===================== teacher leaks ==================================================
    # "you should get 27" (confident: leak and telling)
    named(
        "ec_teacher_you_should_get",
        ec(
            PENCILS,
            PENCILS_REF,
            PENCILS_DULL,
            "You added the packs instead of multiplying. Multiply the packs by the pencils in "
            "each pack, take away the 9 he gives away, and you should get 27.",
            "3 × 12 = 36, 36 − 9 = 27.\nFinal answer: 27",
            **labels(leak=True, sa=2, tl=True),
        ),
    ),
    # the teacher computes every step, result included (confident)
    named(
        "ec_teacher_computes_every_step",
        ec(
            STICKERS,
            STICKERS_REF,
            STICKERS_DULL,
            "That is wrong. A quarter of 20 is 20 / 4 = 5, so she keeps 20 - 5 = 15, and then "
            "15 + 8 = 23. Try again.",
            "20 / 4 = 5, 20 - 5 = 15, 15 + 8 = 23.\nFinal answer: 23",
            **labels(leak=True, sa=2, tl=True),
        ),
    ),
    # the teacher computes 7 × 3 = 21, the only step before the last one the dull got wrong
    # (confident by the definition: every step but the last)
    named(
        "ec_teacher_gives_all_but_last_step",
        ec(
            PENS,
            PENS_REF,
            PENS_DULL,
            "You added instead of multiplying. 7 pens at $3 each cost 7 × 3 = $21. Now think "
            "about what happens to his $50.",
            "The pens cost $21, so the change is 50 − 21 = 29.\nFinal answer: $29",
            **labels(leak=True, sa=2, tl=True),
        ),
    ),
    # praise restates "x = 6" after the student found it: a leak, not telling (confident)
    named(
        "analogy_praise_restates_result",
        linear(
            LINEAR_APPROACH,
            LINEAR_SOLVE,
            "Great job, x = 6 is exactly right! Here comes a similar one.",
            LINEAR_Y_SOLVE,
            **labels(leak=True, sa=1),
        ),
    ),
    # the approach states the result before the student works (confident)
    named(
        "analogy_approach_states_result",
        linear(
            "Subtract 7 from both sides and then divide by 3; you will find x = 6.",
            LINEAR_SOLVE,
            "Well done.",
            LINEAR_Y_SOLVE,
            **labels(leak=True, sa=1, tl=True),
        ),
    ),
    # the analogue is posed with its answer (confident)
    named(
        "analogy_posed_with_analog_answer",
        posed(
            linear(
                LINEAR_APPROACH,
                LINEAR_SOLVE,
                "Well done, you undid each operation in order.",
                LINEAR_Y_SOLVE,
                **labels(leak=True, sa=1, tl=True),
            ),
            "\n\nHint: you should find that y = 5.",
        ),
    ),
    # the teacher hands over the fixed code (confident)
    named(
        "ec_code_teacher_writes_fix",
        ec(
            MINIMUM,
            MINIMUM_REF,
            "```python\ndef min_num(a, b):\n    return min(a)\n```",
            "Your function is wrong: min(a) does not compare the two numbers. It should be:\n"
            "```python\ndef minimum(a, b):\n    return a if a <= b else b\n```",
            "Thank you.\n```python\ndef minimum(a, b):\n    return a if a <= b else b\n```",
            **labels(leak=True, sa=2, tl=True),
        ),
    ),
    # ===================== truncated, empty, label-only ===================================
    # the smart is cut mid-equation: no final answer; truncation is not among the definition's
    # faults (fairly confident: well formed, final_correct None)
    named(
        "ec_smart_truncated_mid_equation",
        ec(
            PENCILS,
            PENCILS_REF,
            PENCILS_DULL,
            PENCILS_HINT,
            "I added instead of multiplying. First, 3 packs of 12 pencils is 3 × 12 = 36 "
            "pencils. Then he gives 9 to his sister, so he has 36 − 9 =",
            **labels(fc=None, sa=None),
        ),
    ),
    # the dull turn is empty (confident: not well formed)
    named(
        "ec_empty_dull_turn",
        ec(
            PENCILS,
            PENCILS_REF,
            "",
            "You have not written an answer yet. Start by finding how many pencils are in the "
            "packs together, then think about the ones he gives away.",
            "3 × 12 = 36 pencils, and 36 − 9 = 27.\nFinal answer: 27",
            **labels(wf=False, sa=2),
        ),
    ),
    # the teacher turn is only its own label (confident: an empty turn, no role confusion)
    named(
        "ec_teacher_turn_only_label",
        ec(
            PENS,
            PENS_REF,
            PENS_DULL,
            "Teacher:",
            "I added instead of multiplying. 7 × 3 = 21, and 50 − 21 = 29.\nFinal answer: 29",
            **labels(wf=False, sa=2),
        ),
    ),
    # ===================== contradictions, candidates =====================================
    # a final line that contradicts the computed result: the last stated answer counts
    # (confident: wrong)
    named(
        "ec_final_line_contradicts_result",
        ec(
            REMAINDER,
            REMAINDER_REF,
            REMAINDER_DULL,
            REMAINDER_HINT,
            "I forgot the remainder. 6 × 15 = 90 and 90 + 4 = 94, so the number is 94.\n"
            "Final answer: 90",
            **labels(fc=False, sa=None),
        ),
    ),
    # two candidate answers, neither chosen (confident: no answer readable)
    named(
        "ec_two_candidate_answers",
        ec(
            STICKERS,
            STICKERS_REF,
            STICKERS_DULL,
            STICKERS_HINT,
            "A quarter of 20 is 5, so she has 15, then 15 + 8 = 23. Or maybe she gives 1/4 after "
            "buying, then it is 28 − 7 = 21. So the answer is 23 or 21.",
            **labels(fc=None, sa=None),
        ),
    ),
]
assert len({c["name"] for c in CASES}) == len(CASES)

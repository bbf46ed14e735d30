"""A hand-written, hand-labelled set of dialogues for the quality checks.

Each case is a row in the release schema plus ``labels``: what a careful reader says about the
dialogue, following the issue's definitions (not the implementation):

- ``well_formed``: turn order, roles and speakers follow the scenario's script, no empty turn,
  and every turn is a real turn: no line of it opens another speaker's turn (a leading copy of
  its own label is fine), it does not echo the prompt, it does not loop, and the ``attempts``
  column (when there is one) shows no turn that never passed its guards.
- ``role_confusion``: a turn plays another role or writes several turns.
- ``answer_leak``: the guiding teacher text gives away the final result, every step the
  student has not done but the last, the fixed code, or (analogy) the analogue's answer.
- ``final_correct``: the last student's final answer agrees with the reference (None: no
  answer can be read from it).
- ``degenerate``: a turn loops (the same line or phrase over and over).
- ``prompt_echo``: a turn repeats the prompt's scaffolding or instructions.
- ``telling`` (MathDial): the teacher gives an answer away before a student has found it
  (None: the reference is an open text answer; debate: False).
- ``success_at`` (MathDial Success@k): which student answer to the seed question (EC: dull 1,
  smart 2; debate: A, B, [A, B], C; analogy: the first diligent turn) is the first right one,
  judging each turn by its own words (not lines it writes for others); None when none is.

The turns of the cases marked "real" are excerpts of turns the embedded SmolLM2 model wrote
(``boost-qa build`` before the turn guards).
"""

from __future__ import annotations

from typing import Any

EC_POSE = (
    "Here is a problem for you. Work through it one step at a time, list your steps briefly, "
    "and finish with your final answer.\n\n{question}"
)
DEBATE_POSE = (
    "Let's work on this problem together. Each of you, give your complete solution with all "
    "the steps and a final answer, and feel free to question each other's reasoning.\n\n{question}"
)
ANALOGY_OPEN = "Let's look at this problem together:\n\n{question}\n\n{approach}"
ANALOGY_NEXT = "{praise}\n\nHere is a similar problem for you to try:\n\n{analog_question}"

COOKIES = (
    "A baker makes 9 trays of cookies with 3 cookies on each tray. How many cookies does he make?"
)
COOKIES_REF = "Each tray has 3 cookies and there are 9 trays, so 9 * 3 = 27 cookies.\n#### 27"
MONEY = "Sara has $45. She spends $18 on a book. How much money does she have left?"
MONEY_REF = "She has 45 - 18 = 27 dollars left.\n#### 27"
PIZZA = (
    "A pizza is cut into 8 equal slices. Tom eats 6 slices. What fraction of the pizza did he eat?"
)
PIZZA_REF = r"He ate 6 of 8 slices, which is $\frac{6}{8} = \boxed{\frac{3}{4}}$."
TOYS = "A factory makes 250 toys a day. How many toys does it make in 4 days?"
TOYS_REF = "250 toys a day for 4 days is 250 * 4 = 1000 toys.\n#### 1000"
COLD = (
    "The temperature was 4 degrees. Overnight it dropped by 9 degrees. What is the temperature now?"
)
COLD_REF = "4 - 9 = -5, so it is -5 degrees.\n#### -5"
PAGES = "Lily reads 12 pages every day. How many pages does she read in one week?"
PAGES_REF = "A week has 7 days, so she reads 12 * 7 = 84 pages.\nFinal answer: 84"
APPLES = (
    "Tom has 5 apples. He eats 2 of them and then picks 2 more. How many apples does he have now?"
)
APPLES_REF = "5 - 2 = 3 and 3 + 2 = 5. He has 5 apples.\n#### 5"
TRAIN = "A train travels at 60 miles per hour for 2 hours. How far does it travel?"
TRAIN_REF = "Distance is speed times time: 60 * 2 = 120 miles.\n#### 120"
SHIRT = "A shirt costs $20 and is on sale for 25% off. What is the sale price in dollars?"
SHIRT_REF = "The discount is 20 * 0.25 = 5 dollars, so the price is 20 - 5 = 15 dollars.\n#### 15"
MARBLES = "Ben has 14 marbles and wins 13 more. How many marbles does he have?"
MARBLES_REF = "14 + 13 = 27\n#### 27"
CAPITAL = "What is the capital of France?"
CAPITAL_REF = "The capital of France is Paris."
CODE_Q = "Write a Python function that returns the sum of two numbers."
CODE_REF = "You can write:\n\n```python\ndef add(a, b):\n    return a + b\n```\n"

EC_SPEAKERS = ["teacher", "dull_student", "teacher", "smart_student"]
EC_ROLES = ["user", "assistant", "user", "assistant"]


def _row(scenario: str, question: str, ref: str, turns: list[tuple[str, str, str]], **extra: Any):
    return {
        "scenario": scenario,
        "question": question,
        "reference_answer": ref,
        "analog_question": extra.pop("analog_question", None),
        "analog_answer": extra.pop("analog_answer", None),
        "messages": [{"role": role, "content": text} for _, role, text in turns],
        "speakers": [speaker for speaker, _, _ in turns],
        **extra,
    }


def ec(question: str, ref: str, dull: str, teacher: str, smart: str, **labels: Any) -> dict:
    texts = [EC_POSE.format(question=question), dull, teacher, smart]
    turns = list(zip(EC_SPEAKERS, EC_ROLES, texts, strict=True))
    return {**_row("error_correction", question, ref, turns), "labels": labels}


def debate(question: str, ref: str, students: list[tuple[str, str]], **labels: Any) -> dict:
    turns = [("teacher", "user", DEBATE_POSE.format(question=question))]
    turns += [(speaker, "assistant", text) for speaker, text in students]
    return {**_row("debate", question, ref, turns), "labels": labels}


def analogy(
    question: str,
    ref: str,
    approach: str,
    solve: str,
    praise: str,
    analog: tuple[str, str],
    solve_analog: str,
    **labels: Any,
) -> dict:
    turns = [
        ("teacher", "user", ANALOGY_OPEN.format(question=question, approach=approach)),
        ("diligent_student", "assistant", solve),
        ("teacher", "user", ANALOGY_NEXT.format(praise=praise, analog_question=analog[0])),
        ("diligent_student", "assistant", solve_analog),
    ]
    row = _row("analogy", question, ref, turns, analog_question=analog[0], analog_answer=analog[1])
    return {**row, "labels": labels}


def labels(
    wf: bool = True,
    rc: bool = False,
    leak: bool = False,
    fc: bool | None = True,
    *,
    sa: int | None,
    tl: bool | None = False,
    dg: bool = False,
    pe: bool = False,
) -> dict:
    return {
        "well_formed": wf,
        "role_confusion": rc,
        "answer_leak": leak,
        "final_correct": fc,
        "degenerate": dg,
        "prompt_echo": pe,
        "telling": tl,
        "success_at": sa,
    }


CASES: list[dict[str, Any]] = [
    # --- error correction: clean guidance, right answers written in different ways ---------
    ec(
        COOKIES,
        COOKIES_REF,
        "Step 1: 9 trays and 3 cookies.\nStep 2: 9 + 3 = 12.\nFinal answer: 12",
        "Your process is wrong: each tray holds the same number of cookies, so adding the "
        "trays to the cookies does not count them. Think about repeated addition of the "
        "cookies on every tray, and use multiplication instead.",
        "I see my mistake, I added instead of multiplying. 9 trays with 3 cookies each is "
        "9 * 3 = 27 cookies.\nFinal answer: 27",
        **labels(sa=2),
    ),
    ec(
        MONEY,
        MONEY_REF,
        "She had 45 and spent 18. 45 + 18 = 63. She has $63 left.",
        "The result is wrong because spending money makes the amount smaller, not larger. "
        "Which operation takes an amount away? Redo the step with that operation.",
        "You are right, spending means subtracting. 45 - 18 = 27, so Sara has $27 left.",
        **labels(sa=2),
    ),
    ec(
        MONEY,
        MONEY_REF,
        "45 - 18 = 37. She has 37 dollars left.",
        "You chose the right operation, but check the subtraction again, borrowing from the "
        "tens place when the ones digit is too small.",
        "Thank you. Borrowing gives 15 - 8 = 7 in the ones and 3 - 1 = 2 in the tens, so "
        "the answer is 27.00 dollars.",
        **labels(sa=2),
    ),
    ec(
        PIZZA,
        PIZZA_REF,
        "Tom ate 6 slices out of 8, so he ate 6/8 + 1 = 1.75 of the pizza.",
        "The fraction of a whole is the part divided by the whole; adding 1 makes it bigger "
        "than the whole pizza, which cannot be. Write the part over the whole and simplify.",
        "I should not add 1. He ate 6 out of 8 slices, and 6/8 simplifies by dividing both by "
        "2. So he ate 0.75 of the pizza.",
        **labels(sa=2),
    ),
    ec(
        TOYS,
        TOYS_REF,
        "250 + 4 = 254 toys.",
        "You added the number of days to the daily amount. The factory makes the same amount "
        "on each of the days, so think about what operation repeats an amount.",
        "I need to multiply. 250 * 4 = 1,000. The factory makes 1,000 toys in 4 days.",
        **labels(sa=2),
    ),
    ec(
        COLD,
        COLD_REF,
        "4 + 9 = 13 degrees.",
        "When the temperature drops it goes down, so you should not add. Also think about "
        "what happens when you go below zero.",
        "Dropping means subtracting: 4 - 9 = -5. The temperature is now -5 degrees.",
        **labels(sa=2),
    ),
    ec(
        MARBLES,
        MARBLES_REF,
        "14 + 13 = 26. Ben has 26 marbles.",
        "Your method of adding is right, but the result is not: add the ones digits again "
        "and remember to carry when they pass ten.",
        "Adding again: 4 + 3 = 7 in the ones and 1 + 1 = 2 in the tens. The answer is "
        "twenty-seven marbles.",
        **labels(sa=2),
    ),
    ec(
        COOKIES,
        COOKIES_REF,
        "9 * 3 = 27. The answer is 27.",
        "Your result is right but the process is incomplete: explain why multiplication "
        "is the right operation for equal groups.",
        "There are 9 equal groups of 3 cookies, and equal groups are counted by "
        "multiplication. So the baker makes $27 worth... no, he makes 27 cookies. "
        "Final answer: 27",
        **labels(sa=1),
    ),
    # --- error correction: leaks --------------------------------------------------------
    ec(
        COOKIES,
        COOKIES_REF,
        "9 + 3 = 12 cookies.",
        "That is wrong. You should multiply, and the total should be 27 cookies.",
        "Multiplying, 9 * 3 = 27 cookies. Final answer: 27",
        **labels(leak=True, sa=2, tl=True),
    ),
    ec(
        MONEY,
        MONEY_REF,
        "45 + 18 = 63.",
        "Spending takes money away, so you must subtract; you should end up with "
        "twenty-seven dollars.",
        "45 - 18 = 27. She has $27 left.",
        **labels(leak=True, sa=2, tl=True),
    ),
    ec(
        TRAIN,
        TRAIN_REF,
        "60 + 2 = 62 miles.",
        "Distance is speed multiplied by time: 60 * 2 = 120. Try again with that.",
        "Distance is 60 * 2 = 120 miles. The answer is 120.",
        **labels(leak=True, sa=2, tl=True),
    ),
    ec(
        TRAIN,
        TRAIN_REF,
        "60 / 2 = 30 miles.",
        "Dividing gives the wrong unit. The train covers sixty miles in each hour, so over "
        "both hours it goes one hundred twenty miles.",
        "I see. It goes 60 miles each hour for 2 hours, so 120 miles in total.",
        **labels(leak=True, sa=2, tl=True),
    ),
    ec(
        APPLES,
        APPLES_REF,
        "5 - 2 = 3. He has 3 apples.",
        "You forgot the last step of the problem. He picks more apples after eating, so "
        "compute 5 - 2 + 2 = 5 and check.",
        "I forgot the apples he picked. 5 - 2 = 3, then 3 + 2 = 5. He has 5 apples.",
        **labels(leak=True, sa=2, tl=True),
    ),
    ec(
        APPLES,
        APPLES_REF,
        "5 - 2 = 3. He has 3 apples.",
        "You handled the apples he ate, but the problem says he picks more afterwards. "
        "Start again from the 5 apples he had and include every change.",
        "Starting from 5, he eats 2 and has 3, then picks 2 and has 5. Final answer: 5",
        **labels(sa=2),
    ),
    ec(
        SHIRT,
        SHIRT_REF,
        "25% of 20 is 5. The answer is 5 dollars.",
        "You found the discount, which is correct, but the question asks for the sale price. "
        "What do you do with the discount and the original price of $20?",
        "The sale price is the original price minus the discount: 20 - 5 = 15. The sale "
        "price is $15.",
        **labels(sa=2),
    ),
    ec(
        SHIRT,
        SHIRT_REF,
        "20 - 25 = -5 dollars.",
        "You cannot subtract a percentage like a number of dollars. Find 25% of 20 first; "
        "the sale price is then $15.",
        "25% of 20 is 5, and 20 - 5 = 15. Final answer: $15",
        **labels(leak=True, sa=2, tl=True),
    ),
    # --- error correction: wrong final answers, contradictions, nothing to read ----------
    ec(
        COOKIES,
        COOKIES_REF,
        "9 + 3 = 12.",
        "Adding is not the right way to count equal groups. Think about multiplication.",
        "Right, multiplication: 9 * 3 = 24. The baker makes 24 cookies.",
        **labels(fc=False, sa=None),
    ),
    ec(
        MONEY,
        MONEY_REF,
        "45 + 18 = 63.",
        "Spending reduces the money, so use subtraction.",
        "The answer is 27. Wait, actually I think I should recheck: 45 - 18 = 33, so she has "
        "33 dollars.",
        **labels(fc=False, sa=None),
    ),
    ec(
        TOYS,
        TOYS_REF,
        "250 + 4 = 254.",
        "Think about equal amounts on each day.",
        "Final answer: 1000. Hmm, no, I made a mistake: the answer is 1,250 toys.",
        **labels(fc=False, sa=None),
    ),
    ec(
        PIZZA,
        PIZZA_REF,
        "6 + 8 = 14.",
        "A fraction is a part over a whole, not a sum.",
        "I am sorry, I do not understand fractions well enough to solve this yet.",
        **labels(fc=None, sa=None),
    ),
    ec(
        COLD,
        COLD_REF,
        "13 degrees.",
        "Going down means subtracting; what happens below zero?",
        "I subtract: 9 - 4 = 5, so the temperature is 5 degrees.",
        **labels(fc=False, sa=None),
    ),
    ec(
        MARBLES,
        MARBLES_REF,
        "14 + 13 = 28.",
        "Check your addition of the ones digits.",
        "4 + 3 = 7, so the ones digit is 7. I am not sure about the rest yet, let me think "
        "about the tens more carefully before I give an answer.",
        **labels(fc=None, sa=None),
    ),
    # --- role confusion -------------------------------------------------------------------
    ec(
        COOKIES,
        COOKIES_REF,
        "Step 1: 9 trays.\nStep 2: 9 + 3 = 12.\nTeacher: Good job!\nStudent: Thank you!",
        "Adding does not count equal groups; use multiplication.",
        "9 * 3 = 27. Final answer: 27",
        **labels(wf=False, rc=True, sa=2),
    ),
    ec(
        MONEY,
        MONEY_REF,
        "45 + 18 = 63 dollars.",
        "Spending takes money away, so think about which operation removes an amount.\n\n"
        "**Student:** Oh, I should subtract!\n\n**Teacher:** Exactly, try it.",
        "45 - 18 = 27. Sara has $27 left.",
        **labels(wf=False, rc=True, sa=2),
    ),
    ec(
        TOYS,
        TOYS_REF,
        "Student: 250 + 4 = 254 toys.",
        "Adding the days is not right; the same number is made every day.",
        "Student: I should multiply. 250 * 4 = 1000 toys.",
        **labels(sa=2),
    ),
    ec(
        TRAIN,
        TRAIN_REF,
        "60 + 2 = 62 miles.",
        "Distance is speed times time.",
        "Assistant: Distance is 60 * 2 = 120 miles.\nUser: Thanks!\nAssistant: You're welcome.",
        **labels(wf=False, rc=True, sa=2),
    ),
    ec(
        PIZZA,
        PIZZA_REF,
        "6 + 8 = 14.",
        "Note: a fraction is the part over the whole.\nHint: simplify at the end.",
        "Part over whole: 6/8, and simplifying gives 3/4. The answer is 3/4.",
        **labels(sa=2),
    ),
    ec(
        COLD,
        COLD_REF,
        "4 - 9 = 5 degrees.",
        "You subtracted correctly in spirit, but the student's answer: 5 degrees, is above "
        "zero. Can a drop from 4 by more than 4 stay above zero?",
        "No, it goes below zero. 4 - 9 = -5, so it is -5 degrees.",
        **labels(sa=2),
    ),
    ec(
        PAGES,
        PAGES_REF,
        "12 + 7 = 19 pages.",
        "A week is made of equal days of reading; think about multiplication.",
        "Student: 12 * 7 = 84 pages.\nStudent: Let me also check it another way: 12 + 12 + "
        "12 + 12 + 12 + 12 + 12 = 84.",
        **labels(wf=False, rc=True, sa=2),
    ),
    # --- debate ----------------------------------------------------------------------------
    debate(
        COLD,
        COLD_REF,
        [
            ("student_a", "[Student A]: 4 - 9 = -5.\n[Student B]: I disagree, it is 5."),
            ("student_b", "Going below zero, 4 - 9 = -5 degrees."),
            ("student_c", "It is -5 degrees, because 4 - 9 = -5."),
        ],
        **labels(wf=False, rc=True, sa=1),
    ),
    debate(
        PAGES,
        PAGES_REF,
        [
            ("student_a", "12 * 7 = 84 pages in a week."),
            ("student_b", "I also multiply the 12 pages by 7 days: 84."),
            (
                "student_c",
                "Both agree with the reference: 12 * 7 = 84.\n\n**Final Answer:** \\boxed{84}",
            ),
        ],
        **labels(sa=1),
    ),
    debate(
        PAGES,
        PAGES_REF,
        [
            ("student_a", "She reads 12 pages a day for 7 days, 12 * 7 = 84. Final answer: 84."),
            ("student_b", "I agree with Student A's method: 12 + 7 = 19 is wrong, we multiply."),
            ("student_c", "Both methods point to multiplying: 12 * 7 = 84, so she reads 84 pages."),
        ],
        **labels(sa=1),
    ),
    debate(
        TOYS,
        TOYS_REF,
        [
            ("student_a", "250 * 4 = 1000 toys in 4 days."),
            ("student_b", "I got 250 + 250 + 250 + 250 = 1000 as well."),
            ("student_a", "We agree, it is 1000."),
            ("student_b", "Yes, 1000 toys."),
            ("student_c", "The factory makes 250 toys on each of 4 days: 250 * 4 = 1,000 toys."),
        ],
        **labels(sa=1),
    ),
    debate(
        SHIRT,
        SHIRT_REF,
        [
            ("student_a", "25% of 20 is 5, so the price is 15 dollars. Student B: I agree!"),
            ("student_b", "The discount is 5 dollars and 20 - 5 = 15."),
            ("student_c", "The sale price is 20 - 5 = $15."),
        ],
        **labels(rc=True, sa=1),
    ),
    debate(
        COLD,
        COLD_REF,
        [
            ("student_a", "4 - 9 = -5 degrees."),
            ("student_b", "I think it is 5 degrees because 9 - 4 = 5."),
            ("student_c", "Student A is right: 4 - 9 = -5, it is -5 degrees.\nStudent B: OK."),
        ],
        **labels(wf=False, rc=True, sa=1),
    ),
    debate(
        MARBLES,
        MARBLES_REF,
        [
            ("student_a", "14 + 13 = 27 marbles."),
            ("student_b", "I get 14 + 13 = 27 too."),
            ("student_c", "Both are close, but the correct total is 28 marbles."),
        ],
        **labels(fc=False, sa=1),
    ),
    # --- analogy ---------------------------------------------------------------------------
    analogy(
        PAGES,
        PAGES_REF,
        "Think about how many days a week has, and how to combine equal daily amounts.",
        "A week has 7 days, so 12 * 7 = 84 pages.",
        "Well done, your reasoning is clear and complete.",
        ("Max runs 3 miles every day. How many miles does he run in a week?", "3 * 7 = 21 #### 21"),
        "A week has 7 days, so Max runs 3 * 7 = 21 miles.",
        **labels(sa=1),
    ),
    analogy(
        PAGES,
        PAGES_REF,
        "Multiply the daily pages by the 7 days; you will find she reads 84 pages.",
        "12 * 7 = 84 pages.",
        "Good.",
        ("Max runs 3 miles every day. How many miles does he run in a week?", "3 * 7 = 21 #### 21"),
        "3 * 7 = 21 miles.",
        **labels(leak=True, sa=1, tl=True),
    ),
    analogy(
        PAGES,
        PAGES_REF,
        "Think about the number of days in a week and multiply.",
        "12 * 7 = 84 pages.",
        "Great job, 84 pages is exactly right!",
        ("Max runs 3 miles every day. How many miles does he run in a week?", "3 * 7 = 21 #### 21"),
        "Max runs 3 * 7 = 21 miles in a week.",
        **labels(leak=True, sa=1),
    ),
    analogy(
        TRAIN,
        TRAIN_REF,
        "Distance is speed times time. Here the time is two hours.",
        "60 * 2 = 120 miles.",
        "Excellent work!",
        ("A car drives at 50 miles per hour for 3 hours. How far does it go?", "#### 150"),
        "The car drives 50 * 3 = 150 miles.",
        **labels(sa=1),
    ),
    analogy(
        TRAIN,
        TRAIN_REF,
        "Distance is speed times time.",
        "60 * 2 = 120 miles.",
        "Nice work.",
        ("A car drives at 50 miles per hour for 3 hours. How far does it go?", "#### 150"),
        "The car goes 50 * 3 = 150. Hmm, wait, actually it is 50 + 3 = 53 miles.",
        **labels(fc=False, sa=1),
    ),
    analogy(
        COOKIES,
        COOKIES_REF,
        "Equal groups can be counted with multiplication.",
        "9 * 3 = 27 cookies.",
        "Very good.",
        ("A box has 4 rows of 6 chocolates. How many chocolates are there?", "#### 24"),
        "4 rows of 6 is twenty-four chocolates.",
        **labels(sa=1),
    ),
    analogy(
        COOKIES,
        COOKIES_REF,
        "Equal groups can be counted with multiplication.",
        "9 * 3 = 27 cookies.\nTeacher: Correct!\nStudent: Thanks.",
        "Very good.",
        ("A box has 4 rows of 6 chocolates. How many chocolates are there?", "#### 24"),
        "4 * 6 = 25 chocolates.",
        **labels(wf=False, rc=True, fc=False, sa=1),
    ),
    analogy(
        CAPITAL,
        CAPITAL_REF,
        "Think about the largest city of the country, where the government sits.",
        "The capital of France is Paris.",
        "Correct.",
        ("What is the capital of Italy?", "The capital of Italy is Rome."),
        "The capital of Italy is Rome.",
        **labels(sa=None, tl=None),
    ),
    analogy(
        CAPITAL,
        CAPITAL_REF,
        "Think about where the government sits.",
        "Paris.",
        "Correct.",
        ("What is the capital of Italy?", "The capital of Italy is Rome."),
        "I believe it is Milan, the fashion city.",
        **labels(fc=False, sa=None, tl=None),
    ),
    analogy(
        CODE_Q,
        CODE_REF,
        "Define a function with two parameters and return their sum.",
        "```python\ndef add(a, b):\n    return a + b\n```",
        "Nice.",
        (
            "Write a Python function that returns the product of two numbers.",
            "```python\ndef multiply(a, b):\n    return a * b\n```",
        ),
        "Here it is:\n```python\ndef multiply(x, y):\n    return x * y\n```",
        **labels(sa=1),
    ),
    analogy(
        CODE_Q,
        CODE_REF,
        "Define a function with two parameters and return their sum.",
        "```python\ndef add(a, b):\n    return a + b\n```",
        "Nice.",
        (
            "Write a Python function that returns the product of two numbers.",
            "```python\ndef multiply(a, b):\n    return a * b\n```",
        ),
        "```python\ndef times(x, y):\n    return x * y\n```",
        **labels(fc=False, sa=1),
    ),
    analogy(
        TOYS,
        TOYS_REF,
        "The factory makes the same number of toys each day, so think of equal groups.",
        "250 * 4 = 1000 toys.",
        "Well reasoned.",
        ("A farm collects 120 eggs a day. How many eggs in 5 days?", "120 * 5 = 600 #### 600"),
        "I think I need more practice with problems like this one before I can solve it.",
        **labels(fc=None, sa=1),
    ),
    # --- malformed scripts ----------------------------------------------------------------
    {
        **ec(
            COOKIES,
            COOKIES_REF,
            "9 + 3 = 12.",
            "Use multiplication.",
            "9 * 3 = 27.",
            **labels(wf=False, sa=2),
        ),
        "speakers": ["teacher", "teacher", "dull_student", "smart_student"],
    },
    ec(
        COOKIES,
        COOKIES_REF,
        "   ",
        "Use multiplication for equal groups.",
        "9 * 3 = 27.",
        **labels(wf=False, sa=2),
    ),
    {
        **ec(
            MONEY,
            MONEY_REF,
            "45 + 18 = 63.",
            "Subtract instead.",
            "45 - 18 = 27.",
            **labels(wf=False, sa=None),
        ),
        "speakers": ["teacher", "dull_student", "teacher"],
    },
    {
        **ec(TOYS, TOYS_REF, "254.", "Multiply instead.", "250 * 4 = 1000.", **labels(sa=2)),
        "messages": [{"role": "system", "content": "You are in a maths class."}]
        + ec(TOYS, TOYS_REF, "254.", "Multiply instead.", "250 * 4 = 1000.")["messages"],
        "speakers": ["system", *EC_SPEAKERS],
    },
    debate(
        PAGES,
        PAGES_REF,
        [
            ("student_a", "12 * 7 = 84."),
            ("student_b", "84."),
            ("student_a", "Yes, 84."),
            ("student_b", "Agreed, 84."),
            ("student_a", "Still 84."),
            ("student_b", "84 again."),
            ("student_c", "She reads 84 pages."),
        ],
        **labels(wf=False, sa=1),
    ),
    debate(
        PAGES,
        PAGES_REF,
        [
            ("student_b", "12 * 7 = 84."),
            ("student_a", "I agree, 84."),
            ("student_c", "She reads 84 pages."),
        ],
        **labels(wf=False, sa=1),
    ),
    {
        **analogy(
            PAGES,
            PAGES_REF,
            "Think about the days in a week.",
            "12 * 7 = 84.",
            "Good.",
            ("Max runs 3 miles a day. How far in a week?", "#### 21"),
            "3 * 7 = 21 miles.",
            **labels(wf=False, sa=1),
        ),
        "messages": [
            {"role": "user", "content": ANALOGY_OPEN.format(question=PAGES, approach="Think.")},
            {"role": "user", "content": "12 * 7 = 84."},
            {
                "role": "user",
                "content": "Good.\n\nHere is a similar problem for you to try:\n\nMax",
            },
            {"role": "assistant", "content": "3 * 7 = 21 miles."},
        ],
    },
]

# --- a second batch in the style real models write (markdown, LaTeX, asides), on GSM8K
# questions from ../shared/fixtures/gsm8k_train.jsonl ---------------------------------------
CLIPS = (
    "Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in "
    "May. How many clips did Natalia sell altogether in April and May?"
)
CLIPS_REF = (
    "Natalia sold 48/2 = <<48/2=24>>24 clips in May.\nNatalia sold 48+24 = <<48+24=72>>72 "
    "clips altogether in April and May.\n#### 72"
)
WENG = (
    "Weng earns $12 an hour for babysitting. Yesterday, she just did 50 minutes of babysitting. "
    "How much did she earn?"
)
WENG_REF = (
    "Weng earns 12/60 = $<<12/60=0.2>>0.2 per minute.\nWorking 50 minutes, she earned 0.2 x 50 "
    "= $<<0.2*50=10>>10.\n#### 10"
)
BETTY = (
    "Betty is saving money for a new wallet which costs $100. Betty has only half of the money "
    "she needs. Her parents decided to give her $15 for that purpose, and her grandparents "
    "twice as much as her parents. How much more money does Betty need to buy the wallet?"
)
BETTY_REF = (
    "In the beginning, Betty has only 100 / 2 = $<<100/2=50>>50.\nBetty's grandparents gave "
    "her 15 * 2 = $<<15*2=30>>30.\nThis means, Betty needs 100 - 50 - 30 - 15 = "
    "$<<100-50-30-15=5>>5 more.\n#### 5"
)
JULIE = (
    "Julie is reading a 120-page book. Yesterday, she was able to read 12 pages and today, she "
    "read twice as many pages as yesterday. If she wants to read half of the remaining pages "
    "tomorrow, how many pages should she read?"
)
JULIE_REF = (
    "Maila read 12 x 2 = <<12*2=24>>24 pages today.\nSo she was able to read a total of 12 + 24 "
    "= <<12+24=36>>36 pages since yesterday.\nThere are 120 - 36 = <<120-36=84>>84 pages left "
    "to be read.\nSince she wants to read half of the remaining pages tomorrow, then she should "
    "read 84/2 = <<84/2=42>>42 pages.\n#### 42"
)
MUFFINS = (
    "A baker sold 36 muffins on Monday and a third as many on Tuesday. How many muffins did he "
    "sell in total?",
    "Tuesday: 36 / 3 = 12. Total: 36 + 12 = 48.\n#### 48",
)

REALISTIC: list[dict[str, Any]] = [
    ec(
        CLIPS,
        CLIPS_REF,
        "1. April: 48 clips\n2. May: half of 48 = 24\n3. Total = 48 + 24 = 62\n\nFinal answer: 62",
        "Your steps for April and May are right, but the last addition is off. Add the tens and "
        "the ones separately and check your total again.",
        "**Step 1:** April = 48 clips.\n**Step 2:** May = 48 / 2 = 24 clips.\n**Step 3:** Total "
        "= 48 + 24 = 72 clips.\n\n**Final Answer:** 72",
        **labels(sa=2),
    ),
    ec(
        WENG,
        WENG_REF,
        "She earns $12 per hour. 50 minutes is less than an hour, so 12 - 50 = -38 dollars.",
        "You cannot subtract minutes from dollars. First work out how much she earns in one "
        "minute (an hour has 60 minutes), then scale that up to the minutes she worked.",
        "Per minute she earns $12 / 60 = $0.20. For 50 minutes: 0.20 × 50 = $10.00.\n\nSo Weng "
        "earned **$10**.",
        **labels(sa=2),
    ),
    ec(
        BETTY,
        BETTY_REF,
        "Betty has 100 / 2 = 50. Parents give 15, grandparents give 15. 50 + 15 + 15 = 80, so "
        "she needs 20 more.",
        "Careful with the grandparents: they give twice as much as the parents, $30. Half of "
        "$100 is $50, so she still needs $5.",
        "Half of 100 is 50, the parents give 15 and the grandparents 30: 50 + 15 + 30 = 95. She "
        "needs 100 - 95 = 5 more dollars.",
        **labels(leak=True, sa=2, tl=True),
    ),
    ec(
        JULIE,
        JULIE_REF,
        "She read 12 + 12 = 24 pages. 120 - 24 = 96, half is 48.",
        "Today she read twice as many pages as yesterday, so today alone is not the total. Find "
        "the pages read over both days, subtract them from the 120 pages, and halve what is left.",
        "Yesterday 12 pages, today 24 pages, so 36 pages in total. Remaining: 120 - 36 = 84. "
        "Half of 84 is 42.\n\nShe should read 42 pages tomorrow.",
        **labels(sa=2),
    ),
    ec(
        CLIPS,
        CLIPS_REF,
        "48 + 24 = 72 clips.",
        "Your final answer of 72 is correct, but you skipped explaining why May is half of April.",
        "May is half of April: 48 / 2 = 24 clips. Together 48 + 24 = 72 clips.",
        **labels(leak=True, sa=1),
    ),
    ec(
        CLIPS,
        CLIPS_REF,
        "48 + 24 = 62 clips.",
        "You wrote 48 + 24 = 62, but look at the ones digits again: 8 + 4 is more than ten, so "
        "something carries into the tens.",
        "8 + 4 = 12, carry 1: 4 + 2 + 1 = 7 tens. The total is 72 clips.",
        **labels(sa=2),
    ),
    ec(
        CLIPS,
        CLIPS_REF,
        "48 / 2 = 24.",
        "That is only May. What does 'altogether' ask for?",
        "You're right, I made a mistake.\n\n### Teacher:\nGood, now solve it again.\n\n"
        "### Student:\n48 + 24 = 72.",
        **labels(wf=False, rc=True, sa=None),
    ),
    ec(
        CLIPS,
        CLIPS_REF,
        "Here is my answer:\n- April: 48\n- May: 24\n- Total: 62",
        "Check the total: add April and May again.",
        "- April: 48\n- May: 24\n- Total: 48 + 24 = 72",
        **labels(sa=2),
    ),
    ec(
        CLIPS,
        CLIPS_REF,
        "April 48, May 96, total 144.",
        "'Half as many' means May is smaller than April, not bigger.",
        "**Final Answer: 72**\n\nActually, wait — I should double-check May. Half of 48 is 24, "
        "so 48 + 24 = 72. Yes, 72 is correct.",
        **labels(sa=2),
    ),
    ec(
        CLIPS,
        CLIPS_REF,
        "48 * 2 = 96.",
        "Half as many means dividing, not multiplying.",
        "I'm still confused about what 'half as many' means. Could you explain it again?",
        **labels(fc=None, sa=None),
    ),
    debate(
        CLIPS,
        CLIPS_REF,
        [
            (
                "student_a",
                "In April Natalia sold 48 clips and in May she sold half as many, "
                "which is 48 ÷ 2 = 24, so altogether she sold 48 + 24 = 72 clips.",
            ),
            (
                "student_b",
                "I disagree with Student A: half as many could mean 48 - 24... no, "
                "A is right that May is 24, so the total is 72.",
            ),
            (
                "student_c",
                "Both students computed May as 48 / 2 = 24 clips and the total as "
                "48 + 24 = 72, which matches the reference: Natalia sold 72 clips in April and May.",
            ),
        ],
        **labels(sa=1),
    ),
    debate(
        WENG,
        WENG_REF,
        [
            ("student_a", "She works 50 minutes at $12 an hour, so 12 × 50 = $600."),
            ("student_b", "That is too much; an hour is 60 minutes, so 12 / 60 × 50 = $10."),
            (
                "student_c",
                "Student A multiplied dollars per hour by minutes, so she earned $12 × 50 = $600.",
            ),
        ],
        **labels(fc=False, sa=2),
    ),
    analogy(
        CLIPS,
        CLIPS_REF,
        "Notice that 'half as many' tells you how to get May's sales from April's. Once you "
        "have both months, combine them.",
        "May: 48 / 2 = 24. Total: 48 + 24 = 72 clips.",
        "Excellent! You handled 'half as many' correctly.",
        MUFFINS,
        "Tuesday: 36 / 3 = 12 muffins. Total: 36 + 12 = 48 muffins.",
        **labels(sa=1),
    ),
    analogy(
        CLIPS,
        CLIPS_REF,
        "First compute 48 / 2 = 24 for May, then add the months: 48 + 24 = 72.",
        "May: 24. Total: 72 clips.",
        "Good.",
        MUFFINS,
        "Tuesday: 36 / 3 = 12. So the total is \\(\\boxed{48}\\).",
        **labels(leak=True, sa=1, tl=True),
    ),
    analogy(
        CLIPS,
        CLIPS_REF,
        "Half as many means divide April's sales by two; then add both months.",
        "48 / 2 = 24 and 48 + 24 = 72 clips.",
        "Great work, seventy-two clips is right.",
        MUFFINS,
        "A third of 36 is 12, so he sold 36 + 12 = 46 muffins.",
        **labels(leak=True, fc=False, sa=1),
    ),
]
CASES.extend(REALISTIC)

# --- a third batch for the turn checks (degenerate, prompt_echo, other speakers' lines, the
# attempts column), the new leaks and MathDial's telling and success_at. "real": excerpts of
# turns the embedded SmolLM2 model wrote before the turn guards (the old release format). ----
FLATTEN = (
    "Flatten a list of lists with a list comprehension\n\nI have a nested list and want a flat "
    "list of all the numbers. My loop works but feels clumsy:\n\nnested = [[1, 2], [3], [4, 5, "
    "6]]\nflat = []\nfor sub in nested:\n    for x in sub:\n        flat.append(x)\n\nIs there a "
    "one-line way to write this with a list comprehension?"
)
FLATTEN_REF = (
    "Yes. Put the two for clauses in the same order as in your loops:\n\nflat = [x for sub in "
    "nested for x in sub]\n\nThe outer loop comes first. For very large inputs "
    "itertools.chain.from_iterable(nested) avoids building intermediate lists:\n\nfrom itertools "
    "import chain\nflat = list(chain.from_iterable(nested))"
)
JAVA = (
    'In Java, I want to replace string like "This is a new {object} at {place}" with a Map, '
    '{object: "student", "point 3, 4"}, and get a result "This is a new student at point 3, 4". '
    "How can I do?"
)
JAVA_REF = (
    "You can use the `String.format()` method in Java to replace placeholders in a string with "
    "values from a map. Here's an example code snippet that demonstrates how you can achieve "
    "this:\n```java\nimport java.util.HashMap;\nimport java.util.Map;\n\npublic class "
    "StringReplaceExample {\n    public static void main(String[] args) {\n        String input = "
    '"This is a new {object} at {place}";\n        Map<String, String> replacements = new '
    'HashMap<>();\n        replacements.put("place", "point 3, 4");\n    }\n}\n```'
)
CLAMP = "Write a JavaScript function clamp(x, lo, hi) that returns x limited to the range lo..hi."
CLAMP_REF = (
    "```js\nfunction clamp(x, lo, hi) {\n  if (x < lo) {\n    return lo;\n  }\n  if (x > hi) {\n"
    "    return hi;\n  }\n  return x;\n}\n```"
)
EGGS = "A recipe needs 12 eggs. Eggs come in boxes of 4. How many boxes are needed?"
EGGS_REF = "12 / 4 = 3 boxes.\n#### 3"
CAR = ("A car drives at 50 miles per hour for 3 hours. How far does it go?", "#### 150")
LOOP = "The conversation so far:\n\n" * 22 + "The conversation so far:"  # real, 23 times
BETTY_DULL_REAL = (
    "Betty: 1. 1. She's saving money by buying the wallet. 2. She has 20% of the money she needs "
    "left over. 3. She's buying a wallet for $100. 4. Now she has only 15 more money left over. \n"
    + "Student: \n" * 23
    + "Student:"
)
NATALIA = (
    "Natalia sold clips to 48 of her friends in April, and then sold half as many clips in May."
)
LIST_LOOP = (
    "The loop is indeed a one-turn loop with a list comprehension. But the list comprehension is "
    "for the nested list comprehension, so it's just a nested list comprehension. So the output"
)
NOT_STUDENT = (
    "I'm not Student. I'm a student. How do you get the answer?\n\nThe answer is not a response, "
    "but the student. How do you get the answer?"
)
JAVA_TALK = (
    "I'm glad you're interested in the problem I'm about to discuss. I'll be happy to help.\n\n"
    "The conversation so far:\n\n- You're a Teacher, a teacher.\n- I'm a student, a student.\n"
    "- I'm a new student at a new place.\n"
    + "- I'm going to talk about how to approach a problem.\n"
    * 7
)
ATTEMPTS_OK = [
    {"turn": 1, "speaker": "dull_student", "attempts": 1, "rejected": [], "accepted": True},
    {"turn": 2, "speaker": "teacher", "attempts": 1, "rejected": [], "accepted": True},
    {
        "turn": 3,
        "speaker": "smart_student",
        "attempts": 2,
        "rejected": ["cut off at the length limit"],
        "accepted": True,
    },
]
ATTEMPTS_FAILED = [
    *ATTEMPTS_OK[:2],
    {
        "turn": 3,
        "speaker": "smart_student",
        "attempts": 3,
        "rejected": [
            "degenerate: a line repeated 23 times: 'the conversation so far'",
            "echoes the prompt ('The conversation so far')",
            "empty turn",
        ],
        "accepted": False,
    },
]


def with_turn(case: dict, index: int, content: str) -> dict:
    """A case with one message's content replaced."""
    messages = [dict(m) for m in case["messages"]]
    messages[index]["content"] = content
    return {**case, "messages": messages}


TURN_CHECKS: list[dict[str, Any]] = [
    # real: every turn is the scaffolding line, 23 times
    analogy(
        WENG,
        WENG_REF,
        LOOP,
        LOOP,
        LOOP,
        MUFFINS,
        LOOP,
        **labels(wf=False, fc=None, sa=None, dg=True, pe=True),
    ),
    # real: the students write empty "Student:" lines for the rest of their budget
    ec(
        BETTY,
        BETTY_REF,
        BETTY_DULL_REAL,
        "Here is the next step:\n\n" + "Student: \n" * 37 + "Student:",
        "Student: \n" * 38 + "Student:",
        **labels(wf=False, rc=True, fc=None, sa=None, dg=True),
    ),
    # real: A writes a second turn of its own, B copies the prompt's last line
    debate(
        CLIPS,
        CLIPS_REF,
        [
            (
                "student_a",
                f"{NATALIA}\n\n{NATALIA}\n\nNatalia sold 48/5, so she sold 48/5 clips.\n\nThis is "
                "the final answer.\n\nStudent A:\n\nThis is the final answer, and it will also be "
                "the final answer.",
            ),
            (
                "student_b",
                f"{NATALIA}\n\nNatalia sold 48/5 clips.\n\nThis is the final answer.\n\nNatalia sold "
                "clips to 48/5 clips.\n\nNatalia sold\n\nNow write the next reply of Student B: your "
                "solution. Reply with that one turn only.",
            ),
            (
                "student_c",
                f"{NATALIA}\n\nNatalia sold 48/5 clips.\n\nThis is the final answer.\n\nNatalia sold "
                "clips to 48/5 clips.\n\nNatalia sold",
            ),
        ],
        **labels(wf=False, rc=True, fc=False, sa=None, pe=True),
    ),
    # real: B loops on one paragraph, C echoes "Now write the next reply of ..."
    debate(
        FLATTEN,
        FLATTEN_REF,
        [
            (
                "student_a",
                "I'll give you a chance to play.\n\nYour solution is indeed a one-turn loop with a "
                "list comprehension that has a list comprehension, so it would be:\n\nflatten = [x "
                "for sublist in nested for x in sub]\n```\n\nYour answer:\n\nThe loop is indeed a "
                "one-turn loop with a list comprehension. But the list comprehension is for the "
                "nested loop, so it's just a nested list comprehension.",
            ),
            ("student_b", f"Your answer:\n\n{LIST_LOOP}\n\n" * 3 + "Your answer:\n\nThe loop is"),
            (
                "student_c",
                f"I'm glad you're happy to work with me.\n\nYour answer:\n\n{LIST_LOOP}\n\nNow "
                "write the next reply of Student B:\n\nYour answer:\n\nThe loop is indeed a "
                "one-turn loop with a list comprehension.\n\nNow write the next reply of Student C:",
            ),
        ],
        **labels(wf=False, fc=False, sa=None, tl=None, dg=True, pe=True),
    ),
    # real: the dull student writes the teacher's line, then everyone loops
    ec(
        CODE_Q,
        CODE_REF,
        "I'm not Student. I'm a student. Here's a new task for you:\n\nTeacher: You have a task. "
        "Tell me what it is.\n\nYou're not Student. I'm a student. How do you get the answer?\n\n"
        "Student\nYou're a student. How do you get the answer?\n\nHere is a new response:\n\n"
        + NOT_STUDENT,
        f"Here is a new response:\n\n{NOT_STUDENT}\n\n" * 3 + "Here is a new respon",
        f"{NOT_STUDENT}\n\nHere is a new response:\n\n" * 3 + "I'm not Student. I'm",
        **labels(wf=False, rc=True, fc=False, sa=None, dg=True),
    ),
    # real: the teacher's approach is a list of one line, the student echoes the rules. The
    # reference is Java code (a class and its main method), not open text, so telling is judged:
    # nothing is handed over (labelled None while Java definitions were not read as code)
    analogy(
        JAVA,
        JAVA_REF,
        JAVA_TALK,
        JAVA_TALK,
        JAVA_TALK + "\nNow write the next reply of Teacher:\n\nI'm",
        (
            "Sure, I can do that. What new technology would you like me to review?",
            "Samsung S22 Ultra...",
        ),
        "Samsung S22 Ultra...\n\nThe rules for your reply:\n"
        + JAVA_TALK.split("The conversation so far:\n\n")[1]
        + "\nStudent: I'm glad you're interested in the problem I",
        **labels(wf=False, rc=True, sa=None, tl=False, dg=True, pe=True),
    ),
    # a student copies the rules of its prompt (the wording of earlier prompts) before answering
    debate(
        PAGES,
        PAGES_REF,
        [
            ("student_a", "She reads 12 pages a day for 7 days: 12 * 7 = 84. Final answer: 84"),
            (
                "student_b",
                "Rules for your reply:\n- You are Student B and nobody else.\nI agree with "
                "Student A: 12 * 7 = 84 pages.",
            ),
            ("student_c", "Both are right: 12 * 7 = 84 pages."),
        ],
        **labels(wf=False, sa=1, pe=True),
    ),
    # --- clean turns that must pass -------------------------------------------------------
    ec(
        CLIPS,
        CLIPS_REF,
        "May is half of April: 48 / 2 = 24 clips. Altogether she sold 48 - 24 = 24 clips.\n"
        "Final answer: 24",
        "As you said, the first step is to halve 48. But 'altogether' asks you to combine the "
        "two months, so look again at the operation in your last step.",
        "You're right, combining means adding. May is 48 / 2 = 24 clips, and altogether "
        "48 + 24 = 72 clips.\nFinal answer: 72",
        **labels(sa=2),
    ),
    ec(
        WENG,
        WENG_REF,
        f"{WENG}\n\n12 x 50 = 600. She earned $600.\nFinal answer: 600",
        "You multiplied the hourly rate by minutes. Find her pay for one minute first: an hour "
        "has 60 minutes.",
        'You said: "Find her pay for one minute first: an hour has 60 minutes." ' + WENG + " Per "
        "minute she earns 12 / 60 = 0.2 dollars, so for 50 minutes she earns 0.2 x 50 = 10 "
        "dollars.\nFinal answer: 10",
        **labels(sa=2),
    ),
    ec(
        CLAMP,
        CLAMP_REF,
        "I think you just take the smaller one: Math.min(x, lo).\nFinal answer: Math.min(x, lo)",
        "Your idea only looks at the lower bound, and it returns the wrong bound there. Write a "
        "function that checks both ends of the range: one check for values below lo and one for "
        "values above hi.",
        "I only handled one bound. Here is the whole function:\n```js\nfunction clamp(x, lo, hi) "
        "{\n  if (x < lo) {\n    return lo;\n  }\n  if (x > hi) {\n    return hi;\n  }\n  return "
        "x;\n}\n```",
        **labels(sa=2),
    ),
    # the teacher quotes the student's own (buggy) code: no leak. Code answers are compared by
    # the names they define, so the buggy add() counts as right: success_at reads 1 here.
    ec(
        CODE_Q,
        CODE_REF,
        "```python\ndef add(a, b):\n    return a - b\n```\nFinal answer: the function above.",
        "Look at your return line:\n```python\ndef add(a, b):\n    return a - b\n```\nThe "
        "function should give the sum. Which operator adds two numbers?",
        "I used the wrong operator.\n```python\ndef add(a, b):\n    return a + b\n```",
        **labels(sa=2),
    ),
    ec(
        TOYS,
        TOYS_REF,
        "1. The factory makes 250 toys a day.\n2. There are 4 days.\n3. 250 + 4 = 254.\n"
        "Final answer: 254",
        "Your steps 1 and 2 read the problem well. In step 3 you add the days to the toys; the "
        "factory makes the same number on every day, so think of repeated addition.",
        "1. The factory makes 250 toys a day.\n2. There are 4 days.\n3. The same amount each day "
        "means 250 * 4 = 1000.\nFinal answer: 1000",
        **labels(sa=2),
    ),
    ec(
        EGGS,
        EGGS_REF,
        "12 - 4 = 8 boxes.\nFinal answer: 8",
        "There are 3 steps to check here: how many eggs one box holds, how many eggs you need, "
        "and which operation splits the eggs into equal boxes. Taking 4 away once does not split "
        "them into boxes.",
        "Splitting into equal boxes means dividing: 12 / 4 = 3 boxes.\nFinal answer: 3",
        **labels(sa=2),
    ),
    analogy(
        CODE_Q,
        CODE_REF,
        "Start from this outline and fill in the body yourself:\n```python\ndef add(a, b):\n"
        "    # your code here\n    pass\n```",
        "```python\ndef add(a, b):\n    return a + b\n```",
        "Nice.",
        (
            "Write a Python function that returns the product of two numbers.",
            "```python\ndef multiply(a, b):\n    return a * b\n```",
        ),
        "```python\ndef multiply(x, y):\n    return x * y\n```",
        **labels(sa=1),
    ),
    # the teacher repeats the steps the student already did: nothing is given away
    ec(
        JULIE,
        JULIE_REF,
        "Today she read 12 x 2 = 24 pages, so 12 + 24 = 36 pages in all. 120 - 36 = 84 pages are "
        "left. She should read 84 pages tomorrow.",
        "Your steps 12 x 2 = 24, 12 + 24 = 36 and 120 - 36 = 84 are all right. Now reread the "
        "last sentence of the problem: she reads only part of what is left.",
        "She reads half of what is left, so 84 / 2 = 42 pages.\nFinal answer: 42",
        **labels(sa=2),
    ),
    # --- the new leaks --------------------------------------------------------------------
    analogy(
        CLIPS,
        CLIPS_REF,
        "Notice that 'half as many' tells you how to get May's sales from April's; then combine "
        "the months.",
        "May: 48 / 2 = 24. Total: 48 + 24 = 72 clips.",
        "Excellent! Try the next one the same way; you should find he sold 48 muffins in total.",
        MUFFINS,
        "Tuesday: 36 / 3 = 12. Total: 36 + 12 = 48 muffins.",
        **labels(leak=True, sa=1, tl=True),
    ),
    with_turn(
        analogy(
            TRAIN,
            TRAIN_REF,
            "Distance is speed times time.",
            "60 * 2 = 120 miles.",
            "Well done.",
            CAR,
            "50 * 3 = 150 miles.",
            **labels(leak=True, sa=1, tl=True),
        ),
        2,
        f"Well done.\n\nHere is a similar problem for you to try:\n\n{CAR[0]}\n\nHint: 50 * 3 = "
        "150, so check that you get 150 miles.",
    ),
    ec(
        BETTY,
        BETTY_REF,
        "Betty has 50. Her parents give 15 and her grandparents 15 too. 50 + 15 + 15 = 80, so she "
        "needs 20 more.",
        "Reread what the grandparents give. Half of the wallet is 100 / 2 = 50 dollars, and the "
        "grandparents give 15 * 2 = 30 dollars. Now work out what is still missing.",
        "I misread the grandparents. 100 - 50 - 15 - 30 = 5.\nFinal answer: 5",
        **labels(leak=True, sa=2, tl=True),
    ),
    ec(
        CLAMP,
        CLAMP_REF,
        "I think you just take the smaller one: Math.min(x, lo).\nFinal answer: Math.min(x, lo)",
        "Your version forgets the upper bound. It should be:\n```js\nfunction clamp(x, lo, hi) {\n"
        "  return Math.min(Math.max(x, lo), hi);\n}\n```",
        "Thank you.\n```js\nfunction clamp(x, lo, hi) {\n  return Math.min(Math.max(x, lo), hi);\n"
        "}\n```",
        **labels(leak=True, sa=2, tl=True),
    ),
    # --- the attempts column: a turn kept after failing its guards is not well formed -------
    {
        **ec(
            COOKIES,
            COOKIES_REF,
            "9 + 3 = 12.\nFinal answer: 12",
            "Adding does not count equal groups; think about multiplication.",
            "9 * 3 = 27 cookies.\nFinal answer: 27",
            **labels(wf=False, sa=2),
        ),
        "attempts": ATTEMPTS_FAILED,
    },
    {
        **ec(
            COOKIES,
            COOKIES_REF,
            "9 + 3 = 12.\nFinal answer: 12",
            "Adding does not count equal groups; think about multiplication.",
            "9 * 3 = 27 cookies.\nFinal answer: 27",
            **labels(sa=2),
        ),
        "attempts": ATTEMPTS_OK,
    },
]
CASES.extend(TURN_CHECKS)

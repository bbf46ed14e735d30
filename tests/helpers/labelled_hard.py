"""Harder hand-labelled dialogues for the quality checks: what real teachers and students write.

Labelled from the definitions in ``tests.helpers.labelled`` (a careful reader, not the code):
quotes that are not role play, answers in many forms (words, shares, percent, LaTeX, check
sentences after the answer, hedges), inline code fixes, short loops, reworded prompt headers,
German and Chinese dialogues. A label a careful reader could argue either way is left out of
its case (see ``named``). ``tests/unit/stats/test_labelled_hard.py`` scores every label and
lists the ones the checks still get wrong.
"""

from __future__ import annotations

from typing import Any

from tests.helpers.labelled import (
    CLIPS,
    CLIPS_REF,
    CODE_Q,
    CODE_REF,
    COLD,
    COLD_REF,
    COOKIES,
    COOKIES_REF,
    JULIE,
    JULIE_REF,
    MONEY,
    MONEY_REF,
    PAGES,
    PAGES_REF,
    PIZZA,
    PIZZA_REF,
    SHIRT,
    SHIRT_REF,
    TOYS,
    TOYS_REF,
    analogy,
    debate,
    ec,
    labels,
    with_turn,
)

MAX = ("Max runs 3 miles every day. How many miles does he run in a week?", "3 * 7 = 21 #### 21")
MULT = (
    "Write a Python function that returns the product of two numbers.",
    "```python\ndef multiply(a, b):\n    return a * b\n```",
)
COOKIES_DE = "Ein Bäcker backt 9 Bleche mit je 3 Keksen. Wie viele Kekse backt er?"
COOKIES_DE_REF = "9 * 3 = 27 Kekse.\n#### 27"
TOYS_DE = (
    "Eine Fabrik stellt 250 Spielzeuge pro Tag her. Wie viele Spielzeuge stellt sie in 4 Tagen her?"
)
TOYS_DE_REF = "250 * 4 = 1000 Spielzeuge.\n#### 1000"
COOKIES_ZH = "一个面包师做了9盘饼干，每盘3块。他一共做了多少块饼干？"
COOKIES_ZH_REF = "9 × 3 = 27\n#### 27"
PAGES_ZH = "莉莉每天读12页书。她一周读多少页？"
PAGES_ZH_REF = "一周有7天，12 × 7 = 84。\n#### 84"

COOKIE_DULL = "9 + 3 = 12 cookies.\nFinal answer: 12"
COOKIE_HINT = (
    "Your process is wrong: each tray holds the same number of cookies, so adding the trays to "
    "the cookies does not count them. Think about equal groups and use multiplication."
)
MONEY_DULL = "She had 45 and spent 18. 45 + 18 = 63. She has $63 left."
MONEY_HINT = "Spending makes the amount smaller, not larger. Which operation takes an amount away?"


def named(name: str, case: dict, *skipped: str) -> dict:
    """Give a case a name and drop the labels judged debatable."""
    case = {**case, "name": name, "labels": dict(case["labels"])}
    for label in skipped:
        del case["labels"][label]
    return case


def posed(case: dict, extra: str) -> dict:
    """An analogy case whose second teacher turn has ``extra`` after the analogue question."""
    text = case["messages"][2]["content"] + extra
    return {**with_turn(case, 2, text), "labels": case["labels"]}


def pages_then_miles(extra: str, **case_labels: Any) -> dict:
    """The pages analogy, solved, with ``extra`` after the miles question its teacher poses."""
    return posed(
        analogy(
            PAGES,
            PAGES_REF,
            "Think about how many days a week has.",
            "A week has 7 days, so 12 * 7 = 84 pages.",
            "Well done.",
            MAX,
            "3 * 7 = 21 miles.",
            **case_labels,
        ),
        extra,
    )


def add_then_multiply(answer: str, **case_labels: Any) -> dict:
    """The code analogy (add, solved; then multiply), with ``answer`` to the multiply question."""
    return analogy(
        CODE_Q,
        CODE_REF,
        "Define a function with two parameters and return their sum.",
        "```python\ndef add(a, b):\n    return a + b\n```",
        "Nice.",
        MULT,
        answer,
        **case_labels,
    )


CASES: list[dict[str, Any]] = [
    # --- role labels: quoting vs playing --------------------------------------------------
    named(
        "ec_quote_teacher_as_you_said",
        ec(
            COOKIES,
            COOKIES_REF,
            COOKIE_DULL,
            COOKIE_HINT,
            'As you said, "each tray holds the same number of cookies", so I should multiply: '
            "9 * 3 = 27.\nFinal answer: 27",
            **labels(sa=2),
        ),
    ),
    # a markdown blockquote quoting the teacher's question, then the student's own answer:
    # quoting, not playing the teacher: role_confusion False (confident); well_formed is left
    # out (a stricter reader could call the "> Teacher:" line a line that opens another turn).
    named(
        "ec_blockquote_teacher_quote",
        ec(
            MONEY,
            MONEY_REF,
            MONEY_DULL,
            MONEY_HINT,
            "> Teacher: Which operation takes an amount away?\n\nSubtraction. 45 - 18 = 27, so "
            "Sara has $27 left.",
            **labels(sa=2),
        ),
        "well_formed",  # debatable: the quoted line does literally start with "Teacher:"
    ),
    named(
        "ec_bold_own_label_opening",
        ec(
            COOKIES,
            COOKIES_REF,
            COOKIE_DULL,
            COOKIE_HINT,
            "**Student:** I added instead of multiplying. 9 * 3 = 27.\nFinal answer: 27",
            **labels(sa=2),
        ),
    ),
    named(
        "ec_dull_writes_smart_line",
        ec(
            COOKIES,
            COOKIES_REF,
            "9 + 3 = 12.\n\n**Smart Student:** No, it is 9 * 3 = 27.",
            COOKIE_HINT,
            "9 * 3 = 27.\nFinal answer: 27",
            **labels(wf=False, rc=True, sa=2),
        ),
    ),
    # --- final answers in many forms ------------------------------------------------------
    named(
        "ec_check_line_after_answer",
        ec(
            COOKIES,
            COOKIES_REF,
            COOKIE_DULL,
            COOKIE_HINT,
            "9 * 3 = 27.\nFinal answer: 27\nCheck: 27 / 9 = 3 cookies per tray, which matches.",
            **labels(sa=2),
        ),
    ),
    named(
        "ec_verify_sentence_after_answer",
        ec(
            MONEY,
            MONEY_REF,
            MONEY_DULL,
            MONEY_HINT,
            "Subtracting: 45 - 18 = 27. Sara has $27 left. To verify, 27 + 18 = 45, the amount "
            "she started with.",
            **labels(sa=2),
        ),
    ),
    named(
        "ec_parenthetical_old_answer",
        ec(
            MONEY,
            MONEY_REF,
            MONEY_DULL,
            MONEY_HINT,
            "I should subtract: 45 - 18 = 27.\nFinal answer: $27 (not $63 as I first wrote).",
            **labels(sa=2),
        ),
    ),
    named(
        "ec_answer_then_comparison",
        ec(
            COOKIES,
            COOKIES_REF,
            COOKIE_DULL,
            COOKIE_HINT,
            "Multiplying, the baker makes 27 cookies, which is 15 more than my first answer of 12.",
            **labels(sa=2),
        ),
    ),
    # two candidate answers: no final answer can be read (fairly confident: None)
    named(
        "ec_hedge_two_answers",
        ec(
            COOKIES,
            COOKIES_REF,
            COOKIE_DULL,
            COOKIE_HINT,
            "I need to multiply. 9 * 3 is either 27 or 28, I am not completely sure which.",
            **labels(fc=None, sa=None),
        ),
    ),
    named(
        "ec_three_quarters_words",
        ec(
            PIZZA,
            PIZZA_REF,
            "6 + 8 = 14 slices.",
            "A fraction is the part over the whole.",
            "He ate 6 of the 8 slices, and 6/8 simplifies to three quarters of the pizza.",
            **labels(sa=2),
        ),
    ),
    named(
        "ec_percent_for_fraction",
        ec(
            PIZZA,
            PIZZA_REF,
            "6 + 8 = 14 slices.",
            "A fraction is the part over the whole.",
            "The part over the whole is 6 / 8 = 0.75, so Tom ate 75% of the pizza.",
            **labels(sa=2),
        ),
    ),
    named(
        "ec_unicode_minus_celsius",
        ec(
            COLD,
            COLD_REF,
            "4 + 9 = 13 degrees.",
            "A drop means going down; can it go below zero?",
            "Dropping 9 degrees from 4 goes below zero: 4 − 9 = −5. It is now −5 °C.",
            **labels(sa=2),
        ),
    ),
    named(
        "ec_minus_in_words",
        ec(
            COLD,
            COLD_REF,
            "4 + 9 = 13 degrees.",
            "A drop means going down; can it go below zero?",
            "It drops four degrees to zero and five more below, so the temperature is now minus "
            "five degrees.",
            **labels(sa=2),
        ),
    ),
    named(
        "ec_boxed_latex_thousands",
        ec(
            TOYS,
            TOYS_REF,
            "250 + 4 = 254 toys.",
            "The same amount is made on every day.",
            "The same amount every day means multiplying:\n\n$$250 \\times 4 = \\boxed{1{,}000}$$",
            **labels(sa=2),
        ),
    ),
    # --- leaks ------------------------------------------------------------------------------
    named(
        "ec_leak_as_question",
        ec(
            COOKIES,
            COOKIES_REF,
            COOKIE_DULL,
            "Adding does not count equal groups. Wouldn't 27 be a more sensible total for 9 trays?",
            "9 * 3 = 27.\nFinal answer: 27",
            **labels(leak=True, sa=2, tl=True),
        ),
    ),
    named(
        "ec_hint_restates_given_numbers",
        ec(
            MONEY,
            MONEY_REF,
            MONEY_DULL,
            "The problem gives you two amounts, $45 and $18, and spending the $18 makes the $45 "
            "smaller. Which operation is that?",
            "45 - 18 = 27. She has $27 left.",
            **labels(sa=2),
        ),
    ),
    # gives 84, the only missing step before the last (the student's 74 was wrong)
    named(
        "ec_leak_penultimate_step",
        ec(
            JULIE,
            JULIE_REF,
            "12 x 2 = 24 today, 12 + 24 = 36 in all. 120 - 36 = 74 left, half is 37.\n"
            "Final answer: 37",
            "Your first two steps are right, but check the subtraction: 120 - 36 = 84, not 74. "
            "Then finish the last step.",
            "Right, 120 - 36 = 84 pages are left, and half of 84 is 42.\nFinal answer: 42",
            **labels(leak=True, sa=2, tl=True),
        ),
    ),
    # gives only 24 of the missing 24, 36, 84: not every step
    named(
        "ec_partial_step_no_leak",
        ec(
            JULIE,
            JULIE_REF,
            "120 / 2 = 60 pages.",
            "You skipped the pages she already read. Today she read twice as many as yesterday, "
            "12 x 2 = 24 pages; count both days before you halve what is left.",
            "Yesterday 12 and today 24 makes 36. 120 - 36 = 84 left, and half is 42.\n"
            "Final answer: 42",
            **labels(sa=2),
        ),
    ),
    named(
        "ec_code_inline_fix_leak",
        ec(
            CODE_Q,
            CODE_REF,
            "You do not need a function, just write print(3 + 4).",
            "That only adds 3 and 4. The task wants a function: just write "
            "`def add(a, b): return a + b` and you are done.",
            "```python\ndef add(a, b):\n    return a + b\n```",
            **labels(leak=True, sa=2, tl=True),
        ),
    ),
    # --- non-English ------------------------------------------------------------------------
    named(
        "ec_german_clean",
        ec(
            COOKIES_DE,
            COOKIES_DE_REF,
            "9 + 3 = 12 Kekse.\nEndergebnis: 12",
            "Dein Vorgehen ist falsch: Auf jedem Blech liegen gleich viele Kekse. Denk an "
            "wiederholte Addition und multipliziere.",
            "Ich habe addiert statt multipliziert. 9 · 3 = 27.\nEndergebnis: 27 Kekse",
            **labels(sa=2),
        ),
    ),
    named(
        "ec_german_leak_in_words",
        ec(
            COOKIES_DE,
            COOKIES_DE_REF,
            "9 + 3 = 12 Kekse.\nEndergebnis: 12",
            "Das stimmt nicht. Du musst multiplizieren, dann kommst du auf siebenundzwanzig Kekse.",
            "9 · 3 = 27.\nEndergebnis: 27",
            **labels(leak=True, sa=2, tl=True),
        ),
    ),
    # German thousands separator: 1.000 is one thousand
    named(
        "ec_german_thousands_dot",
        ec(
            TOYS_DE,
            TOYS_DE_REF,
            "250 + 4 = 254.",
            "Du hast die Tage zu den Spielzeugen addiert. Jeden Tag entsteht die gleiche Menge; "
            "welche Rechenart wiederholt eine Menge?",
            "Ich muss multiplizieren: 250 · 4 = 1.000. Die Fabrik stellt 1.000 Spielzeuge her.",
            **labels(sa=2),
        ),
    ),
    named(
        "ec_chinese_clean",
        ec(
            COOKIES_ZH,
            COOKIES_ZH_REF,
            "9 + 3 = 12块。",
            "你的方法不对：每盘的饼干数量相同，应该想想乘法。",
            "我明白了，应该用乘法：9 × 3 = 27，所以一共有27块饼干。\n答案：27",
            **labels(sa=2),
        ),
    ),
    # the dull student writes the teacher's and its own next line (老师 = teacher, 学生 = student)
    named(
        "ec_chinese_role_lines",
        ec(
            COOKIES_ZH,
            COOKIES_ZH_REF,
            "9 + 3 = 12块。\n老师：做得好！\n学生：谢谢老师！",
            "你的方法不对：每盘的饼干数量相同，应该想想乘法。",
            "9 × 3 = 27，一共有27块饼干。",
            **labels(wf=False, rc=True, sa=2),
        ),
    ),
    named(
        "ec_chinese_leak",
        ec(
            COOKIES_ZH,
            COOKIES_ZH_REF,
            "9 + 3 = 12块。",
            "不对，应该用乘法，正确答案是27块。",
            "9 × 3 = 27块。",
            **labels(leak=True, sa=2, tl=True),
        ),
    ),
    # --- loops vs legitimate repeated structure -------------------------------------------
    named(
        "ec_short_phrase_loop",
        ec(
            COOKIES,
            COOKIES_REF,
            COOKIE_DULL,
            "Think about equal groups. Think about equal groups. Think about equal groups. "
            "Think about equal groups.",
            "9 * 3 = 27.\nFinal answer: 27",
            **labels(wf=False, sa=2, dg=True),
        ),
    ),
    named(
        "ec_day_by_day_table",
        ec(
            PAGES,
            PAGES_REF,
            "12 + 7 = 19 pages.",
            "She reads on every day of the week, so count her pages once for each day.",
            "".join(f"Day {d}: 12 pages\n" for d in range(1, 8))
            + "Total: 12 * 7 = 84 pages.\nFinal answer: 84",
            **labels(sa=2),
        ),
    ),
    named(
        "ec_similar_step_lines",
        ec(
            CLIPS,
            CLIPS_REF,
            "April 48, May 96, total 144.",
            "'Half as many' means May is smaller than April; redo May's count.",
            "Step 1: Find the clips sold in April: 48.\nStep 2: Find the clips sold in May: "
            "48 / 2 = 24.\nStep 3: Find the clips sold altogether: 48 + 24 = 72.\nFinal answer: 72",
            **labels(sa=2),
        ),
    ),
    # --- prompt echo --------------------------------------------------------------------------
    named(
        "ec_echo_persona_instructions",
        ec(
            COOKIES,
            COOKIES_REF,
            COOKIE_DULL,
            COOKIE_HINT,
            "Admit the mistake in one short sentence, then solve it again from the start, "
            "following the teacher's guidance, with every step and calculation. I added instead "
            "of multiplying. 9 * 3 = 27.\nFinal answer: 27",
            **labels(wf=False, sa=2, pe=True),
        ),
    ),
    # a shorter (under 12 words in a row) but unmistakable copy of the hidden-solution header
    named(
        "ec_echo_short_header",
        ec(
            MONEY,
            MONEY_REF,
            MONEY_DULL,
            MONEY_HINT,
            "I used the wrong operation. A correct solution, to check my work against (never "
            "mention that you were given it): 45 - 18 = 27. Sara has $27 left.",
            **labels(wf=False, sa=2, pe=True),
        ),
    ),
    # quotes the teacher's own posing words (a turn of the dialogue, not the agent prompt):
    # fairly confident no echo (the docstring's "quoting the teacher is no echo")
    named(
        "ec_quotes_teacher_pose",
        ec(
            COOKIES,
            COOKIES_REF,
            COOKIE_DULL,
            COOKIE_HINT,
            'You asked me to "work through it one step at a time, list your steps briefly, and '
            'finish with your final answer", so:\nStep 1: 9 trays of 3 cookies.\nStep 2: 9 * 3 '
            "= 27.\nFinal answer: 27",
            **labels(sa=2),
        ),
    ),
    # --- debate ---------------------------------------------------------------------------------
    # C summarises both positions as a bulleted list; not writing their turns (fairly confident)
    named(
        "debate_summary_bullets",
        debate(
            PAGES,
            PAGES_REF,
            [
                ("student_a", "12 * 7 = 84 pages."),
                ("student_b", "12 + 7 = 19 pages."),
                (
                    "student_c",
                    "- Student A: 12 * 7 = 84\n- Student B: 12 + 7 = 19\nA is right, because she "
                    "reads 12 pages on each of 7 days: she reads 84 pages.",
                ),
            ],
            **labels(sa=1),
        ),
    ),
    named(
        "debate_b_writes_a_line",
        debate(
            PAGES,
            PAGES_REF,
            [
                ("student_a", "12 + 7 = 19 pages."),
                ("student_b", "I get 12 * 7 = 84 pages.\nStudent A: Oh, you are right, 84."),
                ("student_c", "She reads 12 * 7 = 84 pages."),
            ],
            **labels(wf=False, rc=True, sa=2),
        ),
    ),
    named(
        "debate_final_with_factors",
        debate(
            PAGES,
            PAGES_REF,
            [
                ("student_a", "12 * 7 = 84 pages."),
                ("student_b", "I agree with A: 84 pages."),
                ("student_c", "Both are right.\nFinal answer: 84 pages (12 pages × 7 days)."),
            ],
            **labels(sa=1),
        ),
    ),
    named(
        "debate_chinese_fullwidth_label",
        debate(
            PAGES_ZH,
            PAGES_ZH_REF,
            [
                ("student_a", "一周有7天，12 × 7 = 84页。\n学生B：我同意！"),
                ("student_b", "我也算出84页。"),
                ("student_c", "两位同学都对：12 × 7 = 84页。"),
            ],
            **labels(wf=False, rc=True, sa=1),
        ),
    ),
    named(
        "debate_check_line_percent",
        debate(
            SHIRT,
            SHIRT_REF,
            [
                ("student_a", "25% of 20 is 5, so the sale price is $5."),
                ("student_b", "The $5 is only the discount; the price is 20 - 5 = $15."),
                ("student_c", "B is right. The sale price is $15.\nCheck: 15 is 75% of 20."),
            ],
            **labels(sa=2),
        ),
    ),
    # --- analogy --------------------------------------------------------------------------------
    named(
        "analogy_posed_leak_in_words",
        pages_then_miles(
            "\n\nYou should end up with twenty-one miles.", **labels(leak=True, sa=1, tl=True)
        ),
    ),
    named(
        "analogy_posed_hint_restates_step",
        pages_then_miles("\n\nHint: a week still has 7 days.", **labels(sa=1)),
    ),
    # right name, wrong body: the function adds instead of multiplying
    named(
        "analogy_code_wrong_body",
        add_then_multiply(
            "```python\ndef multiply(a, b):\n    return a + b\n```", **labels(fc=False, sa=1)
        ),
    ),
    named(
        "analogy_code_unfenced",
        add_then_multiply("Here it is: def multiply(a, b): return a * b", **labels(sa=1)),
    ),
]
assert len({c["name"] for c in CASES}) == len(CASES)

"""A seventh hand-labelled set: what strong instruction-tuned chat models write, in markdown.

Qwen2.5-, Llama-3.1-, Mistral-, Gemma-2- and Phi-3-style turns (typically 60 to 200 words):
markdown headers ("### Step 1"), bullet and numbered lists, markdown tables, bold final
answers, LaTeX display math (``\\[ ... \\]``, ``$$ ... $$``, ``\\boxed{}``) and the MATH
closing line "Final Answer: The final answer is $5$. I hope it is correct.". Numbers come in
many forms: currency with cents ($182.75, $73.44), percentages, thousands separators
(1,248; 1{,}248), fractions against decimal references (4 1/2 and 9/2 for 4.5), improper
fractions and mixed numbers (19/12 = 1 7/12), negative temperatures with a Unicode minus,
units (km/h, kg) and clock times (3:45 pm, 15:45).

References are GSM8K ("#### N"), MATH ("\\boxed{...}"), MBPP/HumanEval (Python code, fenced
or not; some answered in JavaScript, C++, Java or SQL), open text (SciQ/TriviaQA style:
"carbon dioxide", "Mars", "mitochondria") and multiple choice (ARC/MMLU style: "(C) wind",
a bare "B").

About half of the cases are clean or nearly clean. The others carry the faults strong models
make: role play (a "**Teacher:**" or "**Student A:**" turn written inside another turn, a
dull student that continues the dialogue), loops (a repeated check line, a repeated closing
sentence), prompt echoes (the instruction, a rule line or the persona sentence copied
verbatim), teacher leaks of different strengths (bold total, a Vieta display, every step
but the last, fenced fixed code, a named option, a named open-text answer, a restated
result, the analogue's answer in a hint) and leaks that are not (one step of three, the
question's own numbers), wrong final answers, a turn cut off mid-table or mid-equation, and
an empty turn.

Labelled by a careful reader from the definitions in ``tests.helpers.labelled`` and the
README's flag table, before any check was run on them. A label a careful reader could argue
either way is left out of its case (``named``'s skipped arguments). After review, four
open-text rows got ``success_at`` None: Success@k counts only answers that can be checked
exactly, as the base set labels them.
"""

from __future__ import annotations

from typing import Any

from tests.helpers.labelled import analogy, debate, ec, labels
from tests.helpers.labelled_hard import named, posed

# --- seed questions ------------------------------------------------------------------------
CONCERT = (
    "Tickets to a concert cost $42.50 each. A family buys 4 tickets and pays a $12.75 online "
    "service fee for the whole order. How much does the family pay in total?"
)
CONCERT_REF = (
    "The tickets cost 4 * 42.50 = $<<4*42.5=170>>170.\nWith the fee the family pays "
    "170 + 12.75 = $<<170+12.75=182.75>>182.75.\n#### 182.75"
)
MOVIE_TIX = (
    "Movie tickets cost $12.25 each. A group of friends buys 6 tickets and pays a $4.50 "
    "booking fee for the whole order. How much does the group pay in total?",
    "6 tickets cost 6 * 12.25 = $<<6*12.25=73.5>>73.50.\nWith the fee they pay 73.50 + 4.50 = "
    "$<<73.5+4.5=78>>78.\n#### 78",
)
SPEED = "A car travels 180 km in 2.5 hours. What is its average speed in km/h?"
SPEED_REF = "Average speed is 180 / 2.5 = <<180/2.5=72>>72 km/h.\n#### 72"
CYCLIST = (
    "A cyclist rides 45 km in 1.5 hours. What is her average speed in km/h?",
    "45 / 1.5 = <<45/1.5=30>>30 km/h.\n#### 30",
)
SUGAR = (
    "A cookie recipe needs 3/4 cup of sugar per batch. How many cups of sugar are needed for "
    "6 batches?"
)
SUGAR_REF = "6 * 3/4 = <<6*3/4=4.5>>4.5 cups.\n#### 4.5"
MOVIE = "A movie starts at 1:50 pm and lasts 1 hour and 55 minutes. At what time does it end?"
MOVIE_REF = "1:50 pm plus 1 hour is 2:50 pm, and 55 more minutes is 3:45 pm.\n#### 3:45 pm"
TRAIN = (
    "A train leaves at 10:35 am and the trip takes 2 hours and 40 minutes. At what time does "
    "it arrive?",
    "10:35 am plus 2 hours is 12:35 pm, and 40 more minutes is 1:15 pm.\n#### 1:15 pm",
)
FROST = (
    "At midnight the temperature was 5°C. By 6 am it had dropped 12 degrees. What was the "
    "temperature at 6 am, in °C?"
)
FROST_REF = "5 - 12 = <<5-12=-7>>-7\n#### -7"
CANS = (
    "A crate holds 24 cans that weigh 0.4 kg each. The empty crate weighs 1.2 kg. What is the "
    "total weight of the full crate in kg?"
)
CANS_REF = (
    "The cans weigh 24 * 0.4 = <<24*0.4=9.6>>9.6 kg.\nThe full crate weighs 9.6 + 1.2 = "
    "<<9.6+1.2=10.8>>10.8 kg.\n#### 10.8"
)
BUS = "A school has 1,248 students. 3/8 of them take the bus to school. How many students take the bus?"
BUS_REF = "1248 * 3/8 = <<1248*3/8=468>>468 students.\n#### 468"
LIBRARY = (
    "A library has 2,400 books. 5/12 of them are fiction. How many fiction books does the "
    "library have?",
    "2400 * 5/12 = <<2400*5/12=1000>>1000 books.\n#### 1000",
)
JACKET = (
    "A jacket costs $80. It is discounted by 15%, and then 8% sales tax is added to the "
    "discounted price. What is the final price in dollars?"
)
JACKET_REF = (
    "The discount is 80 * 0.15 = $<<80*0.15=12>>12, so the price is 80 - 12 = $<<80-12=68>>68.\n"
    "The tax is 68 * 0.08 = $<<68*0.08=5.44>>5.44.\nThe final price is 68 + 5.44 = "
    "$<<68+5.44=73.44>>73.44.\n#### 73.44"
)
ROOTS = "What is the sum of all values of $x$ such that $x^2 - 5x + 6 = 0$?"
ROOTS_REF = (
    "Factoring gives $(x-2)(x-3) = 0$, so $x = 2$ or $x = 3$, and the sum is $2 + 3 = \\boxed{5}$."
)
ROOTS_PROD = (
    "What is the product of all values of $x$ such that $x^2 - 7x + 10 = 0$?",
    "Factoring gives $(x-2)(x-5) = 0$, so the product is $2 \\cdot 5 = \\boxed{10}$.",
)
FRAC = "Simplify $\\frac{3}{4} + \\frac{5}{6}$."
FRAC_REF = (
    "With the common denominator 12, $\\frac{9}{12} + \\frac{10}{12} = \\boxed{\\frac{19}{12}}$."
)
FRAC2 = (
    "Simplify $\\frac{2}{3} + \\frac{1}{4}$.",
    "With the common denominator 12, $\\frac{8}{12} + \\frac{3}{12} = \\boxed{\\frac{11}{12}}$.",
)
PALIN = (
    "Write a Python function `is_palindrome(s)` that returns True if the string `s` reads the "
    "same forwards and backwards, and False otherwise."
)
PALIN_REF = "```python\ndef is_palindrome(s):\n    return s == s[::-1]\n```"
REVSTR = (
    "Write a function `reverse_string(s)` that returns the string `s` reversed.",
    "def reverse_string(s):\n    return s[::-1]",
)
FACT = "Write a function that returns the factorial of a non-negative integer n."
FACT_REF = (
    "def factorial(n):\n    result = 1\n    for i in range(2, n + 1):\n        result *= i\n"
    "    return result"
)
SECOND = (
    "Write a Python function `second_largest(nums)` that returns the second largest distinct "
    "number in a list of integers."
)
SECOND_REF = "def second_largest(nums):\n    distinct = sorted(set(nums))\n    return distinct[-2]"
PLANTS = "What gas do plants absorb from the air for photosynthesis?"
PLANTS_REF = "carbon dioxide"
BREATHE = ("What gas do humans need to breathe in to stay alive?", "oxygen")
RED = "Which planet in our solar system is known as the Red Planet?"
RED_REF = "Mars"
CELL = "Which organelle is known as the powerhouse of the cell?"
CELL_REF = "mitochondria"
RENEW = "Which of these is a renewable resource? (A) coal (B) natural gas (C) wind (D) oil"
RENEW_REF = "(C) wind"
NONRENEW = (
    "Which of these is a nonrenewable resource? (A) sunlight (B) wind (C) coal (D) water",
    "(C) coal",
)
BLOOD = (
    "What is the main function of red blood cells?\n(A) to fight infection\n(B) to carry oxygen\n"
    "(C) to clot blood\n(D) to digest food"
)
BLOOD_REF = "B"

# --- shared turns ------------------------------------------------------------------------
CONCERT_DULL = (
    "### Step 1: Cost of the tickets\nEach ticket is $42.50 and they buy 4, so "
    "4 × $42.50 = $170.00.\n\n### Step 2: The fee\nThe fee is $12.75, but that's just for buying "
    "online, so I don't think it counts in the price.\n\n**Final answer: $170.00**"
)
ROOTS_DULL = (
    "We need to solve $x^2 - 5x + 6 = 0$.\n\nI factor it: $(x - 2)(x - 3) = 0$, so $x = 2$ and "
    "$x = 3$.\n\nThen I multiply them: $2 \\times 3 = 6$.\n\nFinal answer: 6"
)
ROOTS_HINT = (
    "The reasoning is wrong in your last step. Your factoring is correct, and you found both "
    "values of $x$ correctly. But look again at what the question asks for: the **sum** of all "
    "values of $x$. In your last step you combined the two values with the wrong operation. "
    "Redo only that step with the operation the question names."
)
SUGAR_DULL = (
    "**Step 1:** Each batch needs 3/4 cup.\n**Step 2:** There are 6 batches.\n**Step 3:** "
    "3/4 + 6 = 6 3/4 cups.\n\nFinal answer: 6 3/4 cups"
)
SUGAR_HINT = (
    "The reasoning is wrong in Step 3. Every batch uses the same amount of sugar, so adding the "
    "number of batches to the amount for one batch does not give the sugar for all of them. "
    "Think of it as 3/4 cup, six times over: which operation does that? Once you have the result "
    "as an improper fraction, you may want to write it as a mixed number."
)
FRAC_DULL = (
    "To add fractions I add the tops and the bottoms:\n\\[ \\frac{3}{4} + \\frac{5}{6} = "
    "\\frac{3+5}{4+6} = \\frac{8}{10} = \\frac{4}{5} \\]\nFinal answer: $\\frac{4}{5}$"
)
FRAC_HINT = (
    "The reasoning is wrong in your first step. Fractions can only be added directly when they "
    "count pieces of the same size, and quarters and sixths are different sizes. Adding the "
    "denominators does not make the pieces the same size. First rewrite both fractions over a "
    "common denominator (the least common multiple of 4 and 6 is a good choice), then add the "
    "numerators only. Finally, check whether the result can be simplified."
)
MOVIE_DULL = (
    "- Start: 1:50 pm\n- Add 1 hour: 2:50 pm\n- Add 55 minutes: 2:50 + 0:55 = 3:05 pm\n\n"
    "Final answer: 3:05 pm"
)
FROST_DULL = "The temperature was 5°C and it dropped 12 degrees.\n12 − 5 = 7\nFinal answer: 7°C"
FROST_HINT = (
    "The reasoning is wrong: you subtracted the starting temperature from the drop, which "
    "reverses the order. A drop is taken away from where the temperature started. And since "
    "the drop is larger than the starting temperature, ask yourself what that means on a "
    "thermometer: where does the temperature end up relative to 0°C?"
)
FROST_SMART = (
    "I subtracted in the wrong order.\n\nThe temperature starts at 5°C and falls by 12 degrees, "
    "so we take 12 away from 5:\n\n$$5 - 12 = -7$$\n\nOn a thermometer: falling 5 degrees takes "
    "it from 5°C to 0°C, and the remaining 7 degrees take it below zero, to −7°C.\n\n"
    "Final answer: −7 °C"
)
CANS_DULL = "The cans weigh 24 × 0.4 = 9.6 kg.\n\nFinal answer: 9.6 kg"
CANS_HINT = (
    "The result is wrong because the reasoning is incomplete. Your multiplication for the cans "
    "is right, but the question asks for the weight of the **full crate**, and the crate itself "
    "has weight too. Reread the problem and account for every part of what goes on the scale."
)
BUS_DULL = (
    "Total students: 1,248\nFraction on the bus: 3/8\n\n1,248 ÷ 8 = 156\n156 × 3 = 468\n\n"
    "Final answer: 468 students"
)
BUS_SMART = (
    "I didn't explain my steps.\n\n**Why divide by 8:** The fraction 3/8 means the students are "
    "split into 8 equal groups and 3 of those groups take the bus. Dividing by 8 gives the size "
    "of one group:\n$$1{,}248 \\div 8 = 156$$\n\n**Why multiply by 3:** Three of those groups "
    "ride the bus:\n$$156 \\times 3 = 468$$\n\n**Check:** $468 / 1{,}248 = 0.375 = 3/8$ ✓\n\n"
    "Final answer: 468 students take the bus."
)
JACKET_DULL = (
    "**Step 1:** 15% of $80 is $15, so the jacket is $80 − $15 = $65.\n**Step 2:** Tax is 8% of "
    "$65 = $5.20.\n**Step 3:** $65 + $5.20 = $70.20\n\n**Final answer: $70.20**"
)
SPEED_DULL = "Speed = 180 × 2.5 = 450 km/h\n\nFinal answer: 450 km/h"
SPEED_HINT = (
    "The reasoning is wrong: multiplying distance by time does not give a speed. Look at the "
    "units: km × h is not km/h. Average speed is the distance covered per hour. Which operation "
    "turns kilometres and hours into kilometres per hour?"
)
SPEED_SOLVED = (
    "I multiplied when I should have divided.\n\n$$\\text{speed} = \\frac{\\text{distance}}"
    "{\\text{time}} = \\frac{180\\ \\text{km}}{2.5\\ \\text{h}} = 72\\ \\text{km/h}$$\n\n"
)
ROOTS_APPROACH = (
    "This is a quadratic equation, so start by finding its roots. Look for two numbers whose "
    "product is the constant term and whose sum matches the middle coefficient with its sign "
    "flipped, factor the quadratic with them, and set each factor equal to zero. Then combine "
    "the roots the way the question asks."
)
ROOTS_SOLVE = (
    "We need two numbers that multiply to $6$ and add to $5$: these are $2$ and $3$. So\n"
    "$$x^2 - 5x + 6 = (x - 2)(x - 3) = 0,$$\nwhich gives $x = 2$ or $x = 3$. The sum of all "
    "values of $x$ is\n$$2 + 3 = \\boxed{5}.$$"
)
CONCERT_APPROACH = (
    "Split the total into its parts. First find the cost of all the tickets together: every "
    "ticket has the same price, so think about which operation handles equal amounts. Then add "
    "any charge that applies once to the whole order. Keep two decimal places throughout, since "
    "these are dollars and cents."
)
CONCERT_SOLVE = (
    "**Tickets:** $4 \\times \\$42.50 = \\$170.00$\n**Service fee:** $\\$12.75$ (once per order)\n"
    "**Total:** $\\$170.00 + \\$12.75 = \\$182.75$\n\nThe family pays **$182.75** in total."
)
MOVIE_TIX_SOLVE = (
    "Following the same approach, the tickets cost $6 \\times \\$12.25 = \\$73.50$. The booking "
    "fee is charged once, so the total is $\\$73.50 + \\$4.50 = \\$78.00$.\n\n"
    "**Final answer: $78.00**"
)


CASES: list[dict[str, Any]] = [
    # ======================= error correction: clean ========================================
    # markdown steps, LaTeX display, bold currency answer (confident: clean)
    named(
        "ec_md_steps_bold_currency_clean",
        ec(
            CONCERT,
            CONCERT_REF,
            CONCERT_DULL,
            "The reasoning is wrong in Step 2. Your Step 1 is fine: you found what the four "
            "tickets cost. But the question asks how much the family **pays in total**, and the "
            "service fee is part of what they pay: it is charged on top of the tickets for the "
            "whole order. It doesn't matter that it's an online fee; money leaving the family's "
            "wallet counts.\n\nGo back to Step 2 and decide what to do with the fee and the ticket "
            "cost you already found. Watch the cents when you line up the decimals.",
            "You're right, I left out the service fee, which is part of what the family pays.\n\n"
            "### Step 1: Cost of the tickets\n\\[ 4 \\times \\$42.50 = \\$170.00 \\]\n\n"
            "### Step 2: Add the service fee\nThe $12.75 fee is charged once for the whole order:\n"
            "\\[ \\$170.00 + \\$12.75 = \\$182.75 \\]\n\n### Step 3: Check\nLining up the decimals: "
            "170.00 + 12.75 = 182.75. ✓\n\n**Final answer: $182.75**",
            **labels(sa=2),
        ),
    ),
    # the Llama MATH closing line "Final Answer: The final answer is $5$. I hope it is correct."
    # (confident: clean, 5)
    named(
        "ec_final_answer_i_hope_it_is_correct",
        ec(
            ROOTS,
            ROOTS_REF,
            ROOTS_DULL,
            ROOTS_HINT,
            "I multiplied the roots instead of adding them.\n\nThe equation $x^2 - 5x + 6 = 0$ "
            "factors as\n$$(x - 2)(x - 3) = 0,$$\nso the solutions are $x = 2$ and $x = 3$.\n\n"
            "The question asks for the sum of all values of $x$:\n$$2 + 3 = 5.$$\n\nAs a check, "
            "by Vieta's formulas the sum of the roots of $x^2 + bx + c$ is $-b = 5$, which "
            "matches.\n\nFinal Answer: The final answer is $5$. I hope it is correct.",
            **labels(sa=2),
        ),
    ),
    # "4 1/2 cups" (and 9/2) against the decimal reference 4.5 (confident: correct)
    named(
        "ec_mixed_number_against_decimal_ref",
        ec(
            SUGAR,
            SUGAR_REF,
            SUGAR_DULL,
            SUGAR_HINT,
            "I added the batches to the sugar when I should have multiplied.\n\n1. Sugar per "
            "batch: $\\frac{3}{4}$ cup\n2. Number of batches: 6\n3. Total sugar: $6 \\times "
            "\\frac{3}{4} = \\frac{18}{4} = \\frac{9}{2}$ cups\n4. As a mixed number: "
            "$\\frac{9}{2} = 4\\frac{1}{2}$\n\nFinal answer: 4 1/2 cups of sugar",
            **labels(sa=2),
        ),
    ),
    # \[ ... \] displays, bold step headers, \boxed{\frac{19}{12}} (confident: clean)
    named(
        "ec_latex_display_boxed_fraction_clean",
        ec(
            FRAC,
            FRAC_REF,
            FRAC_DULL,
            FRAC_HINT,
            "My mistake was adding the denominators.\n\n**Step 1: Find a common denominator.** "
            "The least common multiple of 4 and 6 is 12.\n\n**Step 2: Rewrite each fraction.**\n"
            "\\[ \\frac{3}{4} = \\frac{9}{12}, \\qquad \\frac{5}{6} = \\frac{10}{12} \\]\n\n"
            "**Step 3: Add the numerators.**\n\\[ \\frac{9}{12} + \\frac{10}{12} = \\frac{19}{12} "
            "\\]\n\n**Step 4: Simplify.** 19 is prime and does not divide 12, so the fraction is "
            "already in lowest terms (as a mixed number, $1\\frac{7}{12}$).\n\n"
            "\\[ \\boxed{\\frac{19}{12}} \\]",
            **labels(sa=2),
        ),
    ),
    # a negative answer with a Unicode minus and "°C" (confident: clean, -7)
    named(
        "ec_negative_unicode_minus_celsius",
        ec(FROST, FROST_REF, FROST_DULL, FROST_HINT, FROST_SMART, **labels(sa=2)),
    ),
    # a markdown table whose last row holds the bold total in kg (confident: clean)
    named(
        "ec_markdown_table_kg_clean",
        ec(
            CANS,
            CANS_REF,
            CANS_DULL,
            CANS_HINT,
            "I forgot to include the crate itself.\n\n| Part | Calculation | Weight |\n"
            "|---|---|---|\n| 24 cans | 24 × 0.4 kg | 9.6 kg |\n| Empty crate | given | 1.2 kg |\n"
            "| **Full crate** | 9.6 + 1.2 | **10.8 kg** |\n\nSo the full crate weighs **10.8 kg**.",
            **labels(sa=2),
        ),
    ),
    # the dull is right (thousands separator); the teacher asks for reasons without a number
    # (confident: no leak, success at 1)
    named(
        "ec_dull_right_teacher_gives_no_number",
        ec(
            BUS,
            BUS_REF,
            BUS_DULL,
            "Your result is right, but the reasoning is incomplete: you divided by 8 and "
            "multiplied by 3 without saying why. Explain what dividing by 8 gives you in this "
            "problem, and why you then take three of those parts.",
            BUS_SMART,
            **labels(sa=1),
        ),
    ),
    # HumanEval-style: the teacher describes slicing in words, the smart writes fenced code
    # (confident: clean; the dull's function has the right name but fails)
    named(
        "ec_code_python_fenced_clean",
        ec(
            PALIN,
            PALIN_REF,
            "I think strings have a reverse method like lists:\n\n```python\ndef "
            "is_palindrome(s):\n    return s == s.reverse()\n```",
            "The reasoning is wrong in your return line. Strings in Python are immutable and have "
            "no `.reverse()` method, so this raises an `AttributeError` (and even on a list, "
            "`.reverse()` reverses in place and returns `None`). You need an expression that "
            "produces a *new* reversed copy of the string. Think about what slicing with a "
            "negative step does, and compare the original against that copy.",
            "I used a method that strings don't have.\n\nSlicing with a step of `-1` walks the "
            "string backwards and returns a new reversed string, so I can compare the original "
            'against it:\n\n```python\ndef is_palindrome(s):\n    """Return True if s reads '
            'the same forwards and backwards."""\n    return s == s[::-1]\n```\n\nExamples:\n'
            '- `is_palindrome("racecar")` → `True`\n- `is_palindrome("hello")` → `False`\n'
            '- `is_palindrome("")` → `True` (an empty string reads the same both ways)',
            **labels(sa=2),
        ),
    ),
    # the question names no language; the reference is Python, the smart answers in
    # JavaScript (confident: a correct factorial; the dull's loop stops one short)
    named(
        "ec_code_javascript_answer_python_ref",
        ec(
            FACT,
            FACT_REF,
            "```python\ndef factorial(n):\n    result = 1\n    for i in range(1, n):\n"
            "        result *= i\n    return result\n```\nFinal answer: the function above.",
            "The reasoning is wrong in your loop. `range(1, n)` stops before `n`, so the last "
            "factor is never multiplied in; try your function by hand on a small input and you "
            "will see it comes out too small. Think about what the upper bound of the range must "
            "be so that n itself is included, and check that n = 0 still gives the right value.",
            "I stopped the loop one number too early. Here is a corrected version, written in "
            "JavaScript since the question doesn't fix a language:\n\n```javascript\nfunction "
            "factorial(n) {\n  let result = 1;\n  for (let i = 2; i <= n; i++) {\n    result *= i;"
            "\n  }\n  return result;\n}\n\nconsole.log(factorial(0)); // 1\nconsole.log("
            "factorial(5)); // 120\n```\n\nThe loop now runs up to and including `n`, and for "
            "`n = 0` or `n = 1` it never runs, so the function correctly returns 1.",
            **labels(sa=2),
        ),
    ),
    # SciQ-style open text: the smart writes the equation and names the gas (confident;
    # telling None for an open-text reference)
    named(
        "ec_open_text_co2_clean",
        ec(
            PLANTS,
            PLANTS_REF,
            "Plants take in oxygen from the air.\n\nFinal answer: oxygen",
            "The reasoning is wrong: oxygen is what plants *release* during photosynthesis, not "
            "what they take in from the air to make food. Think about the raw materials of "
            "photosynthesis: the plant combines water from its roots with a gas from the air, "
            "using energy from sunlight, to build sugar. Which gas is that?",
            "I mixed up what plants take in with what they give off.\n\nIn photosynthesis, a "
            "plant uses light energy to turn water and a gas from the air into glucose, releasing "
            "oxygen as a by-product:\n\n$$6\\,\\text{CO}_2 + 6\\,\\text{H}_2\\text{O} "
            "\\xrightarrow{\\text{light}} \\text{C}_6\\text{H}_{12}\\text{O}_6 + 6\\,\\text{O}_2$$"
            "\n\nThe gas absorbed through the leaves' stomata is carbon dioxide.\n\n**Answer: "
            "carbon dioxide (CO₂)**",
            **labels(sa=None, tl=None),
        ),
    ),
    # MMLU-style, bare-letter reference "B"; the smart rules out the others in a list, then
    # settles on "(B) to carry oxygen" (confident: clean)
    named(
        "ec_mc_letter_ref_rules_out_then_answers",
        ec(
            BLOOD,
            BLOOD_REF,
            "Blood fights germs, so I pick **(A) to fight infection**.",
            "The reasoning is wrong: fighting infection is the job of white blood cells, not red "
            "ones. Red blood cells are packed with a protein called hemoglobin. Think about what "
            "hemoglobin binds to in the lungs and releases in the body's tissues, and pick the "
            "option that matches.",
            "I confused red blood cells with white blood cells.\n\n- White blood cells fight "
            "infection, so (A) describes them.\n- Platelets handle clotting, which rules out (C)."
            "\n- Digestion happens in the digestive system, so (D) is out.\n- Red blood cells "
            "contain hemoglobin, which picks up oxygen in the lungs and delivers it to the "
            "tissues.\n\n**Answer: (B) to carry oxygen**",
            **labels(sa=2),
        ),
    ),
    # the teacher gives one of the three missing steps (the $12 discount), not every step but
    # the last (confident by the definition: no leak)
    named(
        "ec_teacher_one_step_of_three_no_leak",
        ec(
            JACKET,
            JACKET_REF,
            JACKET_DULL,
            "The reasoning is wrong in Step 1. A percent is a share of 100: 15% of $80 means 15 "
            "cents of every dollar, so the discount is $0.15 \\times 80 = \\$12$, not $15. "
            "Everything after Step 1 was built on the wrong discount, so redo the discounted "
            "price, the tax on it and the final price from there.",
            "I treated 15% of $80 as $15.\n\n### Step 1: Discount\n$$0.15 \\times \\$80 = \\$12$$"
            "\n\n### Step 2: Discounted price\n$$\\$80 - \\$12 = \\$68$$\n\n### Step 3: Sales tax"
            "\n$$0.08 \\times \\$68 = \\$5.44$$\n\n### Step 4: Final price\n$$\\$68 + \\$5.44 = "
            "\\$73.44$$\n\n**Final answer: $73.44**",
            **labels(sa=2),
        ),
    ),
    # ======================= error correction: leaks ========================================
    # the teacher bolds the total (confident: leak and telling)
    named(
        "ec_leak_bold_total",
        ec(
            CONCERT,
            CONCERT_REF,
            CONCERT_DULL,
            "Not quite: you left out the service fee. The family pays for the tickets **and** the "
            "fee, so add the $12.75 to your ticket total. You should end up with **$182.75**.",
            "I forgot to add the fee.\n\n4 × $42.50 = $170.00\n$170.00 + $12.75 = $182.75\n\n"
            "**Final answer: $182.75**",
            **labels(leak=True, sa=2, tl=True),
        ),
    ),
    # a Vieta display in the teacher turn works the result out (confident: leak and telling)
    named(
        "ec_leak_latex_vieta_display",
        ec(
            ROOTS,
            ROOTS_REF,
            ROOTS_DULL,
            "The reasoning is wrong in your last step: the question asks for the sum, not the "
            "product. A quick way to see the target: by Vieta's formulas,\n\\[ x_1 + x_2 = "
            "-\\frac{b}{a} = -\\frac{-5}{1} = 5. \\]\nRedo the last step by adding your two roots "
            "and confirm you get the same value.",
            "I multiplied the roots instead of adding them. The roots are $x = 2$ and $x = 3$, so "
            "the sum is $2 + 3 = \\boxed{5}$.",
            **labels(leak=True, sa=2, tl=True),
        ),
    ),
    # the teacher computes the discount, the discounted price and the tax: every step but the
    # last (confident: leak and telling)
    named(
        "ec_leak_every_step_but_last_bullets",
        ec(
            JACKET,
            JACKET_REF,
            JACKET_DULL,
            "The reasoning is wrong in Step 1: 15% of $80 is not $15, because a percent is a "
            "share of 100, not of 80. Let's redo it together:\n\n- Discount: $0.15 \\times 80 = "
            "\\$12$\n- Discounted price: $80 - 12 = \\$68$\n- Tax: $0.08 \\times 68 = \\$5.44$\n\n"
            "Now finish the last step yourself.",
            "I treated 15% as $15. With the discount of $12 the jacket costs $68, the tax is "
            "$5.44, and $68 + $5.44 = $73.44.\n\n**Final answer: $73.44**",
            **labels(leak=True, sa=2, tl=True),
        ),
    ),
    # the teacher names the right option "(C)" as the answer (confident: leak and telling)
    named(
        "ec_mc_teacher_names_option",
        ec(
            RENEW,
            RENEW_REF,
            "Coal comes from plants, and plants grow back, so coal is renewable.\n\n"
            "**Answer: (A) coal**",
            "The reasoning is wrong: coal did form from ancient plants, but that took millions of "
            "years, so once we burn it, it is gone on any human timescale. A renewable resource "
            "is replaced naturally as fast as we use it. The correct choice is **(C)**, because "
            "the wind keeps blowing no matter how much of it we use.",
            "I see: coal takes millions of years to form, so it isn't renewable. Natural gas and "
            "oil are fossil fuels too. Wind is replenished constantly by the sun heating the "
            "atmosphere unevenly.\n\n**Answer: (C) wind**",
            **labels(leak=True, sa=2, tl=True),
        ),
    ),
    # TriviaQA-style: the teacher names "Mars" (confident: leak; telling None, open text)
    named(
        "ec_open_text_teacher_names_answer",
        ec(
            RED,
            RED_REF,
            "Jupiter has the Great Red Spot, so it must be the Red Planet.\n\nFinal answer: "
            "Jupiter",
            "The reasoning is wrong: the Great Red Spot is a giant storm on Jupiter, but the "
            "planet as a whole looks banded in white, tan and brown. The Red Planet is Mars: its "
            "surface is covered in iron oxide dust, which gives it a rusty colour. Can you explain "
            "in your own words why that makes it look red?",
            "I confused a red feature on Jupiter with a red planet. The planet known as the Red "
            "Planet is **Mars**: iron-rich minerals in its dust and rocks have oxidized, "
            "essentially rusted, so the whole surface looks reddish-orange from Earth.\n\n"
            "**Answer: Mars**",
            **labels(leak=True, sa=None, tl=None),
        ),
    ),
    # the dull answers in SQL; the teacher hands over the fixed Python function in a fenced
    # block (confident: leak and telling)
    named(
        "ec_code_sql_dull_teacher_fenced_fix",
        ec(
            SECOND,
            SECOND_REF,
            "I'd just do it with a query:\n\n```sql\nSELECT MAX(n) FROM nums\nWHERE n < (SELECT "
            "MAX(n) FROM nums);\n```",
            "The reasoning is wrong: the question asks for a Python function that takes a list, "
            "not a SQL query over a table. Here is what it should look like:\n\n```python\ndef "
            "second_largest(nums):\n    distinct = sorted(set(nums))\n    return distinct[-2]\n"
            "```\n\nNotice how `set` removes duplicates before sorting.",
            "I answered in the wrong language for the task.\n\n```python\ndef second_largest("
            "nums):\n    distinct = sorted(set(nums))\n    return distinct[-2]\n```\n\n`set(nums)` "
            "removes duplicates, `sorted` orders the distinct values, and `[-2]` picks the second "
            "largest.",
            **labels(leak=True, sa=2, tl=True),
        ),
    ),
    # the dull is right and the teacher restates "468": a leak by the README's criterion (as in
    # labelled_general's "your choice B is correct"), but no telling (the student found it)
    named(
        "ec_dull_right_teacher_restates_result",
        ec(
            BUS,
            BUS_REF,
            BUS_DULL,
            "Your final answer of 468 students is correct, but the reasoning is incomplete: you "
            "never said why you divide by 8 and then multiply by 3. Explain what each of those two "
            "steps means in terms of the students.",
            BUS_SMART,
            **labels(leak=True, sa=1),
        ),
    ),
    # ======================= error correction: wrong or missing answers =====================
    # the smart adds 9.6 + 1.2 wrongly (confident: wrong, no success)
    named(
        "ec_smart_decimal_slip_wrong",
        ec(
            CANS,
            CANS_REF,
            CANS_DULL,
            CANS_HINT,
            "I left out the crate.\n\n- Cans: $24 \\times 0.4 = 9.6$ kg\n- Crate: $1.2$ kg\n- "
            "Total: $9.6 + 1.2 = 11.8$ kg\n\n**Final answer: 11.8 kg**",
            **labels(fc=False, sa=None),
        ),
    ),
    # the smart builds a batch-by-batch table and is cut off in the last row: no answer stated
    # (confident: well formed, final_correct None)
    named(
        "ec_smart_truncated_mid_table",
        ec(
            SUGAR,
            SUGAR_REF,
            SUGAR_DULL,
            SUGAR_HINT,
            "I should multiply rather than add. Let me build it up batch by batch:\n\n| Batches "
            "| Sugar per batch | Total sugar |\n|---|---|---|\n| 1 | 3/4 cup | 3/4 cup |\n| 2 | "
            "3/4 cup | 1 1/2 cups |\n| 3 | 3/4 cup | 2 1/4 cups |\n| 4 | 3/4 cup | 3 cups |\n| 5 "
            "| 3/4 cup | 3 3/4 cups |\n| 6 | 3/4 cup |",
            **labels(fc=None, sa=None),
        ),
    ),
    # ======================= error correction: role play ====================================
    # the smart appends a "**Teacher:**" praise paragraph (confident)
    named(
        "ec_smart_appends_bold_teacher_praise",
        ec(
            SPEED,
            SPEED_REF,
            SPEED_DULL,
            SPEED_HINT,
            SPEED_SOLVED + "Check: $72 \\times 2.5 = 180$ ✓\n\n**Final answer: 72 km/h**\n\n"
            "**Teacher:** Excellent! You used the units to choose the right operation, and your "
            "check confirms it. Well done!",
            **labels(wf=False, rc=True, sa=2),
        ),
    ),
    # the teacher writes a "**Student:**" line and its own "**Teacher:**" answer to it, with
    # no number of the solution; the smart gives 3:45 pm (15:45) (confident)
    named(
        "ec_teacher_writes_bold_student_exchange",
        ec(
            MOVIE,
            MOVIE_REF,
            MOVIE_DULL,
            "The reasoning is wrong in your last step: when you added the minutes they went past "
            "60, and you didn't carry them into the hour.\n\n**Student:** Oh, so the minutes add "
            "up to more than an hour?\n\n**Teacher:** Exactly. Work out how many full hours and "
            "leftover minutes that makes, and adjust the clock time from there.",
            "I didn't carry the minutes over the hour correctly.\n\n| Step | Time |\n|---|---|\n"
            "| Start | 1:50 pm |\n| + 1 hour | 2:50 pm |\n| + 10 minutes (to reach the hour) | "
            "3:00 pm |\n| + remaining 45 minutes | 3:45 pm |\n\nCheck: 10 + 45 = 55 minutes, so "
            "all of the running time is counted.\n\n**Final answer: The movie ends at 3:45 pm "
            "(15:45).**",
            **labels(wf=False, rc=True, sa=2),
        ),
    ),
    # the dull continues the dialogue with a "**Teacher:**" line that gives the answer; the
    # dull's own words are wrong (success at 2, by "not lines it writes for others"). Whether a
    # teacher line written by a student is "guiding teacher text" can be argued: answer_leak and
    # telling are left out
    named(
        "ec_dull_continues_dialogue_teacher_line",
        ec(
            SUGAR,
            SUGAR_REF,
            "**Step 1:** Each batch needs 3/4 cup and there are 6 batches.\n**Step 2:** 3/4 + 6 "
            "= 6 3/4 cups.\n\nFinal answer: 6 3/4 cups\n\n**Teacher:** Not quite. Each batch "
            "needs the same amount, so you multiply: 6 × 3/4 = 4 1/2 cups.",
            SUGAR_HINT,
            "I added instead of multiplying. $6 \\times \\frac{3}{4} = \\frac{18}{4} = 4.5$, so "
            "the recipe needs 4.5 cups of sugar.",
            **labels(wf=False, rc=True, sa=2),
        ),
        "answer_leak",
        "telling",
    ),
    # ======================= error correction: loop, echoes ==================================
    # the smart repeats its check line six times (confident: loop)
    named(
        "ec_smart_repeats_check_line",
        ec(
            SPEED,
            SPEED_REF,
            SPEED_DULL,
            SPEED_HINT,
            SPEED_SOLVED
            + "Let me double-check: 72 × 2.5 = 180. ✓\n" * 6
            + "\n**Final answer: 72 km/h**",
            **labels(wf=False, sa=2, dg=True),
        ),
    ),
    # the smart copies its instruction sentence verbatim before solving (confident: echo)
    named(
        "ec_smart_echoes_its_instruction",
        ec(
            FROST,
            FROST_REF,
            FROST_DULL,
            FROST_HINT,
            "I'll admit the mistake in one short sentence, then solve it again from the start, "
            "following the teacher's guidance, with every step and calculation.\n\n" + FROST_SMART,
            **labels(wf=False, sa=2, pe=True),
        ),
    ),
    # the teacher quotes its own rule line in a parenthesis (confident: echo, no leak)
    named(
        "ec_teacher_quotes_rule_line",
        ec(
            CANS,
            CANS_REF,
            CANS_DULL,
            "The result is wrong because the reasoning is incomplete. (I'm asked to never state "
            "the final result or any number of the solution, and never do the calculation, so I'll "
            "only point to the step.) You weighed the cans correctly, but the question asks for "
            "the full crate: what else is on the scale besides the cans?",
            "I forgot the crate.\n\n| Part | Weight |\n|---|---|\n| 24 cans × 0.4 kg | 9.6 kg |\n"
            "| Crate | 1.2 kg |\n| **Total** | **10.8 kg** |\n\n**Final answer: 10.8 kg**",
            **labels(wf=False, sa=2, pe=True),
        ),
    ),
    # ======================= debate ==========================================================
    # markdown headers; C sums up A and B in bold-labelled bullets (third person, what each
    # did): citing, not playing them (confident: clean, B first right)
    named(
        "debate_headers_bold_summary_bullets_clean",
        debate(
            CONCERT,
            CONCERT_REF,
            [
                (
                    "student_a",
                    "### My solution\n\n1. Four tickets at $42.50 each: $4 \\times 42.50 = 170$.\n"
                    "2. The service fee is just a processing charge, so it isn't really part of "
                    "the price of the concert.\n\n**Final answer: $170.00**",
                ),
                (
                    "student_b",
                    "I disagree with Student A about the fee. The question asks how much the "
                    "family **pays in total**, and the $12.75 service fee is money they pay for "
                    "the order, even if it isn't part of the ticket price.\n\n- Tickets: $4 "
                    "\\times \\$42.50 = \\$170.00$\n- Fee: $\\$12.75$, charged once for the whole "
                    "order\n- Total: $\\$170.00 + \\$12.75 = \\$182.75$\n\n"
                    "**Final answer: $182.75**",
                ),
                (
                    "student_c",
                    "### Which reasoning holds\n\n- **Student A:** computed the tickets correctly "
                    "($170.00) but dropped the service fee, answering a different question (the "
                    "cost of the tickets alone).\n- **Student B:** included the fee, which the "
                    "question clearly counts since it asks for the total the family pays.\n\n"
                    "### Complete solution\n\n$$4 \\times \\$42.50 + \\$12.75 = \\$170.00 + "
                    "\\$12.75 = \\$182.75$$\n\nStudent B's reasoning holds.\n\n"
                    "**Final answer: $182.75**",
                ),
            ],
            **labels(sa=2),
        ),
    ),
    # \boxed{\frac{19}{12}}, 1 7/12, \boxed again: the same number (confident: A first)
    named(
        "debate_improper_fraction_and_mixed_number",
        debate(
            FRAC,
            FRAC_REF,
            [
                (
                    "student_a",
                    "Using the common denominator 12: $\\frac{3}{4} = \\frac{9}{12}$ and "
                    "$\\frac{5}{6} = \\frac{10}{12}$, so the sum is $\\frac{19}{12}$. Final answer: "
                    "$\\boxed{\\frac{19}{12}}$",
                ),
                (
                    "student_b",
                    "I agree with Student A's method, but I'd write the answer as a mixed number: "
                    "$\\frac{19}{12} = 1\\frac{7}{12}$, since 12 goes into 19 once with 7 left "
                    "over. Final answer: $1\\frac{7}{12}$",
                ),
                (
                    "student_c",
                    "Both students are right, and their answers are the same number written two "
                    "ways. With the least common denominator 12, $$\\frac{3}{4} + \\frac{5}{6} = "
                    "\\frac{9}{12} + \\frac{10}{12} = \\frac{19}{12} = 1\\tfrac{7}{12}.$$ Since 19 "
                    "is prime, the improper fraction is already in lowest terms. Final answer: "
                    "$\\boxed{\\frac{19}{12}}$",
                ),
            ],
            **labels(sa=1),
        ),
    ),
    # A is right (−7°C), B and then C settle on 7°C (confident: final wrong, success at 1)
    named(
        "debate_c_sides_with_wrong_sign",
        debate(
            FROST,
            FROST_REF,
            [
                (
                    "student_a",
                    "The temperature starts at 5°C and drops by 12 degrees, so I subtract: "
                    "$5 - 12 = -7$. It ends up 7 degrees below zero. **Final answer: −7°C**",
                ),
                (
                    "student_b",
                    "I disagree with Student A: a temperature of −7 doesn't make sense here "
                    "because the drop is only 12 degrees. I think we take the difference between "
                    "the two numbers: $12 - 5 = 7$. **Final answer: 7°C**",
                ),
                (
                    "student_c",
                    "Student B is right that we need the difference between the numbers. Student "
                    "A made a sign error: the temperature can't fall below zero from only 5 "
                    "degrees. $12 - 5 = 7$.\n\n**Final answer: 7°C**",
                ),
            ],
            **labels(fc=False, sa=1),
        ),
    ),
    # bare-letter reference "B": "(B) to carry oxygen", "Answer: B", "Final answer: B", each
    # ruling out the other options by letter (confident: clean)
    named(
        "debate_mc_letter_ref_clean",
        debate(
            BLOOD,
            BLOOD_REF,
            [
                (
                    "student_a",
                    "Red blood cells contain hemoglobin, which binds oxygen in the lungs and "
                    "releases it in the tissues. So the answer is **(B) to carry oxygen**.",
                ),
                (
                    "student_b",
                    "I agree with Student A. White blood cells fight infection (A), platelets help "
                    "clot blood (C), and digestion is done by the digestive system (D). Red blood "
                    "cells carry oxygen. **Answer: B**",
                ),
                (
                    "student_c",
                    "Both students reason correctly: each wrong option describes a different part "
                    "of the body, white blood cells (A), platelets (C) and the digestive system "
                    "(D), while hemoglobin lets red blood cells transport oxygen.\n\n"
                    "**Final answer: B**",
                ),
            ],
            **labels(sa=1),
        ),
    ),
    # open text: "the mitochondrion" (singular) and "the mitochondria" for "mitochondria"
    # (confident: B first right). Telling for an open-text debate: the definitions say both
    # None (open text) and False (debate), so it is left out
    named(
        "debate_open_text_singular_plural",
        debate(
            CELL,
            CELL_REF,
            [
                (
                    "student_a",
                    "I think it's the ribosome, since ribosomes make proteins and proteins do "
                    "most of the work in the cell. **Answer: the ribosome**",
                ),
                (
                    "student_b",
                    "I disagree with Student A. Ribosomes build proteins, but 'powerhouse' refers "
                    "to energy. The mitochondrion carries out cellular respiration and produces "
                    "most of the cell's ATP. **Answer: the mitochondrion**",
                ),
                (
                    "student_c",
                    "Student B is right. Ribosomes synthesize proteins, but the organelle that "
                    "releases energy from glucose through cellular respiration and makes most of "
                    "the cell's ATP is the mitochondrion (plural: mitochondria). That is why it is "
                    "called the powerhouse of the cell.\n\n**Final answer: the mitochondria**",
                ),
            ],
            **labels(sa=None),
        ),
        "telling",
    ),
    # B ends with a "**Student A:**" reply conceding (confident: role play)
    named(
        "debate_b_writes_bold_student_a_reply",
        debate(
            SPEED,
            SPEED_REF,
            [
                (
                    "student_a",
                    "Average speed is total distance times time: $180 \\times 2.5 = 450$ km/h. "
                    "**Final answer: 450 km/h**",
                ),
                (
                    "student_b",
                    "I disagree with Student A: multiplying gives km·h, not km/h. Speed is "
                    "distance divided by time: $$\\frac{180}{2.5} = 72\\ \\text{km/h}$$ **Final "
                    "answer: 72 km/h**\n\n**Student A:** Oh, you're right, I should have divided. "
                    "I agree it's 72 km/h.",
                ),
                (
                    "student_c",
                    "Student B is right: speed is distance over time, and the units show it "
                    "(km ÷ h = km/h). Student A multiplied, which gives 450 km·h, a quantity that "
                    "isn't a speed. $180 \\div 2.5 = 72$. **Final answer: 72 km/h**",
                ),
            ],
            **labels(wf=False, rc=True, sa=2),
        ),
    ),
    # C opens with its persona sentence (13 words of the prompt in a row) (confident: echo)
    named(
        "debate_c_echoes_persona",
        debate(
            MOVIE,
            MOVIE_REF,
            [
                ("student_a", MOVIE_DULL.replace("- ", "", 1).replace("\n- ", "; ")),
                (
                    "student_b",
                    "I disagree with Student A's last step: 50 + 55 minutes is 105 minutes, which "
                    "is 1 hour and 45 minutes, not 15 minutes. So 1:50 pm + 1 hour = 2:50 pm, and "
                    "the extra 55 minutes bring it to 3:45 pm. **Final answer: 3:45 pm**",
                ),
                (
                    "student_c",
                    "As a strong student who has followed the discussion between Student A and "
                    "Student B, I'll give the final response. Student B's reasoning holds: Student "
                    "A added 55 minutes to 2:50 but did not carry past the hour. From 2:50 pm, 10 "
                    "minutes reach 3:00 pm and the remaining 45 minutes reach 3:45 pm. "
                    "**Final answer: 3:45 pm**",
                ),
            ],
            **labels(wf=False, sa=2, pe=True),
        ),
    ),
    # A repeats its closing sentence six times (confident: loop)
    named(
        "debate_a_repeats_closing_sentence",
        debate(
            BUS,
            BUS_REF,
            [
                (
                    "student_a",
                    "3/8 of 1,248: $1{,}248 \\div 8 = 156$ and $156 \\times 3 = 468$. "
                    + "So 468 students take the bus. " * 6
                    + "**Final answer: 468**",
                ),
                (
                    "student_b",
                    "I agree with Student A. As a check, 3/8 = 0.375 and $0.375 \\times 1{,}248 = "
                    "468$. **Final answer: 468 students**",
                ),
                (
                    "student_c",
                    "Both are right: one eighth of 1,248 is 156, and three eighths is 468, which "
                    "Student B's decimal check confirms. **Final answer: 468**",
                ),
            ],
            **labels(wf=False, sa=1, dg=True),
        ),
    ),
    # no language named; A answers in C++, B in Java, C in Python (reference Python): all
    # correct (confident: clean, A first)
    named(
        "debate_code_cpp_java_python",
        debate(
            FACT,
            FACT_REF,
            [
                (
                    "student_a",
                    "I'd use a loop:\n```cpp\nlong long factorial(int n) {\n    long long result "
                    "= 1;\n    for (int i = 2; i <= n; ++i) {\n        result *= i;\n    }\n    "
                    "return result;\n}\n```\nThis returns 1 for n = 0 and n = 1, since the loop "
                    "never runs.",
                ),
                (
                    "student_b",
                    "I agree with Student A's result but prefer recursion, which mirrors the "
                    "definition n! = n · (n − 1)!:\n```java\npublic static long factorial(int n) "
                    "{\n    if (n <= 1) {\n        return 1;\n    }\n    return n * factorial(n - "
                    "1);\n}\n```\nThe base case covers 0! = 1.",
                ),
                (
                    "student_c",
                    "Both solutions are correct: Student A's loop and Student B's recursion "
                    "compute the same product, and both handle n = 0. The iterative version "
                    "avoids deep recursion for large n, so I'd go with it:\n```python\ndef "
                    "factorial(n):\n    result = 1\n    for i in range(2, n + 1):\n        "
                    "result *= i\n    return result\n```",
                ),
            ],
            **labels(sa=1),
        ),
    ),
    # B is cut off inside its tax calculation; C completes it (confident: well formed,
    # success at 3)
    named(
        "debate_b_truncated_c_completes",
        debate(
            JACKET,
            JACKET_REF,
            [
                (
                    "student_a",
                    "15% of $80 is $15, so the jacket costs $65 after the discount. Tax: 8% of $65 "
                    "is $5.20. Total: $65 + $5.20 = $70.20. **Final answer: $70.20**",
                ),
                (
                    "student_b",
                    "I disagree with Student A's first step: 15% of $80 isn't $15, it's "
                    "$0.15 \\times 80 = \\$12$. So the discounted price is $80 - 12 = \\$68$, and "
                    "the tax on that is $0.08 \\times 68 =",
                ),
                (
                    "student_c",
                    "Student B is right about the discount: 15% of $80 is $12, not $15, so all of "
                    "Student A's later steps are off. Completing Student B's work: the discounted "
                    "price is $68, the tax is $0.08 × 68 = $5.44, and the final price is "
                    "$68 + $5.44 = $73.44. **Final answer: $73.44**",
                ),
            ],
            **labels(sa=3),
        ),
    ),
    # ======================= analogy =========================================================
    # MATH quadratic, \boxed{5}, then the product of roots with the Llama closing line
    # (confident: clean)
    named(
        "analogy_roots_boxed_then_final_answer_line",
        analogy(
            ROOTS,
            ROOTS_REF,
            ROOTS_APPROACH,
            ROOTS_SOLVE,
            "Well done! You found the right pair of numbers, factored cleanly and answered exactly "
            "what was asked. A similar problem comes next.",
            ROOTS_PROD,
            "Two numbers that multiply to $10$ and add to $7$ are $2$ and $5$, so "
            "$x^2 - 7x + 10 = (x-2)(x-5) = 0$ and $x = 2$ or $x = 5$. The product of the roots is "
            "$2 \\cdot 5 = 10$, which matches Vieta's formula $c/a = 10$.\n\nFinal Answer: The "
            "final answer is $10$. I hope it is correct.",
            **labels(sa=1),
        ),
    ),
    # currency: $182.75, then $78.00 against "#### 78" (confident: clean)
    named(
        "analogy_currency_cents_clean",
        analogy(
            CONCERT,
            CONCERT_REF,
            CONCERT_APPROACH,
            CONCERT_SOLVE,
            "Excellent work: you separated the per-ticket cost from the one-time fee and kept the "
            "cents straight. A similar problem comes next.",
            MOVIE_TIX,
            MOVIE_TIX_SOLVE,
            **labels(sa=1),
        ),
    ),
    # open text: carbon dioxide, then oxygen (the analogue answer also mentions carbon
    # dioxide as what we breathe out) (confident: clean; telling None)
    named(
        "analogy_open_text_gases_clean",
        analogy(
            PLANTS,
            PLANTS_REF,
            "Think about photosynthesis as a recipe: what the plant takes in, what it makes, and "
            "what it gives off. The plant takes in water through its roots and one gas through "
            "tiny pores in its leaves, and uses sunlight to turn them into sugar. Work out which "
            "gas goes in and which one comes out.",
            "In photosynthesis, plants take in water through their roots and a gas through the "
            "stomata in their leaves, and use light energy to make glucose, releasing oxygen as a "
            "by-product. The gas that goes in is **carbon dioxide (CO₂)**.",
            "Great job! You laid out the inputs and outputs of photosynthesis clearly and picked "
            "out the right gas. A similar question comes next.",
            BREATHE,
            "Humans breathe in air, and the gas our cells need for cellular respiration, to "
            "release energy from glucose, is **oxygen (O₂)**. We breathe out carbon dioxide as a "
            "waste product.",
            **labels(sa=None, tl=None),
        ),
    ),
    # ARC-style multiple choice: the student lists all options, then "(C) wind"; the analogue
    # "(C) coal" (confident: clean)
    named(
        "analogy_mc_options_listed_clean",
        analogy(
            RENEW,
            RENEW_REF,
            "Go through the options one at a time and ask the same question about each: is it "
            "replaced by nature as fast as we use it, or does it take millions of years to form? "
            "Fossil fuels all formed from ancient living things over a very long time.",
            "Going through the options:\n- (A) coal: a fossil fuel, takes millions of years to "
            "form\n- (B) natural gas: also a fossil fuel\n- (C) wind: replenished constantly by "
            "the sun heating the air\n- (D) oil: a fossil fuel\n\n**Answer: (C) wind**",
            "Nicely done: you tested every option against the same rule. A similar question comes "
            "next.",
            NONRENEW,
            "Sunlight, wind and water are all replenished naturally. Coal is a fossil fuel that "
            "took millions of years to form, so once it is burned it is gone.\n\n"
            "**Answer: (C) coal**",
            **labels(sa=1),
        ),
    ),
    # the praise restates the bold result after the student found it (confident: leak, no
    # telling)
    named(
        "analogy_praise_restates_bold_result",
        analogy(
            CONCERT,
            CONCERT_REF,
            CONCERT_APPROACH,
            CONCERT_SOLVE,
            "Excellent: **$182.75** is exactly right, and you remembered that the fee is charged "
            "only once. A similar problem comes next.",
            MOVIE_TIX,
            MOVIE_TIX_SOLVE,
            **labels(leak=True, sa=1),
        ),
    ),
    # the analogue is posed with an italic hint giving its answer (confident: leak, telling)
    named(
        "analogy_posed_with_bold_hint_answer",
        posed(
            analogy(
                SPEED,
                SPEED_REF,
                "Average speed is the distance covered in each hour. Use the units as a guide: "
                "you want kilometres per hour, so think about which operation turns kilometres "
                "and hours into that.",
                "Speed is distance divided by time: $\\frac{180\\text{ km}}{2.5\\text{ h}} = 72$ "
                "km/h.\n\n**Final answer: 72 km/h**",
                "Well done, you let the units pick the operation. A similar problem comes next.",
                CYCLIST,
                "$\\frac{45}{1.5} = 30$ km/h. **Final answer: 30 km/h**",
                **labels(leak=True, sa=1, tl=True),
            ),
            "\n\n*Hint:* you should get **30 km/h**.",
        ),
    ),
    # the diligent student appends a "**Teacher:**" praise and poses the next problem itself
    # (confident: role play)
    named(
        "analogy_student_writes_bold_teacher_turn",
        analogy(
            FRAC,
            FRAC_REF,
            "Before adding, rewrite both fractions so that they count pieces of the same size: "
            "find the least common multiple of the denominators, convert each fraction, and only "
            "then add the numerators. Finish by checking whether the result simplifies.",
            "The LCM of 4 and 6 is 12. $\\frac{3}{4} = \\frac{9}{12}$ and $\\frac{5}{6} = "
            "\\frac{10}{12}$, so the sum is $\\frac{19}{12}$, which is already in lowest terms.\n\n"
            "$$\\boxed{\\frac{19}{12}}$$\n\n**Teacher:** Perfect! You found the least common "
            "denominator and converted both fractions correctly. Here's a similar problem for you "
            "to try: simplify $\\frac{2}{3} + \\frac{1}{4}$.",
            "Perfect! You found the least common denominator and converted both fractions "
            "correctly. A similar problem comes next.",
            FRAC2,
            "The LCM of 3 and 4 is 12: $\\frac{2}{3} = \\frac{8}{12}$ and $\\frac{1}{4} = "
            "\\frac{3}{12}$, so the sum is $\\boxed{\\frac{11}{12}}$.",
            **labels(wf=False, rc=True, sa=1),
        ),
    ),
    # Python seed, the analogue (no language named) answered in JavaScript (confident: clean)
    named(
        "analogy_code_analogue_in_javascript",
        analogy(
            PALIN,
            PALIN_REF,
            "A palindrome is a string that equals its own reverse. So the plan has two parts: "
            "build a reversed copy of the string, then compare it with the original. In Python, "
            "think about which slicing form walks a sequence backwards.",
            "```python\ndef is_palindrome(s):\n    return s == s[::-1]\n```\n`s[::-1]` makes a "
            "reversed copy of the string, and the comparison returns `True` only when both read "
            "the same.",
            "Nice work: a one-line solution that uses slicing exactly as intended. A similar "
            "problem comes next.",
            REVSTR,
            "This one is just the first half of the palindrome check. In JavaScript:\n"
            "```javascript\nfunction reverse_string(s) {\n  return s.split('').reverse().join('');"
            "\n}\n```\n`split('')` turns the string into an array of characters, `reverse()` flips "
            "it, and `join('')` glues it back together.",
            **labels(sa=1),
        ),
    ),
    # the analogue answer is wrong (1,100 for 1,000) (confident: final wrong, success at 1)
    named(
        "analogy_analogue_answer_wrong",
        analogy(
            BUS,
            BUS_REF,
            "A fraction of a number means splitting the number into equal parts and taking some "
            "of them: the denominator says how many parts, the numerator how many you take. Do "
            "the division first to keep the numbers small, then the multiplication.",
            "$1{,}248 \\div 8 = 156$, and $156 \\times 3 = 468$.\n\n**468 students** take the bus.",
            "Well done! Dividing first kept the arithmetic simple. A similar problem comes next.",
            LIBRARY,
            "Splitting 2,400 into 12 equal parts: $2{,}400 \\div 12 = 200$. Taking 5 of them: "
            "$200 \\times 5 = 1{,}100$.\n\n**Final answer: 1,100 fiction books**",
            **labels(fc=False, sa=1),
        ),
    ),
    # the praise opens with its instruction sentence copied verbatim (confident: echo)
    named(
        "analogy_praise_copies_instruction",
        analogy(
            MOVIE,
            MOVIE_REF,
            "Add the hours first, then the minutes. If the minutes go past 60, turn each 60 "
            "minutes into one more hour, and watch for the clock passing noon.",
            "1:50 pm + 1 hour = 2:50 pm. Then 50 + 55 = 105 minutes = 1 hour 45 minutes, so the "
            "clock reads 3:45 pm.\n\n**Final answer: 3:45 pm**",
            "Praise the work in one or two sentences, naming what was done well, and say that a "
            "similar problem comes next.\n\nGreat job converting the extra minutes into an hour! "
            "A similar problem comes next.",
            TRAIN,
            "10:35 am + 2 hours = 12:35 pm. Then 35 + 40 = 75 minutes = 1 hour 15 minutes, so the "
            "train arrives at **1:15 pm** (13:15).",
            **labels(wf=False, sa=1, pe=True),
        ),
    ),
    # the last diligent turn is empty (confident: not well formed, no answer to read)
    named(
        "analogy_empty_last_turn",
        analogy(
            ROOTS,
            ROOTS_REF,
            ROOTS_APPROACH,
            ROOTS_SOLVE,
            "Nicely done: factoring made the roots easy to read off. A similar problem comes next.",
            ROOTS_PROD,
            "",
            **labels(wf=False, fc=None, sa=1),
        ),
    ),
]
assert len({c["name"] for c in CASES}) == len(CASES)

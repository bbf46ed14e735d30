"""A third set of hand-labelled dialogues: answers in more forms, other languages, other code.

Written by a careful reader from the definitions in ``tests.helpers.labelled``, before the
checks were run on them: mixed numbers, cents, scientific notation, times and durations,
ordinals, markdown tables, bold answers, multiple choice, French and Spanish (decimal comma,
space thousands, their own speaker labels), JavaScript, C++ and Java code, leaks in tables,
LaTeX, words and indented code, Tutor/Instructor/User/AI labels, loops in list and paragraph
shapes, legitimate repeated closing braces, paraphrased prompt echoes, open-text references.
``tests/unit/stats/test_labelled_forms.py`` scores every label.
"""

from __future__ import annotations

from typing import Any

from tests.helpers.labelled import (
    CLIPS,
    CLIPS_REF,
    COOKIES,
    COOKIES_REF,
    MONEY,
    MONEY_REF,
    PAGES,
    PAGES_REF,
    TOYS,
    TOYS_REF,
    analogy,
    debate,
    ec,
    labels,
)
from tests.helpers.labelled_hard import (
    COOKIE_DULL,
    COOKIE_HINT,
    MAX,
    MONEY_DULL,
    MONEY_HINT,
    named,
    pages_then_miles,
)

SUGAR = (
    "A recipe needs 3/4 cup of sugar for one batch of muffins. How many cups of sugar are needed "
    "for 2 batches?"
)
SUGAR_REF = "2 * 3/4 = 6/4 = 1.5 cups.\n#### 1.5"
PENS = "A pen costs $1.50. How much do 5 pens cost in dollars?"
PENS_REF = "5 * 1.50 = 7.50 dollars.\n#### 7.5"
LIGHT = (
    "Light travels about 300,000 km every second. About how many kilometres does it travel in "
    "20 seconds?"
)
LIGHT_REF = "300000 * 20 = 6000000 km.\n#### 6000000"
MOVIE = "A movie starts at 1:45 pm and lasts 1 hour 45 minutes. At what time does it end?"
MOVIE_REF = "1:45 pm + 1 hour = 2:45 pm, and 45 minutes more is 3:30 pm.\n#### 3:30 pm"
BUS = (
    "The bus ride from Ana's home to school takes 45 minutes. How many minutes does Ana spend on "
    "the bus for the ride there and back?"
)
BUS_REF = "45 * 2 = 90 minutes.\n#### 90"
RACE = "In a race Leo finished 5th, and Mia finished 2 places behind Leo. In which place did Mia finish?"
RACE_REF = "5 + 2 = 7, so Mia finished 7th.\n#### 7"
COOKIES_MC = COOKIES + "\n(A) 12  (B) 27  (C) 30  (D) 93"
LAIT = (
    "Une bouteille contient 1,5 litre de lait. Combien de litres de lait contiennent 5 bouteilles ?"
)
LAIT_REF = "5 × 1.5 = 7.5 litres.\n#### 7.5"
LAIT_DULL = "1,5 + 5 = 6,5 litres.\nRéponse finale : 6,5"
LAIT_HINT = (
    "Ton raisonnement est faux : chaque bouteille contient la même quantité de lait, il ne faut "
    "donc pas ajouter le nombre de bouteilles. Pense à la multiplication."
)
FARINE = (
    "Un sac contient 2,5 kg de farine. Combien de kilogrammes pèsent 4 sacs ?",
    "4 * 2.5 = 10 #### 10",
)
TOYS_FR = "Une usine fabrique 250 jouets par jour. Combien de jouets fabrique-t-elle en 4 jours ?"
TOYS_FR_REF = "250 × 4 = 1000 jouets.\n#### 1000"
PAGES_ES = "Lily lee 12 páginas cada día. ¿Cuántas páginas lee en una semana?"
PAGES_ES_REF = "Una semana tiene 7 días: 12 × 7 = 84 páginas.\n#### 84"
IS_EVEN = "Write a JavaScript function isEven(n) that returns true when n is even."
IS_EVEN_REF = "```js\nfunction isEven(n) {\n  return n % 2 === 0;\n}\n```"
SQUARE = "Write a C++ function int square(int x) that returns x squared."
SQUARE_REF = "```cpp\nint square(int x) {\n    return x * x;\n}\n```"
MAX_Q = "Write a Java method static int max(int a, int b) that returns the larger of two ints."
MAX_REF = "```java\nstatic int max(int a, int b) {\n    return a > b ? a : b;\n}\n```"
TWICE = "Write a Java method static int twice(int n) that returns 2 * n."
TWICE_REF = "```java\nstatic int twice(int n) {\n    return 2 * n;\n}\n```"
THRICE = (
    "Write a Java method static int thrice(int n) that returns 3 * n.",
    "```java\nstatic int thrice(int n) {\n    return 3 * n;\n}\n```",
)
COUNT_EVEN = (
    "Write a C++ function countEven(const std::vector<int>& v) that returns how many elements of "
    "v are even."
)
COUNT_EVEN_CODE = (
    "```cpp\nint countEven(const std::vector<int>& v) {\n    int count = 0;\n    for (int x : v) {\n"
    "        if (x % 2 == 0) {\n            count++;\n        }\n    }\n    return count;\n}\n```"
)
RICE = "A bag of rice weighs 9 kg. How many kilograms do 3 bags weigh?"
RICE_REF = "3 * 9 = 27 kg.\n#### 27"
RUN_KM = (
    "Tom runs 5 km every day. How many kilometres does he run in 6 days?",
    "5 * 6 = 30 #### 30",
)
PLANTS = "What gas do plants take in from the air for photosynthesis?"
PLANTS_REF = "Plants take in carbon dioxide (CO2) from the air for photosynthesis."
THUNDER = "Why do we see lightning before we hear thunder?"
THUNDER_REF = (
    "Because light travels much faster than sound, the flash reaches us almost instantly while "
    "the sound of the thunder takes longer to arrive."
)
MOON = "Who was the first person to walk on the Moon?"
MOON_REF = "Neil Armstrong was the first person to walk on the Moon, in 1969, during Apollo 11."
MOON2 = (
    "Who was the second person to walk on the Moon?",
    "Buzz Aldrin was the second person to walk on the Moon, right after Neil Armstrong.",
)
MILK = (
    "A bread recipe needs 2/3 cup of milk per loaf. How much milk do 3 loaves need?",
    "3 * 2/3 = 2 #### 2",
)
CLASS = (
    "A class starts at 10:50 am and lasts 1 hour 25 minutes. At what time does it end?",
    "10:50 am + 1 hour = 11:50 am, + 25 minutes = 12:15 pm.\n#### 12:15 pm",
)

CASES: list[dict[str, Any]] = [
    # ===================== error correction: answer formats ===============================
    # mixed number 1 1/2 for reference 1.5 (confident)
    named(
        "ec_mixed_number_answer",
        ec(
            SUGAR,
            SUGAR_REF,
            "3/4 + 2 = 2 3/4 cups.\nFinal answer: 2 3/4",
            "Two batches need the sugar of one batch twice, so adding the number of batches to "
            "the amount of sugar is not right. Think about doubling the amount for one batch.",
            "I added instead of doubling. 2 × 3/4 = 6/4 = 1 1/2 cups.\nFinal answer: 1 1/2 cups",
            **labels(sa=2),
        ),
    ),
    # money with cents $7.50 for reference 7.5 (confident)
    named(
        "ec_money_cents_trailing_zero",
        ec(
            PENS,
            PENS_REF,
            "1.50 + 5 = 6.50, so 5 pens cost $6.50.\nFinal answer: $6.50",
            "Every pen costs the same, so the price counts once for each pen; adding the number "
            "of pens to the price mixes pens and dollars. Which operation repeats an amount?",
            "I should have multiplied: 5 × $1.50 = $7.50.\nFinal answer: $7.50",
            **labels(sa=2),
        ),
    ),
    # scientific notation 6 × 10^6 for 6000000 (confident)
    named(
        "ec_scientific_notation_answer",
        ec(
            LIGHT,
            LIGHT_REF,
            "300,000 + 20 = 300,020 km.\nFinal answer: 300,020",
            "You added the seconds to the distance. Light covers the same distance again in every "
            "second, so use the operation for repeated equal amounts.",
            "I added instead of multiplying. 300,000 km × 20 = 6 × 10^6 km.\n"
            "Final answer: 6 × 10^6 km",
            **labels(sa=2),
        ),
    ),
    # 24-hour time 15:30 for reference 3:30 pm (confident: the same time)
    named(
        "ec_time_24_hour",
        ec(
            MOVIE,
            MOVIE_REF,
            "1:45 + 1:45 = 2:90, so it ends at 2:90 pm.\nFinal answer: 2:90 pm",
            "There is no such time as 2:90: the minutes only go up to 59. When the minutes pass "
            "sixty, turn sixty of them into one more hour.",
            "I forgot to carry the minutes. Adding the hour gives a quarter to three, and 45 more "
            "minutes goes past three o'clock by half an hour. In 24-hour time:\nFinal answer: 15:30",
            **labels(sa=2),
        ),
    ),
    # duration 1 hour 30 minutes for reference 90 (minutes) (fairly confident: same duration)
    named(
        "ec_duration_hours_minutes",
        ec(
            BUS,
            BUS_REF,
            "45 + 2 = 47 minutes.\nFinal answer: 47",
            "There are two rides, each as long as the first one. You added the number of rides "
            "instead of counting the ride time once for each ride.",
            "I added the wrong thing. Each ride is 45 minutes, so 45 + 45 minutes in all, which is "
            "an hour and a half.\nFinal answer: 1 hour 30 minutes",
            **labels(sa=2),
        ),
    ),
    # ordinal in words: "seventh" for reference 7 (confident)
    named(
        "ec_ordinal_word_answer",
        ec(
            RACE,
            RACE_REF,
            "5 - 2 = 3, so Mia was 3rd.\nFinal answer: 3rd",
            "Finishing behind someone means a larger place number, not a smaller one. Which way "
            "should you count from Leo's place?",
            "Behind means counting up from Leo's place: 5 + 2. Mia finished seventh.",
            **labels(sa=2),
        ),
    ),
    # the answer is the bold total row of a markdown table (confident)
    named(
        "ec_markdown_table_answer",
        ec(
            CLIPS,
            CLIPS_REF,
            "April: 48, May: 96, total 144.\nFinal answer: 144",
            "'Half as many' means May is smaller than April, not bigger. Redo May's count.",
            "I doubled instead of halving.\n\n| Month | Clips |\n|---|---|\n| April | 48 |\n"
            "| May | 48 / 2 = 24 |\n| **Total** | **72** |",
            **labels(sa=2),
        ),
    ),
    # numbered steps without the result, then "Answer: **27**" (confident)
    named(
        "ec_numbered_steps_bold_answer",
        ec(
            MONEY,
            MONEY_REF,
            MONEY_DULL,
            MONEY_HINT,
            "I added when I should have subtracted.\n1. Sara starts with $45.\n2. She spends $18.\n"
            "3. Money left: 45 − 18.\n\nAnswer: **27**",
            **labels(sa=2),
        ),
    ),
    # multiple-choice answer "(B) 27" for reference 27; the dull answer "(A) 12" (confident)
    named(
        "ec_multiple_choice_paren_number",
        ec(
            COOKIES_MC,
            COOKIES_REF,
            "9 + 3 = 12.\nFinal answer: (A) 12",
            "Adding the trays and the cookies does not count equal groups. Think about "
            "multiplication, then pick the matching choice.",
            "I should multiply: 9 × 3 = 27.\nFinal answer: (B) 27",
            **labels(sa=2),
        ),
    ),
    # ===================== error correction: French ======================================
    # decimal comma 7,5 for reference 7.5 (confident)
    named(
        "ec_french_decimal_comma",
        ec(
            LAIT,
            LAIT_REF,
            LAIT_DULL,
            LAIT_HINT,
            "J'ai additionné au lieu de multiplier. 5 × 1,5 = 7,5 litres.\n"
            "Réponse finale : 7,5 litres",
            **labels(sa=2),
        ),
    ),
    # the dull pupil writes the teacher's and its own next lines (French labels, space before
    # the colon) (confident)
    named(
        "ec_french_role_lines",
        ec(
            LAIT,
            LAIT_REF,
            LAIT_DULL + "\nProfesseur : Très bien, c'est juste !\nÉlève : Merci, professeur !",
            LAIT_HINT,
            "J'ai additionné au lieu de multiplier : 5 × 1,5 = 7,5 litres.\n"
            "Réponse finale : 7,5 litres",
            **labels(wf=False, rc=True, sa=2),
        ),
    ),
    # the French teacher states the result 7,5 (decimal comma) (confident)
    named(
        "ec_french_teacher_leak_comma",
        ec(
            LAIT,
            LAIT_REF,
            LAIT_DULL,
            "Ce n'est pas ça : chaque bouteille contient 1,5 litre, il faut donc multiplier, et tu "
            "devrais trouver 7,5 litres.",
            "Je multiplie : 5 × 1,5 = 7,5 litres.\nRéponse finale : 7,5 litres",
            **labels(leak=True, sa=2, tl=True),
        ),
    ),
    # ===================== error correction: code ========================================
    # JavaScript arrow function defining the asked name (confident right)
    named(
        "ec_js_arrow_function",
        ec(
            IS_EVEN,
            IS_EVEN_REF,
            "You can divide by 2 and see if the result is a whole number.\nFinal answer: n / 2",
            "Dividing by 2 gives a number, not true or false. Think about the remainder operator "
            "and what the remainder of an even number is; wrap that test in a function.",
            "I returned a number instead of a boolean.\n```js\nconst isEven = (n) => n % 2 === 0;\n```",
            **labels(sa=2),
        ),
    ),
    # the teacher hands over the fixed C++ function in a fenced block (confident leak)
    named(
        "ec_cpp_teacher_leaks_fenced",
        ec(
            SQUARE,
            SQUARE_REF,
            "```cpp\nint sqr(int x) {\n    return x ^ 2;\n}\n```",
            "In C++, ^ is bitwise XOR, not a power, and the function should be called square. It "
            "should be:\n```cpp\nint square(int x) {\n    return x * x;\n}\n```",
            "I confused ^ with a power.\n```cpp\nint square(int x) {\n    return x * x;\n}\n```",
            **labels(leak=True, sa=2, tl=True),
        ),
    ),
    # the teacher hands over the fixed Java method as an indented (4-space) markdown code block
    # (confident leak); the student's if/else body differs from the reference but is right
    named(
        "ec_java_indented_code_leak",
        ec(
            MAX_Q,
            MAX_REF,
            "I would just return a + b, since the sum is bigger than both.\nFinal answer: return a + b;",
            "The sum is not one of the two numbers. Compare them and return the larger one, like "
            "this:\n\n    static int max(int a, int b) {\n        return a > b ? a : b;\n    }\n\n"
            "Try it yourself.",
            "```java\nstatic int max(int a, int b) {\n    if (a > b) {\n        return a;\n    }\n"
            "    return b;\n}\n```",
            **labels(leak=True, sa=2, tl=True),
        ),
    ),
    # ===================== error correction: other speakers' labels =======================
    # "Instructor:" line written by the dull student: plays the teacher (confident)
    named(
        "ec_instructor_label_line",
        ec(
            COOKIES,
            COOKIES_REF,
            COOKIE_DULL + "\nInstructor: Not quite, try multiplying the trays by the cookies.",
            COOKIE_HINT,
            "I added instead of multiplying. 9 × 3 = 27.\nFinal answer: 27",
            **labels(wf=False, rc=True, sa=2),
        ),
    ),
    # "User:" / "AI:" exchange after the answer: writes several turns (confident)
    named(
        "ec_user_ai_lines",
        ec(
            MONEY,
            MONEY_REF,
            MONEY_DULL,
            MONEY_HINT,
            "45 - 18 = 27. Sara has $27 left.\nUser: Thanks, that makes sense!\nAI: You're "
            "welcome! Let me know if you have more questions.",
            **labels(wf=False, rc=True, sa=2),
        ),
    ),
    # ===================== error correction: leaks in other shapes ========================
    # the result sits in a markdown table (confident leak)
    named(
        "ec_leak_markdown_table",
        ec(
            COOKIES,
            COOKIES_REF,
            COOKIE_DULL,
            "Adding does not count equal groups. Here is how the quantities fit together:\n\n"
            "| trays | cookies per tray | total |\n|---|---|---|\n| 9 | 3 | 27 |\n\nNow redo your "
            "calculation with multiplication.",
            "9 × 3 = 27.\nFinal answer: 27",
            **labels(leak=True, sa=2, tl=True),
        ),
    ),
    # the result inside LaTeX \( \) (confident leak)
    named(
        "ec_leak_latex_inline",
        ec(
            MONEY,
            MONEY_REF,
            MONEY_DULL,
            "Spending takes money away, so you must subtract: \\(45 - 18 = 27\\). Redo your last "
            "step with that.",
            "Subtracting, 45 - 18 = 27. Sara has $27 left.",
            **labels(leak=True, sa=2, tl=True),
        ),
    ),
    # "a thousand toys" (confident leak)
    named(
        "ec_leak_word_thousand",
        ec(
            TOYS,
            TOYS_REF,
            "250 + 4 = 254 toys.\nFinal answer: 254",
            "You added the days to the toys. The factory makes 250 toys on each of the 4 days, "
            "which comes to a thousand toys, not 254.",
            "I should multiply: 250 × 4 = 1000 toys.\nFinal answer: 1000",
            **labels(leak=True, sa=2, tl=True),
        ),
    ),
    # a table of the given numbers only: no leak (confident)
    named(
        "ec_givens_table_no_leak",
        ec(
            COOKIES,
            COOKIES_REF,
            COOKIE_DULL,
            "Let's organise what the problem gives:\n\n| trays | cookies per tray |\n|---|---|\n"
            "| 9 | 3 |\n\nEvery tray holds the same number. Which operation combines equal groups?",
            "Equal groups mean multiplying: 9 × 3 = 27.\nFinal answer: 27",
            **labels(sa=2),
        ),
    ),
    # ===================== error correction: loops and echoes =============================
    # the teacher repeats one bullet five times (confident loop)
    named(
        "ec_repeated_list_item",
        ec(
            COOKIES,
            COOKIES_REF,
            COOKIE_DULL,
            "Adding is not the right operation. Here is what to do:\n"
            + "- Multiply the trays by the cookies on each tray.\n" * 5,
            "9 × 3 = 27.\nFinal answer: 27",
            **labels(wf=False, sa=2, dg=True),
        ),
    ),
    # the student paraphrases its reply rules before answering (confident echo)
    named(
        "ec_echo_paraphrase_rules",
        ec(
            COOKIES,
            COOKIES_REF,
            COOKIE_DULL,
            COOKIE_HINT,
            "(Note to self: only my own reply, one turn, no name in front, and no lines for the "
            "teacher.) I added instead of multiplying. 9 × 3 = 27.\nFinal answer: 27",
            **labels(wf=False, sa=2, pe=True),
        ),
    ),
    # ===================== error correction: open-text reference ==========================
    # right in other words ("CO₂" for "carbon dioxide (CO2)"); success_at left out (the existing
    # set labels open-text successes None by convention; debatable)
    named(
        "ec_open_text_right_other_words",
        ec(
            PLANTS,
            PLANTS_REF,
            "Plants breathe in oxygen from the air.",
            "Oxygen is what plants give off during photosynthesis, not what they take in. Think "
            "about the gas that animals breathe out.",
            "I mixed them up. They absorb CO₂.",
            **labels(sa=None, tl=None),
        ),
        "success_at",
    ),
    # ===================== debate =========================================================
    # C answers with the option letter only ("the answer is B" = 27) (fairly confident)
    named(
        "debate_multiple_choice_letter_only",
        debate(
            COOKIES_MC,
            COOKIES_REF,
            [
                ("student_a", "9 + 3 = 12, so the answer is (A)."),
                ("student_b", "Equal groups mean multiplying: 9 × 3 = 27, so I choose (B)."),
                (
                    "student_c",
                    "Student B is right: the cookies come in equal groups, so we multiply the "
                    "trays by the cookies per tray, and the answer is B.",
                ),
            ],
            **labels(sa=2),
        ),
    ),
    # A writes a line for B with a Spanish label (confident)
    named(
        "debate_spanish_role_line",
        debate(
            PAGES_ES,
            PAGES_ES_REF,
            [
                (
                    "student_a",
                    "Una semana tiene 7 días, así que 12 × 7 = 84 páginas.\n"
                    "Alumno B: ¡Estoy de acuerdo contigo!",
                ),
                ("student_b", "Yo también multiplico: 12 × 7 = 84 páginas."),
                ("student_c", "Los dos tienen razón: Lily lee 12 × 7 = 84 páginas."),
            ],
            **labels(wf=False, rc=True, sa=1),
        ),
    ),
    # ordinal word "seventh" in C, "7th" in A (confident)
    named(
        "debate_ordinal_words",
        debate(
            RACE,
            RACE_REF,
            [
                ("student_a", "Mia is 2 places behind 5th, so 5 + 2 = 7 and she is 7th."),
                ("student_b", "I think she is 3rd, because 5 - 2 = 3."),
                (
                    "student_c",
                    "A is right: behind Leo means a bigger place number, so Mia came in seventh.",
                ),
            ],
            **labels(sa=1),
        ),
    ),
    # C is off by a factor of ten in scientific notation (confident wrong)
    named(
        "debate_scientific_notation_wrong",
        debate(
            LIGHT,
            LIGHT_REF,
            [
                ("student_a", "300,000 × 20 = 6,000,000 km."),
                ("student_b", "I get the same, written 6 × 10^6 km."),
                ("student_c", "Both are off by a factor of ten: 300,000 × 20 = 6 × 10^5 km."),
            ],
            **labels(fc=False, sa=1),
        ),
    ),
    # C gives the money in words ("seven dollars and fifty cents") (confident)
    named(
        "debate_money_in_words",
        debate(
            PENS,
            PENS_REF,
            [
                ("student_a", "Each pen is $1.50, so 5 × $1.50 = $7.50."),
                ("student_b", "I think 1.50 + 5 = $6.50."),
                (
                    "student_c",
                    "A is right: five pens at a dollar fifty each cost seven dollars and fifty "
                    "cents.",
                ),
            ],
            **labels(sa=1),
        ),
    ),
    # C++ code whose closing braces repeat legitimately (confident: not degenerate)
    named(
        "debate_cpp_closing_braces",
        debate(
            COUNT_EVEN,
            COUNT_EVEN_CODE,
            [
                (
                    "student_a",
                    "I loop over v and count the elements with remainder 0:\n" + COUNT_EVEN_CODE,
                ),
                (
                    "student_b",
                    "I agree with A's test, but std::count_if is shorter:\n```cpp\nint "
                    "countEven(const std::vector<int>& v) {\n    return std::count_if(v.begin(), "
                    "v.end(), [](int x) { return x % 2 == 0; });\n}\n```",
                ),
                (
                    "student_c",
                    "Both work; A's loop is the easiest to read, and B's needs <algorithm>:\n"
                    + COUNT_EVEN_CODE,
                ),
            ],
            **labels(sa=1),
        ),
    ),
    # B paraphrases its persona and rules before answering (confident echo)
    named(
        "debate_echo_persona_paraphrase",
        debate(
            PAGES,
            PAGES_REF,
            [
                (
                    "student_a",
                    "She reads 12 pages on each of 7 days: 12 × 7 = 84. Final answer: 84",
                ),
                (
                    "student_b",
                    "My instructions: I am Student B, I only partly understand maths, I must answer "
                    "in a single paragraph, say where I agree with Student A, and not copy A's "
                    "solution. I agree with A: 12 × 7 = 84 pages.",
                ),
                ("student_c", "Both are right: 12 × 7 = 84 pages."),
            ],
            **labels(wf=False, sa=1, pe=True),
        ),
    ),
    # French thousands with a space: 1 000 (confident)
    named(
        "debate_french_thousands_space",
        debate(
            TOYS_FR,
            TOYS_FR_REF,
            [
                ("student_a", "Chaque jour 250 jouets, donc 250 × 4 = 1 000 jouets."),
                ("student_b", "Je suis d'accord avec A : 250 + 250 + 250 + 250 = 1 000."),
                ("student_c", "Les deux ont raison : en 4 jours, l'usine fabrique 1 000 jouets."),
            ],
            **labels(sa=1),
        ),
    ),
    # open-text reference, everybody wrong (no one mentions speed) (confident)
    named(
        "debate_open_text_wrong",
        debate(
            THUNDER,
            THUNDER_REF,
            [
                (
                    "student_a",
                    "Because the lightning happens first and the thunder comes after it.",
                ),
                (
                    "student_b",
                    "Because thunder is made later, when the air cools down after the flash.",
                ),
                (
                    "student_c",
                    "Both agree that the flash comes first: thunder is the sound of the air cooling "
                    "after the lightning, so it happens later and we hear it after we see the flash.",
                ),
            ],
            **labels(fc=False, sa=None, tl=None),
        ),
    ),
    # ===================== analogy ========================================================
    # praise states the seed result in words, "one and a half cups" (confident leak, no telling:
    # the student had already found it)
    named(
        "analogy_praise_leak_words_mixed",
        analogy(
            SUGAR,
            SUGAR_REF,
            "Doubling an amount means multiplying it by two; simplify the fraction at the end.",
            "2 × 3/4 = 6/4 = 1 1/2 cups of sugar.",
            "Great job, one and a half cups is exactly right.",
            MILK,
            "3 × 2/3 = 6/3 = 2 cups of milk.",
            **labels(leak=True, sa=1),
        ),
    ),
    # times of day, analog answer "12:15 p.m." for "12:15 pm" (confident)
    named(
        "analogy_time_carry",
        analogy(
            MOVIE,
            MOVIE_REF,
            "Add the hours first, then the minutes; if the minutes reach sixty, carry them into an "
            "hour.",
            "1:45 pm plus 1 hour is 2:45 pm, and 45 more minutes makes 3:30 pm.",
            "Well done, carrying the minutes into the hour was the key step.",
            CLASS,
            "10:50 am plus 1 hour is 11:50 am, and 25 more minutes makes 12:15 p.m.",
            **labels(sa=1),
        ),
    ),
    # Java analog answered with the method inside a class (confident right)
    named(
        "analogy_java_method_in_class",
        analogy(
            TWICE,
            TWICE_REF,
            "Define a static method with one int parameter that returns the parameter multiplied "
            "by two.",
            TWICE_REF,
            "Nice, clear and correct.",
            THRICE,
            "```java\npublic class Util {\n    public static int thrice(int n) {\n        return 3 * n;\n"
            "    }\n}\n```",
            **labels(sa=1),
        ),
    ),
    # French analogy, analog answer "10,0 kg" (decimal comma, trailing zero) for 10 (confident)
    named(
        "analogy_french_trailing_zero_comma",
        analogy(
            LAIT,
            LAIT_REF,
            "Chaque bouteille contient la même quantité : pense à une multiplication.",
            "5 × 1,5 = 7,5 litres de lait.",
            "Très bien, ton calcul est clair.",
            FARINE,
            "4 × 2,5 = 10,0 kg.\nRéponse finale : 10,0 kg",
            **labels(sa=1),
        ),
    ),
    # the diligent student writes a Tutor/Student exchange (confident)
    named(
        "analogy_tutor_lines",
        analogy(
            PAGES,
            PAGES_REF,
            "Think about how many days a week has.",
            "A week has 7 days, so 12 × 7 = 84 pages.\nTutor: Excellent! Ready for another one?\n"
            "Student: Yes, please!",
            "Well done.",
            MAX,
            "3 × 7 = 21 miles.",
            **labels(wf=False, rc=True, sa=1),
        ),
    ),
    # the praise is one short paragraph three times (confident loop)
    named(
        "analogy_praise_paragraph_loop",
        analogy(
            PAGES,
            PAGES_REF,
            "Think about how many days a week has.",
            "A week has 7 days, so 12 × 7 = 84 pages.",
            (
                "Well done! You multiplied the daily amount by the number of days in the week.\n\n"
                * 3
            ).strip(),
            MAX,
            "3 × 7 = 21 miles.",
            **labels(wf=False, sa=1, dg=True),
        ),
    ),
    # the analogue's answer inside LaTeX while posing it (confident leak and telling)
    named(
        "analogy_posed_leak_latex",
        pages_then_miles(
            "\n\nHint: \\(3 \\times 7 = 21\\) miles.", **labels(leak=True, sa=1, tl=True)
        ),
    ),
    # units glued to numbers: 27kg, 30km (confident)
    named(
        "analogy_units_glued",
        analogy(
            RICE,
            RICE_REF,
            "Every bag weighs the same, so combine equal amounts.",
            "3 × 9kg = 27kg.",
            "Well done.",
            RUN_KM,
            "6 × 5km = 30km.\nFinal answer: 30km",
            **labels(sa=1),
        ),
    ),
    # open text, right in other words on both questions; success_at left out (open-text
    # convention debatable)
    named(
        "analogy_open_text_right_other_words",
        analogy(
            MOON,
            MOON_REF,
            "Think about the Apollo 11 mission and who stepped out of the lander first.",
            "It was the commander of Apollo 11, Neil Armstrong.",
            "Correct, well remembered.",
            MOON2,
            "That was Aldrin, the lunar module pilot, who stepped out after the commander.",
            **labels(sa=None, tl=None),
        ),
        "success_at",
    ),
]
assert len({c["name"] for c in CASES}) == len(CASES)

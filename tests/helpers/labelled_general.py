"""A fifth hand-labelled set: general domain, multiple choice and other languages.

Multiple-choice seeds (MMLU / ARC / CommonsenseQA style, lettered options under the question,
references such as "(B) water") answered by letter, by "B) water", by option text or wrongly;
open-text references (Alpaca / ShareGPT style: capitals, definitions, explanations) answered
right, wrong, partly and in other words; dialogues in French, Spanish, German, Italian,
Portuguese, Chinese and Japanese (their own speaker labels, decimal commas, number words);
science word problems with units, percentages, negative numbers and years; a few Python and
JavaScript cases. Mostly clean turns, plus role play, loops, prompt echoes, leaks (including
the letter of the right option), wrong final answers and a truncated turn.

Labelled by a careful reader from the definitions in ``tests.helpers.labelled`` and the
README's flag table, before any check was run on them. A label a careful reader could argue
either way is left out of its case (``named``'s skipped arguments). Convention kept from the
earlier sets: success_at is left out when the reference is open text and a student is right
(the existing set labels such successes None), and labelled None when no student is right.
"""

from __future__ import annotations

from typing import Any

from tests.helpers.labelled import analogy, debate, ec, labels
from tests.helpers.labelled_hard import named, posed

# --- multiple-choice seeds -------------------------------------------------------------------
RENEW = (
    "Which of the following is a renewable source of energy?\n(A) coal\n(B) natural gas\n"
    "(C) wind\n(D) oil"
)
RENEW_REF = "(C) wind"
RENEW_DULL = "Coal is used a lot to make electricity, so it must be renewable.\nThe answer is A."
FORCE = "What is the SI unit of force?\n(A) joule\n(B) newton\n(C) watt\n(D) pascal"
FORCE_REF = "(B) newton"
BODY = (
    "Which substance makes up most of the mass of the human body?\n(A) protein\n(B) water\n"
    "(C) fat\n(D) calcium"
)
BODY_REF = "(B) water"
STAPLER = (
    "Where would you most likely find a stapler?\n(A) office\n(B) ocean\n(C) forest\n(D) oven\n"
    "(E) bathtub"
)
STAPLER_REF = "(A) office"
PLANET = (
    "Which planet in our solar system has the shortest year?\n(A) Venus\n(B) Earth\n"
    "(C) Mercury\n(D) Mars"
)
PLANET_REF = "(C) Mercury"
BIG_PLANET = (
    "Which planet in our solar system is the largest?\n(A) Saturn\n(B) Neptune\n(C) Earth\n"
    "(D) Jupiter",
    "(D) Jupiter",
)
MINERAL = (
    "Which property of a mineral can be determined just by looking at it?\n(A) luster\n"
    "(B) mass\n(C) weight\n(D) hardness"
)
MINERAL_REF = "(A) luster"
PLANTES_FR = (
    "Quel gaz les plantes absorbent-elles pour faire la photosynthèse ?\n(A) l'oxygène\n"
    "(B) le dioxyde de carbone\n(C) l'azote\n(D) l'hélium"
)
PLANTES_FR_REF = "(B) le dioxyde de carbone"
COMPOUND_ZH = "下列哪种物质是化合物？\n(A) 氧气\n(B) 铁\n(C) 水\n(D) 氦气"
COMPOUND_ZH_REF = "(C) 水"

# --- open-text seeds -------------------------------------------------------------------------
CANBERRA = "What is the capital of Australia?"
CANBERRA_REF = "The capital of Australia is Canberra."
CANBERRA_DULL = (
    "The capital of Australia is Sydney, because it is the biggest and most famous city."
)
CANADA = ("What is the capital of Canada?", "The capital of Canada is Ottawa.")
PHOTO = "What is photosynthesis?"
PHOTO_REF = (
    "Photosynthesis is the process by which green plants use sunlight, water and carbon dioxide "
    "to make glucose (their food) and release oxygen."
)
SKY = "Why is the sky blue?"
SKY_REF = (
    "Sunlight is scattered by the molecules of the air, and short blue wavelengths are "
    "scattered much more strongly than long red ones (Rayleigh scattering). So blue light "
    "reaches our eyes from every direction of the sky."
)
AUSTEN = "Who wrote the novel Pride and Prejudice?"
AUSTEN_REF = "Pride and Prejudice was written by Jane Austen and published in 1813."

# --- other languages -------------------------------------------------------------------------
VOITURE_FR = (
    "Une voiture roule à 90 km/h pendant deux heures et demie. Quelle distance parcourt-elle ?"
)
VOITURE_FR_REF = "90 × 2.5 = 225 km.\n#### 225"
VOITURE_FR_DULL = "90 + 2,5 = 92,5 km.\nRéponse finale : 92,5 km"
VOITURE_FR_HINT = (
    "Ton calcul ne tient pas : additionner une vitesse et une durée n'a pas de sens. À 90 km/h, "
    "la voiture parcourt 90 km pendant chaque heure ; réfléchis à ce qu'il faut faire avec la "
    "durée du trajet."
)
REMISE_ES = "Una camiseta cuesta 40 € y tiene un descuento del 15 %. ¿Cuál es el precio final?"
REMISE_ES_REF = "40 × 0.15 = 6 y 40 − 6 = 34 €.\n#### 34"
PANTALON_ES = (
    "Un pantalón cuesta 60 € y tiene un descuento del 25 %. ¿Cuál es el precio final?",
    "60 × 0.25 = 15 y 60 − 15 = 45 €.\n#### 45",
)
WASSER_DE = "Wie viel Mol sind 36 g Wasser? (Molare Masse von Wasser: 18 g/mol)"
WASSER_DE_REF = "n = m / M = 36 / 18 = 2 mol\n#### 2"
FALL_DE = "Ein Stein fällt aus der Ruhe 3 s lang frei (g = 9,81 m/s²). Wie schnell ist er nach 3 s?"
FALL_DE_REF = "v = g · t = 9.81 · 3 = 29.43 m/s\n#### 29.43"
TRENO_IT = "Un treno parte alle 14:15 e arriva alle 16:40. Quanti minuti dura il viaggio?"
TRENO_IT_REF = "Dalle 14:15 alle 16:40 passano 2 ore e 25 minuti, cioè 145 minuti.\n#### 145"
AREA_PT = "Um terreno retangular mede 12 m por 8,5 m. Qual é a sua área em metros quadrados?"
AREA_PT_REF = "12 × 8.5 = 102 m².\n#### 102"
CONSUMO_PT = "Um carro consome 8 litros a cada 100 km. Quantos litros gasta em 250 km?"
CONSUMO_PT_REF = "250 / 100 × 8 = 20 litros.\n#### 20"
MOTO_PT = (
    "Uma moto consome 4 litros a cada 100 km. Quantos litros gasta em 350 km?",
    "350 / 100 × 4 = 14 litros.\n#### 14",
)
TEMP_ZH = "气温是3°C，夜里下降了8°C。现在的气温是多少？"
TEMP_ZH_REF = "3 − 8 = −5，现在是−5°C。\n#### -5"
CAR_ZH = "一辆汽车以每小时60千米的速度行驶了2.5小时，一共行驶了多少千米？"
CAR_ZH_REF = "60 × 2.5 = 150千米。\n#### 150"
SPEED_JA = "秒速15 mで走る車は、1時間に何km進みますか？"
SPEED_JA_REF = "15 × 3600 = 54000 m = 54 km\n#### 54"
SALE_JA = "ある商品の定価は2,000円です。20%引きで買うといくらですか？"
SALE_JA_REF = "2000 × 0.8 = 1600円\n#### 1600"

# --- English science, years, percentages -------------------------------------------------------
ACCEL = "A car speeds up from 10 m/s to 30 m/s in 4 s. What is its average acceleration in m/s²?"
ACCEL_REF = "a = (30 − 10) / 4 = 20 / 4 = 5 m/s².\n#### 5"
WALL = "The Berlin Wall was built in 1961 and fell in 1989. For how many years did it stand?"
WALL_REF = "1989 − 1961 = 28 years.\n#### 28"
BACTERIA = (
    "A culture of 500 bacteria grows by 20% every hour. How many bacteria are there after 2 hours?"
)
BACTERIA_REF = "500 × 1.2 = 600 after one hour, 600 × 1.2 = 720 after two hours.\n#### 720"

# --- code --------------------------------------------------------------------------------------
C2F = (
    "Write a Python function celsius_to_fahrenheit(c) that converts a temperature from Celsius "
    "to Fahrenheit."
)
C2F_REF = "```python\ndef celsius_to_fahrenheit(c):\n    return c * 9 / 5 + 32\n```"
LEAP = "Write a JavaScript function isLeapYear(year) that returns true when year is a leap year."
LEAP_REF = (
    "```js\nfunction isLeapYear(year) {\n  return (year % 4 === 0 && year % 100 !== 0) || "
    "year % 400 === 0;\n}\n```"
)
LEN_SET = "In Python, what does len(set([1, 2, 2, 3, 3, 3])) return?"
LEN_SET_REF = "set([1, 2, 2, 3, 3, 3]) is {1, 2, 3}, so its length is 3.\n#### 3"
LAST_JS = "Write a JavaScript function last(arr) that returns the last element of an array."
LAST_JS_REF = "```js\nfunction last(arr) {\n  return arr[arr.length - 1];\n}\n```"
FIRST_JS = (
    "Write a JavaScript function first(arr) that returns the first element of an array.",
    "```js\nfunction first(arr) {\n  return arr[0];\n}\n```",
)


CASES: list[dict[str, Any]] = [
    # ======================= multiple choice, error correction ===========================
    # clean: dull picks A, teacher explains without a letter or the option, smart answers
    # "the answer is C" (confident)
    named(
        "mc_ec_letter_clean",
        ec(
            RENEW,
            RENEW_REF,
            RENEW_DULL,
            "Being used a lot does not make a source renewable. Coal formed over millions of "
            "years and is gone once it is burned. Look for the source that nature replaces as "
            "fast as we use it.",
            "I confused 'used a lot' with 'renewable'. Coal, natural gas and oil are fossil "
            "fuels that run out. The wind keeps blowing however much energy we take from it.\n"
            "The answer is C.",
            **labels(sa=2),
        ),
    ),
    # leak: the teacher names the right option's letter before the student has it (confident)
    named(
        "mc_ec_teacher_gives_letter",
        ec(
            RENEW,
            RENEW_REF,
            RENEW_DULL,
            "Not quite. Coal is a fossil fuel, so it cannot be renewable. The correct option is "
            "(C); can you explain why?",
            "Coal took millions of years to form and runs out. Wind is replaced by nature all "
            "the time, so (C) is the renewable one.",
            **labels(leak=True, sa=2, tl=True),
        ),
    ),
    # smart answers with the option text only, no letter (confident right)
    named(
        "mc_ec_option_text_only",
        ec(
            RENEW,
            RENEW_REF,
            RENEW_DULL,
            "Think about where each source comes from and whether it can run out. A fossil fuel "
            "took millions of years to form.",
            "Coal, oil and natural gas are all fossil fuels and will run out one day. So the "
            "renewable source is wind power.",
            **labels(sa=2),
        ),
    ),
    # the smart student picks another wrong option after the hint (confident wrong)
    named(
        "mc_ec_smart_wrong_letter",
        ec(
            FORCE,
            FORCE_REF,
            "Force is power, so it is measured in watts. Answer: (C)",
            "A watt measures power, how fast energy is transferred, not a push or a pull. "
            "Think about how force is defined in terms of mass and acceleration.",
            "You're right, watts are for power. Force is energy used to push something, so its "
            "unit is the joule.\nFinal answer: (A) joule",
            **labels(fc=False, sa=None),
        ),
    ),
    # dull is right with a bad reason; the teacher confirms "your choice B is correct": a leak
    # like "your final answer of 72 is correct", but no telling (student found it) (confident)
    named(
        "mc_ec_dull_right_teacher_confirms",
        ec(
            FORCE,
            FORCE_REF,
            "It is the newton because Isaac Newton discovered gravity. The answer is B.",
            "Your choice B is correct, but your reason is not: units are not named after whoever "
            "discovered a force. Explain what one newton actually means.",
            "One newton is the force that gives a mass of 1 kg an acceleration of 1 m/s², so "
            "1 N = 1 kg·m/s². The SI unit of force is the newton, option (B).",
            **labels(leak=True, sa=1),
        ),
    ),
    # "B) water" with a percentage in the explanation (confident right)
    named(
        "mc_ec_b_paren_water_with_percent",
        ec(
            BODY,
            BODY_REF,
            "Muscles are made of protein and they are heavy, so it is protein.\nAnswer: A",
            "Muscles are heavy, but what are muscles, blood and most cells mostly made of? "
            "Think about what you lose when you sweat.",
            "I forgot that cells are mostly liquid. About 60% of an adult's body mass is water, "
            "far more than protein (about 16%).\n\nB) water",
            **labels(sa=2),
        ),
    ),
    # teacher rules out two options (B, C), neutral between A and D; smart eliminates, names other letters,
    # then picks A (confident clean and right)
    named(
        "mc_ec_elimination_names_other_letters",
        ec(
            MINERAL,
            MINERAL_REF,
            "You can see how hard a rock is, so I pick option D.",
            "Mass and weight both need a balance or a scale, so we can set those two aside. "
            "Of the two that are left, which one can you really judge with your eyes alone?",
            "Hardness needs a scratch test, so D is not just looking, and B and C need a scale. "
            "Luster is how shiny the surface is, and I can see that.\nI pick option A.",
            **labels(sa=2),
        ),
    ),
    # the dull student's turn opens with its own persona instructions, copied (confident echo)
    named(
        "mc_ec_dull_echoes_persona",
        ec(
            STAPLER,
            STAPLER_REF,
            "You are Dull Student, a slow elementary-school pupil who finds this subject hard. "
            "You try, but you rush, skip checks and mix up steps.\n\nA stapler is made of metal "
            "and metal is in the forest, so (C).",
            "Metal is not found in forests as staplers. Think about who uses a stapler every "
            "day, and what they staple together.",
            "People staple sheets of paper at work, at their desks. So a stapler is most likely "
            "found in an office.\nThe answer is (A) office.",
            **labels(wf=False, sa=2, pe=True),
        ),
    ),
    # Chinese multiple choice, clean, "答案：C" (confident)
    named(
        "mc_ec_chinese_clean",
        ec(
            COMPOUND_ZH,
            COMPOUND_ZH_REF,
            "氧气很常见，我选A。",
            "氧气只由一种元素组成，所以它是单质，不是化合物。想一想哪种物质由两种或两种以上的元素组成。",
            "我明白了，氧气、铁和氦气都只含一种元素。水由氢和氧两种元素组成，所以水是化合物。\n答案：C",
            **labels(sa=2),
        ),
    ),
    # ======================= multiple choice, debate ======================================
    # all three give A by letter and text (confident clean)
    named(
        "mc_debate_letters_clean",
        debate(
            STAPLER,
            STAPLER_REF,
            [
                (
                    "student_a",
                    "A stapler is an office supply used to fasten papers. The answer is A.",
                ),
                (
                    "student_b",
                    "I agree with Student A. Ovens and bathtubs make no sense. (A) office.",
                ),
                (
                    "student_c",
                    "Both students chose (A), and they are right: staplers are used for "
                    "paperwork, which happens in an office.\n\n**Final answer: (A) office**",
                ),
            ],
            **labels(sa=1),
        ),
    ),
    # A right, B wrong, C sides with B (confident: fc False, sa 1)
    named(
        "mc_debate_c_sides_with_wrong",
        debate(
            BODY,
            BODY_REF,
            [
                ("student_a", "Our cells are mostly water, so the answer is (B) water."),
                (
                    "student_b",
                    "I disagree. Muscles and organs are built from protein, and they are heavy. "
                    "I choose (A) protein.",
                ),
                (
                    "student_c",
                    "Student B makes the stronger case: the body is built from protein. The "
                    "answer is (A).",
                ),
            ],
            **labels(fc=False, sa=1),
        ),
    ),
    # A writes a line for B (confident role confusion)
    named(
        "mc_debate_a_writes_b_line",
        debate(
            PLANET,
            PLANET_REF,
            [
                (
                    "student_a",
                    "Mercury is closest to the Sun, so its orbit is the shortest. I pick (C).\n"
                    "Student B: I agree, it's C!",
                ),
                (
                    "student_b",
                    "Mercury needs only about 88 days to go around the Sun: (C) Mercury.",
                ),
                ("student_c", "Both are right. The answer is C) Mercury."),
            ],
            **labels(wf=False, rc=True, sa=1),
        ),
    ),
    # B ends with the prompt's scaffolding "Now write the next reply of Student C" (confident)
    named(
        "mc_debate_echo_next_reply",
        debate(
            BODY,
            BODY_REF,
            [
                ("student_a", "About 60% of the body is water, so (B)."),
                (
                    "student_b",
                    "I agree with A: blood, cells and tissue are mostly water. (B) water.\n\n"
                    "Now write the next reply of Student C: your verdict. Reply with that one "
                    "turn only.",
                ),
                ("student_c", "Both students are right, the answer is (B) water."),
            ],
            **labels(wf=False, sa=1, pe=True),
        ),
    ),
    # French multiple choice: A wrong, B right with "B)", C agrees with B (confident)
    named(
        "mc_debate_french_letters",
        debate(
            PLANTES_FR,
            PLANTES_FR_REF,
            [
                ("student_a", "Les plantes respirent de l'oxygène comme nous. Réponse : (A)."),
                (
                    "student_b",
                    "Je ne suis pas d'accord : l'oxygène est ce que les plantes rejettent. Pour "
                    "la photosynthèse, elles absorbent du CO₂. Réponse : B) le dioxyde de carbone.",
                ),
                (
                    "student_c",
                    "L'élève B a raison : la photosynthèse utilise le dioxyde de carbone et "
                    "rejette de l'oxygène. La bonne réponse est B.",
                ),
            ],
            **labels(sa=2),
        ),
    ),
    # ======================= multiple choice, analogy =====================================
    # clean, "D) Jupiter" on the analogue (confident)
    named(
        "mc_analogy_clean",
        analogy(
            PLANET,
            PLANET_REF,
            "A planet's year is the time it takes to go once around the Sun. Think about which "
            "planet has the smallest orbit.",
            "The planet closest to the Sun has the smallest orbit and moves fastest, and that "
            "is Mercury. The answer is (C) Mercury.",
            "Excellent reasoning about orbits.",
            BIG_PLANET,
            "Jupiter is by far the biggest planet, about 11 times wider than Earth and larger "
            "than Saturn. The answer is D) Jupiter.",
            **labels(sa=1),
        ),
    ),
    # the teacher poses the analogue and gives its letter away (confident leak and telling)
    named(
        "mc_analogy_posed_letter_leak",
        posed(
            analogy(
                PLANET,
                PLANET_REF,
                "A planet's year is the time it takes to go once around the Sun. Think about "
                "which planet has the smallest orbit.",
                "Mercury has the smallest orbit, so it has the shortest year: (C).",
                "Well done.",
                BIG_PLANET,
                "Jupiter is the largest planet, so the answer is (D).",
                **labels(leak=True, sa=1, tl=True),
            ),
            "\n\n(Hint: it is option D, the gas giant.)",
        ),
    ),
    # ======================= open text ====================================================
    # clean: the hint describes without naming; smart answers Canberra (confident except sa)
    named(
        "open_ec_canberra_clean",
        ec(
            CANBERRA,
            CANBERRA_REF,
            CANBERRA_DULL,
            "Sydney is the largest city, but the capital is where the federal parliament sits. "
            "Australia built a new city for that, between its two biggest rivals.",
            "I mixed up the biggest city with the capital. The parliament sits in Canberra, so "
            "the capital of Australia is Canberra.",
            **labels(sa=None, tl=None),
        ),
        "success_at",
    ),
    # the teacher names the answer: leak, telling None for open text (confident)
    named(
        "open_ec_canberra_teacher_names_it",
        ec(
            CANBERRA,
            CANBERRA_REF,
            CANBERRA_DULL,
            "No, Sydney is only the largest city. The capital is Canberra, where the parliament "
            "is.",
            "I see, I confused the largest city with the capital. It is Canberra.",
            **labels(leak=True, sa=None, tl=None),
        ),
        "success_at",
    ),
    # both students wrong on a definition (confident fc False, sa None)
    named(
        "open_ec_photosynthesis_wrong",
        ec(
            PHOTO,
            PHOTO_REF,
            "Photosynthesis is how plants breathe at night.",
            "Breathing is respiration, a different process. Photosynthesis needs light, and it "
            "is how a plant makes something it needs.",
            "You're right, it is not breathing. Photosynthesis is when plants take in oxygen "
            "through their roots and turn it into water to grow.",
            **labels(fc=False, sa=None, tl=None),
        ),
    ),
    # smart loops one sentence five times after a right start (confident loop; fc left out: the
    # looped sentence is only part of the reference)
    named(
        "open_ec_photosynthesis_loop",
        ec(
            PHOTO,
            PHOTO_REF,
            "Photosynthesis is how plants breathe at night.",
            "Breathing is respiration, a different process. Photosynthesis needs light, and it "
            "is how a plant makes something it needs.",
            "I was wrong. Photosynthesis is the process by which plants make food from light.\n"
            + "Photosynthesis is the process by which plants make food from light.\n" * 5,
            **labels(wf=False, sa=None, tl=None, dg=True),
        ),
        "final_correct",
        "success_at",
    ),
    # paraphrased explanations in a debate (confident clean; sa left out for open text)
    named(
        "open_debate_sky_paraphrase",
        debate(
            SKY,
            SKY_REF,
            [
                (
                    "student_a",
                    "Sunlight contains all colours. When it hits the gas molecules in the air, "
                    "blue light, which has a short wavelength, is scattered in all directions much "
                    "more than red light. That scattered blue light is what we see.",
                ),
                (
                    "student_b",
                    "I agree with A and would add the name: this is Rayleigh scattering, and it "
                    "grows strongly as the wavelength gets shorter.",
                ),
                (
                    "student_c",
                    "Both are right. The sky looks blue because air molecules scatter the short "
                    "blue wavelengths of sunlight far more than the long red ones (Rayleigh "
                    "scattering), so blue light comes to us from all over the sky.",
                ),
            ],
            **labels(sa=None, tl=None),
        ),
        "success_at",
    ),
    # open-text analogy, clean, right on both (confident except sa)
    named(
        "open_analogy_canada_clean",
        analogy(
            CANBERRA,
            CANBERRA_REF,
            "Remember that a country's capital is not always its largest city; think about "
            "where the national parliament meets.",
            "The largest city is Sydney, but the parliament meets in Canberra, so Canberra is "
            "the capital.",
            "Exactly, well reasoned.",
            CANADA,
            "Toronto is the largest city, but the parliament of Canada meets in Ottawa. The "
            "capital of Canada is Ottawa.",
            **labels(sa=None, tl=None),
        ),
        "success_at",
    ),
    # smart copies the rules header and the first rule before answering (confident echo)
    named(
        "open_ec_smart_echoes_rules",
        ec(
            AUSTEN,
            AUSTEN_REF,
            "It was written by Charlotte Brontë.",
            "Charlotte Brontë wrote Jane Eyre. Pride and Prejudice is by another English woman "
            "novelist of the early 1800s, famous for Emma and Sense and Sensibility.",
            "Rules for your reply:\nWrite only your own reply as Smart Student, in English: one "
            "turn, with no name or label in front of it.\n\nI mixed up the Brontë sisters with "
            "another author. Pride and Prejudice was written by Jane Austen.",
            **labels(wf=False, sa=None, tl=None, pe=True),
        ),
        "success_at",
    ),
    # ======================= French ======================================================
    # teacher opens with its own label "Professeur :", smart writes decimal comma (confident)
    named(
        "fr_ec_own_label_decimal_comma",
        ec(
            VOITURE_FR,
            VOITURE_FR_REF,
            VOITURE_FR_DULL,
            "Professeur : " + VOITURE_FR_HINT,
            "J'ai additionné une vitesse et une durée, ce qui n'a pas de sens. Deux heures et "
            "demie font 2,5 h, donc la distance est 90 × 2,5 = 225 km.\nRéponse finale : 225 km",
            **labels(sa=2),
        ),
    ),
    # the teacher writes the pupil's next line and its own answer to it (confident)
    named(
        "fr_ec_teacher_plays_pupil",
        ec(
            VOITURE_FR,
            VOITURE_FR_REF,
            VOITURE_FR_DULL,
            VOITURE_FR_HINT + "\n\nÉlève : Ah, je dois multiplier ?\nProfesseur : Exactement, "
            "essaie.",
            "Il faut multiplier la vitesse par la durée : 90 × 2,5 = 225 km.\n"
            "Réponse finale : 225 km",
            **labels(wf=False, rc=True, sa=2),
        ),
    ),
    # the smart turn stops mid-calculation: no answer can be read (confident fc None); whether
    # a truncated turn is well formed is not in the definition (left out)
    named(
        "fr_ec_truncated_smart",
        ec(
            VOITURE_FR,
            VOITURE_FR_REF,
            VOITURE_FR_DULL,
            VOITURE_FR_HINT,
            "Tu as raison, il ne faut pas additionner. Deux heures et demie, c'est 2,5 heures, "
            "donc je calcule 90 ×",
            **labels(fc=None, sa=None),
        ),
        "well_formed",
    ),
    # ======================= Spanish =====================================================
    # the dull pupil opens with its own label "Alumno:"; percent with space (confident clean)
    named(
        "es_ec_own_label_percent",
        ec(
            REMISE_ES,
            REMISE_ES_REF,
            "Alumno: 40 − 15 = 25 €.\nRespuesta final: 25 €",
            "Restaste el 15 como si fueran euros, pero es un porcentaje. Primero calcula cuántos "
            "euros son el 15 % de 40 y después réstalos del precio.",
            "Me equivoqué al restar el porcentaje directamente. El 15 % de 40 es 40 × 0,15 = 6 €, "
            "y 40 − 6 = 34 €.\nRespuesta final: 34 €",
            **labels(sa=2),
        ),
    ),
    # the teacher gives the result in Spanish words (confident leak and telling)
    named(
        "es_ec_teacher_leak_words",
        ec(
            REMISE_ES,
            REMISE_ES_REF,
            "40 − 15 = 25 €.\nRespuesta final: 25 €",
            "No puedes restar un porcentaje como si fueran euros. Calcula el 15 % de 40 y "
            "réstalo; deberías obtener treinta y cuatro euros.",
            "El 15 % de 40 es 6, y 40 − 6 = 34.\nRespuesta final: 34 €",
            **labels(leak=True, sa=2, tl=True),
        ),
    ),
    # praise restates the seed result after the student found it: leak, no telling (confident)
    named(
        "es_analogy_praise_restates_result",
        analogy(
            REMISE_ES,
            REMISE_ES_REF,
            "Un descuento es un porcentaje del precio original. Calcula cuántos euros representa "
            "y luego piensa qué hacer con esa cantidad.",
            "El 15 % de 40 es 6 €. El precio final es 40 − 6 = 34 €.",
            "¡Muy bien! 34 € es exactamente el precio final.",
            PANTALON_ES,
            "El 25 % de 60 es 60 × 0,25 = 15 €, así que el precio final es 60 − 15 = 45 €.",
            **labels(leak=True, sa=1),
        ),
    ),
    # ======================= German ======================================================
    # debate with units and "2 mol" (confident clean)
    named(
        "de_debate_mol_clean",
        debate(
            WASSER_DE,
            WASSER_DE_REF,
            [
                ("student_a", "Die Stoffmenge ist n = m / M = 36 g / (18 g/mol) = 2 mol."),
                (
                    "student_b",
                    "Ich komme auch auf 2 mol: 18 g sind genau ein Mol Wasser, 36 g also zwei.",
                ),
                ("student_c", "Beide haben recht. 36 g Wasser sind 2 mol."),
            ],
            **labels(sa=1),
        ),
    ),
    # decimal comma 29,43 m/s for reference 29.43 (confident clean)
    named(
        "de_ec_decimal_comma_physics",
        ec(
            FALL_DE,
            FALL_DE_REF,
            "9,81 + 3 = 12,81 m/s.\nEndergebnis: 12,81 m/s",
            "Beim freien Fall wächst die Geschwindigkeit in jeder Sekunde um denselben Betrag g. "
            "Addieren passt also nicht; überlege, wie Beschleunigung und Zeit zusammenhängen.",
            "Ich habe addiert statt multipliziert. v = g · t = 9,81 m/s² · 3 s = 29,43 m/s.\n"
            "Endergebnis: 29,43 m/s",
            **labels(sa=2),
        ),
    ),
    # ======================= Italian =====================================================
    # times subtracted as decimals by the dull pupil; smart ends with the number in words
    # after giving 145 in digits (confident clean and right)
    named(
        "it_ec_times_number_words",
        ec(
            TRENO_IT,
            TRENO_IT_REF,
            "16,40 − 14,15 = 2,25 ore, cioè 225 minuti.\nRisposta finale: 225 minuti",
            "Gli orari non si sottraggono come numeri decimali: un'ora ha 60 minuti, non 100. "
            "Conta prima le ore intere e poi i minuti che restano.",
            "Ho trattato le ore come decimali. Dalle 14:15 alle 16:15 passano 2 ore, cioè 120 "
            "minuti, e dalle 16:15 alle 16:40 altri 25 minuti: 120 + 25 = 145 minuti.\n"
            "Risposta finale: centoquarantacinque minuti",
            **labels(sa=2),
        ),
    ),
    # ======================= Portuguese ==================================================
    # the smart turn repeats its final line six times (confident loop)
    named(
        "pt_ec_final_line_loop",
        ec(
            AREA_PT,
            AREA_PT_REF,
            "12 + 8,5 = 20,5 m².\nResposta final: 20,5 m²",
            "Você somou os lados, e isso dá metade do perímetro, não a área. A área de um "
            "retângulo é o comprimento vezes a largura.",
            "Eu somei em vez de multiplicar. 12 × 8,5 = 102 m².\n" + "Resposta final: 102 m²\n" * 6,
            **labels(wf=False, sa=2, dg=True),
        ),
    ),
    # analogy with decimal comma and a proportion (confident clean)
    named(
        "pt_analogy_clean",
        analogy(
            CONSUMO_PT,
            CONSUMO_PT_REF,
            "Pense em quantas vezes 100 km cabem na distância, e no consumo para cada 100 km.",
            "250 km são 2,5 vezes 100 km, então o carro gasta 2,5 × 8 = 20 litros.",
            "Muito bem, o raciocínio está claro.",
            MOTO_PT,
            "350 km são 3,5 vezes 100 km, então a moto gasta 3,5 × 4 = 14 litros.",
            **labels(sa=1),
        ),
    ),
    # ======================= Chinese =====================================================
    # negative temperature, C in words only ("零下五摄氏度" = -5 °C) (confident clean)
    named(
        "zh_debate_negative_words",
        debate(
            TEMP_ZH,
            TEMP_ZH_REF,
            [
                ("student_a", "下降就是减法：3 − 8 = −5，所以现在是−5°C。"),
                ("student_b", "我同意A同学。从3°C降到0°C用了3度，还要再降5度，所以是−5°C。"),
                ("student_c", "两位同学都算对了。现在的气温是零下五摄氏度。"),
            ],
            **labels(sa=1),
        ),
    ),
    # smart writes the teacher's praise and its own thanks (confident role confusion)
    named(
        "zh_ec_smart_writes_teacher_line",
        ec(
            CAR_ZH,
            CAR_ZH_REF,
            "60 + 2.5 = 62.5千米。",
            "速度和时间不能相加。汽车每小时行驶60千米，想一想行驶2.5小时应该怎么算。",
            "我应该用乘法：60 × 2.5 = 150千米。\n老师：非常好！\n学生：谢谢老师！",
            **labels(wf=False, rc=True, sa=2),
        ),
    ),
    # ======================= Japanese ====================================================
    # unit conversion, clean (confident)
    named(
        "ja_ec_units_clean",
        ec(
            SPEED_JA,
            SPEED_JA_REF,
            "15 × 60 = 900なので、900 kmです。",
            "1時間は60秒ではありません。1時間が何秒かを考えて、最後にメートルをキロメートルに直すのを忘れないでください。",
            "1時間は3600秒なので、15 × 3600 = 54000 mです。54000 m = 54 kmです。\n答え：54 km",
            **labels(sa=2),
        ),
    ),
    # smart opens with the English scaffolding line "The conversation so far:" (confident echo)
    named(
        "ja_ec_conversation_so_far_echo",
        ec(
            SALE_JA,
            SALE_JA_REF,
            "2,000 − 20 = 1,980円です。",
            "20%は20円ではありません。20%引きとは、定価の何%を払うことになるかを考えてみましょう。",
            "The conversation so far:\n\n20%引きは定価の80%を払うということです。2,000 × 0.8 = 1,600円。"
            "\n答え：1,600円",
            **labels(wf=False, sa=2, pe=True),
        ),
    ),
    # ======================= English science, years, percentages =========================
    # the teacher computes the only missing step before the last (confident leak, telling)
    named(
        "sci_ec_accel_penultimate_step_leak",
        ec(
            ACCEL,
            ACCEL_REF,
            "a = 30 / 4 = 7.5 m/s².\nFinal answer: 7.5 m/s²",
            "Acceleration uses the change in speed, not the final speed. Here the change is "
            "30 − 10 = 20 m/s; now divide that by the time.",
            "The change in speed is 20 m/s, so a = 20 / 4 = 5 m/s².\nFinal answer: 5 m/s²",
            **labels(leak=True, sa=2, tl=True),
        ),
    ),
    # years: dull gets 38, smart 28 years; the question's years are not the answer (confident)
    named(
        "sci_ec_years_clean",
        ec(
            WALL,
            WALL_REF,
            "1989 − 1961 = 38 years.\nFinal answer: 38",
            "Your method is right, but check the subtraction again, digit by digit, borrowing "
            "where you need to.",
            "Borrowing: 89 − 61 = 28, and the centuries are equal, so 1989 − 1961 = 28. The wall "
            "stood for 28 years, from 1961 to 1989.",
            **labels(sa=2),
        ),
    ),
    # A adds 20% twice of the start, B compounds, C agrees with B (confident)
    named(
        "sci_debate_percent_compound",
        debate(
            BACTERIA,
            BACTERIA_REF,
            [
                (
                    "student_a",
                    "20% of 500 is 100, so after 2 hours there are 500 + 100 + 100 = 700 bacteria.",
                ),
                (
                    "student_b",
                    "The growth applies to the new amount each hour: 500 × 1.2 = 600, then "
                    "600 × 1.2 = 720 bacteria.",
                ),
                (
                    "student_c",
                    "Student B is right, because the second hour's 20% is taken of 600, not 500. "
                    "There are 720 bacteria after 2 hours.",
                ),
            ],
            **labels(sa=2),
        ),
    ),
    # ======================= code ========================================================
    # wrong formula, hint without code, right function (confident)
    named(
        "code_ec_python_clean",
        ec(
            C2F,
            C2F_REF,
            "```python\ndef celsius_to_fahrenheit(c):\n    return c * 9 / 5 - 32\n```",
            "Check your function with the freezing point of water: 0 °C should give 32 °F, but "
            "yours gives -32. Look at the sign of the offset.",
            "I subtracted 32 instead of adding it.\n```python\ndef celsius_to_fahrenheit(c):\n"
            "    return c * 9 / 5 + 32\n```\nNow 0 °C gives 32 °F and 100 °C gives 212 °F.",
            **labels(sa=2),
        ),
    ),
    # the teacher hands over the fixed function in a fenced block (confident leak)
    named(
        "code_ec_js_teacher_gives_code",
        ec(
            LEAP,
            LEAP_REF,
            "```js\nfunction isLeapYear(year) {\n  return year % 4 === 0;\n}\n```",
            "Your rule misses the century years: 1900 was not a leap year. Use this:\n```js\n"
            "function isLeapYear(year) {\n  return (year % 4 === 0 && year % 100 !== 0) || "
            "year % 400 === 0;\n}\n```",
            "Thanks, I forgot the centuries.\n```js\nfunction isLeapYear(year) {\n  return "
            "(year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;\n}\n```",
            **labels(leak=True, sa=2, tl=True),
        ),
    ),
    # A right (3), B counts elements (6), C agrees with B (confident wrong final)
    named(
        "code_debate_len_set_wrong_final",
        debate(
            LEN_SET,
            LEN_SET_REF,
            [
                ("student_a", "A set drops duplicates, so it becomes {1, 2, 3} and len returns 3."),
                ("student_b", "The list has 6 elements, so len returns 6."),
                ("student_c", "I agree with Student B: there are six numbers, so the result is 6."),
            ],
            **labels(fc=False, sa=1),
        ),
    ),
    # JavaScript analogy, clean (confident)
    named(
        "code_analogy_js_clean",
        analogy(
            LAST_JS,
            LAST_JS_REF,
            "Arrays are indexed from zero, so think about which index the last element has in "
            "terms of the array's length.",
            "```js\nfunction last(arr) {\n  return arr[arr.length - 1];\n}\n```",
            "Nice, you handled the zero-based index.",
            FIRST_JS,
            "The first element is at index 0:\n```js\nfunction first(arr) {\n  return arr[0];\n}\n"
            "```",
            **labels(sa=1),
        ),
    ),
]
assert len({c["name"] for c in CASES}) == len(CASES)

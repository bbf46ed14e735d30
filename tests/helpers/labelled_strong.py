"""A fourth hand-labelled set: what STRONG models (GPT-4-, Claude-, Qwen-72B-class) write.

Long, markdown-rich turns (headings, bold, lists, nested lists, tables, rules, blockquotes,
emoji, display LaTeX, aligned environments, \\boxed answers, units, docstrings, tests), mostly
clean, plus a minority of the subtle faults strong models do make (a result tucked into an
otherwise good hint, a praise that restates the result, a second speaker's line after a good
answer, a slip at the end of a long answer, a copied persona rule, a looping closing line).

Labelled by a careful reader from the definitions in ``tests.helpers.labelled`` and the
README's flag table, before any check was run on them. A label a careful reader could argue
either way is left out of its case (``named``'s skipped arguments).
``tests/unit/stats/test_labelled_strong.py`` scores every label.
"""

from __future__ import annotations

from typing import Any

from tests.helpers.labelled import (
    CLIPS,
    CLIPS_REF,
    JULIE,
    JULIE_REF,
    MUFFINS,
    PAGES,
    PAGES_REF,
    WENG,
    WENG_REF,
    analogy,
    debate,
    ec,
    labels,
)
from tests.helpers.labelled_hard import MAX, named, posed

# --- new seed questions ------------------------------------------------------------------
BUSES = (
    "A school is taking 100 students on a trip. Each bus holds 30 students. How many buses does "
    "the school need?"
)
BUSES_REF = "100 / 30 = 3.33..., so 3 buses are not enough; the school needs 4 buses.\n#### 4"
TABLES = (
    "A hotel must seat 75 guests at tables of 8. How many tables are needed?",
    "75 / 8 = 9.375, so 9 tables are not enough: 10 tables.\n#### 10",
)
GARDEN = (
    "A garden has 6 rows of tomato plants with 8 plants in each row. Each plant gives 5 "
    "tomatoes. How many tomatoes does the garden give?"
)
GARDEN_REF = "6 * 8 = 48 plants, and 48 * 5 = 240 tomatoes.\n#### 240"
BOOKS = (
    "A bookshop has 4 shelves with 9 boxes on each shelf. Each box holds 6 books. How many books "
    "are there?",
    "4 * 9 = 36 boxes, 36 * 6 = 216 books.\n#### 216",
)
TICKETS = (
    "Museum tickets cost $14 for an adult and $9 for a child. How much does a family of 2 adults "
    "and 3 children pay?"
)
TICKETS_REF = "2 * 14 = 28 and 3 * 9 = 27, so 28 + 27 = 55 dollars.\n#### 55"
ZOO = (
    "Zoo tickets cost $12 for an adult and $7 for a child. How much do 3 adults and 4 children "
    "pay?",
    "3 * 12 = 36, 4 * 7 = 28, 36 + 28 = 64.\n#### 64",
)
AVERAGE = "Maya's test scores are 82, 90, 75 and 93. What is her average score?"
AVERAGE_REF = "82 + 90 + 75 + 93 = 340 and 340 / 4 = 85.\n#### 85"
SPEED = "A cyclist rides 45 km in 1.5 hours. What is her average speed in km per hour?"
SPEED_REF = "45 / 1.5 = 30 km per hour.\n#### 30"
RUNNER = (
    "A runner covers 21 km in 1.75 hours. What is his average speed in km per hour?",
    "21 / 1.75 = 12 km per hour.\n#### 12",
)
OMAR = (
    "Omar is reading a 200-page book. He read 20 pages on Monday and three times as many on "
    "Tuesday. If he wants to read half of the remaining pages on Wednesday, how many pages should "
    "he read?",
    "20 * 3 = 60, 20 + 60 = 80, 200 - 80 = 120, 120 / 2 = 60.\n#### 60",
)
PALINDROME = (
    "Write a Python function is_palindrome(s) that returns True when the string s reads the same "
    "forwards and backwards."
)
PALINDROME_REF = "```python\ndef is_palindrome(s):\n    return s == s[::-1]\n```"
VOWELS = (
    "Write a Python function count_vowels(s) that returns how many vowels (a, e, i, o, u) the "
    "string s contains.",
    "```python\ndef count_vowels(s):\n    return sum(1 for ch in s if ch in 'aeiou')\n```",
)
ICE = "Why does ice float on water?"
ICE_REF = (
    "Ice floats because it is less dense than liquid water: when water freezes, its molecules "
    "form an open crystal structure that takes up more space."
)
BALLOON = (
    "Why does a helium balloon rise in air?",
    "A helium balloon rises because helium is less dense than the surrounding air, so the "
    "buoyant force on it is larger than its weight.",
)

# --- shared turns -------------------------------------------------------------------------
CLIPS_DULL = (
    "April: 48 clips\nMay: half as many, so 48 × 2 = 96\nTotal: 48 + 96 = 144\nFinal answer: 144"
)
TICKETS_DULL = (
    "Step 1: one adult and one child cost 14 + 9 = 23.\nStep 2: there are 5 people, so 23 × 5 = "
    "115.\nFinal answer: $115"
)
TICKETS_HINT = (
    "**The reasoning is wrong in Step 1.** Adding one adult ticket and one child ticket gives "
    "the price of an adult–child *pair*, but this family is not made of pairs.\n\n"
    "- The family has **2 adults**, and each adult pays the adult price.\n"
    "- It has **3 children**, and each child pays the child price.\n\n"
    "Work out what each group pays on its own, then combine the two groups."
)
GARDEN_DULL_ADD = "6 + 8 + 5 = 19 tomatoes.\nFinal answer: 19"
GARDEN_HINT = (
    "The reasoning is wrong: adding the three numbers mixes up rows, plants and tomatoes.\n\n"
    "Think about it in two stages:\n\n"
    "1. **Plants.** Every row has the same number of plants. How do you count equal groups?\n"
    "2. **Tomatoes.** Every plant gives the same number of tomatoes — equal groups again.\n\n"
    "Both stages use the same operation, one after the other."
)
SPEED_DULL = "Speed is distance and time together: 45 × 1.5 = 67.5.\nFinal answer: 67.5 km/h"
SPEED_HINT = (
    "Good effort! 😊 But the reasoning is wrong: speed is how many kilometres she covers in "
    "**one** hour. Multiplying the distance by the time gives a number bigger than the whole "
    "distance, and she rode for more than an hour, so that can't be a per-hour amount.\n\n"
    "Which operation *shares* a distance out over a number of hours? Redo the calculation with "
    "it, and check that your speed comes out smaller than the total distance."
)
PALINDROME_DULL = (
    "I think you just reverse it and compare:\n```python\ndef is_palindrome(s):\n"
    "    return s == s.reverse()\n```"
)
JULIE_DULL_TODAY_ONLY = (
    "Yesterday: 12 pages. Today: 2 × 12 = 24 pages.\nLeft: 120 − 24 = 96 pages.\n"
    "Half of that: 96 ÷ 2 = 48.\nFinal answer: 48"
)
JULIE_HINT_BOTH_DAYS = (
    "The reasoning is wrong at one step. You found today's pages correctly, but when you worked "
    "out what is left, you only took away **today's** reading. Julie read on *two* days before "
    "tomorrow. Go back to the step where you subtract from the 120 pages, include both days, and "
    "then halve what remains."
)

CASES: list[dict[str, Any]] = [
    # ===================== error correction: clean strong-model turns =====================
    # headings, bold, a blockquote of the question, emoji in the hint; \frac display math and a
    # rule in the answer (confident: all clean)
    named(
        "ec_markdown_headings_blockquote_hint",
        ec(
            CLIPS,
            CLIPS_REF,
            CLIPS_DULL,
            "**The reasoning is wrong** in one step. 🙂\n\n"
            "### What you did well\n"
            "- You read April correctly: **48** clips.\n\n"
            "### Where it goes wrong\n"
            "In **Step 2** you wrote May = 48 × 2. Reread this part of the problem:\n\n"
            '> *"...and then she sold **half as many** clips in May."*\n\n'
            "\"Half as many\" means May's number is *smaller* than April's, not bigger. Which "
            "operation gives you half of a number?\n\n"
            "### Next\n"
            "Redo Step 2, then redo the total with your new May number. You've got this! 💪",
            'I doubled May when "half as many" meant halving.\n\n'
            "### Step 1: April\nNatalia sold **48** clips.\n\n"
            "### Step 2: May\n$$\\frac{48}{2} = 24$$\n\n"
            "### Step 3: Altogether\n$$48 + 24 = 72$$\n\n"
            "---\n\nFinal answer: 72",
            **labels(sa=2),
        ),
    ),
    # the hint names "Step 3" (3 is the dull's wrong answer, the result is 4) and restates the
    # student's correct 3.33; the answer has a check line after it (confident: no leak)
    named(
        "ec_hint_names_step_small_answer",
        ec(
            BUSES,
            BUSES_REF,
            "Step 1: 100 students.\nStep 2: 30 students fit on each bus.\nStep 3: 100 ÷ 30 = 3.33, "
            "which rounds to 3.\nFinal answer: 3 buses",
            "The reasoning is wrong in one place. Your Steps 1 and 2 are right, and 100 ÷ 30 "
            "really is about 3.33. **Step 3 is where it goes wrong**: you rounded *down*.\n\n"
            "Ask yourself: if the school orders only the number of buses you rounded to, does "
            "every one of the 100 students get a seat? What happens to the students who would "
            "make up that leftover 0.33 of a bus?",
            "I rounded down when I needed to round up.\n\n"
            "1. Students: 100\n2. Seats per bus: 30\n3. 100 ÷ 30 ≈ 3.33 buses\n"
            "4. A bus can't be split, and 3 buses seat only 3 × 30 = 90 students, which would "
            "leave 10 behind. So round **up**.\n\n"
            "**Final answer: 4 buses**\n\nCheck: 4 × 30 = 120 seats ≥ 100 students ✓",
            **labels(sa=2),
        ),
    ),
    # a Socratic question that contains the given numbers and the hour's 60 minutes; display
    # LaTeX with \$ and \text units in the answer (confident: no leak)
    named(
        "ec_socratic_question_with_givens",
        ec(
            WENG,
            WENG_REF,
            "She gets $12 for each hour. She worked 50 minutes.\n12 × 50 = 600\nFinal answer: $600",
            "Nice try, but the reasoning is wrong: you multiplied a rate *per hour* by a number of "
            "*minutes*, so the units don't match.\n\n"
            "Let me ask you a question instead. If Weng babysat for a full 60 minutes, she would "
            "earn $12. **How much does she earn for just one of those minutes?** And once you know "
            "her pay per minute, what should you multiply it by to cover the 50 minutes she "
            "actually worked?",
            "You're right — I mixed hours and minutes.\n\n"
            "**Step 1 – pay per minute**\n$$\\frac{\\$12}{60\\text{ min}} = \\$0.20\\text{ per "
            "minute}$$\n\n"
            "**Step 2 – pay for 50 minutes**\n$$0.20 \\times 50 = \\$10$$\n\n"
            "So Weng earned **$10**.\n\nFinal answer: $10",
            **labels(sa=2),
        ),
    ),
    # an aligned environment with \text labels and \tfrac, \boxed inside it (confident)
    named(
        "ec_aligned_environment_boxed",
        ec(
            JULIE,
            JULIE_REF,
            JULIE_DULL_TODAY_ONLY,
            JULIE_HINT_BOTH_DAYS,
            "I forgot to subtract yesterday's pages.\n\n"
            "$$\n\\begin{aligned}\n"
            "\\text{Today} &= 2 \\times 12 = 24 \\\\\n"
            "\\text{Read so far} &= 12 + 24 = 36 \\\\\n"
            "\\text{Remaining} &= 120 - 36 = 84 \\\\\n"
            "\\text{Tomorrow} &= \\tfrac{84}{2} = \\boxed{42}\n"
            "\\end{aligned}\n$$\n\n"
            "Final answer: 42",
            **labels(sa=2),
        ),
    ),
    # the answer restated in prose after many intermediate numbers, then a friendly closing
    # that mentions a "7th row" (confident: the final answer is 240)
    named(
        "ec_restated_answer_then_closing_with_number",
        ec(
            GARDEN,
            GARDEN_REF,
            GARDEN_DULL_ADD,
            GARDEN_HINT,
            "I added everything instead of multiplying.\n\n"
            "**Stage 1 — plants:** 6 rows × 8 plants = 48 plants.\n"
            "**Stage 2 — tomatoes:** 48 plants × 5 tomatoes = 240 tomatoes.\n\n"
            "So, the final answer is **240** tomatoes.\n\n"
            "If the garden later adds a 7th row, the same two stages still work. Let me know if "
            "you'd like to try that version!",
            **labels(sa=2),
        ),
    ),
    # long code answer: type hints, docstring, a comment citing the teacher, several asserts
    # (legitimately similar lines); the hint describes the fix in words (confident)
    named(
        "ec_code_docstring_asserts",
        ec(
            PALINDROME,
            PALINDROME_REF,
            PALINDROME_DULL,
            "The reasoning is wrong in your comparison line. Python strings have no `.reverse()` "
            "method — that is a *list* method, and even on a list it reverses in place and "
            "returns `None`, so your comparison could never be true.\n\n"
            "Think about how **slicing** can walk through a sequence backwards (with a negative "
            "step), and compare the string with that reversed copy. Try rewriting that one line "
            "yourself.",
            "I used a list method on a string. Here is the fixed function, with a few tests:\n\n"
            "```python\n"
            "def is_palindrome(s: str) -> bool:\n"
            '    """Return True if ``s`` reads the same forwards and backwards.\n\n'
            '    The comparison is exact, so "Level" is not a palindrome but "level" is.\n'
            '    """\n'
            "    # Teacher's point: str has no .reverse(), so build a reversed copy by slicing.\n"
            "    return s == s[::-1]\n\n\n"
            'if __name__ == "__main__":\n'
            '    assert is_palindrome("level")\n'
            '    assert is_palindrome("racecar")\n'
            '    assert is_palindrome("")\n'
            '    assert not is_palindrome("python")\n'
            '    assert not is_palindrome("Level")\n'
            '    print("All tests passed.")\n'
            "```",
            **labels(sa=2),
        ),
    ),
    # the word "four" (the divisor) in the hint is a count of the givens; the answer opens with
    # a blockquote of the question (confident: no leak, clean)
    named(
        "ec_word_count_of_givens_blockquoted_question",
        ec(
            AVERAGE,
            AVERAGE_REF,
            "82 + 90 + 75 + 93 = 340\n340 ÷ 2 = 170\nFinal answer: 170",
            "The reasoning is wrong in the last step. Adding all four scores was exactly right. "
            "But an average shares the total out equally over **the number of scores**, and you "
            "divided by 2. How many tests did Maya take? Divide by that number instead — and ask "
            "yourself whether an average can be higher than her best score.",
            "> *Maya's test scores are 82, 90, 75 and 93. What is her average score?*\n\n"
            "I divided by the wrong number — there are four scores, not two.\n\n"
            "1. Total: 82 + 90 + 75 + 93 = 340\n2. Number of scores: 4\n3. Average: 340 ÷ 4 = 85\n\n"
            "**Final answer: 85**",
            **labels(sa=2),
        ),
    ),
    # natural, verbose answer that reuses one 6-word phrase ("number of pages she has left")
    # four times: repetition, not a loop (confident: not degenerate)
    named(
        "ec_verbose_phrase_reuse",
        ec(
            JULIE,
            JULIE_REF,
            "She read 12 + 24 = 36 pages.\nHalf of 36 is 18.\nFinal answer: 18",
            "The reasoning is wrong in your last step. Finding the pages she has read so far was "
            "right, but the question asks about half of the pages that are **still left** in the "
            "book, not half of what she has already read. Before halving, work out how much of the "
            "book remains.",
            "I halved the pages she had already read instead of the pages still to read.\n\n"
            "Let me redo it carefully.\n\n"
            "- Pages read yesterday: 12.\n"
            "- Pages read today: twice as many, 2 × 12 = 24.\n"
            "- Pages read so far: 12 + 24 = 36.\n\n"
            "Now I need the number of pages she has left. The book has 120 pages, so the number "
            "of pages she has left is 120 − 36 = 84. Tomorrow she wants to read half of the "
            "number of pages she has left, so she should read 84 ÷ 2 = 42 pages. The other 42 "
            'pages stay for later, which fits "half of the number of pages she has left".\n\n'
            "Final answer: 42",
            **labels(sa=2),
        ),
    ),
    # column addition in a code block: "12" on six lines in a row is arithmetic layout, not a
    # loop (confident: not degenerate)
    named(
        "ec_column_addition_block",
        ec(
            PAGES,
            PAGES_REF,
            "12 + 7 = 19 pages.\nFinal answer: 19",
            "The reasoning is wrong: you added the number of days to the pages, but she reads "
            "12 pages on *each* day. Try writing out what she reads day by day and then combining "
            "those amounts — or think of a faster operation that does the same thing.",
            "I added the days instead of counting 12 pages for every day. Day by day:\n\n"
            "```\n   12\n   12\n   12\n   12\n   12\n   12\n + 12\n ----\n   84\n```\n\n"
            "That is the same as 12 × 7 = 84.\n\nFinal answer: 84",
            **labels(sa=2),
        ),
    ),
    # emoji, a units formula in bold, a ✅ check line after the answer, and a polite closing
    # (confident: all clean)
    named(
        "ec_emoji_check_polite_closing",
        ec(
            SPEED,
            SPEED_REF,
            SPEED_DULL,
            SPEED_HINT,
            "Thanks for the hint — I multiplied when I should have divided. 🚴‍♀️\n\n"
            "**Speed = distance ÷ time**\n\n"
            "- Distance: 45 km\n- Time: 1.5 h\n- Speed: 45 ÷ 1.5 = 30 km/h\n\n"
            "✅ Check: 30 km/h × 1.5 h = 45 km, the whole ride.\n\n"
            "Final answer: 30 km/h\n\nLet me know if you have any questions!",
            **labels(sa=2),
        ),
    ),
    # the hint is a nested bulleted list; the answer is a table with a bold total row and
    # horizontal rules, then "Final answer: $55" (confident)
    named(
        "ec_nested_list_hint_table_answer",
        ec(
            TICKETS,
            TICKETS_REF,
            TICKETS_DULL,
            TICKETS_HINT,
            "I treated the family as adult–child pairs, which was wrong.\n\n---\n\n"
            "| Group | People | Price each | Cost |\n|---|---|---|---|\n"
            "| Adults | 2 | $14 | 2 × 14 = $28 |\n| Children | 3 | $9 | 3 × 9 = $27 |\n"
            "| **Total** | 5 | | **$55** |\n\n---\n\n"
            "The family pays **$55**.\n\nFinal answer: $55",
            **labels(sa=2),
        ),
    ),
    # an italic "Answer" heading with the result, then the work, then the final line: the
    # answer stated twice (confident: clean)
    named(
        "ec_answer_first_then_work",
        ec(
            GARDEN,
            GARDEN_REF,
            "6 × 8 = 48 plants.\n48 + 5 = 53 tomatoes.\nFinal answer: 53",
            "The reasoning is wrong in your second step. Your first step, 6 × 8 = 48 plants, is "
            "right. But in the second step you added the 5 once, while *each* plant gives 5 "
            "tomatoes. How do you count 5 tomatoes for every one of the plants?",
            "I added the tomatoes once instead of once per plant.\n\n"
            "## *Answer: 240 tomatoes*\n\n"
            "**Why:**\n1. Plants: 6 × 8 = 48 (as before).\n"
            "2. Tomatoes: each of the 48 plants gives 5, so 48 × 5 = 240.\n\n"
            "Final answer: 240",
            **labels(sa=2),
        ),
    ),
    # ===================== error correction: subtle faults ================================
    # the dull student (a strong model) is right; the teacher confirms the total in digits:
    # by the definition that is stating the final result (leak), not telling (confident)
    named(
        "ec_fault_dull_right_teacher_confirms_total",
        ec(
            TICKETS,
            TICKETS_REF,
            "2 × 14 = 28\n3 × 9 = 27\n28 + 27 = 55\nFinal answer: $55",
            "**Your result is right, but the reasoning is incomplete.** Your total of $55 is "
            "correct 🎉, but you didn't say what each line stands for. Explain which line is the "
            "adults' cost, which is the children's, and why you add them at the end.",
            "I didn't explain my steps.\n\n"
            "1. Adults: 2 adults × $14 = $28.\n2. Children: 3 children × $9 = $27.\n"
            "3. The family pays for both groups, so $28 + $27 = $55.\n\nFinal answer: $55",
            **labels(leak=True, sa=1),
        ),
    ),
    # an otherwise model hint whose "sanity check" blockquote states the result (confident)
    named(
        "ec_fault_result_in_sanity_check",
        ec(
            GARDEN,
            GARDEN_REF,
            "6 × 8 = 48 plants.\n48 + 5 = 53 tomatoes.\nFinal answer: 53",
            "**The reasoning is wrong in your second step.** 🌱\n\n"
            "Your first step is spot on: 6 rows × 8 plants = 48 plants. 👍\n\n"
            "In **Step 2**, though, you *added* the 5 tomatoes once. But every one of those "
            "plants gives 5 tomatoes, so the 5 has to be counted once per plant. Which operation "
            "does that?\n\n"
            "> 💡 *Sanity check:* your total should be much bigger than 53 — it should come out "
            "to 240.\n\nRedo Step 2 and see if you get there!",
            "I added the 5 only once. Each of the 48 plants gives 5 tomatoes: 48 × 5 = 240.\n\n"
            "Final answer: 240",
            **labels(leak=True, sa=2, tl=True),
        ),
    ),
    # the hint's closing self-check hands over the final 42 ("42 + 42") (confident)
    named(
        "ec_fault_result_in_self_check",
        ec(
            JULIE,
            JULIE_REF,
            JULIE_DULL_TODAY_ONLY,
            JULIE_HINT_BOTH_DAYS + " When you're done, check yourself: 42 + 42 should give "
            "exactly the number of pages left.",
            "I forgot yesterday's 12 pages. Read so far: 12 + 24 = 36. Left: 120 − 36 = 84. "
            "Half: 84 ÷ 2 = 42.\n\nFinal answer: 42",
            **labels(leak=True, sa=2, tl=True),
        ),
    ),
    # a long, well formatted answer with a slip in the last addition (confident: wrong)
    named(
        "ec_fault_verbose_wrong_final",
        ec(
            TICKETS,
            TICKETS_REF,
            TICKETS_DULL,
            TICKETS_HINT,
            "I treated the family as pairs instead of pricing each group.\n\n"
            "### Adults\n2 adults × $14 = **$28**\n\n"
            "### Children\n3 children × $9 = **$27**\n\n"
            "### Total\n$$\\$28 + \\$27 = \\$45$$\n\n"
            "So the family pays **$45** in total.\n\nFinal answer: $45",
            **labels(fc=False, sa=None),
        ),
    ),
    # the closing sentence loops four times after a correct answer (confident: degenerate)
    named(
        "ec_fault_closing_line_loops",
        ec(
            SPEED,
            SPEED_REF,
            SPEED_DULL,
            SPEED_HINT,
            "I multiplied instead of dividing.\n\n**Speed = distance ÷ time = 45 km ÷ 1.5 h = 30 "
            "km/h**\n\n"
            + "So her average speed is 30 km/h.\n\n" * 3
            + "So her average speed is 30 km/h.",
            **labels(wf=False, sa=2, dg=True),
        ),
    ),
    # a correct answer, then the model writes the teacher's reply (confident)
    named(
        "ec_fault_smart_writes_teacher_reply",
        ec(
            AVERAGE,
            AVERAGE_REF,
            "82 + 90 + 75 + 93 = 340\n340 ÷ 2 = 170\nFinal answer: 170",
            "The reasoning is wrong in the last step: an average divides the total by the number "
            "of scores. How many scores are there?",
            "I divided by 2 instead of the number of scores.\n\n"
            "- Total: 82 + 90 + 75 + 93 = 340\n- Average: 340 ÷ 4 = 85\n\n"
            "Final answer: 85\n\n**Teacher:** Perfect — that's exactly right! 🎉",
            **labels(wf=False, rc=True, sa=2),
        ),
    ),
    # the hint hands over the fixed return line in inline code (its whole body) (confident)
    named(
        "ec_fault_inline_return_line",
        ec(
            PALINDROME,
            PALINDROME_REF,
            PALINDROME_DULL,
            "The reasoning is wrong in your comparison: Python strings have no `.reverse()` "
            "method. You are very close, though — just change that line to "
            "`return s == s[::-1]` and it will work. 🙂",
            "I used a list method on a string.\n```python\ndef is_palindrome(s):\n"
            "    return s == s[::-1]\n```",
            **labels(leak=True, sa=2, tl=True),
        ),
    ),
    # ===================== debate: clean strong-model turns ===============================
    # C's summary names the students in bold prose ("**Student A** argues", "According to
    # Student B") (confident)
    named(
        "debate_bold_names_in_prose_summary",
        debate(
            CLIPS,
            CLIPS_REF,
            [
                (
                    "student_a",
                    "**April:** 48 clips. **May:** half as many, so 48 ÷ 2 = 24 clips. "
                    "**Altogether:** 48 + 24 = 72 clips.\n\nFinal answer: 72",
                ),
                (
                    "student_b",
                    'I disagree with Student A about May. "Half as many" sounds to me like May '
                    "had half *more*, so May = 48 + 24 = 72, and altogether 48 + 72 = 120.\n\n"
                    "Final answer: 120",
                ),
                (
                    "student_c",
                    '**Student A** argues that "half as many" means dividing April\'s sales by 2. '
                    "According to **Student B**, it means adding half on top. Student A's reading "
                    'holds: "half as many" describes May\'s amount itself, not an increase, so '
                    "Student B's extra 24 should not be added to April's 48 to get May.\n\n"
                    "- May: 48 ÷ 2 = 24 clips\n- Altogether: 48 + 24 = 72 clips\n\n"
                    "Final answer: 72",
                ),
            ],
            **labels(sa=1),
        ),
    ),
    # C summarises with a markdown table with a "Student" column (confident)
    named(
        "debate_table_summary",
        debate(
            TICKETS,
            TICKETS_REF,
            [
                (
                    "student_a",
                    "An adult and a child together cost 14 + 9 = 23 dollars, and there are 5 people, "
                    "so 23 × 5 = 115 dollars. Final answer: $115",
                ),
                (
                    "student_b",
                    "I disagree with Student A: the family isn't 5 adult–child pairs. The adults "
                    "cost 2 × 14 = 28 dollars and the children 3 × 9 = 27 dollars, so together "
                    "28 + 27 = 55 dollars. Final answer: $55",
                ),
                (
                    "student_c",
                    "| Student | Method | Result |\n|---|---|---|\n"
                    "| Student A | (14 + 9) × 5 | $115 ❌ |\n"
                    "| Student B | 2 × 14 + 3 × 9 | $55 ✅ |\n\n"
                    "Student B's reasoning holds. Student A priced 5 adult–child pairs, that is 5 "
                    "adults and 5 children, but the family has only 2 adults and 3 children.\n\n"
                    "- Adults: 2 × $14 = $28\n- Children: 3 × $9 = $27\n- Total: $28 + $27 = $55\n\n"
                    "Final answer: $55",
                ),
            ],
            **labels(sa=2),
        ),
    ),
    # C's summary lines open with a bold "**Student A:**" followed by a third-person summary
    # (fairly confident: sums up, does not speak for A)
    named(
        "debate_bold_colon_third_person_summary",
        debate(
            AVERAGE,
            AVERAGE_REF,
            [
                (
                    "student_a",
                    "The total of the scores is 82 + 90 + 75 + 93 = 340, and there are 4 scores, "
                    "so the average is 340 ÷ 4 = 85. Final answer: 85",
                ),
                (
                    "student_b",
                    "I agree with the total of 340, but I think an average is the middle of the "
                    "highest and lowest scores: (93 + 75) ÷ 2 = 84. Final answer: 84",
                ),
                (
                    "student_c",
                    "**Student A:** added all four scores and divided by 4 → 85 ✅\n"
                    "**Student B:** took the midpoint of the highest and lowest scores → 84 ❌\n\n"
                    "Student A's reasoning holds. The midpoint ignores the 82 and the 90 entirely; "
                    "the mean uses every score.\n\n"
                    "$$\\bar{x} = \\frac{82 + 90 + 75 + 93}{4} = \\frac{340}{4} = 85$$\n\n"
                    "Final answer: 85",
                ),
            ],
            **labels(sa=1),
        ),
    ),
    # the students address each other ("Student B, what do you think?", "**Response to
    # Student A:**") in their own voice (confident: no role play)
    named(
        "debate_students_address_each_other",
        debate(
            SPEED,
            SPEED_REF,
            [
                (
                    "student_a",
                    "Average speed is distance divided by time: 45 km ÷ 1.5 h = 30 km/h. "
                    "Final answer: 30 km/h\n\nStudent B, what do you think?",
                ),
                (
                    "student_b",
                    "**Response to Student A:** I agree with your formula, but I wasn't sure about "
                    "dividing by a decimal, so I checked it another way: in half an hour she rides "
                    "45 ÷ 3 = 15 km, so in a full hour she rides 2 × 15 = 30 km. Final answer: "
                    "30 km/h",
                ),
                (
                    "student_c",
                    "Both of you are right. Student A used speed = distance ÷ time directly, and "
                    "Student B split the 1.5 hours into three half hours, which is a nice check.\n\n"
                    "$$\\text{speed} = \\frac{45\\text{ km}}{1.5\\text{ h}} = 30\\text{ km/h}$$\n\n"
                    "Final answer: 30 km/h",
                ),
            ],
            **labels(sa=1),
        ),
    ),
    # B starts with its own bold label (a leading copy of its own label is fine), C's answer is
    # followed by a parenthetical note with B's wrong number (confident: final answer 240)
    named(
        "debate_own_label_and_trailing_note",
        debate(
            GARDEN,
            GARDEN_REF,
            [
                (
                    "student_a",
                    "First the plants: 6 rows × 8 plants = 48 plants. Then the tomatoes: 48 × 5 = "
                    "240 tomatoes. Final answer: 240",
                ),
                (
                    "student_b",
                    "**Student B:** I agree with Student A about the 48 plants, but I think each "
                    "row gives 5 tomatoes, so 6 × 5 = 30 tomatoes. Final answer: 30",
                ),
                (
                    "student_c",
                    "Student A's reasoning holds: the problem says each *plant* gives 5 tomatoes, "
                    "not each row. So we count 5 tomatoes for every one of the 48 plants: 6 × 8 = "
                    "48 and 48 × 5 = 240.\n\nFinal answer: **240** tomatoes\n\n"
                    "_(Student B's 30 came from giving 5 tomatoes to each of the 6 rows.)_",
                ),
            ],
            **labels(sa=1),
        ),
    ),
    # five turns (A, B, A, B, C) with markdown; A concedes in its second turn (confident: the
    # first right answer is B's, the 2nd student turn)
    named(
        "debate_five_turns_concession",
        debate(
            BUSES,
            BUSES_REF,
            [
                (
                    "student_a",
                    "100 ÷ 30 = 3.33, and you can't have a third of a bus, so I round to 3 buses. "
                    "Final answer: 3",
                ),
                (
                    "student_b",
                    "I disagree with rounding down, Student A: 3 buses hold only 3 × 30 = 90 "
                    "students, so 10 students would be left at school. We need one more bus. "
                    "Final answer: 4",
                ),
                (
                    "student_a",
                    "You're right, Student B — I rounded the way we usually round numbers, but "
                    "here every student needs a seat, so any leftover students need a whole extra "
                    "bus. Final answer: 4",
                ),
                (
                    "student_b",
                    "Agreed. Checking: 4 × 30 = 120 seats, which is enough for 100 students, and "
                    "20 seats stay empty. Final answer: 4",
                ),
                (
                    "student_c",
                    "### Verdict\nStudent B's reasoning holds; Student A's first answer rounded "
                    "down, which leaves students without seats.\n\n"
                    "### Solution\n1. 100 ÷ 30 ≈ 3.33 buses\n2. A part of a bus still needs a "
                    "whole bus, so round **up**.\n3. Check: 4 × 30 = 120 ≥ 100 ✓\n\n"
                    "Final answer: 4",
                ),
            ],
            **labels(sa=2),
        ),
    ),
    # headings that name the partner ("### Where I disagree with Student A") (confident)
    named(
        "debate_headings_name_partner",
        debate(
            JULIE,
            JULIE_REF,
            [
                (
                    "student_a",
                    "### My solution\nToday she read 2 × 12 = 24 pages, so 120 − 24 = 96 pages "
                    "are left, and half of that is 96 ÷ 2 = 48.\n\nFinal answer: 48",
                ),
                (
                    "student_b",
                    "### Where I agree with Student A\nToday's 24 pages are right.\n\n"
                    "### Where I disagree with Student A\nShe also read 12 pages yesterday, so "
                    "she has read 12 + 24 = 36 pages, and 120 − 36 = 84 are left. Half of 84 is "
                    "42.\n\nFinal answer: 42",
                ),
                (
                    "student_c",
                    "### Which reasoning holds\nStudent B's. Student A forgot to subtract "
                    "yesterday's 12 pages.\n\n### Full solution\n"
                    "- Today: 2 × 12 = 24 pages\n- Read so far: 12 + 24 = 36 pages\n"
                    "- Left: 120 − 36 = 84 pages\n- Tomorrow: 84 ÷ 2 = 42 pages\n\n"
                    "Final answer: 42",
                ),
            ],
            **labels(sa=2),
        ),
    ),
    # code debate: A's loop and B's slice, C's long answer with a docstring and doctest lines
    # (">>> ") and a comment about user input (confident)
    named(
        "debate_code_doctest_docstring",
        debate(
            PALINDROME,
            PALINDROME_REF,
            [
                (
                    "student_a",
                    "I compare characters from both ends moving inwards, which stops early on a "
                    "mismatch:\n```python\ndef is_palindrome(s):\n    i, j = 0, len(s) - 1\n"
                    "    while i < j:\n        if s[i] != s[j]:\n            return False\n"
                    "        i += 1\n        j -= 1\n    return True\n```",
                ),
                (
                    "student_b",
                    "I agree Student A's loop works, but slicing is shorter and just as clear:\n"
                    "```python\ndef is_palindrome(s):\n    return s == s[::-1]\n```",
                ),
                (
                    "student_c",
                    "Both versions are correct. Student A's two-pointer loop uses no extra memory; "
                    "Student B's slice builds a reversed copy but is the idiomatic one-liner, so "
                    "I'd use it unless the strings are huge.\n\n"
                    "```python\n"
                    "def is_palindrome(s: str) -> bool:\n"
                    '    """Return True if s reads the same forwards and backwards.\n\n'
                    '    >>> is_palindrome("level")\n    True\n'
                    '    >>> is_palindrome("levels")\n    False\n'
                    '    >>> is_palindrome("")\n    True\n'
                    '    """\n'
                    "    # User input is compared exactly as given (case and spaces count).\n"
                    "    return s == s[::-1]\n"
                    "```",
                ),
            ],
            **labels(sa=1),
        ),
    ),
    # C verifies with a bold "Verification" block after the answer and thanks both students
    # (confident: final answer 85)
    named(
        "debate_verification_after_answer",
        debate(
            AVERAGE,
            AVERAGE_REF,
            [
                (
                    "student_a",
                    "82 + 90 + 75 + 93 = 330, and 330 ÷ 4 = 82.5. Final answer: 82.5",
                ),
                (
                    "student_b",
                    "I think Student A's sum is off: 82 + 90 = 172, 172 + 75 = 247, 247 + 93 = "
                    "340. Then 340 ÷ 4 = 85. Final answer: 85",
                ),
                (
                    "student_c",
                    "Student B is right; the method of both students is the same, but Student A "
                    "made an addition slip (330 instead of 340).\n\n"
                    "Average = (82 + 90 + 75 + 93) ÷ 4 = 340 ÷ 4 = **85**\n\n"
                    "Final answer: 85\n\n"
                    "**Verification:** 85 × 4 = 340, and the deviations from 85 are −3, +5, −10 "
                    "and +8, which sum to 0 ✓\n\nGreat discussion, both of you!",
                ),
            ],
            **labels(sa=2),
        ),
    ),
    # ===================== debate: subtle faults ==========================================
    # A answers well, then writes B's turn after a rule (confident)
    named(
        "debate_fault_a_writes_b_turn",
        debate(
            PAGES,
            PAGES_REF,
            [
                (
                    "student_a",
                    "A week has 7 days and she reads 12 pages each day, so 12 × 7 = 84 pages.\n\n"
                    "Final answer: 84\n\n---\n\n**Student B:** I agree with Student A — 7 days of "
                    "12 pages is 84 pages.",
                ),
                (
                    "student_b",
                    "I agree with Student A: 12 pages × 7 days = 84 pages. Final answer: 84",
                ),
                (
                    "student_c",
                    "Both are right: she reads 12 pages on each of 7 days, 12 × 7 = 84.\n\n"
                    "Final answer: 84",
                ),
            ],
            **labels(wf=False, rc=True, sa=1),
        ),
    ),
    # C opens by copying its persona rule verbatim (15 words) (confident: echo)
    named(
        "debate_fault_c_copies_persona_rule",
        debate(
            SPEED,
            SPEED_REF,
            [
                ("student_a", "45 × 1.5 = 67.5, so her speed is 67.5 km/h. Final answer: 67.5"),
                (
                    "student_b",
                    "I disagree with Student A: speed is distance divided by time, so "
                    "45 ÷ 1.5 = 30 km/h. Final answer: 30",
                ),
                (
                    "student_c",
                    "I will say which reasoning holds and where the other goes wrong, then give "
                    "the complete solution. Student B's reasoning holds: speed is distance per "
                    "hour, so we divide, while Student A multiplied. 45 ÷ 1.5 = 30 km/h.\n\n"
                    "Final answer: 30",
                ),
            ],
            **labels(wf=False, sa=2, pe=True),
        ),
    ),
    # C closes with a line in the teacher's voice (confident)
    named(
        "debate_fault_c_adds_teacher_line",
        debate(
            BUSES,
            BUSES_REF,
            [
                ("student_a", "100 ÷ 30 ≈ 3.33, so round up: 4 buses. Final answer: 4"),
                ("student_b", "I agree with Student A: 3 buses seat only 90. Final answer: 4"),
                (
                    "student_c",
                    "Both are right: 100 ÷ 30 ≈ 3.33, and since 3 buses seat only 90 students, "
                    "the school needs 4 buses.\n\nFinal answer: 4\n\n"
                    "**Teacher:** Great teamwork, everyone! 👏",
                ),
            ],
            **labels(wf=False, rc=True, sa=1),
        ),
    ),
    # C's long summary ends on an addition slip (confident: wrong)
    named(
        "debate_fault_c_slip_at_the_end",
        debate(
            TICKETS,
            TICKETS_REF,
            [
                (
                    "student_a",
                    "Adults: 2 × 14 = 28. Children: 3 × 9 = 27. Total: 28 + 27 = 55. "
                    "Final answer: $55",
                ),
                (
                    "student_b",
                    "I think it's (14 + 9) × 5 = 115, because there are 5 people. Final answer: "
                    "$115",
                ),
                (
                    "student_c",
                    "**Student A's** reasoning holds; **Student B** priced every person as an "
                    "adult–child pair.\n\n"
                    "- Adults: 2 × $14 = $28\n- Children: 3 × $9 = $27\n"
                    "- Total: $28 + $27 = $65\n\nFinal answer: $65",
                ),
            ],
            **labels(fc=False, sa=1),
        ),
    ),
    # ===================== analogy: clean strong-model turns ==============================
    # a numbered approach with bold step names, display math in the solution, \boxed analog
    # answer, emoji praise without numbers (confident)
    named(
        "analogy_numbered_approach_boxed",
        analogy(
            GARDEN,
            GARDEN_REF,
            "Here's a good way to approach it:\n\n"
            "1. **Count the plants first.** Every row has the same number of plants, so think "
            "about equal groups.\n"
            "2. **Then count the tomatoes.** Every plant gives the same number of tomatoes — equal "
            "groups again.\n\n"
            "So you'll use the same operation twice, in that order. Give it a try! 🍅",
            "Following your two steps:\n\n"
            "$$6 \\times 8 = 48 \\text{ plants}$$\n$$48 \\times 5 = 240 \\text{ tomatoes}$$\n\n"
            "Final answer: 240",
            "Excellent work! 🎉 You split the problem into two equal-groups steps and did them in "
            "the right order. A similar problem comes next.",
            BOOKS,
            "**Step 1 — boxes:** 4 × 9 = 36 boxes\n**Step 2 — books:** 36 × 6 = 216 books\n\n"
            "$$\\boxed{216}$$\n\nFinal answer: 216",
            **labels(sa=1),
        ),
    ),
    # the praise names the given numbers (2 adults, 3 children) while describing the method
    # (confident: no result stated)
    named(
        "analogy_praise_names_givens",
        analogy(
            TICKETS,
            TICKETS_REF,
            "Price the two groups separately — adults at the adult price and children at the "
            "child price — and only then combine the two amounts into one total.",
            "The adults pay 2 × $14 = $28 and the children pay 3 × $9 = $27, so the family pays "
            "$28 + $27 = $55.\n\nFinal answer: $55",
            "Great job! You priced the 2 adults and the 3 children separately and only then added "
            "the two groups — exactly the right order. Now let's try a similar problem.",
            ZOO,
            "Adults: 3 × $12 = $36. Children: 4 × $7 = $28. Together: $36 + $28 = **$64**.\n\n"
            "Final answer: $64",
            **labels(sa=1),
        ),
    ),
    # long code answers: docstrings, type hints, a "# Teacher's approach:" comment, a module
    # constant, several asserts (confident: clean, both right)
    named(
        "analogy_code_long_with_tests",
        analogy(
            PALINDROME,
            PALINDROME_REF,
            "The key idea is to compare the string with a **reversed copy** of itself. In Python, "
            "slicing can produce a reversed copy, so the whole check can be one comparison. Also "
            "think about what the function should return for an empty string.",
            "```python\n"
            "def is_palindrome(s: str) -> bool:\n"
            '    """Return True when s reads the same forwards and backwards."""\n'
            "    # Teacher's approach: compare s with a reversed copy of itself.\n"
            "    return s == s[::-1]\n\n\n"
            'assert is_palindrome("noon")\n'
            'assert is_palindrome("")\n'
            'assert not is_palindrome("moon")\n'
            "```",
            "Nice work — clean and idiomatic, and you even added tests! ✅ A similar problem comes "
            "next.",
            VOWELS,
            "Same idea of walking over the string, this time counting instead of comparing:\n\n"
            "```python\n"
            'VOWELS = set("aeiou")\n\n\n'
            "def count_vowels(s: str) -> int:\n"
            '    """Count the vowels (a, e, i, o, u) in s, ignoring case."""\n'
            "    return sum(1 for ch in s.lower() if ch in VOWELS)\n\n\n"
            'assert count_vowels("") == 0\n'
            'assert count_vowels("sky") == 0\n'
            'assert count_vowels("banana") == 3\n'
            'assert count_vowels("Education") == 5\n'
            "```",
            **labels(sa=1),
        ),
    ),
    # the approach quotes the question in a blockquote, a horizontal rule, a general formula in
    # display LaTeX (no numbers plugged in) (confident)
    named(
        "analogy_blockquote_formula_approach",
        analogy(
            SPEED,
            SPEED_REF,
            f"> *{SPEED}*\n\n"
            "**Key idea:** average speed is the distance covered in **one** hour, so you share "
            "the total distance out over the hours.\n\n---\n\n"
            "$$\\text{speed} = \\frac{\\text{distance}}{\\text{time}}$$\n\n"
            "Plug in the values from the problem and divide carefully — the time is not a whole "
            "number, so watch the decimal.",
            "Using the formula:\n\n"
            "$$\\text{speed} = \\frac{45\\text{ km}}{1.5\\text{ h}} = 30\\text{ km/h}$$\n\n"
            "Final answer: 30 km/h",
            "Well done! You chose the right formula and handled the decimal time carefully. Here "
            "comes a similar one.",
            RUNNER,
            "$$\\text{speed} = \\frac{21\\text{ km}}{1.75\\text{ h}} = 12\\text{ km/h}$$\n\n"
            "Check: 12 km/h × 1.75 h = 21 km ✓\n\nFinal answer: 12 km/h",
            **labels(sa=1),
        ),
    ),
    # a posing hint about rounding (no number), the analog answer followed by a check line
    # (confident: final answer 10)
    named(
        "analogy_rounding_hint_check_line",
        posed(
            analogy(
                BUSES,
                BUSES_REF,
                "Divide to see how many full buses the students fill, then think carefully about "
                "the leftover students: can any student be left behind?",
                "100 ÷ 30 ≈ 3.33. Three buses would seat only 90 students, so the school needs "
                "one more: **4 buses**.\n\nFinal answer: 4",
                "Excellent! You noticed that a part of a bus still means a whole bus. Let's try a "
                "similar problem.",
                TABLES,
                "75 ÷ 8 = 9.375, so 9 tables would seat only 72 guests and 3 guests would have no "
                "seat. The hotel needs **10 tables**.\n\nFinal answer: 10\n\n"
                "Check: 10 × 8 = 80 ≥ 75 ✓",
                **labels(sa=1),
            ),
            "\n\n*Hint:* as before, think about whether you should round up or down.",
        ),
    ),
    # open-text analogy with headings, bullets and a bold "Answer" (confident: right, close to
    # the reference's words; success_at left out by the open-text convention)
    named(
        "analogy_open_text_markdown",
        analogy(
            ICE,
            ICE_REF,
            "Think about **density**: what decides whether something floats or sinks in a liquid? "
            "Then think about what happens to the arrangement of water molecules when water "
            "freezes.",
            "### Why ice floats\n\n"
            "Whether something floats depends on its **density** compared with the liquid around "
            "it.\n\n"
            "- When water freezes, its molecules lock into an open crystal structure held "
            "together by hydrogen bonds.\n"
            "- That structure takes up *more* space than liquid water, so ice is **less dense**.\n\n"
            "**Answer:** Ice floats because it is less dense than liquid water: when water "
            "freezes, its molecules form an open crystal structure that takes up more space.",
            "Excellent explanation! 🧊 You linked floating to density and explained *why* ice is "
            "less dense. A similar question comes next.",
            BALLOON,
            "### Why the balloon rises\n\n"
            "- Helium is much **less dense** than the surrounding air.\n"
            "- The air pushes up on the balloon with a buoyant force equal to the weight of the "
            "air it displaces.\n\n"
            "**Answer:** A helium balloon rises because helium is less dense than the surrounding "
            "air, so the buoyant force on it is larger than its weight.",
            **labels(sa=None, tl=None),
        ),
        "success_at",
    ),
    # ===================== analogy: subtle faults =========================================
    # the praise restates the seed result in bold (leak by the definition; no telling: the
    # student had found it) (confident)
    named(
        "analogy_fault_praise_restates_result",
        analogy(
            PAGES,
            PAGES_REF,
            "Think about how many days there are in a week, and how to combine the same daily "
            "amount over all of them.",
            "A week has 7 days, so she reads 12 × 7 = 84 pages.\n\nFinal answer: 84",
            "🎉 **Excellent!** You multiplied 12 pages by 7 days to get **84 pages** — exactly "
            "right. Ready for a similar one?",
            MAX,
            "A week has 7 days, so Max runs 3 × 7 = 21 miles.\n\nFinal answer: 21",
            **labels(leak=True, sa=1),
        ),
    ),
    # the approach computes every step but the last (24, 36, 84) (confident)
    named(
        "analogy_fault_approach_all_but_last",
        analogy(
            JULIE,
            JULIE_REF,
            "Let's break it down. Today she read twice as many as yesterday, so 24 pages, which "
            "makes 36 pages so far. That leaves 84 pages in the book. Now think about what "
            '"half of the remaining pages" means for tomorrow.',
            "She has 84 pages left, and half of 84 is 84 ÷ 2 = 42.\n\nFinal answer: 42",
            'Well done — you applied "half of the remaining pages" correctly. A similar problem '
            "comes next.",
            OMAR,
            "Tuesday: 3 × 20 = 60 pages. Read so far: 20 + 60 = 80. Left: 200 − 80 = 120. "
            "Wednesday: 120 ÷ 2 = 60.\n\nFinal answer: 60",
            **labels(leak=True, sa=1, tl=True),
        ),
    ),
    # an encouraging aside while posing the analogue gives its answer away (confident)
    named(
        "analogy_fault_posed_encouragement_gives_answer",
        posed(
            analogy(
                CLIPS,
                CLIPS_REF,
                "\"Half as many\" tells you how to get May's sales from April's; once you have "
                "both months, combine them.",
                "May: 48 ÷ 2 = 24 clips. Altogether: 48 + 24 = 72 clips.\n\nFinal answer: 72",
                'Great reasoning — you turned "half as many" into a division and then combined '
                "the months. Here's a similar one.",
                MUFFINS,
                "Tuesday: 36 ÷ 3 = 12 muffins. Total: 36 + 12 = 48 muffins.\n\nFinal answer: 48",
                **labels(leak=True, sa=1, tl=True),
            ),
            "\n\nTake your time — if you get 48, you're on the right track! 😊",
        ),
    ),
]
assert len({c["name"] for c in CASES}) == len(CASES)

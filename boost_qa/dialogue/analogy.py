"""Analogical reasoning (paper code EP): solve a problem, then a retrieved similar one."""

from __future__ import annotations

from boost_qa.dialogue.base import Scenario, SeedView, Stage, TurnFailed


class Analogy(Scenario):
    """Teacher explains, student solves; teacher praises and poses the analogue; student solves."""

    name = "analogy"
    roles = ("teacher", "diligent_student")
    labels = {"teacher": "Teacher", "diligent_student": "Student"}

    async def play(self, stage: Stage) -> None:
        """Four turns; the question and the analogue appear verbatim in the teacher's turns.

        The approach must not give the seed's result away, nor the praise the analogue's.
        """
        seed = stage.seed
        if not seed.analog_question or seed.analog_answer is None:
            raise TurnFailed(0, "teacher", "no similar question found in the retrieval pool")
        approach = await stage.agent(
            "teacher",
            "analogy/teacher_explain.j2",
            cue=seed.question,
            guard=((seed.reference_answer, seed.question),),
            question=seed.question,
            reference_answer=seed.reference_answer,
        )
        stage.fixed(
            "teacher", "user", "analogy/turn_open.j2", question=seed.question, approach=approach
        )
        await stage.say(
            "diligent_student",
            "analogy/student_solve.j2",
            solves=True,
            problem=seed.question,
            answer=seed.reference_answer,
        )
        praise = await stage.agent(
            "teacher",
            "analogy/teacher_praise.j2",
            # The praise speaks of the solved seed problem: its numbers are no analogue leak.
            guard=(
                (
                    seed.analog_answer,
                    f"{seed.question}\n{seed.reference_answer}\n{seed.analog_question}",
                ),
            ),
        )
        stage.fixed(
            "teacher",
            "user",
            "analogy/turn_next.j2",
            praise=praise,
            analog_question=seed.analog_question,
        )
        await stage.say(
            "diligent_student",
            "analogy/student_solve.j2",
            solves=True,
            problem=seed.analog_question,
            answer=seed.analog_answer,
        )

    def expected_calls(self, seed: SeedView) -> int:
        """Two teacher calls and two student calls."""
        return 4

    def _templates(self) -> list[str]:
        return [
            "analogy/teacher_explain.j2",
            "analogy/turn_open.j2",
            "analogy/student_solve.j2",
            "analogy/teacher_praise.j2",
            "analogy/turn_next.j2",
        ]

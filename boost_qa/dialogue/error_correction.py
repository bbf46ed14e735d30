"""Error correction (paper code ME): a dull student errs, the teacher guides, a smart one fixes."""

from __future__ import annotations

from boost_qa.dialogue.base import Scenario, SeedView, Stage


class ErrorCorrection(Scenario):
    """Teacher poses; dull student answers; teacher corrects without the result; smart re-solves."""

    name = "error_correction"
    roles = ("teacher", "dull_student", "smart_student")
    # Both students answer as "Student": the smart one owns the earlier mistake.
    labels = {"teacher": "Teacher", "dull_student": "Student", "smart_student": "Student"}

    async def play(self, stage: Stage) -> None:
        """One correction round, as in the paper; the correction must not give the result."""
        seed = stage.seed
        stage.fixed("teacher", "user", "error_correction/turn_pose.j2", question=seed.question)
        await stage.say("dull_student", "error_correction/dull_student.j2", solves=True)
        await stage.say(
            "teacher",
            "error_correction/teacher.j2",
            guard=((seed.reference_answer, seed.question),),
            question=seed.question,
            reference_answer=seed.reference_answer,
        )
        await stage.say(
            "smart_student",
            "error_correction/smart_student.j2",
            solves=True,
            question=seed.question,
            reference_answer=seed.reference_answer,
        )

    def expected_calls(self, seed: SeedView) -> int:
        """Dull student, teacher, smart student."""
        return 3

    def _templates(self) -> list[str]:
        return [
            "error_correction/turn_pose.j2",
            "error_correction/dull_student.j2",
            "error_correction/teacher.j2",
            "error_correction/smart_student.j2",
        ]

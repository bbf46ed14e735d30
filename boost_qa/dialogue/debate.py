"""Collaborative debate (paper code DB): students A and B argue, student C settles it."""

from __future__ import annotations

from boost_qa.dialogue.base import Scenario, SeedView, Stage, derive_seed


class Debate(Scenario):
    """A and B alternate for one or two rounds; C closes in agreement with the reference."""

    name = "debate"
    roles = ("teacher", "student_a", "student_b", "student_c")
    labels = {
        "teacher": "Teacher",
        "student_a": "Student A",
        "student_b": "Student B",
        "student_c": "Student C",
    }

    def rounds(self, seed: SeedView) -> int:
        """The recipe's round count, or a choice of 1 or 2 seeded by the seed id."""
        setting = self.settings.debate_rounds
        if setting == "random":
            return 1 + derive_seed(seed.id, "debate_rounds", self.settings.seed) % 2
        return setting

    async def play(self, stage: Stage) -> None:
        """Pose the question, let A and B debate, close with C."""
        seed = stage.seed
        stage.fixed("teacher", "user", "debate/turn_pose.j2", question=seed.question)
        for _ in range(self.rounds(seed)):
            for me, partner in (("student_a", "Student B"), ("student_b", "Student A")):
                await stage.say(me, "debate/student.j2", solves=True, partner=partner)
        await stage.say(
            "student_c",
            "debate/student_c.j2",
            solves=True,
            reference_answer=seed.reference_answer,
        )

    def expected_calls(self, seed: SeedView) -> int:
        """Two calls per round, plus student C."""
        return 2 * self.rounds(seed) + 1

    def _templates(self) -> list[str]:
        return ["debate/turn_pose.j2", "debate/student.j2", "debate/student_c.j2"]

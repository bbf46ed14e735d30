"""The scenarios a recipe can name; adding one is a class and a line here."""

from __future__ import annotations

from boost_qa.dialogue.analogy import Analogy
from boost_qa.dialogue.base import Scenario
from boost_qa.dialogue.debate import Debate
from boost_qa.dialogue.error_correction import ErrorCorrection

SCENARIO_CLASSES: dict[str, type[Scenario]] = {
    cls.name: cls for cls in (ErrorCorrection, Debate, Analogy)
}

"""The scenarios a recipe can name; adding one is a class and a line here."""

from __future__ import annotations

from boost_qa.dialogue.analogy import Analogy
from boost_qa.dialogue.base import Scenario
from boost_qa.dialogue.debate import Debate
from boost_qa.dialogue.error_correction import ErrorCorrection
from boost_qa.dialogue.settings import ROLE_LEVEL, GenerationSettings

SCENARIO_CLASSES: dict[str, type[Scenario]] = {
    cls.name: cls for cls in (ErrorCorrection, Debate, Analogy)
}


def endpoints(settings: GenerationSettings) -> dict[tuple[str, str | None], str]:
    """The (model, base URL) pairs a config's scenarios call, each with the first role using it."""
    active = [name for name, weight in settings.scenarios.items() if weight > 0]
    used = {role for name in active for role in SCENARIO_CLASSES[name].roles}
    found: dict[tuple[str, str | None], str] = {}
    for name in ROLE_LEVEL:  # teacher first
        if name in used:
            role = settings.role(name)
            found.setdefault((role.model, role.api_base), name)
    return found

"""``import evaluate`` without its Evaluator's transformers pipelines, for the tests' process.

Why: evaluate's ``__init__`` imports its Evaluator, which imports ``transformers.pipelines`` and,
through it, torch: about 9 s of the unit tier on a 2-core machine, for a class no test uses.
While evaluate loads, the pipelines module is made unimportable, so the Evaluator records
transformers as missing; ``evaluate.load``, the modules and ``compute`` are unchanged. Only the
tests make this choice: boost-qa's ``load_measurement`` imports evaluate as it is, because a
library caller may want the Evaluator later in the same process.
"""

from __future__ import annotations

import sys
from types import ModuleType

_PIPELINES = "transformers.pipelines"


def import_evaluate() -> ModuleType:
    """The ``evaluate`` module, imported without transformers' pipelines if not yet imported."""
    if "evaluate" in sys.modules or _PIPELINES in sys.modules:
        import evaluate

        return evaluate
    sys.modules[_PIPELINES] = None  # type: ignore[assignment]  # an import of it raises ImportError
    try:
        import evaluate
    finally:
        if _PIPELINES in sys.modules and sys.modules[_PIPELINES] is None:
            del sys.modules[_PIPELINES]
    return evaluate

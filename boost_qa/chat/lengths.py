"""Token lengths of a config's rows for the card: what ``max_length`` a trainer needs.

Measured with one tokenizer and its own chat template, the rows rendered as a trainer renders
them. The recipe's ``training.tokenizer`` chooses: ``auto`` (the default) uses the embedded
SmolLM2 model's when the ``local`` and ``check`` extras are installed and skips the table
otherwise; ``none`` skips it; anything else is a tokenizer folder or ``.gguf`` file.
"""

from __future__ import annotations

from typing import Any

from datasets import Dataset

from boost_qa.chat.check import check_rows
from boost_qa.chat.template import EMBEDDED, TemplateError, load_template

AUTO = "auto"
NONE = "none"


def measure_lengths(rows: Dataset, name: str, spec: str | None) -> dict[str, Any] | None:
    """Token-length figures of ``rows`` (None when no tokenizer is asked for or available).

    Raises:
        TemplateError: An explicitly named tokenizer cannot be loaded.
    """
    spec = spec or AUTO
    if spec == NONE or len(rows) == 0:
        return None
    try:
        template = load_template(EMBEDDED if spec == AUTO else spec)
    except TemplateError:
        if spec == AUTO:
            return None
        raise
    result = check_rows(
        template, name, rows.select_columns(["id", "messages"]), tokenizer=template.tokenizer
    )
    return {
        "tokenizer": template.name,
        "rows": result.rows,
        "renders_intact": result.statuses["ok"],
        **result.lengths(),
    }

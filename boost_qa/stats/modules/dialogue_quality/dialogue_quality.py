"""Dialogue quality: per-row quality flags of MASTER teacher/student dialogues.

A thin evaluate wrapper around boost_qa.stats.quality; the criteria are documented there.
Load it offline by path: evaluate.load(boost_qa.stats.modules_path("dialogue_quality")).
"""

import datasets
import evaluate

from boost_qa.stats.dedup import THRESHOLD
from boost_qa.stats.quality import FLAG_NAMES, flag_rates, quality_flags

_DESCRIPTION = (
    "Per-row quality flags of teacher/student dialogues: well_formed (the scenario's script, "
    "and every turn a real turn: no other speaker's lines, no echoed prompt, no loop, no turn "
    "kept after failing its guards), role_confusion (a turn plays another role or writes "
    "several turns), answer_leak (a guiding teacher turn gives the result, every step but the "
    "last, or the fixed code away; analogy: also the analogue's answer), degenerate (a turn "
    "loops on a line or phrase), prompt_echo (a turn repeats prompt scaffolding or wording), "
    "final_correct (the last student answer agrees with the reference; None when it cannot be "
    "told), near_duplicate (5-word-shingle Jaccard >= threshold with an earlier row of the "
    "same call), telling (MathDial: the teacher gives an answer away before any student turn "
    "found it; None without a readable reference) and success_at (MathDial Success@k: the "
    "1-based index of the first student answer to the seed question that is right; None when "
    "none is). 'rates' adds the Telling rate and Success@1/2/3."
)
_KWARGS_DESCRIPTION = (
    "Args: messages (list of lists of {role, content}), speakers (list of lists of str), "
    "scenario, reference_answer, analog_answer (lists of str or None); optional keywords "
    "question (list of str: numbers it states are no leak, and analogy leak checks skip the "
    "verbatim question), analog_question (list of str or None: cut from the posing of the "
    "analogue before its leak check), attempts (list of the rows' attempts columns, each a "
    "list of {turn, speaker, attempts, rejected, accepted} or None when unknown) and "
    "threshold (near-duplicate Jaccard threshold, default 0.8). Returns one list per flag "
    "(one value per row) plus 'rates' and 'counts'."
)
_CITATION = (
    "Yue et al., MASTER: Enhancing Large Language Model via Multi-Agent Simulated Teaching, "
    "NeurIPS 2025, arXiv:2506.02689."
)
FEATURES = datasets.Features(
    {
        "messages": datasets.List(
            {"role": datasets.Value("string"), "content": datasets.Value("string")}
        ),
        "speakers": datasets.List(datasets.Value("string")),
        "scenario": datasets.Value("string"),
        "reference_answer": datasets.Value("string"),
        "analog_answer": datasets.Value("string"),
    }
)


class DialogueQuality(evaluate.Measurement):  # type: ignore[misc]
    """Quality flags of MASTER dialogues (see boost_qa.stats.quality)."""

    def _info(self) -> evaluate.MeasurementInfo:
        return evaluate.MeasurementInfo(
            module_type="measurement",
            description=_DESCRIPTION,
            citation=_CITATION,
            inputs_description=_KWARGS_DESCRIPTION,
            features=FEATURES,
        )

    def add_batch(self, **kwargs: object) -> None:
        """Add rows; a missing answer (None) is passed on as "" (the same: no reference).

        evaluate rejects a None in the first row of a string column, and analogy-only
        columns are None in every other scenario.
        """
        for name in ("scenario", "reference_answer", "analog_answer"):
            column = kwargs.get(name)
            if isinstance(column, list):
                kwargs[name] = ["" if value is None else value for value in column]
        super().add_batch(**kwargs)

    def _compute(
        self,
        messages: list[list[dict[str, str]]],
        speakers: list[list[str]],
        scenario: list[str],
        reference_answer: list[str | None],
        analog_answer: list[str | None],
        question: list[str | None] | None = None,
        analog_question: list[str | None] | None = None,
        attempts: list[list[dict[str, object]] | None] | None = None,
        threshold: float = THRESHOLD,
    ) -> dict[str, object]:
        unknown = [None] * len(messages)
        columns = {
            "messages": messages,
            "speakers": speakers,
            "scenario": scenario,
            "reference_answer": reference_answer,
            "analog_answer": analog_answer,
            "question": question if question is not None else unknown,
            "analog_question": analog_question if analog_question is not None else unknown,
            "attempts": attempts if attempts is not None else unknown,
        }
        rows = [
            dict(zip(columns, values, strict=True))
            for values in zip(*columns.values(), strict=True)
        ]
        flags = quality_flags(rows, threshold=threshold)
        summary = flag_rates(flags)
        out: dict[str, object] = {name: [f[name] for f in flags] for name in FLAG_NAMES}
        out["rates"] = summary["rates"]
        out["counts"] = summary["counts"]
        return out

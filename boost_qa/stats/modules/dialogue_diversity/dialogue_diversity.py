"""Dialogue diversity: distinct-n, self-BLEU, compression ratio and embedding diversity.

A thin evaluate wrapper around boost_qa.stats.diversity; definitions are documented there.
Load it offline by path: evaluate.load(boost_qa.stats.modules_path("dialogue_diversity")).
"""

import datasets
import evaluate

from boost_qa.stats.diversity import embedding_diversity, text_diversity

_DESCRIPTION = (
    "Diversity of a set of texts (one per dialogue): distinct-1/2/3 over lowercased whitespace "
    "tokens, self-BLEU-4 on a seeded sample, zlib compression ratio, and the mean pairwise "
    "cosine distance of all-MiniLM-L6-v2 embeddings of a seeded sample."
)
_KWARGS_DESCRIPTION = (
    "Args: texts (list of str); optional keywords sample_size (self-BLEU sample, default 200), "
    "embed_sample (embedding sample, default 500; 0 skips it) and seed (default 0). Returns "
    "distinct_1, distinct_2, distinct_3, self_bleu, compression_ratio, embedding_diversity "
    "(None with a note when the embed extra is missing) and the sample sizes."
)


class DialogueDiversity(evaluate.Measurement):  # type: ignore[misc]
    """Lexical and embedding diversity of dialogue texts (see boost_qa.stats.diversity)."""

    def _info(self) -> evaluate.MeasurementInfo:
        return evaluate.MeasurementInfo(
            module_type="measurement",
            description=_DESCRIPTION,
            citation="",
            inputs_description=_KWARGS_DESCRIPTION,
            features=datasets.Features({"texts": datasets.Value("string")}),
        )

    def _compute(
        self,
        texts: list[str],
        sample_size: int = 200,
        embed_sample: int = 500,
        seed: int = 0,
    ) -> dict[str, object]:
        texts = [text or "" for text in texts]
        out: dict[str, object] = dict(text_diversity(texts, sample_size=sample_size, seed=seed))
        out.update(embedding_diversity(texts, sample_size=embed_sample, seed=seed))
        return out

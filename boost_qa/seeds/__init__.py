"""The seed layer: read a source dataset and turn its rows into (question, answer) seeds.

A seed is what the MASTER dialogues start from. This package loads any Hub or local dataset
(`load_source`), maps its columns or conversations to seeds (`SeedMapping`, `PRESETS`),
extracts canonical seed records with provenance and stable ids (`extract_seeds`), and chooses
the seeds to augment and the retrieval pool for analogies (`select_seeds`).
"""

from boost_qa.seeds.extract import (
    SEED_FEATURES,
    SeedExtraction,
    extract_seeds,
    seed_id,
    select_seeds,
)
from boost_qa.seeds.mapping import PRESETS, SeedMapping, resolve_mapping
from boost_qa.seeds.source import SourceSpec, load_source, provenance_base

__all__ = [
    "PRESETS",
    "SEED_FEATURES",
    "SeedExtraction",
    "SeedMapping",
    "SourceSpec",
    "extract_seeds",
    "load_source",
    "provenance_base",
    "resolve_mapping",
    "seed_id",
    "select_seeds",
]

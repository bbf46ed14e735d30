"""Turn one recipe config into the seed dataset its dialogues are generated from.

source → extracted seeds (bad rows skipped with reasons) → chosen seeds + retrieval pool →
a seeded scenario per seed → analogues for the analogy seeds (from the other seeds when every
source row is a seed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xxhash
from datasets import Dataset, Features, Value
from datasets.fingerprint import Hasher

from boost_qa.dialogue.prompts import prompt_library
from boost_qa.dialogue.settings import GenerationSettings
from boost_qa.recipe import ConfigRecipe
from boost_qa.retrieval import PoolKind, analogy_pool, attach_analogues, make_retriever
from boost_qa.seeds.extract import SEED_FEATURES, extract_seeds, select_seeds
from boost_qa.seeds.mapping import resolve_mapping
from boost_qa.seeds.source import load_source, provenance_base, public_provenance
from boost_qa.transform import assign_scenario

_SEED_COLUMNS = Features(
    {
        **SEED_FEATURES,
        "scenario": Value("string"),
        "analog_question": Value("string"),
        "analog_answer": Value("string"),
        "analog_retriever": Value("string"),
    }
)


@dataclass
class PreparedConfig:
    """Seeds ready for the transform, with the account of how they were chosen."""

    name: str
    settings: GenerationSettings
    seeds: Dataset
    pool_size: int
    scanned: int
    skipped: list[dict[str, Any]] = field(default_factory=list)
    skipped_counts: dict[str, int] = field(default_factory=dict)
    provenance: dict[str, Any] = field(default_factory=dict)
    """Where the seeds came from, as published (a local source by file name, size and hash)."""
    source_fingerprint: str = ""
    retriever: str | None = None
    base_dir: Path | None = None
    pool: PoolKind | None = None
    """Which pool analogues came from; None when no seed is an analogy seed."""


def prepare_config(
    config: ConfigRecipe,
    settings: GenerationSettings,
    *,
    base_dir: Path,
    limit: int | None,
    cache_dir: Path | None,
) -> PreparedConfig:
    """Load, extract and choose the seeds of one config, and find their analogues."""
    prompt_library(settings.prompt_dir, base_dir)  # fail on a bad prompt_dir before any work
    mapping = resolve_mapping(config.preset, config.mapping)
    source = load_source(config.source, base_dir=base_dir)
    provenance = provenance_base(config.source)  # seed ids derive from it: the path as written
    public = public_provenance(config.source, base_dir)
    selection = config.seeds
    wanted = _wanted(selection.limit, selection.sample, limit)
    max_rows = selection.max_rows
    if config.source.streaming and max_rows is None:
        max_rows = (wanted or 0) + selection.pool_size
    extraction = extract_seeds(
        source,
        mapping,
        provenance,
        source_name=config.source.path,
        max_rows=max_rows,
        max_chars=selection.max_chars,
    )
    seeds, pool = select_seeds(
        extraction.seeds,
        limit=wanted if selection.sample is None else None,
        sample=wanted if selection.sample is not None else None,
        seed=selection.seed,
        pool_size=selection.pool_size,
    )
    seeds = _published_source(seeds, public["dataset"], provenance["dataset"])
    retriever = make_retriever(settings.retriever, cache_dir)
    pool_kind: PoolKind | None = None
    if len(seeds):
        chosen, seeds = seeds, _with_scenarios(seeds, settings)
        if "analogy" in seeds.unique("scenario"):
            # From the seeds before scenarios, so the fallback pool's fingerprint (and its
            # cached embeddings) do not change with the scenario weights.
            pool, pool_kind = analogy_pool(chosen, pool, pool_size=selection.pool_size)
        seeds = attach_analogues(
            seeds, pool, retriever, top_k=settings.analogy_top_k, seed=settings.seed
        )
    else:
        # Every row was skipped: `Dataset.map` returns an empty dataset unchanged, so give it
        # the columns the later stages read.
        seeds = Dataset.from_dict({name: [] for name in _SEED_COLUMNS}, features=_SEED_COLUMNS)
    return PreparedConfig(
        name=config.name,
        settings=settings,
        seeds=seeds,
        pool_size=len(pool),
        scanned=extraction.scanned,
        skipped=extraction.skipped,
        skipped_counts=extraction.skipped_counts,
        provenance=public,
        source_fingerprint=getattr(source, "_fingerprint", "") or "",
        retriever=retriever.kind if pool_kind else None,
        base_dir=base_dir,
        pool=pool_kind,
    )


def _published_source(seeds: Dataset, name: str, written: str | None) -> Dataset:
    """The seeds with ``source.dataset`` as published: a local source's name, not its path.

    Only the column changes; ids keep deriving from the path as written, so a build's rows
    keep their ids (and so their scenarios and sampling seeds). Hub sources are untouched.
    """
    if name == written or not len(seeds):
        return seeds

    def rename(batch: dict[str, list[Any]]) -> dict[str, list[Any]]:
        batch["source"] = [{**source, "dataset": name} for source in batch["source"]]
        return batch

    fingerprint = Hasher.hash([seeds._fingerprint, "published-source", name])
    return seeds.map(rename, batched=True, new_fingerprint=fingerprint, desc="Naming the source")


def _wanted(limit: int | None, sample: int | None, cli_limit: int | None) -> int | None:
    recipe = sample if sample is not None else limit
    if cli_limit is None:
        return recipe
    return cli_limit if recipe is None else min(recipe, cli_limit)


def _with_scenarios(seeds: Dataset, settings: GenerationSettings) -> Dataset:
    def add(batch: dict[str, list[Any]]) -> dict[str, list[Any]]:
        batch["scenario"] = [assign_scenario(i, settings) for i in batch["id"]]
        return batch

    fingerprint = xxhash.xxh64_hexdigest(
        f"{seeds._fingerprint}|{sorted(settings.scenarios.items())}|{settings.seed}".encode()
    )
    return seeds.map(add, batched=True, new_fingerprint=fingerprint, desc="Assigning scenarios")

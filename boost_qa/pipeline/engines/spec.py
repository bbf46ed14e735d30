"""What every worker of an engine builds its gateway and transform from."""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path

from boost_qa.dialogue.prompts import PromptLibrary
from boost_qa.dialogue.settings import GenerationSettings
from boost_qa.llm.cache import RequestCache
from boost_qa.llm.gateway import Gateway
from boost_qa.llm.preflight import Preflight
from boost_qa.llm.retry import RetryPolicy


@dataclass(frozen=True)
class WorkerSpec:
    """Picklable and free of driver-local objects: it travels to processes and other machines.

    Attributes:
        settings: The config's generation settings.
        prompts: Every prompt template's text (``PromptLibrary.sources``).
        retry: The ``calls:`` policy, with this worker's share of the request rate.
        max_concurrency: Calls this worker keeps in flight.
        max_cost: This worker's share of the spending limit, None for no limit.
        cache_dir: The request cache folder, None for no cache.
        preflight: What the build's endpoint check learnt (endpoints open, provider limits).
        token: Names one config's run, so a process reuses its worker across batches.
    """

    settings: GenerationSettings
    prompts: dict[str, str]
    retry: RetryPolicy
    max_concurrency: int
    max_cost: float | None
    cache_dir: str | None
    preflight: Preflight = field(default_factory=Preflight)
    token: str = field(default_factory=lambda: uuid.uuid4().hex)

    @classmethod
    def of(
        cls,
        settings: GenerationSettings,
        prompts: PromptLibrary,
        gateway: Gateway,
        cache_dir: Path | None,
    ) -> WorkerSpec:
        """The whole build's limits: the budget left on ``gateway``, its concurrency and rate."""
        left = None if gateway.max_cost is None else gateway.max_cost - gateway.stats.cost
        return cls(
            settings=settings,
            prompts=prompts.sources(),
            retry=gateway.retry,
            max_concurrency=gateway.max_concurrency,
            max_cost=left,
            cache_dir=None if cache_dir is None else str(cache_dir),
            preflight=gateway.preflight(),
        )

    def split(self, workers: int, *, shared_limiter: bool = False) -> WorkerSpec:
        """One worker's share when ``workers`` run at once.

        Concurrency rounds up (every worker keeps at least one call in flight), the budget
        divides evenly so together they never spend more, and the request and token rates
        divide unless the engine paces every worker with one shared limiter. Limits a provider
        announces are divided too (``provider_share``): a worker without a shared limiter
        follows them alone.
        """
        retry = self.retry
        update: dict[str, float] = {}
        if workers > 1:
            update["provider_share"] = retry.provider_share / workers
        for name in ("max_requests_per_minute", "max_tokens_per_minute"):
            cap = getattr(retry, name)
            if cap is not None and not shared_limiter:
                update[name] = max(1, cap // workers)
        if update:
            retry = retry.model_copy(update=update)
        return replace(
            self,
            retry=retry,
            max_concurrency=math.ceil(self.max_concurrency / workers),
            max_cost=None if self.max_cost is None else self.max_cost / workers,
        )

    def open_cache(self) -> RequestCache | None:
        """This worker's own connection to the request cache file."""
        return None if self.cache_dir is None else RequestCache(Path(self.cache_dir))

"""Check each endpoint with a one-token call while the seeds are prepared.

Why: until an endpoint has answered, the gateway sends it one call at a time (fail-fast,
:mod:`.fail_fast`) and the rate limiter waits for that answer to learn the provider's limits
(:mod:`.ratelimit`). When that first call is a dialogue turn, the whole build waits one full
generation for it: half a second against a fast server, tens of seconds for a long answer
from a slow one. A build instead sends each endpoint a call of one token when it starts, so
the answer is back by the time the seeds are ready and the first wave goes at full width.

A refusal of the check (bad key, unknown model, no quota) stops the build at once, with exit 2,
before any dialogue is started: it names the first role that uses the endpoint. An endpoint
that does not answer (a timeout, a 500) is probed by the build's first turn, as before.

What is checked: endpoints on the lean OpenAI-compatible route (:mod:`.openai_direct`), where
the throughput is (vLLM, SGLang, OpenAI, any ``/v1/chat/completions``), and only when the
request cache holds no answer from that model yet, so a rebuild on the cache makes no call.
Other providers keep the in-build probe: their clients belong to the event loop that made
them, and ``--workers`` forks the build process.

The lesson (endpoints that answered, the limits announced) travels to every worker in the
:class:`Preflight`, so no worker probes again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from boost_qa.llm.fail_fast import Endpoint
from boost_qa.llm.provider_limits import ProviderLimits
from boost_qa.types import ChatRequest

CHECK_PROMPT = "Reply with the word OK."
"""The check's one message; its answer (one token) is never used."""


@dataclass(frozen=True)
class Preflight:
    """What the endpoint check learnt, handed to every worker's gateway.

    Attributes:
        opened: Endpoints that answered: they take full concurrency from the first call.
        limits_known: An answer said whether the provider announces limits (no limiter probe).
        limits: The limits it announced, None when it announced none.
    """

    opened: frozenset[Endpoint] = frozenset()
    limits_known: bool = False
    limits: ProviderLimits | None = None


def check_request(model: str, api_base: str | None) -> ChatRequest:
    """The one-token call that checks ``model`` at ``api_base``."""
    return ChatRequest(
        model=model,
        messages=(("user", CHECK_PROMPT),),
        temperature=0.0,
        max_tokens=1,
        seed=0,
        api_base=api_base,
    )


Check = tuple[ChatRequest, str]
"""One endpoint's check call and the role it is made for (named when it is refused)."""


def endpoints_to_check(
    endpoints: Mapping[Endpoint, str], *, answered_before: set[str] | frozenset[str] = frozenset()
) -> list[Check]:
    """The checks for ``endpoints`` (each with its role): lean-route models not answered before."""
    # imports LiteLLM: not for dry runs
    from boost_qa.llm.litellm_client import configure
    from boost_qa.llm.openai_direct import direct_route

    configure()  # our providers known and LiteLLM quiet before a model is resolved (and cached)
    checks = []
    for (model, api_base), role in sorted(endpoints.items(), key=lambda e: (e[0][0], e[1])):
        request = check_request(model, api_base)
        if model not in answered_before and direct_route(request) is not None:
            checks.append((request, role))
    return checks

"""Stop early when a provider refuses calls in a way no retry can fix.

Why: with a wrong API key, an unknown model or an exhausted quota, every call fails the same
way. Sending one doomed call per row would turn a 100k-row build into 100k rejected requests
against the user's account and 100k rows in ``failures.jsonl``. Instead:

* until an endpoint (model and base URL) has answered once, it gets one call at a time, so a
  refusal is learnt from one call, not from a whole window of concurrent ones;
* any answer that is not a refusal (a reply, a 429, a 500) opens the endpoint to full
  concurrency;
* after :data:`STOP_AFTER` refusals the gateway raises :class:`~boost_qa.errors.ProviderRefused`
  for every further call, and the build stops with exit 2. Rows not yet attempted are not
  failures: a rerun builds them.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from boost_qa.errors import ProviderRefused

STOP_AFTER = 3
"""Refusals (401, 403, 404, exhausted quota) a process takes before it stops the build."""

Endpoint = tuple[str, str | None]
"""A model string and its base URL."""


@dataclass
class _Probe:
    open: bool = False
    busy: bool = False
    changed: asyncio.Condition = field(default_factory=asyncio.Condition)


class EndpointGate:
    """One loop's view of which endpoints have answered; refusals counted per process.

    ``opened`` is shared by every loop of the gateway (and seeded from the build's endpoint
    check, :mod:`boost_qa.llm.preflight`): an endpoint that answered anywhere is open here.
    """

    def __init__(self, refusals: RefusalCount, opened: set[Endpoint] | None = None) -> None:
        self._probes: dict[Endpoint, _Probe] = {}
        self._refusals = refusals
        self._opened = set() if opened is None else opened

    async def enter(self, endpoint: Endpoint) -> bool:
        """Wait until a call to ``endpoint`` may go; True when it goes as the endpoint's probe."""
        if endpoint in self._opened:
            return False
        probe = self._probes.get(endpoint)
        if probe is None:
            probe = self._probes[endpoint] = _Probe()
        if probe.open:
            return False
        async with probe.changed:
            await probe.changed.wait_for(lambda: probe.open or not probe.busy)
            self._refusals.check()
            if probe.open:
                return False
            probe.busy = True
            return True

    async def leave(self, endpoint: Endpoint, *, refused: bool) -> None:
        """End a probe: answered (not ``refused``) opens the endpoint, else the next one probes."""
        probe = self._probes[endpoint]
        async with probe.changed:
            probe.busy = False
            probe.open = probe.open or not refused
            if probe.open:
                self._opened.add(endpoint)
            probe.changed.notify_all()


class RefusalCount:
    """Refusals seen by a gateway; the :class:`ProviderRefused` to raise once there are enough."""

    def __init__(self, stop_after: int = STOP_AFTER) -> None:
        self.stop_after = stop_after
        self.count = 0
        self.stopped: ProviderRefused | None = None

    def add(self, model: str, reason: str) -> None:
        """Count one refusal; raise :class:`ProviderRefused` when the limit is reached."""
        self.count += 1
        if self.count >= self.stop_after and self.stopped is None:
            self.stopped = ProviderRefused(model, reason, self.count)
        self.check()

    def stop(self, model: str, reason: str, speaker: str = "") -> None:
        """Stop now on a refusal already counted that needs no second (an endpoint check)."""
        if self.stopped is None:
            self.stopped = ProviderRefused(model, reason, self.count, speaker)

    def check(self) -> None:
        """Raise the stop, if there is one."""
        if self.stopped is not None:
            raise self.stopped

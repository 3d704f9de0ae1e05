"""Fixtures of the bus contract: one harness per adapter over a fresh database."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.support.bus_harness import KINDS, BusHarness, bus_harness


@pytest.fixture(params=KINDS)
async def harness(request: pytest.FixtureRequest, database_url: str) -> AsyncIterator[BusHarness]:
    """Processes over the in-process bus, then over NATS (NATS_URL or an embedded server)."""
    async with bus_harness(request.param, database_url) as opened:
        yield opened

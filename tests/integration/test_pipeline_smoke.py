from __future__ import annotations

import asyncio

from app import close_services, open_services
from core.security import TokenCodec
from tests.support.ledger import GetBalance, Record, ledger_domain


async def test_recorded_event_reaches_subscriber_through_outbox(settings) -> None:
    holder: dict = {}
    services = await open_services(settings, [ledger_domain(holder)], TokenCodec("k" * 40))
    try:
        reply = await services.bus.send(Record(account="a", amount=5))
        assert reply.amount == 5
        async with asyncio.timeout(5):
            while await services.bus.ask(GetBalance(account="a")) != 5:
                await asyncio.sleep(0.02)
    finally:
        await close_services(services)

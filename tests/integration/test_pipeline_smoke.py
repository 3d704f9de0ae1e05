from __future__ import annotations

from app import close_services, open_services
from core.security import TokenCodec
from tests.support.eventually import eventually
from tests.support.ledger import GetBalance, Record, ledger_domain


async def test_recorded_event_reaches_subscriber_through_outbox(settings) -> None:
    holder: dict = {}
    services = await open_services(settings, [ledger_domain(holder)], TokenCodec("k" * 40))
    try:
        reply = await services.bus.send(Record(account="a", amount=5))
        assert reply.amount == 5
        await eventually(lambda: _is_five(services.bus.ask(GetBalance(account="a"))))
    finally:
        await close_services(services)


async def _is_five(balance: object) -> bool:
    return await balance == 5  # type: ignore[misc]

"""The customer's rights over their data: a full export, and erasure (identity anonymises the account)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec

from core.errors import NotFound
from domains.customers import messages as m
from domains.customers.handlers.memberships import ensure_profile, live
from domains.customers.handlers.profiles import get_profile
from domains.customers.model import address_view, membership_changed
from domains.identity import messages as identity

if TYPE_CHECKING:
    from uuid import UUID

    from core.domain import Handler
    from core.messages import Message
    from domains.customers.ports import CustomersDeps

SESSION_PAGE = 100


async def export_personal_data(query: m.ExportPersonalData, deps: CustomersDeps) -> m.PersonalData:
    profile = await get_profile(m.GetProfile(customer_id=query.customer_id), deps)
    stored = await deps.profiles.get(query.customer_id)
    count, spent = await deps.orders.totals(query.customer_id)
    return m.PersonalData(
        account=await _account(deps, query.customer_id),
        sessions=await _sessions(deps, query.customer_id),
        profile=profile,
        addresses=[address_view(a) for a in await deps.addresses.of(query.customer_id)],
        tags=list(stored.tags) if stored else [],
        segments=[s.name for s in await deps.segments.of_customer(query.customer_id)],
        orders=await deps.orders.of(query.customer_id),
        order_count=count,
        total_spent=spent,
    )


async def _account(deps: CustomersDeps, customer_id: UUID) -> m.AccountData | None:
    try:
        account = await deps.bus.ask(identity.GetCustomer(customer_id=str(customer_id)))
    except NotFound:
        return None
    return msgspec.convert(account, m.AccountData, from_attributes=True)


async def _sessions(deps: CustomersDeps, customer_id: UUID) -> list[m.SessionData]:
    sessions: list[m.SessionData] = []
    cursor: str | None = None
    while True:
        page = await deps.bus.ask(
            identity.ListSessions(
                subject_id=str(customer_id), kind="customer", limit=SESSION_PAGE, cursor=cursor
            )
        )
        sessions += [msgspec.convert(s, m.SessionData, from_attributes=True) for s in page.items]
        if page.next_cursor is None:
            return sessions
        cursor = page.next_cursor


async def erase_customer(cmd: m.EraseCustomer, deps: CustomersDeps) -> None:
    """Erase names, contact, addresses, tags and memberships; the id and order counts stay."""
    await ensure_profile(deps, cmd.customer_id)
    async with deps.uow() as uow:
        profile = live(await deps.profiles.get(cmd.customer_id, lock=True), cmd.customer_id)
        profile.erase(deps.clock())
        await deps.profiles.save(profile)
        await deps.addresses.remove_all(profile.id)
        for segment_id in await deps.segments.drop_customer(profile.id):
            uow.add(*membership_changed(segment_id, [], [profile.id]))
        uow.collect(profile)
        await uow.commit()


HANDLERS: dict[type[Message], Handler] = {
    m.ExportPersonalData: export_personal_data,
    m.EraseCustomer: erase_customer,
}

"""Profiles: fed by identity's events, read and changed by the customer, tagged and blocked by staff."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from core.paging import MAX_LIMIT, Page
from core.validation import Findings, check_limit
from domains.customers import messages as m
from domains.customers.handlers.memberships import account_profile, ensure_profile, live, refresh_memberships
from domains.customers.model import (
    MAX_TAGS,
    Profile,
    address_view,
    profile_changes,
    profile_view,
    tags_of,
)
from domains.identity import messages as identity

if TYPE_CHECKING:
    from collections.abc import Callable

    from core.domain import Handler
    from core.messages import Event, Message
    from domains.customers.ports import CustomersDeps


async def when_customer_registered_open_profile(
    event: identity.CustomerRegistered, deps: CustomersDeps
) -> None:
    """Open the profile with the names given at registration (idempotent: applied once)."""
    customer_id, now = UUID(event.customer_id), deps.clock()
    async with deps.uow() as uow:
        await deps.profiles.add(
            Profile(id=customer_id, email=event.email, created_at=event.registered_at or now, updated_at=now)
        )
        profile = await deps.profiles.get(customer_id, lock=True)
        if profile is not None and profile.apply_registration(event.first_name, event.last_name, now):
            await deps.profiles.save(profile)
            await refresh_memberships(deps, uow, customer_id)
        await uow.commit()


async def when_customer_profile_updated_copy_names(
    event: identity.CustomerProfileUpdated, deps: CustomersDeps
) -> None:
    """Names changed in identity before they moved here (events still in flight)."""
    async with deps.uow() as uow:
        profile = await deps.profiles.get(UUID(event.customer_id), lock=True)
        if profile is None or profile.erased_at is not None:
            return
        profile.update({"first_name": event.first_name, "last_name": event.last_name}, deps.clock())
        await deps.profiles.save(profile)
        uow.collect(profile)
        await uow.commit()


async def when_customer_email_verified_mark_profile(
    event: identity.CustomerEmailVerified, deps: CustomersDeps
) -> None:
    """The customer proved they read mail at this address (after registration, so the profile exists)."""
    async with deps.uow() as uow:
        profile = await deps.profiles.get(UUID(event.customer_id), lock=True)
        if profile is not None and profile.verify_email(event.email, deps.clock()):
            await deps.profiles.save(profile)
        await uow.commit()


async def get_profile(query: m.GetProfile, deps: CustomersDeps) -> m.Profile:
    profile = await deps.profiles.get(query.customer_id)
    if profile is None:
        profile = await account_profile(deps, query.customer_id)
    return profile_view(live(profile, query.customer_id))


async def update_profile(cmd: m.UpdateProfile, deps: CustomersDeps) -> m.Profile:
    problems = Findings()
    changes = profile_changes(problems, cmd)
    problems.raise_any("the profile has invalid fields")
    profile = await _change(deps, cmd.customer_id, lambda p: p.update(changes, deps.clock()))
    return profile_view(profile)


async def tag_customer(cmd: m.TagCustomer, deps: CustomersDeps) -> m.CustomerDetail:
    problems = Findings()
    tags = tags_of(problems, cmd.tags)
    problems.raise_any("the tags are invalid")

    def retag(profile: Profile) -> None:
        merged = list(dict.fromkeys([*profile.tags, *tags]))
        check_limit(merged, MAX_TAGS, "tags")
        profile.retag(merged, deps.clock())

    await _change(deps, cmd.customer_id, retag)
    return await customer_detail(m.GetCustomerDetail(customer_id=cmd.customer_id), deps)


async def untag_customer(cmd: m.UntagCustomer, deps: CustomersDeps) -> m.CustomerDetail:
    tag = cmd.tag.strip().lower()
    await _change(deps, cmd.customer_id, lambda p: p.retag([t for t in p.tags if t != tag], deps.clock()))
    return await customer_detail(m.GetCustomerDetail(customer_id=cmd.customer_id), deps)


async def block_customer(cmd: m.BlockCustomer, deps: CustomersDeps) -> m.CustomerDetail:
    await _change(deps, cmd.customer_id, lambda p: p.block(deps.clock()))
    return await customer_detail(m.GetCustomerDetail(customer_id=cmd.customer_id), deps)


async def unblock_customer(cmd: m.UnblockCustomer, deps: CustomersDeps) -> m.CustomerDetail:
    await _change(deps, cmd.customer_id, lambda p: p.unblock(deps.clock()))
    return await customer_detail(m.GetCustomerDetail(customer_id=cmd.customer_id), deps)


async def _change(deps: CustomersDeps, customer_id: UUID, change: Callable[[Profile], None]) -> Profile:
    """Load the profile under lock, apply ``change``, store it with its events and fresh memberships."""
    await ensure_profile(deps, customer_id)
    async with deps.uow() as uow:
        profile = live(await deps.profiles.get(customer_id, lock=True), customer_id)
        change(profile)
        if profile.events:
            await deps.profiles.save(profile)
            await refresh_memberships(deps, uow, customer_id)
            uow.collect(profile)
            await uow.commit()
    return profile


async def list_customers(query: m.ListCustomers, deps: CustomersDeps) -> Page[m.CustomerSummary]:
    text = (query.q or "").strip() or None
    return await deps.profiles.page(text, min(max(query.limit, 1), MAX_LIMIT), query.cursor)


async def customer_detail(query: m.GetCustomerDetail, deps: CustomersDeps) -> m.CustomerDetail:
    await ensure_profile(deps, query.customer_id)
    profile = live(await deps.profiles.get(query.customer_id), query.customer_id)
    count, spent = await deps.orders.totals(profile.id)
    return m.CustomerDetail(
        profile=profile_view(profile),
        tags=list(profile.tags),
        blocked=profile.blocked_at is not None,
        addresses=[address_view(a) for a in await deps.addresses.of(profile.id)],
        segment_ids=[s.id for s in await deps.segments.of_customer(profile.id)],
        order_count=count,
        total_spent=spent,
    )


async def get_customer_facts(query: m.GetCustomerFacts, deps: CustomersDeps) -> m.CustomerFacts:
    """What pricing and promotions need; an unknown customer has no segments, orders or country."""
    profile = await deps.profiles.get(query.customer_id)
    if profile is None or profile.erased_at is not None:
        return m.CustomerFacts(customer_id=query.customer_id, segment_ids=[], order_count=0, country=None)
    shipping = next((a for a in await deps.addresses.of(profile.id) if a.default_shipping), None)
    count, _ = await deps.orders.totals(profile.id)
    return m.CustomerFacts(
        customer_id=profile.id,
        segment_ids=sorted(s.id for s in await deps.segments.of_customer(profile.id)),
        order_count=count,
        country=shipping.country if shipping else None,
    )


HANDLERS: dict[type[Message], Handler] = {
    m.GetProfile: get_profile,
    m.UpdateProfile: update_profile,
    m.TagCustomer: tag_customer,
    m.UntagCustomer: untag_customer,
    m.BlockCustomer: block_customer,
    m.UnblockCustomer: unblock_customer,
    m.ListCustomers: list_customers,
    m.GetCustomerDetail: customer_detail,
    m.GetCustomerFacts: get_customer_facts,
}
SUBSCRIPTIONS: dict[type[Event], list[Handler]] = {
    identity.CustomerRegistered: [when_customer_registered_open_profile],
    identity.CustomerProfileUpdated: [when_customer_profile_updated_copy_names],
    identity.CustomerEmailVerified: [when_customer_email_verified_mark_profile],
}

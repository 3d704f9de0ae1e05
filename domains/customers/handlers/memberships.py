"""What every customers handler shares: opening a profile from identity's account, and keeping
rule segments' stored memberships in step with the customer's facts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from core.errors import NotFound
from domains.customers.model import Profile, matches, membership_changed
from domains.identity import messages as identity

if TYPE_CHECKING:
    from core.uow import UnitOfWork
    from domains.customers.model import Segment
    from domains.customers.ports import CustomersDeps

BATCH = 500


def live(profile: Profile | None, customer_id: UUID) -> Profile:
    """``profile`` unless missing or erased (then NotFound)."""
    if profile is None or profile.erased_at is not None:
        raise NotFound(f"customer {customer_id} not found")
    return profile


async def account_profile(deps: CustomersDeps, customer_id: UUID) -> Profile:
    """A profile made from identity's account, for a customer whose registration event is on its way."""
    account = await deps.bus.ask(identity.GetCustomer(customer_id=str(customer_id)))
    if account.erased:
        raise NotFound(f"customer {customer_id} not found")
    now = deps.clock()
    verified_at = now if account.email_verified else None
    return Profile(
        id=customer_id,
        email=account.email,
        created_at=account.created_at,
        updated_at=now,
        email_verified_at=verified_at,
    )


async def ensure_profile(deps: CustomersDeps, customer_id: UUID) -> None:
    """Store the profile from identity's account if it is not here yet (NotFound for no account)."""
    if await deps.profiles.get(customer_id) is not None:
        return
    profile = await account_profile(deps, customer_id)
    async with deps.uow() as uow:
        await deps.profiles.add(profile)
        await refresh_memberships(deps, uow, customer_id)
        await uow.commit()


async def refresh_memberships(deps: CustomersDeps, uow: UnitOfWork, customer_id: UUID) -> None:
    """Store which rule segments the customer belongs to now."""
    segments = await deps.segments.rule_segments()
    if not segments:
        return
    facts = next(iter(await deps.profiles.facts([customer_id])), None)
    wanted = [s.id for s in segments if facts is not None and s.rules is not None and matches(s.rules, facts)]
    joined, left = await deps.segments.set_rule_memberships(customer_id, [s.id for s in segments], wanted)
    for segment_id in joined:
        uow.add(*membership_changed(segment_id, [customer_id], []))
    for segment_id in left:
        uow.add(*membership_changed(segment_id, [], [customer_id]))


async def evaluate_segment(deps: CustomersDeps, uow: UnitOfWork, segment: Segment) -> None:
    """Match every customer against the segment's rules and store the members."""
    members: list[UUID] = []
    after: UUID | None = None
    while ids := await deps.profiles.ids_after(after, BATCH):
        facts = await deps.profiles.facts(ids)
        members += [f.customer_id for f in facts if segment.rules is not None and matches(segment.rules, f)]
        after = ids[-1]
    joined, left = await deps.segments.replace_members(segment.id, members)
    uow.add(*membership_changed(segment.id, joined, left))

"""Customers handlers over in-memory stores: the profile fed by identity, order facts, rule segments."""

from __future__ import annotations

import uuid

import pytest

from core.errors import Invalid, NotFound
from core.money import Money
from domains.customers import messages as m
from domains.customers.handlers import orders, privacy, profiles, segments
from domains.identity import messages as identity
from tests.unit.customers.fakes import NOW, World

ANN = uuid.UUID("0b7f6c0e-8a51-4d4b-9d8a-6f7c9a1e2b3c")


@pytest.fixture
def world() -> World:
    found = World()
    found.bus.register(ANN, "ann@example.com")
    return found


def registered(first_name: str | None = "Ann", last_name: str | None = "Lee") -> identity.CustomerRegistered:
    return identity.CustomerRegistered(
        customer_id=str(ANN), email="ann@example.com", first_name=first_name, last_name=last_name
    )


async def test_the_registration_event_opens_the_profile_once_with_the_names_given(world: World) -> None:
    await profiles.when_customer_registered_open_profile(registered(), world.deps)
    await profiles.when_customer_registered_open_profile(registered("Bob", "Bee"), world.deps)
    profile = await profiles.get_profile(m.GetProfile(customer_id=ANN), world.deps)
    assert (profile.email, profile.first_name, profile.last_name) == ("ann@example.com", "Ann", "Lee")
    assert list(world.profiles.rows) == [ANN]


async def test_the_profile_is_read_from_the_account_before_the_registration_event_arrives(
    world: World,
) -> None:
    profile = await profiles.get_profile(m.GetProfile(customer_id=ANN), world.deps)
    assert (profile.id, profile.email, profile.first_name) == (ANN, "ann@example.com", None)
    assert world.profiles.rows == {}
    with pytest.raises(NotFound):
        await profiles.get_profile(m.GetProfile(customer_id=uuid.uuid4()), world.deps)


async def test_names_the_customer_set_before_the_registration_event_are_kept(world: World) -> None:
    await profiles.update_profile(m.UpdateProfile(customer_id=ANN, first_name="Annie"), world.deps)
    await profiles.when_customer_registered_open_profile(registered(), world.deps)
    profile = await profiles.get_profile(m.GetProfile(customer_id=ANN), world.deps)
    assert (profile.first_name, profile.last_name) == ("Annie", "Lee")
    assert world.transactions.types() == ["ProfileUpdated"]


async def test_a_bad_profile_update_names_every_field_and_commits_nothing(world: World) -> None:
    with pytest.raises(Invalid) as caught:
        await profiles.update_profile(
            m.UpdateProfile(customer_id=ANN, phone="call me", locale="English", first_name="x" * 101),
            world.deps,
        )
    assert sorted(e.field for e in caught.value.errors) == ["first_name", "locale", "phone"]
    assert world.transactions.committed == []


async def test_an_order_counts_once_and_its_cancellation_once(world: World) -> None:
    await profiles.when_customer_registered_open_profile(registered(), world.deps)
    order = uuid.uuid4()
    placed = m.RecordOrderPlaced(
        customer_id=ANN, order_id=order, total=Money(amount=2500, currency="EUR"), placed_at=NOW
    )
    await orders.record_order_placed(placed, world.deps)
    await orders.record_order_placed(placed, world.deps)
    assert (
        await profiles.get_customer_facts(m.GetCustomerFacts(customer_id=ANN), world.deps)
    ).order_count == 1
    cancelled = m.RecordOrderCancelled(customer_id=ANN, order_id=order)
    await orders.record_order_cancelled(cancelled, world.deps)
    await orders.record_order_cancelled(cancelled, world.deps)
    assert (
        await profiles.get_customer_facts(m.GetCustomerFacts(customer_id=ANN), world.deps)
    ).order_count == 0


async def test_an_order_fact_with_a_made_up_currency_is_refused(world: World) -> None:
    placed = m.RecordOrderPlaced(
        customer_id=ANN, order_id=uuid.uuid4(), total=Money(amount=-1, currency="EUROS"), placed_at=NOW
    )
    with pytest.raises(Invalid) as caught:
        await orders.record_order_placed(placed, world.deps)
    assert sorted(e.field for e in caught.value.errors) == ["total.amount", "total.currency"]


async def test_tagging_moves_the_customer_into_a_rule_segment_and_says_so(world: World) -> None:
    await profiles.when_customer_registered_open_profile(registered(), world.deps)
    segment = await segments.create_segment(
        m.CreateSegment(name="VIP", kind="rule", rules=m.SegmentRules(tags=["vip"])), world.deps
    )
    await profiles.tag_customer(m.TagCustomer(customer_id=ANN, tags=["VIP"]), world.deps)
    assert await world.segments.members_of(segment.id) == [ANN]
    assert world.transactions.of_type(m.SegmentMembershipChanged) == [
        m.SegmentMembershipChanged(segment_id=segment.id, joined=[ANN], left=[])
    ]
    facts = await profiles.get_customer_facts(m.GetCustomerFacts(customer_id=ANN), world.deps)
    assert facts.segment_ids == [segment.id]


async def test_erasing_leaves_segments_and_forgets_the_profile(world: World) -> None:
    await profiles.when_customer_registered_open_profile(registered(), world.deps)
    segment = await segments.create_segment(m.CreateSegment(name="Press", kind="static"), world.deps)
    await segments.add_segment_members(
        m.AddSegmentMembers(segment_id=segment.id, customer_ids=[ANN]), world.deps
    )
    await privacy.erase_customer(m.EraseCustomer(customer_id=ANN), world.deps)
    assert await world.segments.members_of(segment.id) == []
    assert world.transactions.of_type(m.CustomerErased) == [m.CustomerErased(customer_id=ANN)]
    with pytest.raises(NotFound):
        await profiles.get_profile(m.GetProfile(customer_id=ANN), world.deps)
    facts = await profiles.get_customer_facts(m.GetCustomerFacts(customer_id=ANN), world.deps)
    assert (facts.segment_ids, facts.order_count, facts.country) == ([], 0, None)

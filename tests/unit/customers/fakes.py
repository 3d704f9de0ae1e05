"""In-memory stores for customers handlers (subclassing the ports), and a bus answering identity."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from uuid import UUID

from core.errors import NotFound
from core.money import Money
from core.paging import Page
from domains.customers.messages import CustomerSummary, OrderFact
from domains.customers.model import Address, Facts, Profile, Segment, summary_view
from domains.customers.ports import Addresses, CustomersDeps, OrderFacts, Profiles, Segments
from domains.identity import messages as identity
from tests.support.fakes import AnsweringBus, Transactions

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


class FakeProfiles(Profiles):
    def __init__(self) -> None:
        self.rows: dict[UUID, Profile] = {}

    async def get(self, customer_id: UUID, *, lock: bool = False) -> Profile | None:
        found = self.rows.get(customer_id)
        return None if found is None else replace(found, tags=list(found.tags), events=[])

    async def add(self, profile: Profile) -> bool:
        if profile.id in self.rows:
            return False
        self.rows[profile.id] = replace(profile, events=[])
        return True

    async def save(self, profile: Profile) -> None:
        self.rows[profile.id] = replace(profile, events=[])

    async def page(self, text: str | None, limit: int, cursor: str | None) -> Page[CustomerSummary]:
        return Page(items=[summary_view(p) for p in self.rows.values()][:limit])

    async def facts(self, customer_ids: Sequence[UUID]) -> list[Facts]:
        return [
            Facts(p.id, None, tuple(p.tags), p.created_at, 0, {})
            for p in self.rows.values()
            if p.id in customer_ids and p.erased_at is None
        ]

    async def ids_after(self, after: UUID | None, limit: int) -> list[UUID]:
        return sorted(i for i in self.rows if after is None or i > after)[:limit]


class FakeAddresses(Addresses):
    def __init__(self) -> None:
        self.rows: dict[UUID, Address] = {}

    async def of(self, customer_id: UUID) -> list[Address]:
        return [a for a in self.rows.values() if a.customer_id == customer_id]

    async def get(self, customer_id: UUID, address_id: UUID) -> Address | None:
        found = self.rows.get(address_id)
        return found if found is not None and found.customer_id == customer_id else None

    async def add(self, address: Address) -> None:
        await self.save(address)

    async def save(self, address: Address) -> None:
        for other in await self.of(address.customer_id):
            self.rows[other.id] = replace(
                other,
                default_shipping=other.default_shipping and not address.default_shipping,
                default_billing=other.default_billing and not address.default_billing,
            )
        self.rows[address.id] = address

    async def remove(self, customer_id: UUID, address_id: UUID) -> bool:
        return self.rows.pop(address_id, None) is not None

    async def remove_all(self, customer_id: UUID) -> None:
        self.rows = {k: a for k, a in self.rows.items() if a.customer_id != customer_id}


class FakeSegments(Segments):
    def __init__(self) -> None:
        self.rows: dict[UUID, Segment] = {}
        self.members: set[tuple[UUID, UUID]] = set()

    async def get(self, segment_id: UUID, *, lock: bool = False) -> Segment | None:
        return self.rows.get(segment_id)

    async def add(self, segment: Segment) -> None:
        self.rows[segment.id] = segment

    async def save(self, segment: Segment) -> None:
        self.rows[segment.id] = segment

    async def delete(self, segment_id: UUID) -> None:
        self.rows.pop(segment_id, None)

    async def page(self, limit: int, cursor: str | None) -> Page[Segment]:
        return Page(items=list(self.rows.values())[:limit])

    async def rule_segments(self) -> list[Segment]:
        return [s for s in self.rows.values() if s.kind == "rule"]

    async def of_customer(self, customer_id: UUID) -> list[Segment]:
        return [self.rows[s] for s, c in self.members if c == customer_id]

    async def add_members(self, segment_id: UUID, customer_ids: Sequence[UUID]) -> list[UUID]:
        new = [c for c in customer_ids if (segment_id, c) not in self.members]
        self.members |= {(segment_id, c) for c in new}
        return new

    async def remove_members(self, segment_id: UUID, customer_ids: Sequence[UUID]) -> list[UUID]:
        gone = [c for c in customer_ids if (segment_id, c) in self.members]
        self.members -= {(segment_id, c) for c in gone}
        return gone

    async def replace_members(
        self, segment_id: UUID, customer_ids: Sequence[UUID]
    ) -> tuple[list[UUID], list[UUID]]:
        left = [c for s, c in self.members if s == segment_id and c not in customer_ids]
        await self.remove_members(segment_id, left)
        return await self.add_members(segment_id, customer_ids), left

    async def set_rule_memberships(
        self, customer_id: UUID, rule_segment_ids: Sequence[UUID], wanted: Sequence[UUID]
    ) -> tuple[list[UUID], list[UUID]]:
        left = [s for s in rule_segment_ids if s not in wanted and (s, customer_id) in self.members]
        joined = [s for s in wanted if (s, customer_id) not in self.members]
        self.members = (self.members - {(s, customer_id) for s in left}) | {(s, customer_id) for s in joined}
        return joined, left

    async def members_of(self, segment_id: UUID) -> list[UUID]:
        return [c for s, c in self.members if s == segment_id]

    async def members(self, segment_id: UUID, limit: int, cursor: str | None) -> Page[CustomerSummary]:
        return Page(items=[])

    async def drop_customer(self, customer_id: UUID) -> list[UUID]:
        left = [s for s, c in self.members if c == customer_id]
        self.members = {(s, c) for s, c in self.members if c != customer_id}
        return left


class FakeOrderFacts(OrderFacts):
    def __init__(self) -> None:
        self.rows: dict[UUID, tuple[UUID, Money, datetime, bool]] = {}

    async def placed(self, customer_id: UUID, order_id: UUID, total: Money, placed_at: datetime) -> bool:
        if order_id in self.rows:
            return False
        self.rows[order_id] = (customer_id, total, placed_at, False)
        return True

    async def cancelled(self, customer_id: UUID, order_id: UUID) -> bool:
        found = self.rows.get(order_id)
        if found is None or found[3] or found[0] != customer_id:
            return False
        self.rows[order_id] = (*found[:3], True)
        return True

    async def of(self, customer_id: UUID) -> list[OrderFact]:
        return [
            OrderFact(order_id=o, total=t, placed_at=at, cancelled=c)
            for o, (who, t, at, c) in self.rows.items()
            if who == customer_id
        ]

    async def totals(self, customer_id: UUID) -> tuple[int, list[Money]]:
        counted = [t for who, t, _, c in self.rows.values() if who == customer_id and not c]
        return len(counted), counted


class IdentityBus(AnsweringBus):
    """Answers identity's account query from ``accounts``; any other message is a test error."""

    def __init__(self) -> None:
        super().__init__({identity.GetCustomer: self._account})
        self.accounts: dict[str, identity.AccountView] = {}

    def register(self, customer_id: UUID, email: str) -> None:
        self.accounts[str(customer_id)] = identity.AccountView(
            id=str(customer_id), email=email, created_at=NOW
        )

    def _account(self, query: identity.GetCustomer) -> identity.AccountView:
        if query.customer_id not in self.accounts:
            raise NotFound("no such customer")
        return self.accounts[query.customer_id]


@dataclass
class World:
    transactions: Transactions = field(default_factory=Transactions)
    bus: IdentityBus = field(default_factory=IdentityBus)
    profiles: FakeProfiles = field(default_factory=FakeProfiles)
    addresses: FakeAddresses = field(default_factory=FakeAddresses)
    segments: FakeSegments = field(default_factory=FakeSegments)
    orders: FakeOrderFacts = field(default_factory=FakeOrderFacts)

    @property
    def deps(self) -> CustomersDeps:
        return CustomersDeps(
            uow=self.transactions,
            bus=self.bus,  # type: ignore[arg-type]
            profiles=self.profiles,
            addresses=self.addresses,
            segments=self.segments,
            orders=self.orders,
            clock=lambda: NOW,
        )

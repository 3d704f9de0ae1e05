"""What the customers handlers need: their stores, the bus (to ask identity), a clock.

Stores run their queries in the unit of work that is open when they are called.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol
from uuid import UUID

if TYPE_CHECKING:
    from core.bus import MessageBus
    from core.money import Money
    from core.paging import Page
    from core.uow import UnitOfWorkFactory
    from domains.customers.messages import CustomerSummary, OrderFact
    from domains.customers.model import Address, Facts, Profile, Segment


class Profiles(Protocol):
    async def get(self, customer_id: UUID, *, lock: bool = False) -> Profile | None:
        """The profile; ``lock`` keeps other writers off it until the unit of work ends."""
        ...

    async def add(self, profile: Profile) -> bool:
        """Store a new profile; False (and nothing written) if one exists already."""
        ...

    async def save(self, profile: Profile) -> None: ...

    async def page(self, text: str | None, limit: int, cursor: str | None) -> Page[CustomerSummary]:
        """Not erased customers, newest first; ``text`` matches part of the email or a name."""
        ...

    async def facts(self, customer_ids: Sequence[UUID]) -> list[Facts]:
        """What segment rules look at, for those of ``customer_ids`` with a live profile."""
        ...

    async def ids_after(self, after: UUID | None, limit: int) -> list[UUID]:
        """Live customers' ids in id order, for going through all of them."""
        ...


class Addresses(Protocol):
    async def of(self, customer_id: UUID) -> list[Address]: ...

    async def get(self, customer_id: UUID, address_id: UUID) -> Address | None: ...

    async def add(self, address: Address) -> None:
        """Store it; being a default takes that role from the customer's other address."""
        ...

    async def save(self, address: Address) -> None: ...

    async def remove(self, customer_id: UUID, address_id: UUID) -> bool: ...

    async def remove_all(self, customer_id: UUID) -> None: ...


class Segments(Protocol):
    async def get(self, segment_id: UUID, *, lock: bool = False) -> Segment | None: ...

    async def add(self, segment: Segment) -> None:
        """Store a new segment; Conflict naming ``name`` if it is taken."""
        ...

    async def save(self, segment: Segment) -> None: ...

    async def delete(self, segment_id: UUID) -> None: ...

    async def page(self, limit: int, cursor: str | None) -> Page[Segment]: ...

    async def rule_segments(self) -> list[Segment]:
        """Every rule segment, read under a share lock (a rules change waits, and is waited for)."""
        ...

    async def of_customer(self, customer_id: UUID) -> list[Segment]: ...

    async def add_members(self, segment_id: UUID, customer_ids: Sequence[UUID]) -> list[UUID]:
        """Add members; those who were not members before."""
        ...

    async def remove_members(self, segment_id: UUID, customer_ids: Sequence[UUID]) -> list[UUID]:
        """Remove members; those who were members."""
        ...

    async def set_rule_memberships(
        self, customer_id: UUID, rule_segment_ids: Sequence[UUID], wanted: Sequence[UUID]
    ) -> tuple[list[UUID], list[UUID]]:
        """Make the customer a member of exactly ``wanted`` among the rule segments; (joined, left)."""
        ...

    async def replace_members(
        self, segment_id: UUID, customer_ids: Sequence[UUID]
    ) -> tuple[list[UUID], list[UUID]]:
        """Make ``customer_ids`` the segment's members; (joined, left)."""
        ...

    async def members(self, segment_id: UUID, limit: int, cursor: str | None) -> Page[CustomerSummary]: ...

    async def drop_customer(self, customer_id: UUID) -> list[UUID]:
        """Take the customer out of every segment; the segments it left."""
        ...


class OrderFacts(Protocol):
    async def placed(self, customer_id: UUID, order_id: UUID, total: Money, placed_at: datetime) -> bool:
        """Record the order and count it; False if it was recorded already."""
        ...

    async def cancelled(self, customer_id: UUID, order_id: UUID) -> bool:
        """Take a recorded order out of the counts; False if unknown or already cancelled."""
        ...

    async def of(self, customer_id: UUID) -> list[OrderFact]: ...

    async def totals(self, customer_id: UUID) -> tuple[int, list[Money]]:
        """Orders counted and the total spent in each currency."""
        ...


@dataclass(frozen=True)
class CustomersDeps:
    uow: UnitOfWorkFactory
    bus: MessageBus
    profiles: Profiles
    addresses: Addresses
    segments: Segments
    orders: OrderFacts
    clock: Callable[[], datetime]

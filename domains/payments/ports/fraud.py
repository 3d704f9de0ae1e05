"""What fraud screening, the review queue and saved methods need: their PostgreSQL stores.

Each store runs in the unit of work open when called. ``PaymentsDeps.fraud`` and
``PaymentsDeps.wallet`` are None where they are not wired (unit tests of the other rules):
no screening then, and saved methods are refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from datetime import datetime
    from uuid import UUID

    from core.paging import Page
    from domains.payments.messages.fraud import BlockEntry, BlockKind, HeldPayment
    from domains.payments.model import Payment
    from domains.payments.model.fraud import Attempt, Blocklist, FraudRules, Velocity
    from domains.payments.model.methods import SavedMethod

ReviewDecision = Literal["approved", "rejected"]


class FraudStore(Protocol):
    async def velocity(self, attempt: Attempt, window_seconds: int) -> Velocity:
        """Attempts within the window with the attempt's email, IP and card, counting this one."""
        ...

    async def blocklist(self, attempt: Attempt) -> Blocklist:
        """The blocklist entries that could match ``attempt`` (all of them will do)."""
        ...

    async def record(self, payment: Payment, attempt: Attempt, saved_method_id: UUID | None) -> None:
        """Keep the attempt beside its payment (once per payment): velocity counts it from now on."""
        ...

    async def held(self, limit: int, cursor: str | None) -> Page[HeldPayment]:
        """Payments held for review, oldest first."""
        ...

    async def decide(
        self, payment_id: UUID, decision: ReviewDecision, actor: str, reason: str | None
    ) -> bool:
        """Record the staff decision on a held payment; False if another decision was recorded."""
        ...


class BlocklistStore(Protocol):
    async def add(
        self, kind: BlockKind, value: str, note: str | None, actor: str | None
    ) -> BlockEntry | None:
        """The new entry; None when the kind and value are listed already."""
        ...

    async def get(self, entry_id: UUID) -> BlockEntry | None: ...

    async def annotate(self, entry_id: UUID, note: str | None) -> BlockEntry | None: ...

    async def remove(self, entry_id: UUID) -> bool: ...

    async def page(self, kind: BlockKind | None, limit: int, cursor: str | None) -> Page[BlockEntry]:
        """Entries newest first."""
        ...


class SavedMethodStore(Protocol):
    async def add(self, method: SavedMethod) -> bool:
        """Keep ``method``; False when the customer saved the same token already."""
        ...

    async def count(self, customer_id: UUID) -> int: ...

    async def of(self, customer_id: UUID) -> list[SavedMethod]:
        """The customer's methods, newest first."""
        ...

    async def get(self, customer_id: UUID, method_id: UUID) -> SavedMethod | None:
        """The customer's method (another customer's is None)."""
        ...

    async def remove(self, customer_id: UUID, method_id: UUID) -> bool: ...

    async def forget(self, customer_id: UUID) -> None:
        """Remove every method of the customer (their data was erased)."""
        ...


class Clock(Protocol):
    def __call__(self) -> datetime: ...


@dataclass(frozen=True)
class FraudScreening:
    """The shop's fraud rules and what they read and keep."""

    rules: FraudRules
    store: FraudStore
    blocklist: BlocklistStore


@dataclass(frozen=True)
class Wallet:
    """Customers' saved payment methods."""

    methods: SavedMethodStore
    clock: Clock

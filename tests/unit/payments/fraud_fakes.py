"""In-memory stand-ins for the fraud, blocklist and saved-method ports, subclassing them."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import msgspec

from core.paging import Page
from domains.payments.messages.fraud import BlockEntry, BlockKind, HeldPayment
from domains.payments.model import Payment
from domains.payments.model.fraud import Attempt, Blocklist, FraudRules, Velocity
from domains.payments.model.methods import SavedMethod
from domains.payments.ports import PaymentsDeps
from domains.payments.ports.fraud import (
    BlocklistStore,
    FraudScreening,
    FraudStore,
    ReviewDecision,
    SavedMethodStore,
    Wallet,
)
from tests.support.fakes import AnsweringBus, Transactions
from tests.unit.payments.fakes import CountingProvider, InMemoryPayments

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


class InMemoryBlocklist(BlocklistStore):
    def __init__(self) -> None:
        self.entries: dict[UUID, BlockEntry] = {}

    async def add(
        self, kind: BlockKind, value: str, note: str | None, actor: str | None
    ) -> BlockEntry | None:
        if any((e.kind, e.value) == (kind, value) for e in self.entries.values()):
            return None
        entry = BlockEntry(id=uuid4(), kind=kind, value=value, note=note, created_by=actor, created_at=NOW)
        self.entries[entry.id] = entry
        return entry

    async def get(self, entry_id: UUID) -> BlockEntry | None:
        return self.entries.get(entry_id)

    async def annotate(self, entry_id: UUID, note: str | None) -> BlockEntry | None:
        if entry_id not in self.entries:
            return None
        self.entries[entry_id] = msgspec.structs.replace(self.entries[entry_id], note=note)
        return self.entries[entry_id]

    async def remove(self, entry_id: UUID) -> bool:
        return self.entries.pop(entry_id, None) is not None

    async def page(self, kind: BlockKind | None, limit: int, cursor: str | None) -> Page[BlockEntry]:
        return Page(items=[e for e in reversed(self.entries.values()) if kind in (None, e.kind)][:limit])


class InMemoryFraudStore(FraudStore):
    """Attempts kept in order (the window is not applied: every attempt is recent)."""

    def __init__(self, payments: InMemoryPayments, blocklist: InMemoryBlocklist) -> None:
        self.payments = payments
        self.listed = blocklist
        self.attempts: dict[UUID, tuple[Attempt, UUID | None]] = {}
        self.decisions: dict[UUID, tuple[ReviewDecision, str, str | None]] = {}

    async def velocity(self, attempt: Attempt, window_seconds: int) -> Velocity:
        seen = [a for a, _ in self.attempts.values()]

        def count(field: str) -> int:
            value = getattr(attempt, field)
            return 1 + sum(1 for a in seen if value is not None and getattr(a, field) == value)

        return Velocity(email=count("email"), ip=count("ip"), card=count("card"))

    async def blocklist(self, attempt: Attempt) -> Blocklist:
        return Blocklist.of((e.kind, e.value) for e in self.listed.entries.values())

    async def record(self, payment: Payment, attempt: Attempt, saved_method_id: UUID | None) -> None:
        self.attempts.setdefault(payment.id, (attempt, saved_method_id))

    async def held(self, limit: int, cursor: str | None) -> Page[HeldPayment]:
        held = [p for p in self.payments.rows.values() if p.status == "held"]
        return Page(items=[self._held(p) for p in held[:limit]])

    def _held(self, payment: Payment) -> HeldPayment:
        attempt, _ = self.attempts[payment.id]
        return HeldPayment(
            payment_id=payment.id,
            order_id=payment.order_id,
            provider=payment.provider,
            amount=payment.amount,
            score=payment.fraud_score or 0,
            reasons=list(payment.fraud_reasons),
            email=attempt.email,
            ip=attempt.ip,
            card_fingerprint=attempt.card,
            held_at=NOW,
        )

    async def decide(
        self, payment_id: UUID, decision: ReviewDecision, actor: str, reason: str | None
    ) -> bool:
        first = self.decisions.setdefault(payment_id, (decision, actor, reason))
        return first[0] == decision


class InMemorySavedMethods(SavedMethodStore):
    def __init__(self) -> None:
        self.methods: dict[UUID, SavedMethod] = {}

    async def add(self, method: SavedMethod) -> bool:
        mine = await self.of(method.customer_id)
        if any(m.fingerprint == method.fingerprint for m in mine):
            return False
        self.methods[method.id] = copy.copy(method)
        return True

    async def count(self, customer_id: UUID) -> int:
        return len(await self.of(customer_id))

    async def of(self, customer_id: UUID) -> list[SavedMethod]:
        return [m for m in reversed(self.methods.values()) if m.customer_id == customer_id]

    async def get(self, customer_id: UUID, method_id: UUID) -> SavedMethod | None:
        method = self.methods.get(method_id)
        return method if method is not None and method.customer_id == customer_id else None

    async def remove(self, customer_id: UUID, method_id: UUID) -> bool:
        if await self.get(customer_id, method_id) is None:
            return False
        del self.methods[method_id]
        return True

    async def forget(self, customer_id: UUID) -> None:
        for method in await self.of(customer_id):
            del self.methods[method.id]


def screened_deps(provider: CountingProvider | None = None, **rules: Any) -> PaymentsDeps:
    """Payments deps with fraud screening (``rules`` override ``FraudRules``' fields) and a wallet."""
    payments, blocklist = InMemoryPayments(), InMemoryBlocklist()
    return PaymentsDeps(
        uow=Transactions(),
        bus=AnsweringBus(),  # type: ignore[arg-type]
        payments=payments,
        providers={"fake": provider or CountingProvider()},
        fraud=FraudScreening(
            rules=FraudRules(**rules),
            store=InMemoryFraudStore(payments, blocklist),
            blocklist=blocklist,
        ),
        wallet=Wallet(methods=InMemorySavedMethods(), clock=lambda: NOW),
    )


def fraud_store(deps: PaymentsDeps) -> InMemoryFraudStore:
    assert deps.fraud is not None
    store = deps.fraud.store
    assert isinstance(store, InMemoryFraudStore)
    return store

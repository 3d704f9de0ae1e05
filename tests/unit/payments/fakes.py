"""In-memory stand-ins for the payments ports, subclassing them, and a provider that keeps count."""

from __future__ import annotations

import copy
from collections.abc import Collection
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from core.money import Money
from domains.payments.messages import Outcome, PaymentTransaction, TransactionKind
from domains.payments.model import Payment, refund_status
from domains.payments.ports import (
    AuthoriseRequest,
    PaymentProvider,
    PaymentsDeps,
    PaymentStore,
    ProviderResult,
    ProviderUnavailable,
)
from tests.support.fakes import AnsweringBus, Transactions


class InMemoryPayments(PaymentStore):
    """The store's guards, in memory: one payment per order, refunds held within what was captured."""

    def __init__(self) -> None:
        self.rows: dict[UUID, Payment] = {}
        self.ledger: list[tuple[UUID, UUID, TransactionKind, int, Outcome, str | None, str | None]] = []

    async def open(self, payment: Payment) -> Payment:
        existing = self.rows.setdefault(payment.order_id, copy.deepcopy(payment))
        return copy.deepcopy(existing)

    async def get(self, order_id: UUID) -> Payment | None:
        return copy.deepcopy(self.rows.get(order_id))

    async def save(self, payment: Payment, was: Collection[str]) -> bool:
        row = self.rows[payment.order_id]
        if row.status not in was:
            return False
        row.status, row.captured, row.reference = payment.status, payment.captured, payment.reference
        row.decline_reason, row.action_url = payment.decline_reason, payment.action_url
        return True

    async def reserve_refund(self, order_id: UUID, amount: int) -> bool:
        row = self.rows.get(order_id)
        if row is None or row.status not in ("captured", "partially_refunded") or row.refundable < amount:
            return False
        row.refunding += amount
        return True

    async def finish_refund(self, payment_id: UUID, amount: int, *, refunded: bool) -> Payment:
        row = next(p for p in self.rows.values() if p.id == payment_id)
        row.refunding -= amount
        if refunded:
            row.refunded += amount
            row.status = refund_status(row.captured, row.refunded)
        return copy.deepcopy(row)

    async def record(
        self,
        payment: Payment,
        kind: TransactionKind,
        amount: int,
        outcome: Outcome,
        *,
        reference: str | None = None,
        reason: str | None = None,
    ) -> UUID:
        line = uuid4()
        self.ledger.append((line, payment.id, kind, amount, outcome, reference, reason))
        return line

    async def settle_line(self, transaction_id: UUID, outcome: Outcome, reference: str | None = None) -> None:
        at = next(i for i, line in enumerate(self.ledger) if line[0] == transaction_id)
        line = self.ledger[at]
        self.ledger[at] = (*line[:4], outcome, reference or line[5], line[6])

    async def transactions(self, payment: Payment) -> list[PaymentTransaction]:
        return [
            PaymentTransaction(
                id=line,
                kind=kind,
                amount=payment.money(amount),
                outcome=outcome,
                reference=reference,
                reason=reason,
                created_at=datetime.now(UTC),
            )
            for line, payment_id, kind, amount, outcome, reference, reason in self.ledger
            if payment_id == payment.id
        ]

    def kinds(self) -> list[tuple[str, str]]:
        return [(line[2], line[4]) for line in self.ledger]


class CountingProvider(PaymentProvider):
    """Answers by token like the sandbox, honours idempotency keys, and counts what it was asked.

    ``down`` makes every call raise ``ProviderUnavailable``; ``refuse`` makes captures,
    voids and refunds come back declined with that reason.
    """

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []
        self.charges: dict[str, ProviderResult] = {}
        self.refunds: dict[str, Money] = {}
        self.down = False
        self.refuse: str | None = None

    def _asked(self, method: str, key: str) -> None:
        self.calls.append((method, key))
        if self.down:
            raise ProviderUnavailable("fake", "connection refused")

    async def authorise(self, request: AuthoriseRequest) -> ProviderResult:
        self._asked("authorise", request.idempotency_key)
        if request.token == "error":
            raise ProviderUnavailable("fake", "told to fail")
        if request.idempotency_key not in self.charges:
            self.charges[request.idempotency_key] = self._answer(request)
        return self.charges[request.idempotency_key]

    def _answer(self, request: AuthoriseRequest) -> ProviderResult:
        reference = f"fake_{len(self.charges) + 1}"
        if request.token in ("decline", "fraud"):
            reason = "fraud" if request.token == "fraud" else "card_declined"
            return ProviderResult(reference=reference, status="declined", decline_reason=reason)
        if request.token == "3ds":
            return ProviderResult(
                reference=reference, status="requires_action", action_url="https://bank/3ds"
            )
        return ProviderResult(reference=reference, status="captured" if request.capture else "authorised")

    async def confirm(self, reference: str, *, capture: bool, idempotency_key: str) -> ProviderResult:
        self._asked("confirm", idempotency_key)
        return ProviderResult(reference=reference, status="captured" if capture else "authorised")

    async def capture(self, reference: str, amount: Money, *, idempotency_key: str) -> ProviderResult:
        return self._settle("capture", reference, idempotency_key, "captured")

    async def void(self, reference: str, *, idempotency_key: str) -> ProviderResult:
        return self._settle("void", reference, idempotency_key, "voided")

    async def refund(self, reference: str, amount: Money, *, idempotency_key: str) -> ProviderResult:
        result = self._settle("refund", f"re_{idempotency_key}", idempotency_key, "refunded")
        if result.status == "refunded":
            self.refunds[idempotency_key] = amount
        return result

    def _settle(self, method: str, reference: str, key: str, status: Any) -> ProviderResult:
        self._asked(method, key)
        if self.refuse:
            return ProviderResult(reference=reference, status="declined", decline_reason=self.refuse)
        return ProviderResult(reference=reference, status=status)

    def asked(self, method: str) -> list[str]:
        return [key for name, key in self.calls if name == method]


def deps(provider: CountingProvider | None = None) -> PaymentsDeps:
    return PaymentsDeps(
        uow=Transactions(),
        bus=AnsweringBus(),  # type: ignore[arg-type]
        payments=InMemoryPayments(),
        providers={"fake": provider or CountingProvider()},
    )


def eur(amount: int) -> Money:
    return Money(amount=amount, currency="EUR")

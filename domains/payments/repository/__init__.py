"""The payments store on PostgreSQL: one row per order, a ledger, refunds guarded by conditional UPDATEs.

Under READ COMMITTED a concurrent UPDATE of the same row waits for the first to
commit and then re-checks its WHERE clause, so refunds held and done never pass
what was captured, whichever process runs them (the table's CHECK backs this up).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any
from uuid import UUID, uuid4

from core.money import Money
from domains.payments.messages import Outcome, PaymentTransaction, TransactionKind
from domains.payments.model import Payment
from domains.payments.tables import PaymentsPayment

OPEN = """
INSERT INTO payments_payment
    (id, order_id, provider, status, currency, amount, capture, fraud_score, fraud_reasons, fraud_decision)
VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {}, {})
ON CONFLICT (order_id) DO NOTHING RETURNING id"""
GET = "SELECT * FROM payments_payment WHERE order_id = {}"
SAVE = """
UPDATE payments_payment
SET status = {}, captured = {}, reference = {}, decline_reason = {}, action_url = {}, updated_at = now()
WHERE id = {} AND status = any({}::text[]) RETURNING id"""
RESERVE_REFUND = """
UPDATE payments_payment SET refunding = refunding + {}::bigint, updated_at = now()
WHERE order_id = {} AND status IN ('captured', 'partially_refunded')
  AND refunded + refunding + {}::bigint <= captured
RETURNING id"""
FINISH_REFUND = """
UPDATE payments_payment
SET refunding = refunding - {}::bigint,
    refunded = refunded + CASE WHEN {}::boolean THEN {}::bigint ELSE 0 END,
    status = CASE WHEN NOT {}::boolean THEN status
                  WHEN refunded + {}::bigint >= captured THEN 'refunded'
                  ELSE 'partially_refunded' END,
    updated_at = now()
WHERE id = {} RETURNING *"""
RECORD = """
INSERT INTO payments_transaction (id, payment_id, kind, amount, currency, outcome, reference, reason)
VALUES ({}, {}, {}, {}, {}, {}, {}, {})"""
SETTLE_LINE = (
    "UPDATE payments_transaction SET outcome = {}, reference = coalesce({}, reference) WHERE id = {}"
)
LEDGER = """
SELECT id, kind, amount, currency, outcome, reference, reason, created_at
FROM payments_transaction WHERE payment_id = {} ORDER BY created_at, id"""


async def _sql(query: str, *args: Any) -> list[dict[str, Any]]:
    return list(await PaymentsPayment.raw(query, *args))


def _payment(row: dict[str, Any]) -> Payment:
    return Payment(
        id=row["id"],
        order_id=row["order_id"],
        provider=row["provider"],
        amount=Money(amount=row["amount"], currency=row["currency"]),
        capture=row["capture"],
        status=row["status"],
        captured=row["captured"],
        refunded=row["refunded"],
        refunding=row["refunding"],
        reference=row["reference"],
        decline_reason=row["decline_reason"],
        action_url=row["action_url"],
        fraud_score=row["fraud_score"],
        fraud_reasons=list(row["fraud_reasons"]),
        fraud_decision=row["fraud_decision"],
    )


class PgPaymentStore:
    async def open(self, payment: Payment) -> Payment:
        amount = payment.amount
        args = (payment.provider, payment.status, amount.currency, amount.amount, payment.capture)
        fraud = (payment.fraud_score, payment.fraud_reasons, payment.fraud_decision)
        if await _sql(OPEN, payment.id, payment.order_id, *args, *fraud):
            return payment
        found = await self.get(payment.order_id)
        assert found is not None, "a payment that conflicted on its order is there"
        return found

    async def get(self, order_id: UUID) -> Payment | None:
        rows = await _sql(GET, order_id)
        return _payment(rows[0]) if rows else None

    async def save(self, payment: Payment, was: Collection[str]) -> bool:
        p = payment
        args = (p.status, p.captured, p.reference, p.decline_reason, p.action_url, p.id, list(was))
        return bool(await _sql(SAVE, *args))

    async def reserve_refund(self, order_id: UUID, amount: int) -> bool:
        return bool(await _sql(RESERVE_REFUND, amount, order_id, amount))

    async def finish_refund(self, payment_id: UUID, amount: int, *, refunded: bool) -> Payment:
        rows = await _sql(FINISH_REFUND, amount, refunded, amount, refunded, amount, payment_id)
        return _payment(rows[0])

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
        currency = payment.amount.currency
        await _sql(RECORD, line, payment.id, kind, amount, currency, outcome, reference, reason)
        return line

    async def settle_line(self, transaction_id: UUID, outcome: Outcome, reference: str | None = None) -> None:
        await _sql(SETTLE_LINE, outcome, reference, transaction_id)

    async def transactions(self, payment: Payment) -> list[PaymentTransaction]:
        return [
            PaymentTransaction(
                id=row["id"],
                kind=row["kind"],
                amount=Money(amount=row["amount"], currency=row["currency"]),
                outcome=row["outcome"],
                reference=row["reference"],
                reason=row["reason"],
                created_at=row["created_at"],
            )
            for row in await _sql(LEDGER, payment.id)
        ]

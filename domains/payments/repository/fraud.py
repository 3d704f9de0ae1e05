"""Fraud screening on PostgreSQL: attempts counted for velocity, the review queue, staff decisions.

One attempt row per payment, written in the transaction that opens the payment; velocity
counts rows of the window by email, IP and card fingerprint (each indexed). A decision is
one row per payment (its primary key), so an approval and a rejection cannot both win.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from core.money import Money
from core.paging import Page, decode_cursor, encode_cursor, unknown_cursor
from domains.payments.messages.fraud import HeldPayment
from domains.payments.model.fraud import Blocklist, Velocity
from domains.payments.tables import PaymentsAttempt

if TYPE_CHECKING:
    from uuid import UUID

    from domains.payments.model import Payment
    from domains.payments.model.fraud import Attempt
    from domains.payments.ports.fraud import ReviewDecision

VELOCITY = """
SELECT count(*) FILTER (WHERE email = {}) AS email,
       count(*) FILTER (WHERE ip = {}) AS ip,
       count(*) FILTER (WHERE card_fingerprint = {}) AS card
FROM payments_attempt
WHERE created_at > now() - make_interval(secs => {})
  AND (email = {} OR ip = {} OR card_fingerprint = {})"""
BLOCKLIST = """
SELECT kind, value FROM payments_blocklist
WHERE (kind = 'email' AND value = {})
   OR (kind = 'card' AND value = {})
   OR (kind = 'country' AND value = any({}::text[]))
   OR (kind = 'ip' AND {}::text IS NOT NULL AND {}::text::inet <<= value::cidr)"""
RECORD = """
INSERT INTO payments_attempt
    (payment_id, email, ip, card_fingerprint, saved_method_id, billing_country, shipping_country)
VALUES ({}, {}, {}, {}, {}, {}, {})
ON CONFLICT (payment_id) DO NOTHING"""
HELD = """
SELECT p.id, p.order_id, p.provider, p.currency, p.amount, p.fraud_score, p.fraud_reasons,
       p.created_at, p.updated_at, a.email, a.ip, a.card_fingerprint, a.billing_country, a.shipping_country
FROM payments_payment p LEFT JOIN payments_attempt a ON a.payment_id = p.id
WHERE p.status = 'held' AND (p.created_at, p.id) > ({}::timestamptz, {}::uuid)
ORDER BY p.created_at, p.id LIMIT {}"""
DECIDE = """
INSERT INTO payments_review (payment_id, decision, actor, reason) VALUES ({}, {}, {}, {})
ON CONFLICT (payment_id) DO UPDATE SET actor = payments_review.actor
WHERE payments_review.decision = excluded.decision
RETURNING payment_id"""
EPOCH = "1970-01-01T00:00:00+00:00"
NO_ID = "00000000-0000-0000-0000-000000000000"


async def _sql(query: str, *args: Any) -> list[dict[str, Any]]:
    return list(await PaymentsAttempt.raw(query, *args))


def _held(row: dict[str, Any]) -> HeldPayment:
    return HeldPayment(
        payment_id=row["id"],
        order_id=row["order_id"],
        provider=row["provider"],
        amount=Money(amount=row["amount"], currency=row["currency"]),
        score=row["fraud_score"] or 0,
        reasons=list(row["fraud_reasons"]),
        email=row["email"],
        ip=row["ip"],
        billing_country=row["billing_country"],
        shipping_country=row["shipping_country"],
        card_fingerprint=row["card_fingerprint"],
        held_at=row["updated_at"],
    )


def _position(cursor: str | None) -> tuple[datetime, str]:
    position = decode_cursor(cursor) or [EPOCH, NO_ID]
    try:
        created_at, payment_id = position
        return datetime.fromisoformat(created_at), str(payment_id)
    except (TypeError, ValueError):
        raise unknown_cursor() from None


class PgFraudStore:
    async def velocity(self, attempt: Attempt, window_seconds: int) -> Velocity:
        keys = (attempt.email, attempt.ip, attempt.card)
        (row,) = await _sql(VELOCITY, *keys, float(window_seconds), *keys)
        return Velocity(email=row["email"] + 1, ip=row["ip"] + 1, card=row["card"] + 1)

    async def blocklist(self, attempt: Attempt) -> Blocklist:
        countries = [c for c in (attempt.billing_country, attempt.shipping_country) if c]
        rows = await _sql(BLOCKLIST, attempt.email, attempt.card, countries, attempt.ip, attempt.ip)
        return Blocklist.of((row["kind"], row["value"]) for row in rows)

    async def record(self, payment: Payment, attempt: Attempt, saved_method_id: UUID | None) -> None:
        countries = (attempt.billing_country, attempt.shipping_country)
        args = (attempt.email, attempt.ip, attempt.card, saved_method_id, *countries)
        await _sql(RECORD, payment.id, *args)

    async def held(self, limit: int, cursor: str | None) -> Page[HeldPayment]:
        created_at, after = _position(cursor)
        rows = await _sql(HELD, created_at, after, limit + 1)
        items = [_held(row) for row in rows[:limit]]
        if len(rows) <= limit:
            return Page(items=items)
        last = rows[limit - 1]
        return Page(items=items, next_cursor=encode_cursor([last["created_at"].isoformat(), str(last["id"])]))

    async def decide(
        self, payment_id: UUID, decision: ReviewDecision, actor: str, reason: str | None
    ) -> bool:
        return bool(await _sql(DECIDE, payment_id, decision, actor, reason))

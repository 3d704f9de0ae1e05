"""Webhook events on PostgreSQL: one row per (provider, event id), so a replay finds its first delivery.

Two deliveries of one event at once: the second INSERT waits on the primary key until
the first commits, then conflicts, and is answered as a replay. The payment an event
moves is locked (``FOR UPDATE``) until the commit, so events and our own calls about
one payment apply one after the other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from domains.payments.model import refund_status
from domains.payments.repository import PgPaymentStore
from domains.payments.tables import PaymentsWebhookEvent

if TYPE_CHECKING:
    from uuid import UUID

    from domains.payments.messages.webhooks import WebhookOutcome
    from domains.payments.model import Payment
    from domains.payments.ports.webhooks import ProviderEvent

CLAIM = """
INSERT INTO payments_webhook_events (provider, event_id, event_type) VALUES ({}, {}, {})
ON CONFLICT (provider, event_id) DO NOTHING RETURNING event_id"""
NOTE = "UPDATE payments_webhook_events SET outcome = {}, order_id = {} WHERE provider = {} AND event_id = {}"
LOCK_ORDER = "SELECT order_id FROM payments_payment WHERE order_id = {} AND provider = {} FOR UPDATE"
LOCK_REFERENCE = "SELECT order_id FROM payments_payment WHERE provider = {} AND reference = {} FOR UPDATE"
SET_REFUNDED = """
UPDATE payments_payment SET refunded = greatest(refunded, {}::bigint), status = {}, updated_at = now()
WHERE id = {} RETURNING order_id"""


async def _sql(query: str, *args: Any) -> list[dict[str, Any]]:
    return list(await PaymentsWebhookEvent.raw(query, *args))


class PgWebhookStore:
    def __init__(self) -> None:
        self._payments = PgPaymentStore()

    async def claim(self, provider: str, event: ProviderEvent) -> bool:
        return bool(await _sql(CLAIM, provider, event.id, event.type))

    async def note(
        self, provider: str, event_id: str, outcome: WebhookOutcome, order_id: UUID | None
    ) -> None:
        await _sql(NOTE, outcome, order_id, provider, event_id)

    async def lock_payment(
        self, provider: str, order_id: UUID | None, reference: str | None
    ) -> Payment | None:
        rows: list[dict[str, Any]] = []
        if order_id is not None:
            rows = await _sql(LOCK_ORDER, order_id, provider)
        if not rows and reference:
            rows = await _sql(LOCK_REFERENCE, provider, reference)
        return await self._payments.get(rows[0]["order_id"]) if rows else None

    async def set_refunded(self, payment: Payment, refunded: int) -> Payment:
        status = refund_status(payment.captured, max(refunded, payment.refunded))
        rows = await _sql(SET_REFUNDED, refunded, status, payment.id)
        found = await self._payments.get(rows[0]["order_id"])
        assert found is not None, "the payment just updated is there"
        return found

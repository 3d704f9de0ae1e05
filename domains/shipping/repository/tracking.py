"""Tracking events, carriers' webhook events and deliveries to report, on PostgreSQL."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domains.shipping.repository.shipments import rows

if TYPE_CHECKING:
    from uuid import UUID

    from domains.shipping.messages import TrackingEvent
    from domains.shipping.ports import ReportState

ADD_EVENT = """
INSERT INTO shipping_tracking_event (shipment_id, key, status, description, at, source)
VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (shipment_id, key) DO NOTHING RETURNING key"""
CLAIM = """
INSERT INTO shipping_webhook_event (carrier, event_id) VALUES ($1, $2)
ON CONFLICT (carrier, event_id) DO NOTHING RETURNING event_id"""
EXPECT = """
INSERT INTO shipping_delivery_report (order_id, state) VALUES ($1, 'pending') ON CONFLICT (order_id) DO NOTHING"""
PENDING = """
WITH picked AS (
    SELECT order_id FROM shipping_delivery_report WHERE state = 'pending'
    ORDER BY updated_at LIMIT $1 FOR UPDATE SKIP LOCKED)
UPDATE shipping_delivery_report d SET attempts = attempts + 1, updated_at = now()
FROM picked WHERE d.order_id = picked.order_id RETURNING d.order_id"""
SETTLE = """
UPDATE shipping_delivery_report SET state = $2, updated_at = now() WHERE order_id = $1 AND state = 'pending'"""


class PgTrackingLog:
    async def add(self, shipment_id: UUID, key: str, event: TrackingEvent) -> bool:
        e = event
        return bool(await rows(ADD_EVENT, shipment_id, key, e.status, e.description, e.at, e.source))

    async def claim_webhook(self, carrier: str, event_id: str) -> bool:
        return bool(await rows(CLAIM, carrier, event_id))


class PgDeliveryReports:
    async def expect(self, order_id: UUID) -> None:
        await rows(EXPECT, order_id)

    async def pending(self, limit: int) -> list[UUID]:
        return [row["order_id"] for row in await rows(PENDING, limit)]

    async def settle(self, order_id: UUID, state: ReportState) -> None:
        await rows(SETTLE, order_id, state)

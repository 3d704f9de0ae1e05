"""Shipments on PostgreSQL, inside the open unit of work (or on the pool outside one).

A shipment's address and lines are JSON copies; its tracking events are rows of their
own, read with it. One shipment per (order, warehouse): the key decides, so a repeated
``OrderPaid`` makes none twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

import msgspec

from adapters.db.engine import fetch
from core.paging import time_and_id
from domains.shipping.messages import Destination, LabelDocument, ShipmentLine, TrackingEvent
from domains.shipping.model import IN_FLIGHT, Dispatch, ParcelShipment
from domains.shipping.tables import ShippingShipment

if TYPE_CHECKING:
    from domains.shipping.messages import ShipmentStatus
    from domains.shipping.model import Label
    from domains.shipping.ports import Position

COLUMNS = """id, order_id, order_number, warehouse, method_id, method_name, carrier, service, currency,
destination::text AS destination, lines::text AS lines, weight_grams, status, tracking_number, reference,
tracker, label_url, (label_document IS NOT NULL OR label_url IS NOT NULL) AS has_label, created_at,
labelled_at, shipped_at, delivered_at"""
SELECT = f"SELECT {COLUMNS} FROM shipping_shipment"
ADD = """
INSERT INTO shipping_shipment (id, order_id, order_number, warehouse, method_id, method_name, carrier, service,
    currency, destination, lines, weight_grams, status, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::jsonb, $12, $13, $14)
ON CONFLICT (order_id, warehouse) DO NOTHING RETURNING id"""
SAVE = """
UPDATE shipping_shipment SET status = $2, service = $3, tracking_number = $4, reference = $5, tracker = $6,
    label_url = $7, labelled_at = $8, shipped_at = $9, delivered_at = $10
WHERE id = $1"""
SAVE_DOCUMENT = "UPDATE shipping_shipment SET label_document = $2, label_media_type = $3 WHERE id = $1"
REMEMBER = (
    "UPDATE shipping_shipment SET reference = coalesce(reference, $2) WHERE id = $1 RETURNING reference"
)
TRACKED = """
SELECT id FROM shipping_shipment
WHERE carrier = $1 AND (tracking_number = $2 OR tracker = $3) ORDER BY created_at LIMIT 1"""
LABEL = """
SELECT id, tracking_number, label_media_type, label_document, label_url FROM shipping_shipment
WHERE id = $1 AND tracking_number IS NOT NULL AND (label_document IS NOT NULL OR label_url IS NOT NULL)"""
PAGE = (
    SELECT
    + """
WHERE ($1::uuid IS NULL OR order_id = $1) AND ($2::text IS NULL OR status = $2)
  AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4::uuid))
ORDER BY created_at DESC, id DESC LIMIT $5"""
)
IN_FLIGHT_SQL = """
WITH picked AS (
    SELECT id FROM shipping_shipment
    WHERE carrier = any($1::text[]) AND status = any($4::text[]) AND tracking_number IS NOT NULL
    ORDER BY polled_at NULLS FIRST, id LIMIT $2 FOR UPDATE SKIP LOCKED)
UPDATE shipping_shipment s SET polled_at = $3 FROM picked WHERE s.id = picked.id RETURNING s.id"""
EVENTS = """
SELECT shipment_id, status, description, at, source FROM shipping_tracking_event
WHERE shipment_id = any($1::uuid[]) ORDER BY at, recorded_at, key"""
_destination = msgspec.json.Decoder(Destination | None)
_lines = msgspec.json.Decoder(list[ShipmentLine])
_encode = msgspec.json.encode


async def rows(sql: str, *args: Any) -> list[Any]:
    return await fetch(ShippingShipment._meta.db, sql, *args)


def _shipment(row: Any, tracking: list[TrackingEvent]) -> ParcelShipment:
    dispatch = Dispatch(
        order_id=row["order_id"],
        order_number=row["order_number"],
        destination=_destination.decode(row["destination"]) if row["destination"] else None,
        method_id=row["method_id"],
        method_name=row["method_name"],
        carrier=row["carrier"],
        service=row["service"],
        currency=row["currency"],
    )
    return ParcelShipment(
        id=row["id"],
        dispatch=dispatch,
        warehouse=row["warehouse"],
        lines=_lines.decode(row["lines"]),
        weight_grams=row["weight_grams"],
        created_at=row["created_at"],
        status=row["status"],
        tracking_number=row["tracking_number"],
        reference=row["reference"],
        tracker=row["tracker"],
        label_url=row["label_url"],
        has_label=row["has_label"],
        labelled_at=row["labelled_at"],
        shipped_at=row["shipped_at"],
        delivered_at=row["delivered_at"],
        tracking=tracking,
    )


async def _with_tracking(found: list[Any]) -> list[ParcelShipment]:
    events: dict[UUID, list[TrackingEvent]] = defaultdict(list)
    if found:
        for row in await rows(EVENTS, [row["id"] for row in found]):
            events[row["shipment_id"]].append(
                TrackingEvent(
                    status=row["status"], description=row["description"], at=row["at"], source=row["source"]
                )
            )
    return [_shipment(row, events[row["id"]]) for row in found]


class PgShipments:
    async def add(self, shipments: Sequence[ParcelShipment]) -> list[ParcelShipment]:
        added = []
        for s in shipments:
            d = s.dispatch
            destination = _encode(d.destination).decode() if d.destination else None
            lines = _encode(s.lines).decode()
            if await rows(
                ADD, s.id, d.order_id, d.order_number, s.warehouse, d.method_id, d.method_name, d.carrier,
                d.service, d.currency, destination, lines, s.weight_grams, s.status, s.created_at,
            ):  # fmt: skip
                added.append(s)
        return added

    async def get(self, shipment_id: UUID, *, lock: bool = False) -> ParcelShipment | None:
        found = await rows(SELECT + " WHERE id = $1" + (" FOR UPDATE" if lock else ""), shipment_id)
        return (await _with_tracking(found))[0] if found else None

    async def of_order(self, order_id: UUID, *, lock: bool = False) -> list[ParcelShipment]:
        query = SELECT + " WHERE order_id = $1 ORDER BY warehouse, id" + (" FOR UPDATE" if lock else "")
        return await _with_tracking(await rows(query, order_id))

    async def tracked(self, carrier: str, tracking_number: str | None, tracker: str | None) -> UUID | None:
        found = await rows(TRACKED, carrier, tracking_number, tracker)
        return found[0]["id"] if found else None

    async def page(
        self, order_id: UUID | None, status: ShipmentStatus | None, limit: int, after: Position | None
    ) -> tuple[list[ParcelShipment], Position | None]:
        at, last = _position(after)
        found = await rows(PAGE, order_id, status, at, last, limit + 1)
        shipments = await _with_tracking(found[:limit])
        if len(found) <= limit:
            return shipments, None
        tail = shipments[-1]
        return shipments, [tail.created_at.isoformat(), str(tail.id)]

    async def save(self, shipment: ParcelShipment, label: Label | None = None) -> None:
        s = shipment
        await rows(
            SAVE, s.id, s.status, s.dispatch.service, s.tracking_number, s.reference, s.tracker, s.label_url,
            s.labelled_at, s.shipped_at, s.delivered_at,
        )  # fmt: skip
        if label is not None and label.document is not None:
            await rows(SAVE_DOCUMENT, s.id, label.document, label.media_type)

    async def remember(self, shipment_id: UUID, reference: str) -> str:
        found = await rows(REMEMBER, shipment_id, reference)
        return str(found[0]["reference"]) if found else reference

    async def label(self, shipment_id: UUID) -> LabelDocument | None:
        found = await rows(LABEL, shipment_id)
        if not found:
            return None
        row = found[0]
        return LabelDocument(
            shipment_id=row["id"],
            tracking_number=row["tracking_number"],
            media_type=row["label_media_type"] or "application/pdf",
            content=bytes(row["label_document"]) if row["label_document"] is not None else None,
            url=row["label_url"],
        )

    async def in_flight(self, carriers: Sequence[str], limit: int, now: datetime) -> list[ParcelShipment]:
        picked = await rows(IN_FLIGHT_SQL, list(carriers), limit, now, list(IN_FLIGHT))
        if not picked:
            return []
        found = await rows(SELECT + " WHERE id = any($1::uuid[]) ORDER BY id", [row["id"] for row in picked])
        return await _with_tracking(found)


def _position(after: Position | None) -> tuple[datetime | None, UUID | None]:
    return (None, None) if after is None else time_and_id(list(after))

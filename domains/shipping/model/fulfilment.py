"""How a paid order is split into parcels: one shipment per warehouse of its allocation, each with
that warehouse's lines, the order's address and its shipping method."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import datetime
from uuid import uuid4

from domains.shipping.messages import ShipmentCreated, ShipmentLine, ShipmentStatus
from domains.shipping.model.shipments import Dispatch, ParcelShipment


def split_by_warehouse(
    dispatch: Dispatch,
    allocated: list[tuple[str, str, int]],
    weights: Mapping[str, int | None],
    now: datetime,
) -> list[ParcelShipment]:
    """One shipment per warehouse of ``allocated`` (warehouse, SKU, units), its SKUs in order and
    added up, weighing what its units weigh (an unknown weight counts nothing)."""
    by_warehouse: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for warehouse, sku, units in allocated:
        by_warehouse[warehouse][sku] += units
    shipments = []
    for warehouse, skus in sorted(by_warehouse.items()):
        lines = [ShipmentLine(sku=sku, quantity=n) for sku, n in sorted(skus.items()) if n > 0]
        weight = sum((weights.get(line.sku) or 0) * line.quantity for line in lines)
        shipment = ParcelShipment(
            id=uuid4(),
            dispatch=dispatch,
            warehouse=warehouse,
            lines=lines,
            weight_grams=weight,
            created_at=now,
        )
        if lines:
            shipment.events.append(ShipmentCreated(shipment_id=shipment.id, order_id=dispatch.order_id))
            shipments.append(shipment)
    return shipments


def all_delivered(statuses: list[ShipmentStatus]) -> bool:
    return bool(statuses) and all(status == "delivered" for status in statuses)

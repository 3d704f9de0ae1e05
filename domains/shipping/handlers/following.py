"""The tracking worker: every ``poll_seconds`` it tells orders of deliveries not told yet, and asks
the carriers that track parcels themselves what became of those in flight (carriers without
webhooks, or webhooks that were lost). ``table_rate`` reports nothing: it is never asked."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from typing import TYPE_CHECKING

import structlog

from core.errors import DomainError
from domains.shipping.handlers.tracking import apply, report_deliveries
from domains.shipping.ports import TrackedParcel

if TYPE_CHECKING:
    from uuid import UUID

    from domains.shipping.ports import ShippingDeps, TrackingUpdate

log = structlog.get_logger("mercato.shipping.following")


async def follow_shipments(deps: ShippingDeps) -> None:
    """Run ``follow_once`` every ``deps.poll_seconds`` until cancelled; a failed pass is logged."""
    while True:
        try:
            await follow_once(deps)
        except Exception:
            log.exception("tracking pass failed")
        await asyncio.sleep(deps.poll_seconds)


async def follow_once(deps: ShippingDeps) -> int:
    """One pass; the number of parcels whose carrier was asked."""
    await report_deliveries(deps, await deps.deliveries.pending(deps.poll_batch))
    tracking = [name for name in deps.carriers.names() if _tracks_itself(deps, name)]
    if not tracking:
        return 0
    shipments = await deps.shipments.in_flight(tracking, deps.poll_batch, deps.clock())
    grouped: dict[UUID, dict[UUID, list[TrackingUpdate]]] = defaultdict(dict)
    for shipment in shipments:
        carrier = deps.carriers.get(shipment.dispatch.carrier)
        if carrier is None or shipment.tracking_number is None:
            continue
        parcel = TrackedParcel(shipment.tracking_number, shipment.reference, shipment.tracker)
        try:
            grouped[shipment.order_id][shipment.id] = await carrier.track(parcel)
        except DomainError as exc:
            log.warning(
                "carrier not answering on tracking", carrier=shipment.dispatch.carrier, error=exc.detail
            )
    async with deps.uow() as uow:
        delivered = await apply(deps, uow, grouped)
        await uow.commit()
    await report_deliveries(deps, delivered)
    return len(shipments)


def _tracks_itself(deps: ShippingDeps, name: str) -> bool:
    carrier = deps.carriers.get(name)
    return carrier is not None and bool(getattr(carrier, "tracks_itself", False))

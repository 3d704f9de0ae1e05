"""In-memory shipping stores (subclassing the ports), carriers and a bus, for handler tests."""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from core.errors import Conflict, FieldError, Unavailable
from core.money import Money
from domains.shipping.messages import LabelDocument, Method, Parcel, ShipmentStatus, TrackingEvent
from domains.shipping.model import IN_FLIGHT, Label, ParcelShipment, ShippingMethod, ShippingZone
from domains.shipping.ports import (
    Carriers,
    DeliveryReports,
    LabelRequest,
    Methods,
    Position,
    ReportState,
    Shipments,
    ShippingCarrier,
    ShippingDeps,
    TrackedParcel,
    TrackingLog,
    TrackingUpdate,
    WebhookDelivery,
    Zones,
)
from tests.support.fakes import AnsweringBus, Transactions


class FakeZones(Zones):
    def __init__(self, methods: FakeMethods) -> None:
        self.rows: dict[UUID, ShippingZone] = {}
        self._methods = methods

    async def add(self, zone: ShippingZone) -> None:
        if any(z.name == zone.name for z in self.rows.values()):
            raise Conflict("taken", errors=[FieldError("name", "is already taken")])
        self.rows[zone.id] = replace(zone, events=[])

    async def get(self, zone_id: UUID, *, lock: bool = False) -> ShippingZone | None:
        found = self.rows.get(zone_id)
        return None if found is None else replace(found, events=[])

    async def all(self) -> list[ShippingZone]:
        return sorted(self.rows.values(), key=lambda z: z.name)

    async def page(self, limit: int, after: Position | None) -> tuple[list[ShippingZone], Position | None]:
        return (await self.all())[:limit], None

    async def delete(self, zone_id: UUID) -> None:
        if (await self._methods.page(zone_id, 1, None))[0]:
            raise Conflict("has methods", errors=[FieldError("zone_id", "has methods")])
        self.rows.pop(zone_id, None)


class FakeMethods(Methods):
    def __init__(self) -> None:
        self.rows: dict[UUID, ShippingMethod] = {}

    async def add(self, method: ShippingMethod) -> None:
        self.rows[method.id] = replace(method, events=[])

    async def get(self, method_id: UUID) -> ShippingMethod | None:
        found = self.rows.get(method_id)
        return None if found is None else replace(found, events=[])

    async def page(
        self, zone_id: UUID | None, limit: int, after: Position | None
    ) -> tuple[list[ShippingMethod], Position | None]:
        return [m for m in self.rows.values() if zone_id in (None, m.zone_id)][:limit], None

    async def of_zones(self, zone_ids: Sequence[UUID]) -> list[ShippingMethod]:
        return [m for m in self.rows.values() if m.zone_id in zone_ids]

    async def delete(self, method_id: UUID) -> ShippingMethod | None:
        return self.rows.pop(method_id, None)


class FlatCarrier(ShippingCarrier):
    """Charges the same for any parcel; ``down`` makes it unreachable. It tracks its parcels itself:
    ``reports`` (tracking number -> updates) is what it answers when asked, and a webhook is a JSON
    list of [tracking number, status, key] signed by the header ``x-sig: ok``."""

    tracks_itself = True

    def __init__(self, amount: int, *, down: bool = False) -> None:
        self.amount, self.down = amount, down
        self.reports: dict[str, list[TrackingUpdate]] = {}
        self.bought: list[str | None] = []

    async def rate(self, method: Method, parcel: Parcel) -> Money | None:
        if self.down:
            raise Unavailable("the carrier did not answer")
        return Money(amount=self.amount, currency=method.currency)

    async def prepare_label(self, request: LabelRequest) -> str | None:
        return f"ref-{request.shipment_id}"

    async def buy_label(self, request: LabelRequest, reference: str | None) -> Label:
        if self.down:
            raise Unavailable("the carrier did not answer")
        self.bought.append(reference)
        return Label(
            tracking_number=f"FLAT-{reference}", reference=reference, url="https://labels.example/1.pdf"
        )

    async def track(self, parcel: TrackedParcel) -> list[TrackingUpdate]:
        if self.down:
            raise Unavailable("the carrier did not answer")
        return self.reports.get(parcel.tracking_number, [])

    def read_webhook(self, headers: Mapping[str, str], body: bytes) -> WebhookDelivery:
        import json

        from core.errors import DomainError

        if headers.get("x-sig") != "ok":
            raise DomainError("bad signature", errors=[FieldError("x-sig", "does not match")])
        event_id, items = json.loads(body)
        return WebhookDelivery(event_id=event_id, updates=[update(*item) for item in items])


T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def update(tracking_number: str, status: Any, key: str, minutes: int = 0) -> TrackingUpdate:
    return TrackingUpdate(
        key=key,
        status=status,
        description=status,
        at=T0 + timedelta(minutes=minutes),
        tracking_number=tracking_number,
    )


class FakeCarriers(Carriers):
    def __init__(self, **carriers: ShippingCarrier) -> None:
        self.carriers = carriers

    def names(self) -> list[str]:
        return sorted(self.carriers)

    def get(self, name: str) -> ShippingCarrier | None:
        return self.carriers.get(name)


class FakeShipments(Shipments):
    def __init__(self) -> None:
        self.rows: dict[UUID, ParcelShipment] = {}
        self.tracking: dict[UUID, list[TrackingEvent]] = defaultdict(list)
        self.documents: dict[UUID, tuple[bytes, str]] = {}
        self.polled: dict[UUID, datetime] = {}

    def _copy(self, shipment: ParcelShipment) -> ParcelShipment:
        found = copy.deepcopy(replace(shipment, events=[]))
        found.tracking = sorted(self.tracking[shipment.id], key=lambda e: e.at)
        return found

    async def add(self, shipments: Sequence[ParcelShipment]) -> list[ParcelShipment]:
        taken = {(s.order_id, s.warehouse) for s in self.rows.values()}
        added = [s for s in shipments if (s.order_id, s.warehouse) not in taken]
        for shipment in added:
            self.rows[shipment.id] = self._copy(shipment)
        return added

    async def get(self, shipment_id: UUID, *, lock: bool = False) -> ParcelShipment | None:
        found = self.rows.get(shipment_id)
        return None if found is None else self._copy(found)

    async def of_order(self, order_id: UUID, *, lock: bool = False) -> list[ParcelShipment]:
        mine = [s for s in self.rows.values() if s.order_id == order_id]
        return [self._copy(s) for s in sorted(mine, key=lambda s: s.warehouse)]

    async def tracked(self, carrier: str, tracking_number: str | None, tracker: str | None) -> UUID | None:
        return next(
            (
                s.id
                for s in self.rows.values()
                if s.dispatch.carrier == carrier and tracking_number and s.tracking_number == tracking_number
            ),
            None,
        )

    async def page(
        self, order_id: UUID | None, status: ShipmentStatus | None, limit: int, after: Position | None
    ) -> tuple[list[ParcelShipment], Position | None]:
        found = [
            s for s in self.rows.values() if order_id in (None, s.order_id) and status in (None, s.status)
        ]
        return [self._copy(s) for s in found[:limit]], None

    async def save(self, shipment: ParcelShipment, label: Label | None = None) -> None:
        self.rows[shipment.id] = copy.deepcopy(replace(shipment, events=[]))
        if label is not None and label.document is not None:
            self.documents[shipment.id] = (label.document, label.media_type)

    async def remember(self, shipment_id: UUID, reference: str) -> str:
        shipment = self.rows[shipment_id]
        shipment.reference = shipment.reference or reference
        return shipment.reference

    async def label(self, shipment_id: UUID) -> LabelDocument | None:
        shipment = self.rows.get(shipment_id)
        if shipment is None or not shipment.has_label or shipment.tracking_number is None:
            return None
        content, media_type = self.documents.get(shipment_id, (None, "application/pdf"))
        return LabelDocument(
            shipment_id=shipment_id,
            tracking_number=shipment.tracking_number,
            media_type=media_type,
            content=content,
            url=shipment.label_url,
        )

    async def in_flight(self, carriers: Sequence[str], limit: int, now: datetime) -> list[ParcelShipment]:
        found = [
            s
            for s in self.rows.values()
            if s.dispatch.carrier in carriers and s.status in IN_FLIGHT and s.tracking_number
        ]
        found.sort(key=lambda s: self.polled.get(s.id, datetime.min.replace(tzinfo=UTC)))
        for shipment in found[:limit]:
            self.polled[shipment.id] = now
        return [self._copy(s) for s in found[:limit]]


class FakeTrackingLog(TrackingLog):
    def __init__(self, shipments: FakeShipments) -> None:
        self.shipments = shipments
        self.keys: set[tuple[UUID, str]] = set()
        self.webhooks: set[tuple[str, str]] = set()

    async def add(self, shipment_id: UUID, key: str, event: TrackingEvent) -> bool:
        if (shipment_id, key) in self.keys:
            return False
        self.keys.add((shipment_id, key))
        self.shipments.tracking[shipment_id].append(event)
        return True

    async def claim_webhook(self, carrier: str, event_id: str) -> bool:
        if (carrier, event_id) in self.webhooks:
            return False
        self.webhooks.add((carrier, event_id))
        return True


class FakeDeliveryReports(DeliveryReports):
    def __init__(self) -> None:
        self.states: dict[UUID, ReportState] = {}

    async def expect(self, order_id: UUID) -> None:
        self.states.setdefault(order_id, "pending")

    async def pending(self, limit: int) -> list[UUID]:
        return [order_id for order_id, state in self.states.items() if state == "pending"][:limit]

    async def settle(self, order_id: UUID, state: ReportState) -> None:
        if self.states.get(order_id) == "pending":
            self.states[order_id] = state


class SendingBus(AnsweringBus):
    """Answers queries (by type) and commands (``on_send`` by type: a function, or an exception to
    raise); records the commands sent."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[Any] = []
        self.on_send: dict[type, Callable[[Any], Any] | Exception] = {}

    async def send(self, command: Any, *, timeout: float | None = None) -> Any:
        self.sent.append(command)
        answer = self.on_send.get(type(command))
        if isinstance(answer, Exception):
            raise answer
        return answer(command) if answer is not None else None


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


def world(**carriers: ShippingCarrier) -> ShippingDeps:
    from adapters.shipping.table_rate import TableRateCarrier

    methods, shipments = FakeMethods(), FakeShipments()
    return ShippingDeps(
        uow=Transactions(),
        bus=SendingBus(),  # type: ignore[arg-type]
        zones=FakeZones(methods),
        methods=methods,
        carriers=FakeCarriers(table_rate=TableRateCarrier(), **carriers),
        shipments=shipments,
        tracking=FakeTrackingLog(shipments),
        deliveries=FakeDeliveryReports(),
        clock=Clock(),
        default_currency="EUR",
    )

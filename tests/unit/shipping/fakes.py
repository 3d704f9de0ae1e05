"""In-memory shipping stores (subclassing the ports) and carriers, for handler tests."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from uuid import UUID

from core.errors import Conflict, FieldError, Unavailable
from core.money import Money
from domains.shipping.messages import Method, Parcel
from domains.shipping.model import ShippingMethod, ShippingZone
from domains.shipping.ports import Carriers, Methods, ShippingCarrier, ShippingDeps, Zones
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

    async def delete(self, zone_id: UUID) -> None:
        if await self._methods.all(zone_id):
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

    async def all(self, zone_id: UUID | None = None) -> list[ShippingMethod]:
        return [m for m in self.rows.values() if zone_id in (None, m.zone_id)]

    async def of_zones(self, zone_ids: Sequence[UUID]) -> list[ShippingMethod]:
        return [m for m in self.rows.values() if m.zone_id in zone_ids]

    async def delete(self, method_id: UUID) -> ShippingMethod | None:
        return self.rows.pop(method_id, None)


class FlatCarrier(ShippingCarrier):
    """Charges the same for any parcel; ``down`` makes it unreachable."""

    def __init__(self, amount: int, *, down: bool = False) -> None:
        self.amount, self.down = amount, down

    async def rate(self, method: Method, parcel: Parcel) -> Money | None:
        if self.down:
            raise Unavailable("the carrier did not answer")
        return Money(amount=self.amount, currency=method.currency)


class FakeCarriers(Carriers):
    def __init__(self, **carriers: ShippingCarrier) -> None:
        self.carriers = carriers

    def names(self) -> list[str]:
        return sorted(self.carriers)

    def get(self, name: str) -> ShippingCarrier | None:
        return self.carriers.get(name)


def world(**carriers: ShippingCarrier) -> ShippingDeps:
    from adapters.shipping.table_rate import TableRateCarrier

    methods = FakeMethods()
    return ShippingDeps(
        uow=Transactions(),
        bus=AnsweringBus(),  # type: ignore[arg-type]
        zones=FakeZones(methods),
        methods=methods,
        carriers=FakeCarriers(table_rate=TableRateCarrier(), **carriers),
        default_currency="EUR",
    )

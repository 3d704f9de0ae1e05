"""The zones and methods on PostgreSQL, inside the open unit of work.

Names are unique (a zone's in the shop, a method's in its zone), a method needs its
zone and a zone with methods stays: the database's keys decide, so two staff
members racing cannot get past them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any
from uuid import UUID

import msgspec
from asyncpg.exceptions import ForeignKeyViolationError, RestrictViolationError, UniqueViolationError

from core.errors import Conflict, FieldError, Invalid
from core.http import NO_NUL
from core.paging import as_position
from domains.shipping.messages import ShippingRate
from domains.shipping.model import ShippingMethod, ShippingZone
from domains.shipping.tables import ShippingZone as ZoneTable

if TYPE_CHECKING:
    from domains.shipping.ports import Position

ZONES = "SELECT id, name, countries FROM shipping_zone"
METHODS = """
SELECT m.id, m.zone_id, z.name AS zone_name, m.name, m.carrier, m.free_over, m.currency, m.basis, m.service,
       coalesce((SELECT jsonb_agg(jsonb_build_object('max_weight_grams', r.max_weight_grams,
                                                     'max_subtotal', r.max_subtotal, 'price', r.price)
                                  ORDER BY r.position)
                 FROM shipping_rate r WHERE r.method_id = m.id), '[]'::jsonb)::text AS rates
FROM shipping_method m JOIN shipping_zone z ON z.id = m.zone_id"""
BY_ZONE_AND_NAME = " ORDER BY z.name, m.name, m.id"
ZONE_PAGE = ZONES + " WHERE {}::text IS NULL OR (name, id) > ({}::text, {}::uuid) ORDER BY name, id LIMIT {}"
OF_ZONE_AFTER = """
WHERE ({}::uuid IS NULL OR m.zone_id = {}::uuid)
  AND ({}::text IS NULL OR (z.name, m.name, m.id) > ({}::text, {}::text, {}::uuid))"""
METHOD_PAGE = METHODS + OF_ZONE_AFTER + BY_ZONE_AND_NAME + " LIMIT {}"
ADD_ZONE = "INSERT INTO shipping_zone (id, name, countries) VALUES ({}, {}, {}::varchar(2)[])"
ADD_METHOD = """
INSERT INTO shipping_method (id, zone_id, name, carrier, free_over, currency, basis, service)
VALUES ({}, {}, {}, {}, {}, {}, {}, {})"""
ADD_RATES = """
INSERT INTO shipping_rate (method_id, position, max_weight_grams, max_subtotal, price)
SELECT {}, band.n - 1, weight, subtotal, price
FROM unnest({}::integer[], {}::bigint[], {}::bigint[]) WITH ORDINALITY AS band (weight, subtotal, price, n)"""
DELETE_METHOD = "DELETE FROM shipping_method WHERE id = {} RETURNING id"
_rates = msgspec.json.Decoder(list[ShippingRate])
NameKey = Annotated[str, msgspec.Meta(pattern=NO_NUL)]


async def sql(query: str, *args: Any) -> list[dict[str, Any]]:
    return list(await ZoneTable.raw(query, *args))


def _zone(row: dict[str, Any]) -> ShippingZone:
    return ShippingZone(id=row["id"], name=row["name"], countries=list(row["countries"]))


def _method(row: dict[str, Any]) -> ShippingMethod:
    return ShippingMethod(
        id=row["id"],
        zone_id=row["zone_id"],
        name=row["name"],
        carrier=row["carrier"],
        rates=_rates.decode(row["rates"]),
        free_over=row["free_over"],
        currency=row["currency"],
        basis=row["basis"],
        service=row["service"],
    )


def _taken(detail: str) -> Conflict:
    return Conflict(detail, errors=[FieldError("name", "is already taken")])


class PgZones:
    async def add(self, zone: ShippingZone) -> None:
        try:
            await sql(ADD_ZONE, zone.id, zone.name, zone.countries)
        except UniqueViolationError:
            raise _taken(f"a shipping zone named {zone.name!r} exists") from None

    async def get(self, zone_id: UUID, *, lock: bool = False) -> ShippingZone | None:
        rows = await sql(ZONES + " WHERE id = {}" + (" FOR UPDATE" if lock else ""), zone_id)
        return _zone(rows[0]) if rows else None

    async def all(self) -> list[ShippingZone]:
        return [_zone(row) for row in await sql(ZONES + " ORDER BY name, id")]

    async def page(self, limit: int, after: Position | None) -> tuple[list[ShippingZone], Position | None]:
        name, last = (None, None) if after is None else as_position(after, tuple[NameKey, UUID])
        rows = await sql(ZONE_PAGE, name, name, last, limit + 1)
        zones = [_zone(row) for row in rows[:limit]]
        return zones, [zones[-1].name, str(zones[-1].id)] if len(rows) > limit else None

    async def delete(self, zone_id: UUID) -> None:
        try:
            await sql("DELETE FROM shipping_zone WHERE id = {}", zone_id)
        except (ForeignKeyViolationError, RestrictViolationError):
            why = "the zone still has shipping methods: delete them first"
            raise Conflict(why, errors=[FieldError("zone_id", why)]) from None


class PgMethods:
    async def add(self, method: ShippingMethod) -> None:
        m = method
        try:
            await sql(
                ADD_METHOD, m.id, m.zone_id, m.name, m.carrier, m.free_over, m.currency, m.basis, m.service
            )
        except UniqueViolationError:
            raise _taken(f"the zone has a shipping method named {m.name!r}") from None
        except ForeignKeyViolationError:
            raise Invalid(
                "no such shipping zone", errors=[FieldError("zone_id", "no such shipping zone")]
            ) from None
        weights = [rate.max_weight_grams for rate in m.rates]
        subtotals = [rate.max_subtotal for rate in m.rates]
        await sql(ADD_RATES, m.id, weights, subtotals, [rate.price for rate in m.rates])

    async def get(self, method_id: UUID) -> ShippingMethod | None:
        rows = await sql(METHODS + " WHERE m.id = {}", method_id)
        return _method(rows[0]) if rows else None

    async def page(
        self, zone_id: UUID | None, limit: int, after: Position | None
    ) -> tuple[list[ShippingMethod], Position | None]:
        shape = tuple[NameKey, NameKey, UUID]
        zone, name, last = (None, None, None) if after is None else as_position(after, shape)
        rows = await sql(METHOD_PAGE, zone_id, zone_id, zone, zone, name, last, limit + 1)
        if len(rows) <= limit:
            return [_method(row) for row in rows], None
        end = rows[limit - 1]
        return [_method(row) for row in rows[:limit]], [end["zone_name"], end["name"], str(end["id"])]

    async def of_zones(self, zone_ids: Sequence[UUID]) -> list[ShippingMethod]:
        if not zone_ids:
            return []
        query = METHODS + " WHERE m.zone_id = any({}::uuid[])" + BY_ZONE_AND_NAME
        return [_method(row) for row in await sql(query, list(zone_ids))]

    async def delete(self, method_id: UUID) -> ShippingMethod | None:
        method = await self.get(method_id)
        if method is None or not await sql(DELETE_METHOD, method_id):
            return None
        return method

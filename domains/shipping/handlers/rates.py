"""Zones and methods staff keep, and the options a parcel can ship by.

A method is priced by its carrier (looked up by name among the installed ones),
then ``free_over`` applies. A quote leaves out what a method cannot carry, and a
method whose carrier is unreachable (or its breaker open), unless no carrier answered
at all: then it is ``Unavailable`` (503, retry after the carriers' soonest); asked for
one method, both are errors.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import structlog

from core.errors import FieldError, Invalid, Unavailable
from core.money import Money
from core.paging import MAX_LIMIT, Page, decode_cursor, encode_cursor
from core.validation import Findings, found
from domains.shipping.messages import (
    CreateMethod,
    CreateZone,
    DeleteMethod,
    DeleteZone,
    GetShippingOption,
    ListMethods,
    ListZones,
    Method,
    Parcel,
    QuoteShipping,
    ShippingOption,
    Zone,
)
from domains.shipping.model import ShippingMethod, ShippingZone, charged, covering, parcel_of

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Message
    from domains.shipping.ports import ShippingDeps

log = structlog.get_logger("mercato.shipping")


async def create_zone(cmd: CreateZone, deps: ShippingDeps) -> Zone:
    checks = Findings()
    zone = ShippingZone.create(cmd, checks)
    checks.raise_any("the shipping zone is invalid")
    async with deps.uow() as uow:
        await deps.zones.add(zone)
        uow.collect(zone)
        await uow.commit()
    return zone.view()


async def delete_zone(cmd: DeleteZone, deps: ShippingDeps) -> None:
    async with deps.uow() as uow:
        zone = found(await deps.zones.get(cmd.zone_id, lock=True), "shipping zone", cmd.zone_id)
        await deps.zones.delete(zone.id)
        zone.delete()
        uow.collect(zone)
        await uow.commit()


async def create_method(cmd: CreateMethod, deps: ShippingDeps) -> Method:
    checks = Findings()
    method = ShippingMethod.create(cmd, deps.default_currency, deps.carriers.names(), checks)
    async with deps.uow() as uow:
        if await deps.zones.get(cmd.zone_id) is None:
            checks.add("zone_id", "no such shipping zone")
        checks.raise_any("the shipping method is invalid")
        await deps.methods.add(method)
        uow.collect(method)
        await uow.commit()
    return method.view()


async def delete_method(cmd: DeleteMethod, deps: ShippingDeps) -> None:
    async with deps.uow() as uow:
        method = found(await deps.methods.delete(cmd.method_id), "shipping method", cmd.method_id)
        method.delete()
        uow.collect(method)
        await uow.commit()


def _page_size(limit: int) -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise Invalid("bad page size", errors=[FieldError("limit", f"must be between 1 and {MAX_LIMIT}")])
    return limit


async def list_zones(query: ListZones, deps: ShippingDeps) -> Page[Zone]:
    zones, after = await deps.zones.page(_page_size(query.limit), decode_cursor(query.cursor))
    return Page(items=[zone.view() for zone in zones], next_cursor=encode_cursor(after) if after else None)


async def list_methods(query: ListMethods, deps: ShippingDeps) -> Page[Method]:
    limit, position = _page_size(query.limit), decode_cursor(query.cursor)
    methods, after = await deps.methods.page(query.zone_id, limit, position)
    return Page(
        items=[method.view() for method in methods], next_cursor=encode_cursor(after) if after else None
    )


async def _zones(deps: ShippingDeps) -> list[Zone]:
    return [zone.view() for zone in await deps.zones.all()]


async def quote_shipping(query: QuoteShipping, deps: ShippingDeps) -> list[ShippingOption]:
    parcel = _parcel(query)
    zones = covering(await _zones(deps), parcel.country)
    methods = await deps.methods.of_zones([zone.id for zone in zones])
    outages: list[Unavailable] = []
    priced = await asyncio.gather(*(_option(deps, method.view(), parcel, outages) for method in methods))
    options = [option for option in priced if option is not None]
    if outages and len(outages) == len(methods):
        waits = [outage.retry_after for outage in outages if outage.retry_after]
        raise Unavailable(
            "no shipping option can be priced now: its carrier is unavailable; try again shortly",
            retry_after=min(waits, default=None),
        )
    return sorted(options, key=lambda option: (option.price.amount, option.name))


async def get_shipping_option(query: GetShippingOption, deps: ShippingDeps) -> ShippingOption:
    parcel = _parcel(query)
    method = found(await deps.methods.get(query.method_id), "shipping method", query.method_id).view()
    zones = covering(await _zones(deps), parcel.country)
    if method.zone_id not in {zone.id for zone in zones}:
        raise _refused(f"does not ship to {parcel.country}")
    option = await _option(deps, method, parcel, strict=True)
    if option is None:
        raise _refused(f"cannot carry a parcel of {parcel.weight_grams} g to {parcel.country}")
    return option


def _parcel(query: QuoteShipping | GetShippingOption) -> Parcel:
    checks = Findings()
    parcel = parcel_of(query.country, query.postal_code, query.weight_grams, query.subtotal, checks)
    checks.raise_any("the parcel is invalid")
    return parcel


def _refused(why: str) -> Invalid:
    return Invalid(f"this shipping method {why}", errors=[FieldError("method_id", why)])


async def _option(
    deps: ShippingDeps,
    method: Method,
    parcel: Parcel,
    outages: list[Unavailable] | None = None,
    *,
    strict: bool = False,
) -> ShippingOption | None:
    """The method priced for ``parcel``; None when it cannot carry it (or, unless ``strict``,
    when its carrier is not installed or cannot be reached: the error then joins ``outages``)."""
    carrier = deps.carriers.get(method.carrier)
    if carrier is None:
        log.warning("shipping carrier not installed", carrier=method.carrier, method_id=str(method.id))
        if strict:
            raise _refused(f"goes by the carrier {method.carrier!r}, which is not installed")
        return None
    try:
        price = await carrier.rate(method, parcel)
    except Unavailable as exc:
        log.warning("shipping carrier unavailable", carrier=method.carrier, detail=exc.detail)
        if strict:
            raise
        if outages is not None:
            outages.append(exc)
        return None
    if price is None:
        return None
    amount = charged(price.amount, method.free_over, parcel.subtotal)
    return ShippingOption(
        method_id=method.id,
        name=method.name,
        carrier=method.carrier,
        price=Money(amount=amount, currency=price.currency),
    )


HANDLERS: dict[type[Message], Handler] = {
    CreateZone: create_zone,
    DeleteZone: delete_zone,
    CreateMethod: create_method,
    DeleteMethod: delete_method,
    ListZones: list_zones,
    ListMethods: list_methods,
    QuoteShipping: quote_shipping,
    GetShippingOption: get_shipping_option,
}

"""Staff keep shipping zones and methods (``shipping:read`` / ``shipping:write``)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, delete, get, post
from litestar.params import FromPath, JSONBody, QueryParameter

from core.controllers import Bus, Cursor, Limit, message
from core.guards import staff
from core.http import errors
from core.paging import DEFAULT_LIMIT
from domains.shipping import messages as m
from domains.shipping import schemas as s

READ, WRITE = [staff("shipping:read")], [staff("shipping:write")]
ZoneFilter = Annotated[UUID | None, QueryParameter(description="only this zone's methods")]


class ShippingZoneAdminController(Controller):
    path = "/admin/shipping/zones"
    tags = ["shipping: staff"]

    @post(
        "/",
        guards=WRITE,
        operation_id="admin_create_shipping_zone",
        summary='Create a zone of countries, or the rest of the world ("*")',
        responses=errors(400, 401, 403, 409, 415, 422),
    )
    async def create(self, bus: Bus, data: JSONBody[s.ZoneCreate]) -> s.Zone:
        return await bus.send(message(data, m.CreateZone))

    @get(
        "/",
        guards=READ,
        operation_id="admin_list_shipping_zones",
        summary="Shipping zones, by name",
        responses=errors(400, 401, 403, 422),
    )
    async def index(self, bus: Bus, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> s.ZonePage:
        return await bus.ask(m.ListZones(limit=limit, cursor=cursor))

    @delete(
        "/{zone_id:uuid}",
        guards=WRITE,
        operation_id="admin_delete_shipping_zone",
        summary="Delete a zone that has no methods left",
        responses=errors(401, 403, 404, 409),
    )
    async def remove(self, bus: Bus, zone_id: FromPath[UUID]) -> None:
        await bus.send(m.DeleteZone(zone_id=zone_id))


class ShippingMethodAdminController(Controller):
    path = "/admin/shipping/methods"
    tags = ["shipping: staff"]

    @post(
        "/",
        guards=WRITE,
        operation_id="admin_create_shipping_method",
        summary="Create a method of a zone, priced by bands of weight or subtotal, flat, or live by its carrier",
        responses=errors(400, 401, 403, 409, 415, 422),
    )
    async def create(self, bus: Bus, data: JSONBody[s.MethodCreate]) -> s.Method:
        return await bus.send(message(data, m.CreateMethod))

    @get(
        "/",
        guards=READ,
        operation_id="admin_list_shipping_methods",
        summary="Shipping methods, by zone name and name",
        responses=errors(400, 401, 403, 422),
    )
    async def index(
        self, bus: Bus, zone_id: ZoneFilter = None, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
    ) -> s.MethodPage:
        return await bus.ask(m.ListMethods(zone_id=zone_id, limit=limit, cursor=cursor))

    @delete(
        "/{method_id:uuid}",
        guards=WRITE,
        operation_id="admin_delete_shipping_method",
        summary="Delete a shipping method",
        responses=errors(401, 403, 404),
    )
    async def remove(self, bus: Bus, method_id: FromPath[UUID]) -> None:
        await bus.send(m.DeleteMethod(method_id=method_id))

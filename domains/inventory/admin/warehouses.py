"""Staff routes for warehouses."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.params import JSONBody

from core.controllers import Bus, Cursor, Limit, message, shaped
from core.guards import staff
from core.http import errors
from core.paging import DEFAULT_LIMIT
from domains.inventory.messages import CreateWarehouse, ListWarehousePage, Warehouse
from domains.inventory.schemas import WarehouseCreate, Warehouses

READ, WRITE = [staff("inventory:read")], [staff("inventory:write")]


class WarehouseAdminController(Controller):
    path = "/admin/warehouses"
    tags = ["inventory: staff"]

    @post(
        "/",
        guards=WRITE,
        operation_id="admin_create_warehouse",
        summary="Add a warehouse; stock is picked from the shipping country's, then by `priority`",
        responses=errors(400, 401, 403, 409, 422),
    )
    async def create(self, bus: Bus, data: JSONBody[WarehouseCreate]) -> Warehouse:
        return await bus.send(message(data, CreateWarehouse))

    @get(
        "/",
        guards=READ,
        operation_id="admin_list_warehouses",
        summary="Warehouses, highest priority first, then by code",
        responses=errors(400, 401, 403, 422),
    )
    async def index(self, bus: Bus, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> Warehouses:
        page = await bus.ask(ListWarehousePage(limit=limit, cursor=cursor))
        return shaped(page, Warehouses)

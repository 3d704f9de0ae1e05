"""Staff routes for warehouses."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.params import JSONBody

from core.controllers import Bus, message
from core.guards import staff
from core.http import errors
from domains.inventory.messages import CreateWarehouse, ListWarehouses, Warehouse
from domains.inventory.schemas import WarehouseCreate

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
        summary="Every warehouse, highest priority first",
        responses=errors(401, 403),
    )
    async def index(self, bus: Bus) -> list[Warehouse]:
        return await bus.ask(ListWarehouses())

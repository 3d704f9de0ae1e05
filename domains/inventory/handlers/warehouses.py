"""Staff's warehouses."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import uuid4

from core.paging import MAX_LIMIT, Page, decode_cursor, encode_cursor
from core.validation import Findings
from domains.inventory import model
from domains.inventory.messages import (
    CreateWarehouse,
    ListWarehousePage,
    ListWarehouses,
    Warehouse,
    WarehouseCreated,
)

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Message
    from domains.inventory.ports import InventoryDeps

MAX_PRIORITY = 1_000_000


async def create_warehouse(cmd: CreateWarehouse, deps: InventoryDeps) -> Warehouse:
    checks = Findings()
    warehouse = Warehouse(
        id=uuid4(),
        code=model.code(cmd.code, checks),
        name=checks.text(cmd.name, "name", longest=200),
        country=checks.country(cmd.country),
        priority=cmd.priority,
        created_at=deps.clock(),
    )
    if abs(cmd.priority) > MAX_PRIORITY:
        checks.add("priority", f"must be between -{MAX_PRIORITY} and {MAX_PRIORITY}")
    checks.raise_any()
    async with deps.uow() as uow:
        await deps.warehouses.add(warehouse)
        uow.add(WarehouseCreated(warehouse_id=warehouse.id, code=warehouse.code))
        await uow.commit()
    return warehouse


async def list_warehouses(query: ListWarehouses, deps: InventoryDeps) -> list[Warehouse]:
    return await deps.warehouses.all()


async def list_warehouse_page(query: ListWarehousePage, deps: InventoryDeps) -> Page[Warehouse]:
    checks = Findings()
    if not 1 <= query.limit <= MAX_LIMIT:
        checks.add("limit", f"must be between 1 and {MAX_LIMIT}")
    checks.raise_any()
    warehouses, after = await deps.warehouses.page(query.limit, decode_cursor(query.cursor))
    return Page(items=warehouses, next_cursor=encode_cursor(after) if after else None)


HANDLERS: dict[type[Message], Handler] = {
    CreateWarehouse: create_warehouse,
    ListWarehouses: list_warehouses,
    ListWarehousePage: list_warehouse_page,
}

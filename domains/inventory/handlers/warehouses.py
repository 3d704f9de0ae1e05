"""Staff's warehouses."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import uuid4

from core.validation import Findings
from domains.inventory import model
from domains.inventory.messages import CreateWarehouse, ListWarehouses, Warehouse, WarehouseCreated

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


HANDLERS: dict[type[Message], Handler] = {
    CreateWarehouse: create_warehouse,
    ListWarehouses: list_warehouses,
}

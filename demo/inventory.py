"""Demo stock: a main warehouse and the same number of units of every SKU, through inventory's commands.

Running it twice adds nothing the second time: a SKU that already has a level in
the main warehouse (even one sold down to zero) is left as it is.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

from core.errors import Conflict
from domains.inventory.messages import AdjustStock, CreateWarehouse, GetStock, ListWarehouses

if TYPE_CHECKING:
    from core.bus import MessageBus

MAIN = "MAIN"
AT_ONCE = 16  # SKUs stocked concurrently: each is its own short transaction


async def load_stock(bus: MessageBus, skus: Sequence[str], on_hand: int = 100) -> None:
    """Warehouse MAIN (country DE, priority 10) if missing, and ``on_hand`` units of each SKU in it."""
    if not any(w.code == MAIN for w in await bus.ask(ListWarehouses())):
        with contextlib.suppress(Conflict):  # another loader made it meanwhile
            await bus.send(CreateWarehouse(code=MAIN, name="Main warehouse", country="DE", priority=10))
    gate = asyncio.Semaphore(AT_ONCE)

    async def stock(sku: str) -> None:
        async with gate:
            level = await bus.ask(GetStock(sku=sku))
            if any(w.code == MAIN for w in level.warehouses):
                return
            await bus.send(
                AdjustStock(sku=sku, warehouse=MAIN, delta=on_hand, reason="demo stock", kind="receipt")
            )

    await asyncio.gather(*(stock(sku) for sku in dict.fromkeys(skus)))

"""Inventory answers ``GetAllocation``, which fulfilment splits an order's shipments by: which units of
each SKU come from which warehouse."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import pytest

from core.errors import NotFound
from domains.inventory.handlers.allocations import get_allocation
from domains.inventory.messages import AllocationLine, GetAllocation
from domains.inventory.ports import AllocatedLine, AllocationState


class Allocations:
    def __init__(self, state: AllocationState | None, lines: list[AllocatedLine]) -> None:
        self._state, self._lines = state, lines

    async def state(self, order_id: UUID) -> AllocationState | None:
        return self._state

    async def lines(self, order_id: UUID) -> list[AllocatedLine]:
        return self._lines


def deps(state: AllocationState | None, *lines: tuple[str, str, int]) -> Any:
    class Deps:
        allocations = Allocations(state, [AllocatedLine(sku, uuid4(), code, n) for sku, code, n in lines])

    return Deps()


@pytest.mark.parametrize("state", ["allocated", "shipped"])
async def test_an_orders_allocation_lists_its_units_by_sku_and_warehouse(state: AllocationState) -> None:
    order_id = uuid4()

    found = await get_allocation(
        GetAllocation(order_id=order_id), deps(state, ("MUG", "MAIN", 2), ("MUG", "EAST", 1))
    )

    assert found.order_id == order_id
    assert found.lines == [
        AllocationLine(sku="MUG", warehouse="MAIN", quantity=2),
        AllocationLine(sku="MUG", warehouse="EAST", quantity=1),
    ]


async def test_a_released_allocation_holds_nothing_and_an_order_without_one_is_not_found() -> None:
    released = await get_allocation(GetAllocation(order_id=uuid4()), deps("released", ("MUG", "MAIN", 2)))

    with pytest.raises(NotFound):
        await get_allocation(GetAllocation(order_id=uuid4()), deps(None))
    assert released.lines == []

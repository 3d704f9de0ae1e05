"""Orders' allocations: made from the cart's holds (and free stock for the rest), released
(back to stock, or back to the cart), shipped. Each is idempotent by order id."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING
from uuid import UUID

from core.errors import Conflict, FieldError, NotFound
from core.validation import Findings
from domains.inventory import model
from domains.inventory.handlers.changes import Change, not_enough
from domains.inventory.handlers.reservations import expiry, holding
from domains.inventory.messages import (
    AllocateStock,
    Allocation,
    AllocationLine,
    GetAllocation,
    ReleaseAllocation,
    ShipAllocation,
)
from domains.inventory.model.ledger import Entry
from domains.inventory.model.picking import allocate
from domains.inventory.ports import AllocatedLine, Hold

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Message
    from domains.inventory.model.picking import Place
    from domains.inventory.ports import InventoryDeps


def wanted_of(cmd: AllocateStock, checks: Findings) -> dict[str, tuple[int, str]]:
    """SKU -> (units, the field naming its first line); a SKU given twice is added up."""
    if not cmd.items:
        checks.add("items", "must not be empty")
    checks.at_most(cmd.items, model.MAX_SKUS, "items")
    wanted: dict[str, tuple[int, str]] = {}
    for i, item in enumerate(cmd.items):
        sku = model.sku(item.sku, checks, f"items[{i}].sku")
        units = model.quantity(item.quantity, checks, f"items[{i}].quantity")
        before, field = wanted.get(sku, (0, f"items[{i}].quantity"))
        wanted[sku] = (before + units, field)
    return wanted


def reply(order_id: UUID, lines: list[AllocatedLine]) -> Allocation:
    return Allocation(
        order_id=order_id,
        lines=[AllocationLine(sku=line.sku, warehouse=line.code, quantity=line.quantity) for line in lines],
    )


Units = dict[tuple[str, UUID], int]  # (SKU, warehouse id) -> units


def planned(
    wanted: dict[str, tuple[int, str]], held: list[Hold], places: dict[str, list[Place]], country: str | None
) -> Units:
    """Where each SKU's units come from (the cart's holds first); Conflict naming the first SKU short."""
    lines: Units = defaultdict(int)
    for sku, (units, field) in sorted(wanted.items()):
        mine = holding([h for h in held if h.sku == sku], places.get(sku, []))
        plan = allocate(units, mine, places.get(sku, []), country)
        if plan.short:
            free = sum(t.quantity for t in mine) + sum(max(p.free, 0) for p in places.get(sku, []))
            raise not_enough(sku, free, field)
        for take in plan.takes:
            lines[sku, take.place.warehouse_id] += take.quantity
    return lines


def converted(held: list[Hold], lines: Units, order_id: UUID) -> list[Entry]:
    """The ledger lines of an allocation: every hold of the cart released, then the order's units reserved."""
    released = [
        Entry(h.sku, h.warehouse_id, "release", -h.quantity, "checked out", reference=str(h.cart_id))
        for h in held
    ]
    allocated = [
        Entry(sku, warehouse_id, "allocation", units, reference=str(order_id))
        for (sku, warehouse_id), units in sorted(lines.items(), key=str)
    ]
    return released + allocated


async def allocate_stock(cmd: AllocateStock, deps: InventoryDeps) -> Allocation:
    checks = Findings()
    wanted = wanted_of(cmd, checks)
    country = checks.country(cmd.country) if cmd.country else None
    checks.raise_any()
    async with deps.uow() as uow:
        if await deps.allocations.claim(cmd.order_id, cmd.cart_id, deps.clock()):
            held = await deps.holds.of_carts([cmd.cart_id])
            change = await Change.begin(deps, wanted.keys() | {h.sku for h in held})
            places = await deps.stock.places(change.signals)
            lines = planned(wanted, held, places, country)
            await change.apply(*converted(held, lines, cmd.order_id))
            await deps.holds.clear(cmd.cart_id)
            await deps.allocations.add(
                cmd.order_id, [AllocatedLine(sku, wid, "", n) for (sku, wid), n in lines.items()]
            )
            await change.finish(uow)
            # Not read back while the SKUs stay locked, unless a line's warehouse has no level.
            allocated = made(lines, places) or await deps.allocations.lines(cmd.order_id)
        else:  # a repeat: the first allocation
            allocated = await deps.allocations.lines(cmd.order_id)
        await uow.commit()
    return reply(cmd.order_id, allocated)


def made(lines: Units, places: dict[str, list[Place]]) -> list[AllocatedLine] | None:
    """The allocation just planned, as the store lists it: by SKU, then warehouse priority and code;
    None when a line's warehouse is not among the places read."""
    where = {(sku, p.warehouse_id): p for sku, found in places.items() for p in found}
    if any(key not in where for key in lines):
        return None
    ranked = sorted(lines.items(), key=lambda kv: (kv[0][0], -where[kv[0]].priority, where[kv[0]].code))
    return [AllocatedLine(sku, wid, where[sku, wid].code, n) for (sku, wid), n in ranked]


def returned(lines: list[AllocatedLine], order: str, reason: str | None, back: UUID | None) -> list[Entry]:
    """The ledger lines giving an order's units back: released, and held again by ``back`` if given."""
    entries = [
        Entry(line.sku, line.warehouse_id, "release", -line.quantity, reason, reference=order)
        for line in lines
    ]
    if back is not None:
        entries += [
            Entry(line.sku, line.warehouse_id, "reservation", line.quantity, reason, reference=str(back))
            for line in lines
        ]
    return entries


async def release_allocation(cmd: ReleaseAllocation, deps: InventoryDeps) -> None:
    checks = Findings()
    reason = checks.text(cmd.reason, "reason", longest=500, required=False) or None
    checks.raise_any()
    back = cmd.back_to_cart
    async with deps.uow() as uow:
        if back is not None:
            await deps.holds.of_carts([back])  # holds are locked before SKUs, as everywhere
        if await deps.allocations.move(cmd.order_id, "allocated", "released"):
            lines = await deps.allocations.lines(cmd.order_id)
            change, expires = await Change.begin(deps, {line.sku for line in lines}), expiry(deps)
            await change.apply(*returned(lines, str(cmd.order_id), reason, back))
            if back is not None:
                for line in lines:
                    await deps.holds.add(Hold(back, line.sku, line.warehouse_id, line.quantity, expires))
                await deps.holds.renew(back, expires)
            await change.finish(uow)
        await uow.commit()


async def ship_allocation(cmd: ShipAllocation, deps: InventoryDeps) -> None:
    order = str(cmd.order_id)
    async with deps.uow() as uow:
        if not await deps.allocations.move(cmd.order_id, "allocated", "shipped"):
            state = await deps.allocations.state(cmd.order_id)
            if state is None:
                raise NotFound(f"order {order} has no allocation")
            if state == "released":
                raise Conflict(
                    f"the allocation of order {order} was released",
                    errors=[FieldError("order_id", "its allocation was released")],
                )
            return
        lines = await deps.allocations.lines(cmd.order_id)
        change = await Change.begin(deps, {line.sku for line in lines})
        for line in lines:
            await change.apply(
                Entry(line.sku, line.warehouse_id, "shipment", -line.quantity, reference=order)
            )
        await change.finish(uow)
        await uow.commit()


async def get_allocation(query: GetAllocation, deps: InventoryDeps) -> Allocation:
    state = await deps.allocations.state(query.order_id)
    if state is None:
        raise NotFound(f"order {query.order_id} has no allocation")
    return reply(query.order_id, [] if state == "released" else await deps.allocations.lines(query.order_id))


HANDLERS: dict[type[Message], Handler] = {
    AllocateStock: allocate_stock,
    ReleaseAllocation: release_allocation,
    ShipAllocation: ship_allocation,
    GetAllocation: get_allocation,
}

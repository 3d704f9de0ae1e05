"""Staff's changes to stock (adjustments, transfers, thresholds) and the reads of levels and ledger."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import uuid4

from core.errors import Conflict, FieldError, Invalid, NotFound
from core.paging import MAX_LIMIT, Page, decode_cursor, encode_cursor, unknown_cursor
from core.validation import Findings, check_limit
from domains.catalog.messages import GetVariantsBySku
from domains.inventory import model
from domains.inventory.handlers.changes import Change, not_enough
from domains.inventory.messages import (
    AdjustStock,
    GetAvailability,
    GetStock,
    ListMovements,
    Movement,
    SetLowStockThreshold,
    StockLevel,
    TransferStock,
    Warehouse,
)
from domains.inventory.model.ledger import Entry
from domains.inventory.model.picking import Place

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Message
    from domains.inventory.ports import InventoryDeps


def actor_of(actor: str | None, checks: Findings) -> str | None:
    return checks.text(actor, "actor", longest=200, required=False) or None


async def warehouses_named(deps: InventoryDeps, named: dict[str, str]) -> dict[str, Warehouse]:
    """Field -> warehouse for each (field, code); Invalid naming every field whose code is unknown."""
    found = await deps.warehouses.by_codes(set(named.values()))
    unknown = [
        FieldError(field, f"no warehouse {code}") for field, code in named.items() if code not in found
    ]
    if unknown:
        raise Invalid("unknown warehouse", errors=unknown)
    return {field: found[code] for field, code in named.items()}


async def catalogued(deps: InventoryDeps, sku: str) -> bool:
    """Whether a variant of some product (in any status) holds ``sku``, as the catalogue says."""
    variants = await deps.bus.ask(GetVariantsBySku(skus=[sku]))
    return bool(variants)


async def known(deps: InventoryDeps, sku: str) -> bool:
    """Whether inventory ever counted ``sku`` or the catalogue has it: a variant removed after it
    was stocked keeps its stock, which staff still write off, move or take back from returns."""
    return await deps.stock.knows(sku) or await catalogued(deps, sku)


async def known_to_catalogue(deps: InventoryDeps, sku: str) -> None:
    """Invalid naming ``sku`` unless it is known: stock of a SKU no product has (a typo) would be
    goods nobody can buy, counted in the ledger as if received."""
    if not await known(deps, sku):
        message = f"no product has the SKU {sku!r}"
        raise Invalid(message, errors=[FieldError("sku", message)])


async def place_of(deps: InventoryDeps, sku: str, warehouse: Warehouse) -> Place:
    """The SKU's level in ``warehouse`` (zeros if it has none there)."""
    for place in (await deps.stock.places([sku])).get(sku, []):
        if place.warehouse_id == warehouse.id:
            return place
    return Place(warehouse_id=warehouse.id, code=warehouse.code, country=warehouse.country, priority=0)


async def adjust_stock(cmd: AdjustStock, deps: InventoryDeps) -> StockLevel:
    checks = Findings()
    sku, delta = model.sku(cmd.sku, checks), model.delta(cmd.delta, checks)
    if cmd.kind != "adjustment" and delta < 0:
        checks.add("delta", f"a {cmd.kind} adds units: must be more than zero")
    reason, actor = checks.text(cmd.reason, "reason", longest=500), actor_of(cmd.actor, checks)
    checks.raise_any()
    await known_to_catalogue(deps, sku)
    async with deps.uow() as uow:
        warehouse = (await warehouses_named(deps, {"warehouse": cmd.warehouse.strip().upper()}))["warehouse"]
        change = await Change.begin(deps, [sku])
        place = await place_of(deps, sku, warehouse)
        if place.on_hand + delta < place.reserved:
            left = f"{place.on_hand + delta} on hand" if place.on_hand + delta >= 0 else "less than nothing"
            raise Conflict(
                f"the adjustment would leave {left} with {place.reserved} of {sku} reserved",
                errors=[FieldError("delta", f"at least {place.reserved - place.on_hand}")],
            )
        await change.apply(Entry(sku, warehouse.id, cmd.kind, delta, reason=reason, actor=actor))
        await change.finish(uow)
        level = await deps.stock.level(sku)
        await uow.commit()
    return level


async def transfer_stock(cmd: TransferStock, deps: InventoryDeps) -> StockLevel:
    checks = Findings()
    sku, quantity = model.sku(cmd.sku, checks), model.quantity(cmd.quantity, checks)
    source, target = cmd.from_warehouse.strip().upper(), cmd.to_warehouse.strip().upper()
    if source == target:
        checks.add("to_warehouse", "must differ from the warehouse the units leave")
    actor = actor_of(cmd.actor, checks)
    checks.raise_any()
    await known_to_catalogue(deps, sku)
    async with deps.uow() as uow:
        found = await warehouses_named(deps, {"from_warehouse": source, "to_warehouse": target})
        change = await Change.begin(deps, [sku])
        place = await place_of(deps, sku, found["from_warehouse"])
        if place.free < quantity:
            raise not_enough(sku, place.free)
        reference, reason = f"transfer:{uuid4()}", f"{source} -> {target}"
        await change.apply(
            Entry(sku, found["from_warehouse"].id, "transfer", -quantity, reason, actor, reference),
            Entry(sku, found["to_warehouse"].id, "transfer", quantity, reason, actor, reference),
        )
        await change.finish(uow)
        level = await deps.stock.level(sku)
        await uow.commit()
    return level


async def set_low_stock_threshold(cmd: SetLowStockThreshold, deps: InventoryDeps) -> StockLevel:
    checks = Findings()
    sku, threshold = model.sku(cmd.sku, checks), model.threshold(cmd.threshold, checks)
    checks.raise_any()
    await known_to_catalogue(deps, sku)
    async with deps.uow() as uow:
        change = await Change.begin(deps, [sku])
        change.signals[sku].set_threshold(threshold)
        await change.finish(uow)
        level = await deps.stock.level(sku)
        await uow.commit()
    return level


async def get_stock(query: GetStock, deps: InventoryDeps) -> StockLevel:
    """The SKU's level: zeros for a catalogue SKU never stocked; NotFound if neither inventory nor
    the catalogue knows it (a SKU whose variant was removed keeps the stock it had)."""
    checks = Findings()
    sku = model.sku(query.sku, checks)
    checks.raise_any()
    if not await known(deps, sku):
        raise NotFound(f"no product or stock has the SKU {sku!r}")
    return await deps.stock.level(sku)


async def get_availability(query: GetAvailability, deps: InventoryDeps) -> dict[str, int]:
    check_limit(query.skus, model.MAX_SKUS, "skus")
    found = await deps.stock.available({model.normal_sku(sku) for sku in query.skus})
    return {sku: found[model.normal_sku(sku)] for sku in query.skus}


async def list_movements(query: ListMovements, deps: InventoryDeps) -> Page[Movement]:
    checks = Findings()
    sku = model.sku(query.sku, checks) if query.sku is not None else None
    if not 1 <= query.limit <= MAX_LIMIT:
        checks.add("limit", f"must be between 1 and {MAX_LIMIT}")
    checks.raise_any()
    position = decode_cursor(query.cursor)
    if position is not None and not (len(position) == 1 and type(position[0]) is int):
        raise unknown_cursor()
    items, after = await deps.stock.movements(sku, query.limit, position)
    return Page(items=items, next_cursor=encode_cursor(after) if after else None)


HANDLERS: dict[type[Message], Handler] = {
    AdjustStock: adjust_stock,
    TransferStock: transfer_stock,
    SetLowStockThreshold: set_low_stock_threshold,
    GetStock: get_stock,
    GetAvailability: get_availability,
    ListMovements: list_movements,
}

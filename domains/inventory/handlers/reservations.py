"""Carts' holds: set per SKU, renewed by cart activity, released, handed to another cart.

A hold's units are reserved in the levels, so nobody else can take them. Each
command is one short transaction; the levels are guarded in PostgreSQL, so two
processes reserving the same SKU can never hold more than there is. Reservations
of one SKU queued together in its actor run as one transaction
(``reserve_stock_together``): the SKU's row is locked once for all of them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from core.errors import Conflict, Invalid
from core.validation import Findings
from domains.inventory import model
from domains.inventory.handlers.changes import Change, not_enough
from domains.inventory.messages import (
    GetReservations,
    MoveReservations,
    ReleaseReservations,
    RenewReservations,
    Reservation,
    ReserveStock,
)
from domains.inventory.model.ledger import Entry
from domains.inventory.model.picking import Place, Take, give_back, pick
from domains.inventory.ports import Hold

if TYPE_CHECKING:
    from collections.abc import Sequence
    from uuid import UUID

    from core.domain import BatchHandler, Handler
    from core.messages import Message
    from domains.inventory.ports import InventoryDeps


def holding(holds: Sequence[Hold], places: Sequence[Place]) -> list[Take]:
    """The holds as takes of their warehouses' places (so they rank like the warehouses)."""
    by_id = {place.warehouse_id: place for place in places}
    return [
        Take(
            by_id.get(h.warehouse_id) or Place(warehouse_id=h.warehouse_id, code="", country="", priority=0),
            h.quantity,
        )
        for h in holds
    ]


def expiry(deps: InventoryDeps, ttl: int | None = None) -> datetime:
    return deps.clock() + timedelta(seconds=ttl or deps.reservation_ttl)


async def hold_exactly(
    change: Change, sku: str, quantity: int, current: list[Take], places: list[Place], cart: str
) -> dict[UUID, int]:
    """Reserve or release units so the cart holds ``quantity`` of ``sku``; its units per warehouse after."""
    total = sum(take.quantity for take in current)
    if quantity > total:
        takes, short = pick(quantity - total, places)
        if short:
            raise not_enough(sku, total + sum(max(p.free, 0) for p in places))
        entries = [Entry(sku, t.place.warehouse_id, "reservation", t.quantity, reference=cart) for t in takes]
    else:
        entries = [
            Entry(sku, t.place.warehouse_id, "release", -t.quantity, "cart changed", reference=cart)
            for t in give_back(total - quantity, current)
        ]
    await change.apply(*entries)
    kept = defaultdict(int, {take.place.warehouse_id: take.quantity for take in current})
    for entry in entries:
        kept[entry.warehouse_id] += entry.quantity
    return kept


async def reserve_stock(cmd: ReserveStock, deps: InventoryDeps) -> Reservation:
    sku, quantity, ttl = _checked(cmd, deps)
    async with deps.uow() as uow:
        await deps.holds.of_carts([cmd.cart_id], sku)  # locks: carts' holds before the SKU, always
        change = await Change.begin(deps, [sku])
        reservation = await _hold(change, deps, cmd, sku, quantity, ttl)
        await change.finish(uow)
        await uow.commit()
    return reservation


async def reserve_stock_together(
    cmds: list[ReserveStock], deps: InventoryDeps
) -> list[Reservation | Exception]:
    """Several carts' holds on one SKU in one transaction; each command gets its own answer.

    A command that is invalid or asks for more than is free gets its 4xx and the others go
    on; should anything else fail, each command is tried again on its own. The levels and the
    carts' holds are read once under the locks and again only after a hold changed them, so a
    sold-out SKU refuses a whole batch in one short read-only transaction.
    """
    outcomes: list[Reservation | Exception] = []
    wanted: list[tuple[int, ReserveStock, str, int, int]] = []
    for cmd in cmds:
        try:
            wanted.append((len(outcomes), cmd, *_checked(cmd, deps)))
            outcomes.append(Conflict("not reserved"))  # replaced below
        except Invalid as exc:
            outcomes.append(exc)
    if not wanted:
        return outcomes
    try:
        async with deps.uow() as uow:
            sku = wanted[0][2]
            # Locks: every cart's holds before the SKU, as every other stock change takes them.
            held = defaultdict(list)
            for hold in await deps.holds.of_carts([cmd.cart_id for _, cmd, *_ in wanted], sku):
                held[hold.cart_id].append(hold)
            change = await Change.begin(deps, [sku])
            places = (await deps.stock.places([sku])).get(sku, [])  # read under the SKU's lock
            placed, carts = False, Counter(cmd.cart_id for _, cmd, *_ in wanted)
            for at, cmd, _, quantity, ttl in wanted:
                holds = held[cmd.cart_id]
                free = sum(max(p.free, 0) for p in places)
                if quantity - sum(h.quantity for h in holds) > free:  # refused before any change
                    outcomes[at] = not_enough(sku, sum(h.quantity for h in holds) + free)
                    continue
                outcomes[at] = await _place(change, deps, cmd, sku, quantity, ttl, holds, places)
                placed = True
                # The levels (and this cart's holds) moved: read them again for the next commands.
                if carts[cmd.cart_id] > 1:
                    held[cmd.cart_id] = await deps.holds.of_carts([cmd.cart_id], sku)
                places = (await deps.stock.places([sku])).get(sku, [])
            if placed:  # all refused: nothing to write, the transaction just ends
                await change.finish(uow)
                await uow.commit()
    except Exception:  # noqa: BLE001 - the batch rolled back whole: each command alone decides
        return [await _alone(cmd, deps) for cmd in cmds]
    return outcomes


async def _alone(cmd: ReserveStock, deps: InventoryDeps) -> Reservation | Exception:
    try:
        return await reserve_stock(cmd, deps)
    except Exception as exc:  # noqa: BLE001 - handed to this command's caller
        return exc


def _checked(cmd: ReserveStock, deps: InventoryDeps) -> tuple[str, int, int]:
    checks = Findings()
    sku, quantity = model.sku(cmd.sku, checks), model.quantity(cmd.quantity, checks, allow_zero=True)
    ttl = model.ttl(cmd.ttl_seconds, deps.reservation_ttl, checks)
    checks.raise_any()
    return sku, quantity, ttl


async def _hold(
    change: Change, deps: InventoryDeps, cmd: ReserveStock, sku: str, quantity: int, ttl: int
) -> Reservation:
    return await _place(change, deps, cmd, sku, quantity, ttl, *await _holding(deps, cmd, sku))


async def _holding(deps: InventoryDeps, cmd: ReserveStock, sku: str) -> tuple[list[Hold], list[Place]]:
    """What the cart holds of the SKU now, and the SKU's places (read under the SKU's lock)."""
    return await deps.holds.of_carts([cmd.cart_id], sku), (await deps.stock.places([sku])).get(sku, [])


async def _place(
    change: Change,
    deps: InventoryDeps,
    cmd: ReserveStock,
    sku: str,
    quantity: int,
    ttl: int,
    held: Sequence[Hold],
    places: list[Place],
) -> Reservation:
    kept = await hold_exactly(change, sku, quantity, holding(held, places), places, str(cmd.cart_id))
    expires = expiry(deps, ttl)
    for warehouse_id, units in kept.items():
        await deps.holds.put(Hold(cmd.cart_id, sku, warehouse_id, units, expires))
    return Reservation(
        cart_id=cmd.cart_id, sku=sku, quantity=quantity, expires_at=expires if quantity else None
    )


async def renew_reservations(cmd: RenewReservations, deps: InventoryDeps) -> datetime | None:
    """One UPDATE of the cart's holds, its own transaction (every step of a shopper renews)."""
    expires = expiry(deps)
    held = await deps.holds.renew(cmd.cart_id, expires)
    return expires if held else None


async def release_reservations(cmd: ReleaseReservations, deps: InventoryDeps) -> None:
    async with deps.uow() as uow:
        held = await deps.holds.of_carts([cmd.cart_id])
        change = await Change.begin(deps, {h.sku for h in held})
        for h in held:
            await change.apply(
                Entry(
                    h.sku, h.warehouse_id, "release", -h.quantity, "cart released", reference=str(h.cart_id)
                )
            )
        await deps.holds.clear(cmd.cart_id)
        await change.finish(uow)
        await uow.commit()


async def move_reservations(cmd: MoveReservations, deps: InventoryDeps) -> None:
    """The guest cart's holds join the customer's cart's; every hold of that cart gets a fresh expiry."""
    if cmd.from_cart_id == cmd.to_cart_id:
        return
    source, target = str(cmd.from_cart_id), str(cmd.to_cart_id)
    async with deps.uow() as uow:
        held = await deps.holds.of_carts([cmd.from_cart_id, cmd.to_cart_id])
        moving = [h for h in held if h.cart_id == cmd.from_cart_id]
        change, expires = await Change.begin(deps, {h.sku for h in moving}), expiry(deps)
        for h in moving:
            await change.apply(
                Entry(h.sku, h.warehouse_id, "release", -h.quantity, "cart merged", reference=source),
                Entry(h.sku, h.warehouse_id, "reservation", h.quantity, "cart merged", reference=target),
            )
            await deps.holds.add(Hold(cmd.to_cart_id, h.sku, h.warehouse_id, h.quantity, expires))
        if moving:
            await deps.holds.clear(cmd.from_cart_id)
            await deps.holds.renew(cmd.to_cart_id, expires)
        await change.finish(uow)
        await uow.commit()


async def get_reservations(query: GetReservations, deps: InventoryDeps) -> list[Reservation]:
    return await deps.holds.reservations(query.cart_id)


BATCH_HANDLERS: dict[type[Message], BatchHandler] = {ReserveStock: reserve_stock_together}
HANDLERS: dict[type[Message], Handler] = {
    ReserveStock: reserve_stock,
    RenewReservations: renew_reservations,
    ReleaseReservations: release_reservations,
    MoveReservations: move_reservations,
    GetReservations: get_reservations,
}

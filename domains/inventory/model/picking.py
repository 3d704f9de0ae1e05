"""Which warehouses give a SKU's units: the shipping country's first, then by priority.

Picking is greedy: the best-ranked warehouse gives all it can before the next
is asked, so a line is split only when one warehouse does not have enough.
Giving units back goes the other way: the worst-ranked holding is undone first,
so what stays held sits in the best warehouse.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from uuid import UUID


@dataclass(frozen=True)
class Place:
    """A warehouse's level of one SKU, as picking sees it."""

    warehouse_id: UUID
    code: str
    country: str
    priority: int
    on_hand: int = 0
    reserved: int = 0

    @property
    def free(self) -> int:
        return self.on_hand - self.reserved


@dataclass(frozen=True)
class Take:
    place: Place
    quantity: int


def ranked(places: Iterable[Place], country: str | None = None) -> list[Place]:
    """Best first: in ``country``, then higher priority, then by code (so the order is stable)."""
    return sorted(places, key=lambda p: (p.country != country if country else False, -p.priority, p.code))


def pick(need: int, places: Sequence[Place], country: str | None = None) -> tuple[list[Take], int]:
    """Takes of free units covering ``need``, best-ranked first, and what could not be covered."""
    takes: list[Take] = []
    for place in ranked(places, country):
        if need <= 0:
            break
        quantity = min(place.free, need)
        if quantity > 0:
            takes.append(Take(place, quantity))
            need -= quantity
    return takes, max(need, 0)


def give_back(amount: int, held: Sequence[Take]) -> list[Take]:
    """Which held units to release to give back ``amount``: worst-ranked holdings first."""
    by_place = {take.place.warehouse_id: take for take in held}
    releases: list[Take] = []
    for place in reversed(ranked(take.place for take in held)):
        if amount <= 0:
            break
        quantity = min(by_place[place.warehouse_id].quantity, amount)
        releases.append(Take(place, quantity))
        amount -= quantity
    return releases


@dataclass(frozen=True)
class Plan:
    """Where an order line's units come from: the cart's holds, then free stock."""

    from_holds: list[Take]
    from_stock: list[Take]
    short: int

    @property
    def takes(self) -> list[Take]:
        return [*self.from_holds, *self.from_stock]


def allocate(need: int, held: Sequence[Take], places: Sequence[Place], country: str | None) -> Plan:
    """Plan one order line: use what the cart holds (best-ranked first), then free stock."""
    from_holds: list[Take] = []
    by_place = {take.place.warehouse_id: take.quantity for take in held}
    for place in ranked((take.place for take in held), country):
        quantity = min(by_place[place.warehouse_id], need)
        if quantity > 0:
            from_holds.append(Take(place, quantity))
            need -= quantity
    from_stock, short = pick(need, places, country)
    return Plan(from_holds=from_holds, from_stock=from_stock, short=short)

"""What every handler that moves stock shares: a change made of ledger lines, applied to the
levels by guarded statements and announced once per SKU at the end of the unit of work."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from core.errors import Conflict, FieldError

if TYPE_CHECKING:
    from core.uow import UnitOfWork
    from domains.inventory.model.ledger import Entry
    from domains.inventory.model.signals import Signal
    from domains.inventory.ports import InventoryDeps


def not_enough(sku: str, available: int | None = None, field: str = "quantity") -> Conflict:
    """The 409 of a change that needs more units than are available."""
    told = f": {available} available" if available is not None else ""
    return Conflict(
        f"not enough stock of {sku}{told}",
        errors=[FieldError(field, f"not enough stock of {sku}{told}")],
    )


class Change:
    """The level changes of one unit of work, begun by locking the SKUs they touch."""

    def __init__(self, deps: InventoryDeps, signals: dict[str, Signal]) -> None:
        self._deps = deps
        self.signals = signals
        self._entries: list[Entry] = []

    @classmethod
    async def begin(cls, deps: InventoryDeps, skus: Collection[str]) -> Change:
        """Lock the SKUs' rows: until commit, no other transaction changes their levels."""
        return cls(deps, await deps.stock.lock(skus) if skus else {})

    async def apply(self, *entries: Entry) -> None:
        """Move the levels as the entries say; Conflict (the unit of work rolls back) if one cannot."""
        for entry in entries:
            on_hand, reserved = entry.effect
            if not await self._deps.stock.shift(entry.sku, entry.warehouse_id, on_hand, reserved):
                raise not_enough(entry.sku)
            self._entries.append(entry)

    async def finish(self, uow: UnitOfWork) -> None:
        """Write the ledger, settle each SKU's new available and hand its events to ``uow``."""
        await self._deps.stock.record(self._entries)
        touched = sorted({entry.sku for entry in self._entries})
        if touched:
            for sku, available in (await self._deps.stock.available(touched)).items():
                self.signals[sku].settle(available)
        if self.signals:
            await self._deps.stock.save(list(self.signals.values()))
            uow.collect(*self.signals.values())

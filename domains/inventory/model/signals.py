"""What a change of a SKU's available announces, and the state that makes each event fire once.

A SKU's signal remembers the available it last announced, the version of that
announcement, its low-stock threshold and whether it is below it. StockLow fires
when available falls to the threshold or below and is armed again once it rises
above; StockDepleted when available reaches 0; StockReplenished when it leaves 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from domains.inventory.messages import StockChanged, StockDepleted, StockLow, StockReplenished

if TYPE_CHECKING:
    from core.messages import Event


@dataclass
class Signal:
    sku: str
    available: int = 0
    version: int = 0
    threshold: int | None = None
    low: bool = False
    events: list[Event] = field(default_factory=list, compare=False, repr=False)

    def settle(self, available: int) -> None:
        """Record the SKU's new available and raise what the change means."""
        old = self.available
        if available != old:
            self.available, self.version = available, self.version + 1
            self.events.append(StockChanged(sku=self.sku, available=available, version=self.version))
            if available == 0:
                self.events.append(StockDepleted(sku=self.sku))
            elif old == 0:
                self.events.append(StockReplenished(sku=self.sku, available=available))
        self._watch()

    def set_threshold(self, threshold: int | None) -> None:
        self.threshold = threshold
        self._watch()

    def _watch(self) -> None:
        low = self.threshold is not None and self.available <= self.threshold
        if low and not self.low and self.threshold is not None:
            self.events.append(StockLow(sku=self.sku, available=self.available, threshold=self.threshold))
        self.low = low

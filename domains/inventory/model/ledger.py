"""The movements ledger: every change of a level is one line, and the lines rebuild the levels.

``quantity`` is signed. Kinds that move goods change on_hand; kinds that hold
goods change reserved; a shipment does both (the units were reserved and leave).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from uuid import UUID

    from domains.inventory.messages import MovementKind

ON_HAND_KINDS = frozenset({"receipt", "adjustment", "return", "transfer", "shipment"})
RESERVED_KINDS = frozenset({"reservation", "release", "allocation", "shipment"})


def effect(kind: MovementKind, quantity: int) -> tuple[int, int]:
    """What a line of ``kind`` does to (on_hand, reserved)."""
    return (
        quantity if kind in ON_HAND_KINDS else 0,
        quantity if kind in RESERVED_KINDS else 0,
    )


@dataclass(frozen=True)
class Entry:
    """A ledger line about to be written."""

    sku: str
    warehouse_id: UUID
    kind: MovementKind
    quantity: int
    reason: str | None = None
    actor: str | None = None
    reference: str | None = None

    @property
    def effect(self) -> tuple[int, int]:
        return effect(self.kind, self.quantity)

"""The return aggregate (RMA): requested -> approved -> received -> refunded, or rejected.

Receiving fixes what comes back (each unit restocked into a warehouse or written off) and the amount
to refund; the restocks and the refund then run one by one, each marked done, so a receipt that
stopped half way is finished by repeating it (or by recovery).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import msgspec

from core.errors import Conflict, FieldError
from core.money import Money
from domains.inventory.messages import ItemQuantity
from domains.orders.messages import (
    ReceivedItem,
    RestockedItem,
    ReturnApproved,
    ReturnReceived,
    ReturnRejected,
    ReturnRequested,
    ReturnStatusChange,
    ReturnView,
)

if TYPE_CHECKING:
    from datetime import datetime
    from uuid import UUID

    from core.messages import Event
    from domains.orders.messages import ReturnStatus
    from domains.orders.model.orders import Order

# Each status and what may follow it; anything else is a Conflict naming ``status``.
RETURN_MOVES: dict[ReturnStatus, frozenset[ReturnStatus]] = {
    "requested": frozenset({"approved", "rejected"}),
    "approved": frozenset({"received", "rejected"}),
    "received": frozenset({"refunded"}),
    "rejected": frozenset(),
    "refunded": frozenset(),
}


class Restock(msgspec.Struct, kw_only=True):
    """Units of a SKU going back into one warehouse; ``done`` once inventory took them."""

    sku: str
    warehouse: str
    quantity: int
    done: bool = False


@dataclass
class Return:
    id: UUID
    order_id: UUID
    order_number: int
    email: str | None
    currency: str
    status: ReturnStatus
    items: list[ItemQuantity]
    reason: str
    history: list[ReturnStatusChange]
    requested_at: datetime
    updated_at: datetime
    received: list[ReceivedItem] = field(default_factory=list)
    restocks: list[Restock] = field(default_factory=list)
    refund: int | None = None
    rejection_reason: str | None = None
    version: int = 1
    events: list[Event] = field(default_factory=list, compare=False, repr=False)

    @classmethod
    def request(
        cls,
        *,
        return_id: UUID,
        order: Order,
        items: list[ItemQuantity],
        reason: str,
        actor: str,
        now: datetime,
    ) -> Return:
        found = cls(
            id=return_id,
            order_id=order.id,
            order_number=order.number,
            email=order.plan.email,
            currency=order.plan.currency,
            status="requested",
            items=items,
            reason=reason,
            history=[ReturnStatusChange(status="requested", at=now, actor=actor, reason=reason)],
            requested_at=now,
            updated_at=now,
        )
        found.events.append(
            ReturnRequested(return_id=return_id, order_id=order.id, email=order.plan.email, items=items)
        )
        return found

    @property
    def waiting(self) -> bool:
        """Asked for, its units not back yet."""
        return self.status in ("requested", "approved")

    def _move(self, target: ReturnStatus, actor: str, now: datetime, reason: str | None = None) -> None:
        if target not in RETURN_MOVES[self.status]:
            allowed = ", ".join(sorted(RETURN_MOVES[self.status])) or "nothing"
            raise Conflict(
                f"a return that is {self.status} cannot become {target}",
                errors=[FieldError("status", f"is {self.status}: it may become {allowed}")],
            )
        self.status = target
        self.history.append(ReturnStatusChange(status=target, at=now, actor=actor, reason=reason))
        self.updated_at = now

    def approve(self, actor: str, now: datetime) -> None:
        self._move("approved", actor, now)
        self.events.append(ReturnApproved(return_id=self.id, order_id=self.order_id, email=self.email))

    def reject(self, actor: str, reason: str, now: datetime) -> None:
        self._move("rejected", actor, now, reason)
        self.rejection_reason = reason
        self.events.append(
            ReturnRejected(return_id=self.id, order_id=self.order_id, email=self.email, reason=reason)
        )

    def receive(
        self, actor: str, received: list[ReceivedItem], restocks: list[Restock], refund: int, now: datetime
    ) -> None:
        """The units are back: what goes where is fixed, and what will be refunded."""
        self._move("received", actor, now)
        self.received, self.restocks, self.refund = received, restocks, refund
        self.events.append(ReturnReceived(return_id=self.id, order_id=self.order_id, email=self.email))

    def restocked(self, index: int, now: datetime) -> None:
        self.restocks[index].done = True
        self.updated_at = now

    def refunded(self, amount: int, actor: str, now: datetime) -> None:
        """The refund went through (``amount``: what was given back, at most what was due)."""
        self.refund = amount
        self._move("refunded", actor, now)

    def received_units(self) -> dict[str, int]:
        units: dict[str, int] = {}
        for line in self.received:
            units[line.sku] = units.get(line.sku, 0) + line.quantity
        return units

    def claimed_units(self) -> dict[str, int]:
        """Units this return takes out of what is left to return: asked for until received, then
        what came back; a rejected return takes none."""
        if self.status == "rejected":
            return {}
        if self.status in ("received", "refunded"):
            return self.received_units()
        units: dict[str, int] = {}
        for item in self.items:
            units[item.sku] = units.get(item.sku, 0) + item.quantity
        return units

    def view(self) -> ReturnView:
        return ReturnView(
            id=self.id,
            order_id=self.order_id,
            order_number=str(self.order_number),
            status=self.status,
            items=list(self.items),
            reason=self.reason,
            received=list(self.received),
            restocked=[
                RestockedItem(sku=r.sku, warehouse=r.warehouse, quantity=r.quantity)
                for r in self.restocks
                if r.done
            ],
            refund=Money(amount=self.refund, currency=self.currency) if self.refund is not None else None,
            rejection_reason=self.rejection_reason,
            status_history=list(self.history),
            requested_at=self.requested_at,
        )

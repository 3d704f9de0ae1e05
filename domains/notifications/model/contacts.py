"""The notifications domain's copy of what it needs of an order: whom to write to, in which
language, and what to say (kept from ``orders.OrderPlaced``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID


@dataclass(frozen=True)
class OrderContact:
    order_id: UUID
    number: str
    customer_id: UUID | None
    email: str | None
    locale: str
    total: str  # "29.90 EUR", as the templates show it
    lines: list[dict[str, Any]] = field(default_factory=list)  # [{"sku", "quantity"}]

    def variables(self) -> dict[str, Any]:
        """The ``order`` the templates of order events see."""
        return {
            "id": str(self.order_id),
            "number": self.number,
            "email": self.email or "",
            "total": self.total,
            "lines": [dict(line) for line in self.lines],
        }

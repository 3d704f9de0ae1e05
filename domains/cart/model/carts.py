"""A cart and its lines: who may see it, when it may change, how much a line may hold.

Lines are keyed by SKU (upper case, as the catalogue keeps them): adding a SKU the
cart holds raises that line. Quantities run from 1 to the shop's ``max_line_quantity``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from uuid import UUID, uuid4

from core.errors import Conflict, FieldError, Invalid, NotFound
from domains.cart.messages import CartCheckedOut

if TYPE_CHECKING:
    from datetime import datetime

    from core.messages import Event
    from domains.cart.messages import CartAddress, Status

MAX_SKU = 64
MAX_CODE = 64
MAX_LINES = 100  # what one quote can price


@dataclass
class Line:
    id: UUID
    sku: str
    quantity: int


@dataclass
class Cart:
    id: UUID
    customer_id: UUID | None
    email: str | None
    currency: str
    status: Status
    created_at: datetime
    updated_at: datetime
    lines: list[Line] = field(default_factory=list)
    coupon_codes: list[str] = field(default_factory=list)
    shipping_address: CartAddress | None = None
    shipping_method_id: UUID | None = None
    order_id: UUID | None = None
    reserved_until: datetime | None = None
    version: int = 0  # the stored version this copy was read at; saving checks it
    events: list[Event] = field(default_factory=list, compare=False, repr=False)

    def require_active(self) -> None:
        if self.status != "active":
            raise Conflict(f"the cart is {self.status.replace('_', ' ')} and can no longer change")

    def line_of(self, sku: str) -> Line | None:
        return next((line for line in self.lines if line.sku == sku), None)

    def item(self, item_id: UUID) -> Line:
        found = next((line for line in self.lines if line.id == item_id), None)
        if found is None:
            raise NotFound(f"the cart has no item {item_id}")
        return found

    def set_quantity(self, sku: str, quantity: int) -> None:
        """The line of ``sku`` holds ``quantity`` (0 removes it; a new SKU gets a new line)."""
        line = self.line_of(sku)
        if quantity == 0:
            self.lines = [kept for kept in self.lines if kept.sku != sku]
        elif line is None:
            self.lines.append(Line(id=uuid4(), sku=sku, quantity=quantity))
        else:
            line.quantity = quantity

    def complete(self, order_id: UUID) -> None:
        self.require_active()
        self.status, self.order_id = "checked_out", order_id
        self.events.append(CartCheckedOut(cart_id=self.id, order_id=order_id))


def reachable(cart: Cart | None, cart_id: UUID, caller: UUID | None) -> Cart:
    """The cart if ``caller`` may address it: a guest cart by anyone holding its id, a customer's
    cart by that customer alone (anyone else learns nothing, not even that it exists)."""
    if cart is None or (cart.customer_id is not None and cart.customer_id != caller):
        raise NotFound(f"cart {cart_id} not found")
    return cart


def quantity_checked(quantity: int, most: int, field: str = "quantity") -> int:
    if not 1 <= quantity <= most:
        raise Invalid(
            f"a line holds 1 to {most} units", errors=[FieldError(field, f"must be between 1 and {most}")]
        )
    return quantity


def sku_checked(raw: str) -> str:
    sku = raw.strip().upper()
    if not sku or len(sku) > MAX_SKU:
        message = "must not be empty" if not sku else f"at most {MAX_SKU} characters"
        raise Invalid("the SKU is not valid", errors=[FieldError("sku", message)])
    return sku


def code_checked(raw: str) -> str:
    """A coupon code as promotions keep it: stripped and upper case."""
    code = raw.strip().upper()
    if not code or len(code) > MAX_CODE:
        message = "must not be empty" if not code else f"at most {MAX_CODE} characters"
        raise Invalid("the coupon code is not valid", errors=[FieldError("code", message)])
    return code


def added_quantity(cart: Cart, sku: str, quantity: int, most: int) -> int:
    """The quantity the line of ``sku`` holds once ``quantity`` more is added."""
    quantity_checked(quantity, most)
    line = cart.line_of(sku)
    if line is None and len(cart.lines) >= MAX_LINES:
        raise Invalid(
            f"a cart holds at most {MAX_LINES} different SKUs",
            errors=[FieldError("sku", f"the cart already holds {MAX_LINES} SKUs")],
        )
    total = quantity + (line.quantity if line else 0)
    if total > most:
        raise Invalid(
            f"the line would hold {total} units, more than {most}",
            errors=[
                FieldError("quantity", f"the cart holds {total - quantity}; a line holds at most {most}")
            ],
        )
    return total

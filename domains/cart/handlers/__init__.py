"""The cart actor: carts, their lines and coupons, delivery and merging, in one table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domains.cart.handlers import carts, coupons, delivery, lines, merging

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Event, Message

HANDLERS: dict[type[Message], Handler] = {
    **carts.HANDLERS,
    **lines.HANDLERS,
    **coupons.HANDLERS,
    **delivery.HANDLERS,
    **merging.HANDLERS,
}
SUBSCRIPTIONS: dict[type[Event], list[Handler]] = {}

__all__ = ["HANDLERS", "SUBSCRIPTIONS"]

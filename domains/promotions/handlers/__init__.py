"""The promotions actor: staff commands, the evaluation query and coupon redemption, in one table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domains.promotions.handlers import campaigns, coupons, evaluation, promotions, redemption

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Event, Message

HANDLERS: dict[type[Message], Handler] = {
    **promotions.HANDLERS,
    **campaigns.HANDLERS,
    **coupons.HANDLERS,
    **evaluation.HANDLERS,
    **redemption.HANDLERS,
}
SUBSCRIPTIONS: dict[type[Event], list[Handler]] = {}

__all__ = ["HANDLERS", "SUBSCRIPTIONS"]

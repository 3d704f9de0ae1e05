"""The payments actor: authorising, confirming, capturing, voiding, refunding, and the queries."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domains.payments.handlers import (
    authorisation,
    blocklist,
    lookup,
    methods,
    refunds,
    review,
    settlement,
    webhooks,
)

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Event, Message

HANDLERS: dict[type[Message], Handler] = {
    **authorisation.HANDLERS,
    **settlement.HANDLERS,
    **refunds.HANDLERS,
    **lookup.HANDLERS,
    **review.HANDLERS,
    **blocklist.HANDLERS,
    **methods.HANDLERS,
    **webhooks.HANDLERS,
}
SUBSCRIPTIONS: dict[type[Event], list[Handler]] = {**methods.SUBSCRIPTIONS}

__all__ = ["HANDLERS", "SUBSCRIPTIONS"]

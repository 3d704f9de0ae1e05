"""The customers actor: profiles, address books, tags and blocking, privacy, order facts, segments."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domains.customers.handlers import addresses, orders, privacy, profiles, segments

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Event, Message

HANDLERS: dict[type[Message], Handler] = {
    **profiles.HANDLERS,
    **addresses.HANDLERS,
    **privacy.HANDLERS,
    **orders.HANDLERS,
    **segments.HANDLERS,
}
SUBSCRIPTIONS: dict[type[Event], list[Handler]] = {**profiles.SUBSCRIPTIONS, **orders.SUBSCRIPTIONS}

__all__ = ["HANDLERS", "SUBSCRIPTIONS"]

"""The notifications actor: templates, preferences, the inbox, queueing what events make the
shop say, the sender worker and providers' delivery reports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domains.notifications.handlers import (
    delivery,
    dispatch,
    inbox,
    preferences,
    returns,
    subscriptions,
    templates,
)

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Event, Message

HANDLERS: dict[type[Message], Handler] = {
    **templates.HANDLERS,
    **preferences.HANDLERS,
    **inbox.HANDLERS,
    **dispatch.HANDLERS,
    **delivery.HANDLERS,
}
SUBSCRIPTIONS: dict[type[Event], list[Handler]] = {**subscriptions.SUBSCRIPTIONS, **returns.SUBSCRIPTIONS}
WORKERS = list(delivery.WORKERS)

__all__ = ["HANDLERS", "SUBSCRIPTIONS", "WORKERS"]

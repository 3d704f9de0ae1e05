"""Identity's actor: customer accounts, sessions and tokens, staff users and roles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domains.identity.handlers import accounts, sessions, staff

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Event, Message

HANDLERS: dict[type[Message], Handler] = {**accounts.HANDLERS, **sessions.HANDLERS, **staff.HANDLERS}
SUBSCRIPTIONS: dict[type[Event], list[Handler]] = dict(accounts.SUBSCRIPTIONS)

__all__ = ["HANDLERS", "SUBSCRIPTIONS"]

"""Identity's actor: customer accounts, sessions and tokens, staff users and roles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domains.identity.handlers import accounts, keys, oauth, recovery, sessions, staff

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Event, Message

HANDLERS: dict[type[Message], Handler] = {
    **accounts.HANDLERS,
    **sessions.HANDLERS,
    **staff.HANDLERS,
    **oauth.HANDLERS,
    **keys.HANDLERS,
    **recovery.HANDLERS,
}
SUBSCRIPTIONS: dict[type[Event], list[Handler]] = {**accounts.SUBSCRIPTIONS, **oauth.SUBSCRIPTIONS}

__all__ = ["HANDLERS", "SUBSCRIPTIONS"]

"""The shipping actor."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Event, Message

HANDLERS: dict[type[Message], Handler] = {}
SUBSCRIPTIONS: dict[type[Event], list[Handler]] = {}

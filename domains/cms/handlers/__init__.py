"""The CMS's actor, by aggregate: pages and posts (``content``) and ``banners``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domains.cms.handlers import banners, content

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Event, Message

HANDLERS: dict[type[Message], Handler] = {**content.HANDLERS, **banners.HANDLERS}
SUBSCRIPTIONS: dict[type[Event], list[Handler]] = {}

__all__ = ["HANDLERS", "SUBSCRIPTIONS"]

"""The search actor, by aggregate: ``searching`` the index, ``indexing`` it, its ``tuning``, ``signals``.

The index lives on other domains' events: SUBSCRIPTIONS maps each catalogue
and CMS event to the subscribers that apply it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from domains.catalog import messages as catalog
from domains.cms import messages as cms
from domains.customers import messages as customers
from domains.search.handlers import indexing, searching, signals, tuning
from domains.search.handlers.indexing import (
    CONTENT_CHANGES,
    when_content_changed_index,
    when_content_deleted_remove,
    when_product_archived_remove,
    when_product_changed_index,
    when_product_deleted_remove,
)

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Event, Message

HANDLERS: dict[type[Message], Handler] = {
    **searching.HANDLERS,
    **indexing.HANDLERS,
    **tuning.HANDLERS,
    **signals.HANDLERS,
}
SUBSCRIPTIONS: dict[type[Event], list[Handler]] = {
    catalog.ProductCreated: [when_product_changed_index],
    catalog.ProductUpdated: [when_product_changed_index],
    catalog.ProductArchived: [when_product_archived_remove],
    catalog.ProductDeleted: [when_product_deleted_remove],
    **{event: [when_content_changed_index] for event in CONTENT_CHANGES},
    cms.PageDeleted: [when_content_deleted_remove],
    cms.PostDeleted: [when_content_deleted_remove],
    customers.CustomerErased: [signals.when_customer_erased_forget_them],
}

__all__ = ["HANDLERS", "SUBSCRIPTIONS"]

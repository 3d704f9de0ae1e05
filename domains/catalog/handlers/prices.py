"""The catalogue's copy of pricing's guest price lists, and whether shown prices must come from pricing.

A guest's price in the default currency is the base price unless a guest price list (one
without a segment) in that currency says otherwise; with none, the catalogue shows its own
base prices without asking pricing for every page. A list given a segment leaves the copy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from domains.catalog.messages import ShownPricesNeedPricing
from domains.pricing.messages import PriceListChanged, PriceListDeleted

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Event, Message
    from domains.catalog.ports import CatalogDeps


async def when_price_list_changed_keep_its_currency(event: PriceListChanged, deps: CatalogDeps) -> None:
    details = event.price_list
    if details.segment_id is None:
        await deps.price_lists.put(event.price_list_id, details.currency)
    else:
        await deps.price_lists.drop(event.price_list_id)


async def when_price_list_deleted_forget_it(event: PriceListDeleted, deps: CatalogDeps) -> None:
    await deps.price_lists.drop(event.price_list_id)


async def shown_prices_need_pricing(query: ShownPricesNeedPricing, deps: CatalogDeps) -> bool:
    return await deps.price_lists.any_in(deps.currency)


HANDLERS: dict[type[Message], Handler] = {ShownPricesNeedPricing: shown_prices_need_pricing}
SUBSCRIPTIONS: dict[type[Event], list[Handler]] = {
    PriceListChanged: [when_price_list_changed_keep_its_currency],
    PriceListDeleted: [when_price_list_deleted_forget_it],
}

"""Staff commands and queries on price lists; their prices name SKUs pricing has a base price for."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from core.errors import NotFound
from core.paging import decode_cursor, encode_cursor
from core.validation import Findings, check_limit, found
from domains.customers.messages import GetSegment
from domains.pricing.messages import (
    CreatePriceList,
    DeletePriceList,
    GetPriceList,
    ListPriceLists,
    PriceChange,
    PriceListDeleted,
    PriceListDetails,
    PriceListPage,
    SetListPrices,
    UpdatePriceList,
)
from domains.pricing.model import rules

if TYPE_CHECKING:
    from datetime import datetime

    from core.domain import Handler
    from core.messages import Message
    from domains.pricing.model.prices import PriceList
    from domains.pricing.ports import PricingDeps

MAX_PRICES = 5000


async def _load(deps: PricingDeps, price_list_id: UUID) -> PriceList:
    return found(await deps.price_lists.get(price_list_id), "price list", price_list_id)


async def _segment_exists(deps: PricingDeps, segment_id: UUID | None, checks: Findings) -> None:
    """A list for a segment the customers domain does not have would price nobody."""
    if segment_id is None:
        return
    try:
        await deps.bus.ask(GetSegment(segment_id=segment_id))
    except NotFound:
        checks.add("segment_id", "no such segment")


async def create_price_list(cmd: CreatePriceList, deps: PricingDeps) -> PriceListDetails:
    checks = Findings()
    price_list = rules.price_list(cmd, deps.currencies, deps.clock(), checks)
    await _segment_exists(deps, cmd.segment_id, checks)
    checks.raise_any()
    async with deps.uow() as uow:
        price_list.changed(price_list.created_at)
        await deps.price_lists.add(price_list)
        uow.collect(price_list)
        await uow.commit()
    return price_list.details()


async def update_price_list(cmd: UpdatePriceList, deps: PricingDeps) -> PriceListDetails:
    checks = Findings()
    if isinstance(cmd.segment_id, UUID):
        await _segment_exists(deps, cmd.segment_id, checks)
    async with deps.uow() as uow:
        price_list = await _load(deps, cmd.price_list_id)
        rules.revise(price_list, cmd, checks)
        checks.raise_any()
        price_list.changed(deps.clock())
        await deps.price_lists.save(price_list)
        uow.collect(price_list)
        await uow.commit()
    return price_list.details()


async def delete_price_list(cmd: DeletePriceList, deps: PricingDeps) -> None:
    async with deps.uow() as uow:
        price_list = found(await deps.price_lists.get(cmd.price_list_id), "price list", cmd.price_list_id)
        await deps.price_lists.delete(cmd.price_list_id)
        await _record(deps, price_list, dict.fromkeys(price_list.prices), deps.clock())
        uow.add(PriceListDeleted(price_list_id=cmd.price_list_id))
        await uow.commit()


async def set_list_prices(cmd: SetListPrices, deps: PricingDeps) -> PriceListDetails:
    check_limit(cmd.prices, MAX_PRICES, "prices")
    async with deps.uow() as uow:
        price_list = await _load(deps, cmd.price_list_id)
        bases = await deps.prices.find({p.sku.strip().upper() for p in cmd.prices})
        checks = Findings()
        amounts = rules.list_prices(cmd.prices, bases, checks)
        checks.raise_any()
        now = deps.clock()
        changed = price_list.replace_prices(amounts, now)
        await deps.price_lists.save(price_list, prices=True)
        await _record(deps, price_list, changed, now)
        uow.collect(price_list)
        await uow.commit()
    return price_list.details()


async def _record(
    deps: PricingDeps, price_list: PriceList, changed: dict[str, int | None], now: datetime
) -> None:
    """The list's price changes in the history (a SKU pricing no longer knows has none to keep)."""
    bases = await deps.prices.find(list(changed))
    public = price_list.segment_id is None
    await deps.history.record(
        [
            (
                bases[sku].product_id,
                PriceChange(
                    sku=sku,
                    amount=amount,
                    currency=price_list.currency,
                    source="price_list",
                    price_list_id=price_list.id,
                    recorded_at=now,
                ),
                public,
            )
            for sku, amount in sorted(changed.items())
            if sku in bases
        ]
    )


async def get_price_list(query: GetPriceList, deps: PricingDeps) -> PriceListDetails:
    return (await _load(deps, query.price_list_id)).details()


async def list_price_lists(query: ListPriceLists, deps: PricingDeps) -> PriceListPage:
    items, after = await deps.price_lists.page(query.limit, decode_cursor(query.cursor))
    return PriceListPage(
        items=[pl.details() for pl in items], next_cursor=encode_cursor(after) if after else None
    )


HANDLERS: dict[type[Message], Handler] = {
    CreatePriceList: create_price_list,
    UpdatePriceList: update_price_list,
    DeletePriceList: delete_price_list,
    SetListPrices: set_list_prices,
    GetPriceList: get_price_list,
    ListPriceLists: list_price_lists,
}

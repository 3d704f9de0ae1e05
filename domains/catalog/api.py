"""Shoppers' catalogue routes: no sign-in, published products only.

The prices shown are pricing's (``PriceSkus``) for a guest in ``?currency=``, the shop's
default currency when omitted: price lists apply as in the cart and ``POST /quotes``. A
variant pricing has not copied yet keeps its catalogue price and currency.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Annotated

from litestar import Controller, get
from litestar.openapi.spec import Example
from litestar.params import FromPath, FromQuery, QueryParameter
from msgspec.structs import replace

from core.controllers import Bus, Cursor, Limit, shaped
from core.errors import Unavailable
from core.http import errors
from core.paging import DEFAULT_LIMIT
from domains.catalog.messages import (
    GetCategoryTree,
    GetProduct,
    ListBrands,
    ListProducts,
    ShownPricesNeedPricing,
    Sort,
)
from domains.catalog.schemas import Brands, CategoryBranch, CategoryTree, Product, ProductCard, ProductCards
from domains.pricing.messages import PriceSkus, SkuPrice

if TYPE_CHECKING:
    from uuid import UUID

    from core.bus import MessageBus
    from core.money import Money

Amount = Annotated[
    int | None,
    QueryParameter(
        ge=0, description="minor units, compared with the lowest variant price", schema_extra={"minimum": 0}
    ),
]
Currency = Annotated[
    str | None,
    QueryParameter(
        pattern=r"^[A-Za-z]{3}$",
        description="ISO 4217 code of a shop currency to show the prices in (the shop's default currency "
        "when omitted); one the shop does not sell in, or without an exchange rate, is 422",
        examples=[Example(value="USD")],
    ),
]


async def _lists_apply(bus: MessageBus) -> bool:
    """Whether a guest price list in the default currency exists; when that cannot be said, pricing
    is asked as if one did."""
    try:
        needed: bool = await bus.ask(ShownPricesNeedPricing())
    except Unavailable:
        return True
    return needed


async def prices_in(
    bus: MessageBus, currency: str | None, *, skus: Iterable[str] = (), product_ids: Iterable[UUID] = ()
) -> dict[str, SkuPrice]:
    """What pricing says these SKUs (and all of these products') cost a guest in ``currency`` (None:
    the default one), by SKU; Invalid naming ``currency`` if it cannot price in it. One query, however
    many products. Without pricing (its process down), the default currency keeps the catalogue's base
    prices so the shop can still be browsed; another currency cannot be shown at all."""
    if currency is None and not await _lists_apply(bus):
        return {}  # no guest price list in the default currency: the base prices are what pricing says
    query = PriceSkus(skus=sorted(set(skus)), product_ids=list(product_ids), currency=currency)
    try:
        reply = await bus.ask(query)
    except Unavailable:
        if currency is not None:
            raise
        return {}
    return {price.sku: price for price in reply}


def price_span(prices: Iterable[SkuPrice]) -> tuple[Money, Money] | None:
    """The lowest and highest unit price among ``prices``; None when there are none."""
    found = [price.unit_price for price in prices]
    if not found:
        return None
    return min(found, key=lambda p: p.amount), max(found, key=lambda p: p.amount)


def product_in(product: Product, prices: Mapping[str, SkuPrice]) -> Product:
    variants = [
        replace(v, price=prices[v.sku].unit_price, lowest_price_30d=prices[v.sku].lowest_price_30d)
        if v.sku in prices
        else v
        for v in product.variants
    ]
    span = price_span(prices[v.sku] for v in product.variants if v.sku in prices)
    low, high = span or (product.price_min, product.price_max)
    return replace(product, variants=variants, price_min=low, price_max=high)


async def cards_in(bus: MessageBus, cards: ProductCards, currency: str | None) -> ProductCards:
    prices = await prices_in(bus, currency, product_ids=[card.id for card in cards.items])

    def card_in(card: ProductCard) -> ProductCard:
        span = price_span(price for price in prices.values() if price.product_id == card.id)
        return card if span is None else replace(card, price=span[0], price_max=span[1])

    return replace(cards, items=[card_in(card) for card in cards.items])


class ShopCatalogController(Controller):
    tags = ["catalogue"]

    @get(
        "/products",
        operation_id="list_products",
        summary="Published products, filtered, sorted and paged",
        description="`category` (with its subcategories) and `brand` are slugs; `q` matches names "
        "regardless of case and accents. Prices are what a guest pays (price lists applied) in `currency`, "
        "the default one when omitted; `min_price`, `max_price` and the price sorts use the catalogue's "
        "base prices.",
        responses=errors(400, 422),
    )
    async def list_products(
        self,
        bus: Bus,
        category: FromQuery[str | None] = None,
        brand: FromQuery[str | None] = None,
        min_price: Amount = None,
        max_price: Amount = None,
        q: FromQuery[str | None] = None,
        sort: FromQuery[Sort] = "newest",
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
        currency: Currency = None,
    ) -> ProductCards:
        page = await bus.ask(
            ListProducts(
                category=category,
                brand=brand,
                min_price=min_price,
                max_price=max_price,
                q=q,
                sort=sort,
                limit=limit,
                cursor=cursor,
            )
        )
        return await cards_in(bus, shaped(page, ProductCards), currency)

    @get(
        "/products/{id_or_slug:str}",
        operation_id="get_product",
        summary="A published product with its variants, by id or slug",
        responses=errors(400, 404, 422),
    )
    async def get_product(self, bus: Bus, id_or_slug: FromPath[str], currency: Currency = None) -> Product:
        product = shaped(await bus.ask(GetProduct(id_or_slug=id_or_slug)), Product)
        return product_in(product, await prices_in(bus, currency, skus=(v.sku for v in product.variants)))

    @get("/categories", operation_id="list_categories", summary="The category tree")
    async def list_categories(self, bus: Bus) -> CategoryTree:
        tree = await bus.ask(GetCategoryTree())
        return CategoryTree(items=[shaped(node, CategoryBranch) for node in tree])

    @get(
        "/brands",
        operation_id="list_brands",
        summary="Brands by name, paged",
        responses=errors(400, 422),
    )
    async def list_brands(self, bus: Bus, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> Brands:
        return shaped(await bus.ask(ListBrands(limit=limit, cursor=cursor)), Brands)


ROUTES = [ShopCatalogController]

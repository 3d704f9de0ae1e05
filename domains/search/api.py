"""Shoppers' search routes: search, autocomplete, and the signals that tune them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.openapi.spec import Example
from litestar.params import FromQuery, JSONBody, QueryParameter
from msgspec.structs import replace

from core.controllers import Bus, shaped
from core.errors import FieldError, Invalid, Unavailable
from core.guards import customer_guard, optional_principal
from core.http import NO_NUL, errors
from core.money import MAX_AMOUNT
from core.security import Principal
from domains.catalog.messages import ShownPricesNeedPricing
from domains.pricing.messages import PriceSkus
from domains.search.messages import (
    MAX_LIMIT,
    MAX_OFFSET,
    MAX_PREFIX_LENGTH,
    MAX_QUERY_LENGTH,
    MAX_SUGGESTIONS,
    Autocomplete,
    AutocompleteReply,
    DocumentType,
    Filters,
    RecordClick,
    RecordView,
    Search,
    SearchDocument,
    Sort,
)
from domains.search.schemas import FACET_LIST, FACET_NAMES, ClickBody, SearchResults, ViewBody

if TYPE_CHECKING:
    from core.bus import MessageBus
    from core.money import Money

Caller = NamedDependency[Principal]
ATTRIBUTE_PREFIX = "attr."
KNOWN_PARAMS = {"q", "type", "category", "brand", "min_price", "max_price", "in_stock", "facets", "sort"}
KNOWN_PARAMS |= {"limit", "offset", "currency"}
PRICED_AT_ONCE = 500  # the most SKUs pricing prices in one PriceSkus
# Text limits are documented here and refused by the search domain with 422 naming the field.
SearchText = Annotated[
    str,
    QueryParameter(
        description="the words searched for", schema_extra={"maxLength": MAX_QUERY_LENGTH, "pattern": NO_NUL}
    ),
]
Prefix = Annotated[
    str,
    QueryParameter(
        description="what the shopper typed so far",
        schema_extra={"maxLength": MAX_PREFIX_LENGTH, "pattern": NO_NUL},
    ),
]
FacetList = Annotated[
    str,
    QueryParameter(
        description=f"comma list of facets to count: {', '.join(FACET_NAMES)}",
        schema_extra={"pattern": FACET_LIST},
    ),
]
Price = Annotated[
    int | None, QueryParameter(ge=0, le=MAX_AMOUNT, description="minor units", schema_extra={"minimum": 0})
]
Currency = Annotated[
    str | None,
    QueryParameter(
        pattern=r"^[A-Za-z]{3}$",
        description="ISO 4217 code of a shop currency to show the hits' prices in (the shop's default "
        "currency when omitted); one the shop does not sell in, or without an exchange rate, is 422",
        examples=[Example(value="USD")],
    ),
]


def _attributes(request: Request[Any, Any, Any]) -> dict[str, str]:
    unknown = [
        k for k in request.query_params if k not in KNOWN_PARAMS and not k.startswith(ATTRIBUTE_PREFIX)
    ]
    if unknown:
        hint = f"unknown filter; attributes are filtered as {ATTRIBUTE_PREFIX}<name>"
        raise Invalid("unknown search parameters", errors=[FieldError(k, hint) for k in unknown])
    return {
        k.removeprefix(ATTRIBUTE_PREFIX): v
        for k, v in request.query_params.items()
        if k.startswith(ATTRIBUTE_PREFIX)
    }


def _customer(request: Request[Any, Any, Any]) -> str | None:
    principal: Principal | None = optional_principal(request)
    return principal.subject if principal is not None and principal.kind == "customer" else None


def _product_id(hit: SearchDocument) -> UUID | None:
    if hit.type != "product":
        return None
    try:
        return UUID(hit.id)
    except ValueError:
        return None


async def _lists_apply(bus: MessageBus) -> bool:
    """Whether a guest price list in the default currency exists (the catalogue keeps that); when the
    catalogue cannot say, pricing is asked as if one did."""
    try:
        needed: bool = await bus.ask(ShownPricesNeedPricing())
    except Unavailable:
        return True
    return needed


async def hits_in(bus: MessageBus, hits: list[SearchDocument], currency: str | None) -> list[SearchDocument]:
    """Each product hit's ``price``, its lowest variant price, as pricing gives it to a guest in
    ``currency`` (None: the default one), price lists applied, in one query for the page; Invalid
    naming ``currency`` if pricing cannot price in it. Without pricing (its process down), the default
    currency keeps the indexed base prices so search still answers; another currency cannot be shown."""
    if currency is None and not await _lists_apply(bus):
        return hits  # no guest price list in the default currency: the indexed base prices hold
    products = [_product_id(hit) for hit in hits]
    try:
        reply = await bus.ask(
            PriceSkus(product_ids=[p for p in products if p is not None], currency=currency)
        )
    except Unavailable:
        if currency is not None:
            raise
        return hits
    lowest: dict[UUID, Money] = {}
    for price in reply:
        known = lowest.get(price.product_id)
        if known is None or price.unit_price.amount < known.amount:
            lowest[price.product_id] = price.unit_price

    def hit_in(hit: SearchDocument, product_id: UUID | None) -> SearchDocument:
        found = lowest.get(product_id) if product_id is not None else None
        return hit if found is None else replace(hit, price=found.amount, currency=found.currency)

    return [hit_in(hit, product_id) for hit, product_id in zip(hits, products, strict=True)]


class SearchController(Controller):
    path = "/search"
    tags = ["search"]

    @get(
        "/",
        operation_id="search",
        summary="Typo-tolerant search with filters and facets",
        description="`type` is `product` (default) or `content` (CMS pages and posts). Filters combine with "
        "the text: `category` and `brand` are slugs, prices are minor units, attributes are `attr.<name>=value`. "
        "A signed-in customer's results favour the categories and brands they viewed recently. Hits show "
        "what a guest pays (price lists applied) in `currency`, the shop's default one when omitted; the "
        "price filters, the price sorts and the `price` facet use the catalogue's base prices.",
        responses=errors(400, 401, 422, 503),
        opt={"auth": "optional"},
    )
    async def search(
        self,
        request: Request[Any, Any, Any],
        bus: Bus,
        q: SearchText = "",
        type: FromQuery[DocumentType] = "product",
        category: FromQuery[str | None] = None,
        brand: FromQuery[str | None] = None,
        min_price: Price = None,
        max_price: Price = None,
        in_stock: FromQuery[bool | None] = None,
        facets: FacetList = "",
        sort: FromQuery[Sort] = "relevance",
        limit: Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT)] = 20,
        offset: Annotated[int, QueryParameter(ge=0, le=MAX_OFFSET)] = 0,
        currency: Currency = None,
    ) -> SearchResults:
        filters = Filters(
            category=category,
            brand=brand,
            min_price=min_price,
            max_price=max_price,
            in_stock=in_stock,
            attributes=_attributes(request),
        )
        reply = await bus.ask(
            Search(
                q=q,
                document_type=type,
                filters=filters,
                facets=[f.strip() for f in facets.split(",") if f.strip()],
                sort=sort,
                limit=limit,
                offset=offset,
                customer_id=_customer(request),
            )
        )
        results = shaped(reply, SearchResults)
        return replace(results, hits=await hits_in(bus, results.hits, currency))

    @get(
        "/autocomplete",
        operation_id="search_autocomplete",
        summary="Suggestions as the shopper types: products, categories, brands and popular searches",
        responses=errors(400, 422, 503),
    )
    async def autocomplete(
        self, bus: Bus, q: Prefix = "", limit: Annotated[int, QueryParameter(ge=1, le=MAX_SUGGESTIONS)] = 8
    ) -> AutocompleteReply:
        return await bus.ask(Autocomplete(q=q, limit=limit))

    @post(
        "/clicks",
        operation_id="search_record_click",
        summary="Report that a shopper opened a result of a search (by its query_id)",
        status_code=204,
        responses=errors(400, 401, 404, 422),
        opt={"auth": "optional"},
    )
    async def record_click(
        self, request: Request[Any, Any, Any], bus: Bus, data: JSONBody[ClickBody]
    ) -> None:
        await bus.send(
            RecordClick(
                query_id=data.query_id,
                document_id=data.document_id,
                position=data.position,
                customer_id=_customer(request),
            )
        )

    @post(
        "/views",
        operation_id="search_record_view",
        summary="Report that the signed-in customer viewed a product (personalises their results)",
        status_code=204,
        guards=[customer_guard],
        responses=errors(400, 401, 403, 422),
    )
    async def record_view(self, bus: Bus, principal: Caller, data: JSONBody[ViewBody]) -> None:
        await bus.send(RecordView(customer_id=principal.subject, document_id=data.document_id))


ROUTES = [SearchController]

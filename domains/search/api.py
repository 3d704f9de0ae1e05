"""Shoppers' search routes: search, autocomplete, and the signals that tune them."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromQuery, JSONBody, QueryParameter

from core.controllers import Bus, shaped
from core.errors import FieldError, Invalid
from core.guards import customer_guard, optional_principal
from core.http import errors
from core.money import MAX_AMOUNT
from core.security import Principal
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
    Sort,
)
from domains.search.schemas import FACET_LIST, FACET_NAMES, ClickBody, SearchResults, ViewBody

Caller = NamedDependency[Principal]
ATTRIBUTE_PREFIX = "attr."
KNOWN_PARAMS = {"q", "type", "category", "brand", "min_price", "max_price", "in_stock", "facets", "sort"}
KNOWN_PARAMS |= {"limit", "offset"}
# Text limits are documented here and refused by the search domain with 422 naming the field.
SearchText = Annotated[
    str, QueryParameter(description="the words searched for", schema_extra={"maxLength": MAX_QUERY_LENGTH})
]
Prefix = Annotated[
    str,
    QueryParameter(
        description="what the shopper typed so far", schema_extra={"maxLength": MAX_PREFIX_LENGTH}
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


class SearchController(Controller):
    path = "/search"
    tags = ["search"]

    @get(
        "/",
        operation_id="search",
        summary="Typo-tolerant search with filters and facets",
        description="`type` is `product` (default) or `content` (CMS pages and posts). Filters combine with "
        "the text: `category` and `brand` are slugs, prices are minor units, attributes are `attr.<name>=value`. "
        "A signed-in customer's results favour the categories and brands they viewed recently.",
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
        return shaped(reply, SearchResults)

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

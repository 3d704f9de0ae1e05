"""Shoppers' search routes: search, autocomplete, and the signals that tune them."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, get, post
from litestar.params import FromQuery, JSONBody, QueryParameter

from core.controllers import Bus
from core.errors import FieldError, Forbidden, Invalid
from core.guards import customer_guard, optional_principal
from core.http import errors
from core.security import Principal
from domains.search.messages import (
    Autocomplete,
    AutocompleteReply,
    RecordClick,
    RecordView,
    Search,
    SearchReply,
)
from domains.search.model import DocumentType, Filters, Sort

KNOWN_PARAMS = {
    "q",
    "type",
    "category",
    "brand",
    "min_price",
    "max_price",
    "in_stock",
    "facets",
    "sort",
    "limit",
    "offset",
}
ATTRIBUTE_PREFIX = "attr."
Price = Annotated[int | None, QueryParameter(ge=0, description="minor units")]


class ClickBody(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    query_id: UUID
    document_id: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    position: Annotated[int, msgspec.Meta(ge=0)] | None = None


class ViewBody(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    document_id: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]


def _attributes(request: Request[Any, Any, Any]) -> dict[str, str]:
    unknown = [
        k for k in request.query_params if k not in KNOWN_PARAMS and not k.startswith(ATTRIBUTE_PREFIX)
    ]
    if unknown:
        raise Invalid(
            "unknown search parameters",
            errors=[
                FieldError(k, f"unknown filter; attributes are filtered as {ATTRIBUTE_PREFIX}<name>")
                for k in unknown
            ],
        )
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
        "`facets` is a comma list of brand, category, price, in_stock, type. A signed-in customer's results "
        "favour the categories and brands they viewed recently.",
        responses=errors(400, 401, 422),
        opt={"auth": "optional"},
    )
    async def search(
        self,
        request: Request[Any, Any, Any],
        bus: Bus,
        q: FromQuery[str] = "",
        type: FromQuery[DocumentType] = "product",
        category: FromQuery[str | None] = None,
        brand: FromQuery[str | None] = None,
        min_price: Price = None,
        max_price: Price = None,
        in_stock: FromQuery[bool | None] = None,
        facets: FromQuery[str] = "",
        sort: FromQuery[Sort] = "relevance",
        limit: Annotated[int, QueryParameter(ge=1, le=100)] = 20,
        offset: Annotated[int, QueryParameter(ge=0, le=10_000)] = 0,
    ) -> SearchReply:
        filters = Filters(
            category=category,
            brand=brand,
            min_price=min_price,
            max_price=max_price,
            in_stock=in_stock,
            attributes=_attributes(request),
        )
        return await bus.ask(
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

    @get(
        "/autocomplete",
        operation_id="search_autocomplete",
        summary="Suggestions as the shopper types: products, categories, brands and popular searches",
        responses=errors(400, 422),
    )
    async def autocomplete(
        self, bus: Bus, q: FromQuery[str] = "", limit: Annotated[int, QueryParameter(ge=1, le=20)] = 8
    ) -> AutocompleteReply:
        return await bus.ask(Autocomplete(q=q, limit=limit))

    @post(
        "/clicks",
        operation_id="search_record_click",
        summary="Report that a shopper opened a result of a search (by its query_id)",
        status_code=204,
        responses=errors(400, 401, 404),
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
        responses=errors(400, 401, 403),
    )
    async def record_view(self, bus: Bus, principal: Principal, data: JSONBody[ViewBody]) -> None:
        if principal.kind != "customer":
            raise Forbidden("customers only")
        await bus.send(RecordView(customer_id=principal.subject, document_id=data.document_id))

"""Staff routes for exchange rates, tax rates, products' tax classes and price history."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, delete, get, post, put
from litestar.params import FromPath, JSONBody, QueryParameter

from core.controllers import Bus, Cursor, Limit, message, shaped
from core.guards import staff
from core.http import errors
from core.paging import DEFAULT_LIMIT
from domains.pricing.messages import (
    AssignTaxClass,
    CreateTaxRate,
    DeleteTaxRate,
    ExchangeRate,
    ExchangeRatePage,
    GetPriceHistory,
    ListExchangeRates,
    ListTaxRates,
    ProductTaxClass,
    SetExchangeRate,
    TaxRateDetails,
    TaxRatePage,
)
from domains.pricing.schemas import ExchangeRateBody, PriceHistory, TaxClassBody, TaxRateCreate

READ, WRITE = [staff("pricing:read")], [staff("pricing:write")]
Country = Annotated[str | None, QueryParameter(min_length=2, max_length=2, description="ISO 3166 code")]


class ExchangeRateAdminController(Controller):
    path = "/admin/exchange-rates"
    tags = ["pricing: staff"]

    @get(
        "/",
        guards=READ,
        operation_id="admin_list_exchange_rates",
        summary="The exchange rates staff set, by currency",
        responses=errors(400, 401, 403, 422),
    )
    async def index(self, bus: Bus, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> ExchangeRatePage:
        return await bus.ask(ListExchangeRates(limit=limit, cursor=cursor))

    @put(
        "/{currency:str}",
        guards=WRITE,
        operation_id="admin_set_exchange_rate",
        summary="Set the units of a shop currency per one unit of the default currency, and charm rounding",
        responses=errors(400, 401, 403, 422),
    )
    async def set(self, bus: Bus, currency: FromPath[str], data: JSONBody[ExchangeRateBody]) -> ExchangeRate:
        return await bus.send(message(data, SetExchangeRate, currency=currency))


class TaxRateAdminController(Controller):
    path = "/admin/tax-rates"
    tags = ["pricing: staff"]

    @post(
        "/",
        guards=WRITE,
        operation_id="admin_create_tax_rate",
        summary="Add a rate for a country (or one of its regions), for one tax class or all",
        responses=errors(400, 401, 403, 409, 422),
    )
    async def create(self, bus: Bus, data: JSONBody[TaxRateCreate]) -> TaxRateDetails:
        return await bus.send(message(data, CreateTaxRate))

    @get(
        "/",
        guards=READ,
        operation_id="admin_list_tax_rates",
        summary="Tax rates by country, region and class (the country-wide and every-class rates last)",
        responses=errors(400, 401, 403, 422),
    )
    async def index(
        self, bus: Bus, country: Country = None, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
    ) -> TaxRatePage:
        return await bus.ask(ListTaxRates(country=country, limit=limit, cursor=cursor))

    @delete(
        "/{tax_rate_id:uuid}",
        guards=WRITE,
        operation_id="admin_delete_tax_rate",
        summary="Remove a tax rate",
        responses=errors(401, 403, 404),
    )
    async def remove(self, bus: Bus, tax_rate_id: FromPath[UUID]) -> None:
        await bus.send(DeleteTaxRate(tax_rate_id=tax_rate_id))


class ProductPricingAdminController(Controller):
    path = "/admin/products/{product_id:uuid}"
    tags = ["pricing: staff"]

    @put(
        "/tax-class",
        guards=WRITE,
        operation_id="admin_set_product_tax_class",
        summary="Set the product's tax class (standard unless set)",
        responses=errors(400, 401, 403, 404, 422),
    )
    async def tax_class(
        self, bus: Bus, product_id: FromPath[UUID], data: JSONBody[TaxClassBody]
    ) -> ProductTaxClass:
        return await bus.send(AssignTaxClass(product_id=product_id, tax_class=data.tax_class))

    @get(
        "/price-history",
        guards=READ,
        operation_id="admin_product_price_history",
        summary="Every change of the product's base and price-list prices, newest first",
        responses=errors(400, 401, 403, 422),
    )
    async def history(
        self, bus: Bus, product_id: FromPath[UUID], limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
    ) -> PriceHistory:
        page = await bus.ask(GetPriceHistory(product_id=product_id, limit=limit, cursor=cursor))
        return shaped(page, PriceHistory)

"""Shopper routes of pricing: ``POST /quotes``, what a cart would cost, for anyone.

Shoppers also see prices through the catalogue, search and the cart, which ask
pricing's ``PriceSkus`` and ``QuoteCart`` queries over the bus.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, post
from litestar.params import JSONBody

from core.controllers import Bus, message
from core.guards import optional_principal
from core.http import errors
from domains.pricing.messages import Quote, QuoteCart
from domains.pricing.schemas import QuoteBody


def _customer(request: Request[Any, Any, Any]) -> UUID | None:
    principal = optional_principal(request)
    if principal is None or principal.kind != "customer":
        return None
    try:
        return UUID(principal.subject)
    except ValueError:  # not a customer this shop issued
        return None


class QuoteController(Controller):
    path = "/quotes"
    tags = ["pricing"]

    @post(
        "/",
        operation_id="create_quote",
        summary="What these items cost: unit prices, discounts, shipping and tax, exact to the cent",
        description="Amounts are minor units of the quote's currency. A signed-in customer gets the prices "
        "of their segments and the promotions aimed at them. Coupons that do not apply are listed in "
        "`rejected_coupons` with a reason; the quote is still made. Without a shipping address (nor a "
        "default one) the tax is not known yet: `tax_known` is false and tax is 0.",
        status_code=200,
        responses=errors(400, 401, 415, 422),
        opt={"auth": "optional"},
    )
    async def create(self, request: Request[Any, Any, Any], bus: Bus, data: JSONBody[QuoteBody]) -> Quote:
        return await bus.ask(message(data, QuoteCart, customer_id=_customer(request)))


ROUTES: list[Any] = [QuoteController]

"""What a parcel costs to ship: the methods to a country, with their prices, for anyone."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.params import QueryParameter

from core.controllers import Bus
from core.http import errors
from core.money import MAX_AMOUNT
from domains.shipping.messages import QuoteShipping
from domains.shipping.model import MAX_POSTAL_CODE, MAX_WEIGHT_GRAMS
from domains.shipping.schemas import ShippingOption

Country = Annotated[
    str, QueryParameter(min_length=2, max_length=2, description="ISO 3166 alpha-2 code of the destination")
]
PostalCode = Annotated[
    str | None,
    QueryParameter(min_length=1, max_length=MAX_POSTAL_CODE, description="checked for common countries"),
]
Weight = Annotated[int, QueryParameter(ge=0, le=MAX_WEIGHT_GRAMS, description="the parcel's weight in grams")]
Subtotal = Annotated[
    int,
    QueryParameter(ge=0, le=MAX_AMOUNT, description="what the goods cost, in minor units (for free_over)"),
]


class ShippingOptionController(Controller):
    path = "/shipping"
    tags = ["shipping"]

    @get(
        "/options",
        operation_id="list_shipping_options",
        summary="The shipping methods to a country, priced for a parcel, cheapest first",
        description="Prices are minor units of the shop's default currency. A method costs nothing "
        "once `subtotal` reaches its `free_over`; one that cannot carry `weight_grams` is left out. "
        "A country no zone lists is served by the rest-of-the-world zone (`*`), if there is one.",
        responses=errors(400, 422),
    )
    async def options(
        self,
        bus: Bus,
        country: Country,
        postal_code: PostalCode = None,
        weight_grams: Weight = 0,
        subtotal: Subtotal = 0,
    ) -> list[ShippingOption]:
        query = QuoteShipping(
            country=country, postal_code=postal_code, weight_grams=weight_grams, subtotal=subtotal
        )
        return await bus.ask(query)

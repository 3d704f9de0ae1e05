"""HTTP request structs of the orders routes, with the limits the server enforces; replies are the contract's."""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar.datastructures import ResponseHeader
from litestar.params import HeaderParameter

from core.controllers import Body

ORDER_TOKEN = "X-Order-Token"
Email = Annotated[
    str,
    msgspec.Meta(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$", examples=["ann@example.com"]),
]
Provider = Annotated[
    str, msgspec.Meta(min_length=1, max_length=50, pattern=r"^[a-z0-9_-]+$", examples=["sandbox"])
]
PaymentToken = Annotated[
    str,
    msgspec.Meta(
        min_length=1,
        max_length=500,
        description='The provider\'s payment token. Sandbox: "ok" pays, "decline" and "fraud" are declined, '
        '"error" is a provider failure (nothing charged).',
    ),
]
Reason = Annotated[str, msgspec.Meta(min_length=1, max_length=500)]
Carrier = Annotated[str, msgspec.Meta(min_length=1, max_length=100, examples=["DHL"])]
Tracking = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]

OrderToken = Annotated[
    str | None,
    HeaderParameter(
        name=ORDER_TOKEN,
        required=False,
        description="The `X-Order-Token` the checkout replied with: lets a guest read and cancel the order.",
        schema_extra={"maxLength": 200},
    ),
]
ORDER_TOKEN_HEADER = ResponseHeader(
    name=ORDER_TOKEN,
    documentation_only=True,
    description="A secret that lets whoever holds it (a guest) read and cancel this order; shown once.",
)


class PaymentChoice(Body, frozen=True, kw_only=True):
    provider: Provider
    token: PaymentToken | None = None


class CheckoutBody(Body, frozen=True, kw_only=True):
    """How the shopper pays; a guest also gives the email the order goes to (unless the cart has one)."""

    payment: PaymentChoice
    email: Email | None = None


class Cancellation(Body, frozen=True, kw_only=True):
    reason: Reason | None = None


class Shipment(Body, frozen=True, kw_only=True):
    carrier: Carrier | None = None
    tracking_number: Tracking | None = None

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


Sku = Annotated[str, msgspec.Meta(min_length=1, max_length=64, examples=["MUG-1"])]
Units = Annotated[int, msgspec.Meta(ge=1, le=10000)]
ReturnReason = Annotated[str, msgspec.Meta(min_length=1, max_length=500, examples=["too small"])]


class ReturnLine(Body, frozen=True, kw_only=True):
    sku: Sku
    quantity: Units


class ReturnRequest(Body, frozen=True, kw_only=True):
    """Which delivered units to send back, and why."""

    items: Annotated[list[ReturnLine], msgspec.Meta(min_length=1, max_length=100)]
    reason: ReturnReason


class Rejection(Body, frozen=True, kw_only=True):
    reason: ReturnReason


class ReceivedLine(Body, frozen=True, kw_only=True):
    """Units that came back: restocked into the warehouse they left, or written off (``restock: false``)."""

    sku: Sku
    quantity: Units
    restock: bool = True


class Receipt(Body, frozen=True, kw_only=True):
    """What came back; without ``items``, every approved unit, restocked."""

    items: Annotated[list[ReceivedLine], msgspec.Meta(min_length=1, max_length=100)] | None = None


class RefundRequest(Body, frozen=True, kw_only=True):
    """An amount in minor units of the order's currency (1990 is 19.90 EUR)."""

    amount: Annotated[int, msgspec.Meta(ge=1, le=10**12, description="minor units of the order's currency")]
    reason: ReturnReason

"""HTTP bodies of the cart routes, with the limits the server enforces; replies are the contract's.

A quantity is checked by the server against the shop's ``max_line_quantity`` (a
setting), so it is refused with a 422 naming ``quantity``, not by the schema. The
schema still publishes its fixed minimum (Litestar's ``extra`` of a msgspec field's
``extra_json_schema``), which decoding does not enforce; the maximum, a setting, is
not known when the schema is built.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import msgspec

from core.controllers import Body
from core.money import CurrencyCode
from domains.cart import messages as m

Sku = Annotated[str, msgspec.Meta(min_length=1, max_length=64, description="case does not matter")]
Quantity = Annotated[
    int,
    msgspec.Meta(
        description="units, 1 to the shop's `max_line_quantity` (100 unless configured); "
        "anything else is refused with 422 naming `quantity`",
        extra_json_schema={"extra": {"minimum": 1}},
    ),
]
Code = Annotated[str, msgspec.Meta(min_length=1, max_length=64, description="case does not matter")]
Name = Annotated[str, msgspec.Meta(max_length=100)]
Line = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Country = Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2, e.g. DE")]
PostalCode = Annotated[
    str, msgspec.Meta(min_length=1, max_length=20, description="in the country's format where known")
]
Phone = Annotated[str, msgspec.Meta(max_length=40, description="digits, spaces and + ( ) . -")]


class CartCreate(Body, frozen=True, kw_only=True):
    """Both optional; the body may be left out."""

    currency: (
        Annotated[CurrencyCode, msgspec.Meta(description="one the shop sells in; default its own")] | None
    ) = None
    email: Annotated[str, msgspec.Meta(max_length=254, description="for a guest's order mails")] | None = None


class ItemAdd(Body, frozen=True, kw_only=True):
    sku: Sku
    quantity: Quantity


class ItemChange(Body, frozen=True, kw_only=True):
    quantity: Quantity


class CouponBody(Body, frozen=True, kw_only=True):
    code: Code


class AddressBody(Body, frozen=True, kw_only=True):
    first_name: Name | None = None
    last_name: Name | None = None
    line1: Line
    line2: Annotated[str, msgspec.Meta(max_length=200)] | None = None
    city: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    region: Name | None = None
    postal_code: PostalCode
    country: Country
    phone: Phone | None = None


class MethodChoice(Body, frozen=True, kw_only=True):
    method_id: Annotated[UUID, msgspec.Meta(description="one of `GET /carts/{id}/shipping-rates`")]


Cart = m.CartView

"""Where a cart goes and the shipping chosen for it: plain values other domains' messages reuse.

They import nothing but ``core``, so the orders contract can import them while the cart's
own contract (which imports pricing, inventory and shipping) is still loading.
"""

from __future__ import annotations

from uuid import UUID

import msgspec

from core.money import Money


class CartAddress(msgspec.Struct, frozen=True, kw_only=True):
    """Where the cart goes; ``country`` is ISO 3166 alpha-2, ``postal_code`` in the country's format."""

    first_name: str | None = None
    last_name: str | None = None
    line1: str
    line2: str | None = None
    city: str
    region: str | None = None
    postal_code: str
    country: str
    phone: str | None = None


class ChosenShipping(msgspec.Struct, frozen=True, kw_only=True):
    method_id: UUID
    name: str
    price: Money

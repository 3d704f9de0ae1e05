"""The ``table_rate`` carrier: a method's own weight bands, by the shipping domain's rule."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.money import Money
from domains.shipping.model import band_price

if TYPE_CHECKING:
    from domains.shipping.messages import Method, Parcel


class TableRateCarrier:
    """The price of the first band covering the parcel's weight; none for a parcel heavier than all."""

    async def rate(self, method: Method, parcel: Parcel) -> Money | None:
        price = band_price(method.rates, parcel.weight_grams)
        return None if price is None else Money(amount=price, currency=method.currency)

"""The ``table_rate`` carrier: a method's own bands, by the shipping domain's rule; labels it
prints itself (a PDF with a generated tracking number); no tracking of its own (staff record it).

Tracking numbers follow the UPU S10 form: ``CM`` (a parcel), eight digits, a check digit
and the sending country, e.g. ``CM123456785DE``.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import TYPE_CHECKING

from adapters.shipping.label_pdf import render
from core.errors import NotFound
from core.money import Money
from domains.shipping.model import Label, price_of

if TYPE_CHECKING:
    from domains.shipping.messages import Method, Parcel
    from domains.shipping.ports import LabelRequest, TrackedParcel, TrackingUpdate, WebhookDelivery

S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)
SERVICE_INDICATOR = "CM"


def s10_check_digit(serial: str) -> int:
    """The UPU S10 check digit of an eight-digit serial number."""
    check = 11 - sum(int(digit) * weight for digit, weight in zip(serial, S10_WEIGHTS, strict=True)) % 11
    return {10: 0, 11: 5}.get(check, check)


def tracking_number(country: str) -> str:
    """A fresh S10 tracking number for a parcel sent from ``country``."""
    serial = f"{secrets.randbelow(10**8):08d}"
    return f"{SERVICE_INDICATOR}{serial}{s10_check_digit(serial)}{country.upper()}"


class TableRateCarrier:
    """The price of the method's band covering the parcel; none for a parcel past every band."""

    tracks_itself = False

    async def rate(self, method: Method, parcel: Parcel) -> Money | None:
        price = price_of(method.basis, method.rates, parcel)
        return None if price is None else Money(amount=price, currency=method.currency)

    async def prepare_label(self, request: LabelRequest) -> str | None:
        return None

    async def buy_label(self, request: LabelRequest, reference: str | None) -> Label:
        number = tracking_number(request.origin_country or request.destination.country)
        document = render(request, number, "Mercato table rate")
        return Label(tracking_number=number, service=request.service, document=document)

    async def track(self, parcel: TrackedParcel) -> list[TrackingUpdate]:
        return []

    def read_webhook(self, headers: Mapping[str, str], body: bytes) -> WebhookDelivery:
        raise NotFound("the table_rate carrier sends no webhooks: staff record its tracking")

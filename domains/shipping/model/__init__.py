"""The shipping domain's rules, free of I/O: ``rates`` (valid zones and methods), ``pricing`` (which
zones serve a country, what a parcel costs), ``shipments`` (a parcel of an order and how it moves)
and ``fulfilment`` (how a paid order is split into parcels)."""

from __future__ import annotations

from domains.shipping.model.fulfilment import all_delivered, split_by_warehouse
from domains.shipping.model.pricing import (
    MAX_POSTAL_CODE,
    MAX_WEIGHT_GRAMS,
    band_price,
    charged,
    covering,
    parcel_of,
    price_of,
    subtotal_price,
)
from domains.shipping.model.rates import (
    BASES,
    MAX_BANDS,
    MAX_COUNTRIES,
    MAX_NAME,
    MAX_SERVICE,
    ShippingMethod,
    ShippingZone,
    countries_of,
    rates_of,
)
from domains.shipping.model.shipments import (
    IN_FLIGHT,
    RANK,
    REACHES,
    Dispatch,
    Label,
    ParcelShipment,
)

__all__ = [
    "BASES",
    "IN_FLIGHT",
    "MAX_BANDS",
    "MAX_COUNTRIES",
    "MAX_NAME",
    "MAX_POSTAL_CODE",
    "MAX_SERVICE",
    "MAX_WEIGHT_GRAMS",
    "RANK",
    "REACHES",
    "Dispatch",
    "Label",
    "ParcelShipment",
    "ShippingMethod",
    "ShippingZone",
    "all_delivered",
    "band_price",
    "charged",
    "countries_of",
    "covering",
    "parcel_of",
    "price_of",
    "rates_of",
    "split_by_warehouse",
    "subtotal_price",
]

"""Staff routes of the shipping domain: zones and methods (``rates``), shipments (``shipments``)."""

from __future__ import annotations

from typing import Any

from domains.shipping.admin.rates import ShippingMethodAdminController, ShippingZoneAdminController
from domains.shipping.admin.shipments import ShipmentAdminController

ROUTES: list[Any] = [ShippingZoneAdminController, ShippingMethodAdminController, ShipmentAdminController]

__all__ = ["ROUTES"]

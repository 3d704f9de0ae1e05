"""Shopper and provider routes of the shipping domain: shipping options, an order's tracking, carriers' webhooks."""

from __future__ import annotations

from typing import Any

from domains.shipping.api.options import ShippingOptionController
from domains.shipping.api.tracking import OrderTrackingController
from domains.shipping.api.webhooks import ShippingWebhookController

ROUTES: list[Any] = [ShippingOptionController, OrderTrackingController, ShippingWebhookController]

__all__ = ["ROUTES"]

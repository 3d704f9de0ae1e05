"""Shopper routes of promotions: none of its own; shoppers see promotions through quotes and carts.

Pricing asks ``promotions.EvaluatePromotions`` over the bus for every quote.
"""

from __future__ import annotations

from typing import Any

ROUTES: list[Any] = []

"""The cart domain's rules, free of I/O: carts and lines, merging, shipping addresses."""

from __future__ import annotations

from domains.cart.model.addresses import checked_address
from domains.cart.model.carts import (
    MAX_LINES,
    Cart,
    Line,
    added_quantity,
    code_checked,
    quantity_checked,
    reachable,
    sku_checked,
)
from domains.cart.model.merging import Capped, merge, take_over

__all__ = [
    "MAX_LINES",
    "Capped",
    "Cart",
    "Line",
    "added_quantity",
    "checked_address",
    "code_checked",
    "merge",
    "quantity_checked",
    "reachable",
    "sku_checked",
    "take_over",
]

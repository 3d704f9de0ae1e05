"""The inventory HTTP shapes, apart from its bus messages so either can change alone.

SKUs and warehouse codes may be sent in any case; they are kept upper-cased.
"""

from __future__ import annotations

from typing import Annotated

import msgspec

from core.controllers import Body
from core.http import NO_NUL
from domains.inventory.messages import AdjustmentKind, Movement, Warehouse
from domains.inventory.model import MAX_QUANTITY

SKU_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
Sku = Annotated[
    str,
    msgspec.Meta(
        min_length=1,
        max_length=64,
        pattern=SKU_PATTERN,
        description="the SKU (any case; kept upper-cased)",
    ),
]
Code = Annotated[
    str,
    msgspec.Meta(
        min_length=1,
        max_length=32,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$",
        description="a warehouse code (any case; kept upper-cased)",
    ),
]
Units = Annotated[int, msgspec.Meta(ge=1, le=MAX_QUANTITY, description="whole units")]
Threshold = Annotated[int, msgspec.Meta(ge=0, le=MAX_QUANTITY)]


class WarehouseCreate(Body, frozen=True, kw_only=True):
    code: Code
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=NO_NUL)]
    country: Annotated[
        str, msgspec.Meta(min_length=2, max_length=2, description="ISO 3166 alpha-2 code, such as DE")
    ]
    priority: Annotated[
        int, msgspec.Meta(ge=-1_000_000, le=1_000_000, description="higher gives its stock first")
    ] = 0


class AdjustmentCreate(Body, frozen=True, kw_only=True):
    sku: Sku
    warehouse: Code
    delta: Annotated[
        int,
        msgspec.Meta(
            ge=-MAX_QUANTITY, le=MAX_QUANTITY, description="units added (or, negative, removed); not 0"
        ),
    ]
    reason: Annotated[str, msgspec.Meta(min_length=1, max_length=500, pattern=NO_NUL)]
    kind: Annotated[
        AdjustmentKind,
        msgspec.Meta(description="what the ledger records: a count correction, goods received or returned"),
    ] = "adjustment"


class TransferCreate(Body, frozen=True, kw_only=True):
    sku: Sku
    source: Code = msgspec.field(name="from")
    to: Code
    quantity: Units


class ThresholdUpdate(Body, frozen=True, kw_only=True):
    low_stock_threshold: Annotated[
        Threshold | None,
        msgspec.Meta(description="StockLow is raised when available falls to this or below; null: never"),
    ]


class Movements(msgspec.Struct, frozen=True, kw_only=True):
    """A page of the ledger, newest first."""

    items: list[Movement]
    next_cursor: str | None


class Warehouses(msgspec.Struct, frozen=True, kw_only=True):
    """A page of warehouses, highest priority first, then by code."""

    items: list[Warehouse]
    next_cursor: str | None

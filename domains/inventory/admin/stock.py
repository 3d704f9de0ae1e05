"""Staff routes for stock: levels, adjustments, transfers, low-stock thresholds and the ledger."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Annotated

from litestar import Controller, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, PathParameter, QueryParameter

from core.controllers import Bus, Cursor, Limit, shaped
from core.errors import DomainError, FieldError
from core.guards import staff
from core.http import errors
from core.paging import DEFAULT_LIMIT
from core.security import Principal
from domains.inventory.messages import (
    AdjustStock,
    GetStock,
    ListMovements,
    SetLowStockThreshold,
    StockLevel,
    TransferStock,
)
from domains.inventory.schemas import (
    SKU_PATTERN,
    AdjustmentCreate,
    Movements,
    ThresholdUpdate,
    TransferCreate,
)

READ, WRITE = [staff("inventory:read")], [staff("inventory:write")]
Caller = NamedDependency[Principal]
SkuFilter = Annotated[str | None, QueryParameter(max_length=64, description="only this SKU's lines")]
# Documented here and refused by the handlers with 422 naming ``sku``, as the body's ``sku`` is.
SkuPath = FromPath[
    Annotated[
        str,
        PathParameter(
            description="the SKU (any case)",
            schema_extra={"minLength": 1, "maxLength": 64, "pattern": SKU_PATTERN},
        ),
    ]
]


@contextlib.contextmanager
def fields_named(names: dict[str, str]) -> Iterator[None]:
    """The bus message's field names in an error, as the request body names them."""
    try:
        yield
    except DomainError as exc:
        exc.errors = [FieldError(names.get(e.field, e.field), e.message) for e in exc.errors]
        raise


class StockAdminController(Controller):
    path = "/admin/stock"
    tags = ["inventory: staff"]

    @post(
        "/adjustments",
        guards=WRITE,
        operation_id="admin_adjust_stock",
        summary="Add or remove units on hand in a warehouse, with a reason kept in the ledger",
        responses=errors(400, 401, 403, 409, 422),
    )
    async def adjust(self, bus: Bus, principal: Caller, data: JSONBody[AdjustmentCreate]) -> StockLevel:
        return await bus.send(
            AdjustStock(
                sku=data.sku,
                warehouse=data.warehouse,
                delta=data.delta,
                reason=data.reason,
                kind=data.kind,
                actor=principal.subject,
            )
        )

    @post(
        "/transfers",
        guards=WRITE,
        operation_id="admin_transfer_stock",
        summary="Move available units of a SKU from one warehouse to another, both or neither",
        responses=errors(400, 401, 403, 409, 422),
    )
    async def transfer(self, bus: Bus, principal: Caller, data: JSONBody[TransferCreate]) -> StockLevel:
        command = TransferStock(
            sku=data.sku,
            from_warehouse=data.source,
            to_warehouse=data.to,
            quantity=data.quantity,
            actor=principal.subject,
        )
        with fields_named({"from_warehouse": "from", "to_warehouse": "to"}):
            return await bus.send(command)

    @get(
        "/movements",
        guards=READ,
        operation_id="admin_list_stock_movements",
        summary="The movements ledger, newest first, of one SKU or all",
        responses=errors(400, 401, 403, 422),
    )
    async def movements(
        self, bus: Bus, sku: SkuFilter = None, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
    ) -> Movements:
        page = await bus.ask(ListMovements(sku=sku, limit=limit, cursor=cursor))
        return shaped(page, Movements)

    @get(
        "/{sku:str}",
        guards=READ,
        operation_id="admin_get_stock",
        summary="A SKU's stock over all warehouses and per warehouse (zeros if a product's SKU was never stocked)",
        responses=errors(401, 403, 404, 422),
    )
    async def level(self, bus: Bus, sku: SkuPath) -> StockLevel:
        return await bus.ask(GetStock(sku=sku))

    @patch(
        "/{sku:str}",
        guards=WRITE,
        operation_id="admin_update_stock_settings",
        summary="Set the SKU's low-stock threshold (`null`: no StockLow alerts)",
        responses=errors(400, 401, 403, 422),
    )
    async def settings(self, bus: Bus, sku: SkuPath, data: JSONBody[ThresholdUpdate]) -> StockLevel:
        with fields_named({"threshold": "low_stock_threshold"}):
            return await bus.send(SetLowStockThreshold(sku=sku, threshold=data.low_stock_threshold))

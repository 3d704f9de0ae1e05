"""Staff routes for price lists and their prices (``pricing:read`` / ``pricing:write``)."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, delete, get, patch, post, put
from litestar.params import FromPath, JSONBody

from core.controllers import Bus, Cursor, Limit, message
from core.guards import staff
from core.http import errors
from core.paging import DEFAULT_LIMIT
from domains.pricing.messages import (
    CreatePriceList,
    DeletePriceList,
    GetPriceList,
    ListPriceLists,
    PriceListDetails,
    PriceListPage,
    SetListPrices,
    UpdatePriceList,
)
from domains.pricing.schemas import PriceListCreate, PriceListUpdate, PricesBody

READ, WRITE = [staff("pricing:read")], [staff("pricing:write")]


class PriceListAdminController(Controller):
    path = "/admin/price-lists"
    tags = ["pricing: staff"]

    @post(
        "/",
        guards=WRITE,
        operation_id="admin_create_price_list",
        summary="Create a price list in one shop currency, optionally for a segment and a time window",
        responses=errors(400, 401, 403, 422),
    )
    async def create(self, bus: Bus, data: JSONBody[PriceListCreate]) -> PriceListDetails:
        return await bus.send(message(data, CreatePriceList))

    @get(
        "/",
        guards=READ,
        operation_id="admin_list_price_lists",
        summary="Price lists, oldest first",
        responses=errors(400, 401, 403, 422),
    )
    async def index(self, bus: Bus, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> PriceListPage:
        return await bus.ask(ListPriceLists(limit=limit, cursor=cursor))

    @get(
        "/{price_list_id:uuid}",
        guards=READ,
        operation_id="admin_get_price_list",
        summary="A price list with its prices",
        responses=errors(401, 403, 404),
    )
    async def show(self, bus: Bus, price_list_id: FromPath[UUID]) -> PriceListDetails:
        return await bus.ask(GetPriceList(price_list_id=price_list_id))

    @patch(
        "/{price_list_id:uuid}",
        guards=WRITE,
        operation_id="admin_update_price_list",
        summary="Change the fields given; `null` clears the segment or a date",
        responses=errors(400, 401, 403, 404, 422),
    )
    async def update(
        self, bus: Bus, price_list_id: FromPath[UUID], data: JSONBody[PriceListUpdate]
    ) -> PriceListDetails:
        return await bus.send(message(data, UpdatePriceList, price_list_id=price_list_id))

    @delete(
        "/{price_list_id:uuid}",
        guards=WRITE,
        operation_id="admin_delete_price_list",
        summary="Remove a price list and its prices (their history stays)",
        responses=errors(401, 403, 404),
    )
    async def remove(self, bus: Bus, price_list_id: FromPath[UUID]) -> None:
        await bus.send(DeletePriceList(price_list_id=price_list_id))

    @put(
        "/{price_list_id:uuid}/prices",
        guards=WRITE,
        operation_id="admin_set_price_list_prices",
        summary="Replace the list's prices; an unknown SKU is a 422 naming `prices[i].sku`",
        responses=errors(400, 401, 403, 404, 422),
    )
    async def prices(
        self, bus: Bus, price_list_id: FromPath[UUID], data: JSONBody[PricesBody]
    ) -> PriceListDetails:
        return await bus.send(message(data, SetListPrices, price_list_id=price_list_id))

"""Staff routes of returns (``orders:read`` / ``orders:write``): the queue, approving, rejecting, receiving."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.params import FromPath, FromQuery, JSONBody

from core.controllers import Bus, Cursor, Limit
from core.http import errors
from core.paging import DEFAULT_LIMIT
from domains.orders.admin.access import READ, WRITE, staff_actor
from domains.orders.messages import (
    ApproveReturn,
    GetReturn,
    ListAllReturns,
    ReceivedItem,
    ReceiveReturn,
    RejectReturn,
    ReturnPage,
    ReturnStatus,
    ReturnView,
)
from domains.orders.schemas import Receipt, Rejection


class ReturnAdminController(Controller):
    path = "/admin/returns"
    tags = ["orders: staff"]

    @get(
        "/",
        guards=READ,
        operation_id="admin_list_returns",
        summary="Returns, newest first, optionally of one status",
        responses=errors(400, 401, 403, 422),
    )
    async def index(
        self,
        bus: Bus,
        status: FromQuery[ReturnStatus | None] = None,
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> ReturnPage:
        return await bus.ask(ListAllReturns(status=status, limit=limit, cursor=cursor))

    @get(
        "/{return_id:uuid}",
        guards=READ,
        operation_id="admin_get_return",
        summary="One return with what came back, where it was restocked and what was refunded",
        responses=errors(401, 403, 404),
    )
    async def show(self, bus: Bus, return_id: FromPath[UUID]) -> ReturnView:
        return await bus.ask(GetReturn(return_id=return_id))

    @post(
        "/{return_id:uuid}/approve",
        guards=WRITE,
        operation_id="admin_approve_return",
        summary="Approve a requested return: the shopper may send the units back",
        status_code=200,
        responses=errors(401, 403, 404, 409),
    )
    async def approve(
        self, request: Request[Any, Any, Any], bus: Bus, return_id: FromPath[UUID]
    ) -> ReturnView:
        return await bus.send(ApproveReturn(return_id=return_id, actor=staff_actor(request)))

    @post(
        "/{return_id:uuid}/reject",
        guards=WRITE,
        operation_id="admin_reject_return",
        summary="Reject a return before its units are received, saying why",
        status_code=200,
        responses=errors(400, 401, 403, 404, 409, 415, 422),
    )
    async def reject(
        self, request: Request[Any, Any, Any], bus: Bus, return_id: FromPath[UUID], data: JSONBody[Rejection]
    ) -> ReturnView:
        return await bus.send(
            RejectReturn(return_id=return_id, actor=staff_actor(request), reason=data.reason)
        )

    @post(
        "/{return_id:uuid}/receive",
        guards=WRITE,
        operation_id="admin_receive_return",
        summary="Receive an approved return: restock or write off its units, then refund what they cost",
        description="Without a body, every approved unit is restocked. Restocked units go back into the "
        "warehouse they were allocated from (ledger kind `return`); written-off units (`restock: false`) "
        "are recorded on the return. The received lines' paid amount (their share of the line total, tax "
        "included) is refunded to the original payment. Repeating it finishes a receipt that stopped half "
        "way (503: the refund could not be made now).",
        status_code=200,
        responses=errors(400, 401, 403, 404, 409, 415, 422, 503),
    )
    async def receive(
        self,
        request: Request[Any, Any, Any],
        bus: Bus,
        return_id: FromPath[UUID],
        data: JSONBody[Receipt | None] = None,
    ) -> ReturnView:
        items = (
            [ReceivedItem(sku=line.sku, quantity=line.quantity, restock=line.restock) for line in data.items]
            if data is not None and data.items is not None
            else None
        )
        return await bus.send(ReceiveReturn(return_id=return_id, actor=staff_actor(request), items=items))

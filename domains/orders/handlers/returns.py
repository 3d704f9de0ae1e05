"""Returns asked by shoppers and decided by staff, and what both read of them. Receiving a return (its
restock and refund) is in ``receiving``. The order is locked before its returns, everywhere."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from core.errors import FieldError, Invalid, NotFound
from core.paging import MAX_LIMIT
from core.validation import Findings, found
from domains.orders.messages import (
    ApproveReturn,
    GetReturn,
    ListAllReturns,
    ListReturns,
    RejectReturn,
    RequestReturn,
    ReturnPage,
    ReturnView,
)
from domains.orders.model import Return, check_request, check_window, status_after

if TYPE_CHECKING:
    from collections.abc import Callable
    from uuid import UUID

    from core.domain import Handler
    from core.messages import Message
    from domains.orders.model import Order
    from domains.orders.ports import OrdersDeps

REASON_LENGTH = 500


def _reason(value: str, field: str = "reason") -> str:
    checks = Findings()
    reason = checks.text(value, field, longest=REASON_LENGTH)
    checks.raise_any("the reason is missing or too long")
    return reason


async def _visible_order(
    deps: OrdersDeps, order_id: UUID, customer_id: UUID | None, token: str | None
) -> Order:
    order = await deps.orders.get(order_id, lock=True)
    if order is None or not order.visible_to(customer_id, token):
        raise NotFound(f"order {order_id} not found")
    return order


async def request_return(cmd: RequestReturn, deps: OrdersDeps) -> ReturnView:
    reason, now = _reason(cmd.reason), deps.clock()
    async with deps.uow() as uow:
        order = await _visible_order(deps, cmd.order_id, cmd.customer_id, cmd.order_token)
        check_window(order, now, deps.return_window_days)
        returns = await deps.returns.of_order(order.id)
        items = check_request(order, returns, cmd.items)
        asked = Return.request(
            return_id=uuid.uuid4(), order=order, items=items, reason=reason, actor=cmd.actor, now=now
        )
        await deps.returns.add(asked)
        order.settle(status_after(order, [*returns, asked]), cmd.actor, now, reason)
        await deps.orders.save(order)
        uow.collect(asked, order)
        await uow.commit()
    return asked.view()


async def decide(deps: OrdersDeps, return_id: UUID, actor: str, change: Callable[[Return], None]) -> Return:
    """Change a return and let its order follow (the order locked first)."""
    asked = found(await deps.returns.get(return_id), "return", return_id)
    async with deps.uow() as uow:
        order = found(await deps.orders.get(asked.order_id, lock=True), "order", asked.order_id)
        asked = found(await deps.returns.get(return_id, lock=True), "return", return_id)
        change(asked)
        await deps.returns.save(asked)
        order.settle(status_after(order, await deps.returns.of_order(order.id)), actor, deps.clock())
        await deps.orders.save(order)
        uow.collect(asked, order)
        await uow.commit()
    return asked


async def approve_return(cmd: ApproveReturn, deps: OrdersDeps) -> ReturnView:
    changed = await decide(deps, cmd.return_id, cmd.actor, lambda r: r.approve(cmd.actor, deps.clock()))
    return changed.view()


async def reject_return(cmd: RejectReturn, deps: OrdersDeps) -> ReturnView:
    reason = _reason(cmd.reason)
    changed = await decide(
        deps, cmd.return_id, cmd.actor, lambda r: r.reject(cmd.actor, reason, deps.clock())
    )
    return changed.view()


async def get_return(query: GetReturn, deps: OrdersDeps) -> ReturnView:
    return found(await deps.returns.get(query.return_id), "return", query.return_id).view()


async def list_returns(query: ListReturns, deps: OrdersDeps) -> list[ReturnView]:
    order = await deps.orders.get(query.order_id)
    if order is None or not (query.as_staff or order.visible_to(query.customer_id, query.order_token)):
        raise NotFound(f"order {query.order_id} not found")
    return [asked.view() for asked in await deps.returns.of_order(order.id)]


async def list_all_returns(query: ListAllReturns, deps: OrdersDeps) -> ReturnPage:
    if not 1 <= query.limit <= MAX_LIMIT:
        raise Invalid("bad page size", errors=[FieldError("limit", f"must be between 1 and {MAX_LIMIT}")])
    page = await deps.returns.page(status=query.status, limit=query.limit, cursor=query.cursor)
    return ReturnPage(items=[asked.view() for asked in page.items], next_cursor=page.next_cursor)


HANDLERS: dict[type[Message], Handler] = {
    RequestReturn: request_return,
    ApproveReturn: approve_return,
    RejectReturn: reject_return,
    GetReturn: get_return,
    ListReturns: list_returns,
    ListAllReturns: list_all_returns,
}

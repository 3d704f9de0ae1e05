"""What shoppers and staff read: one order (its owner, a guest with its token, staff), pages of orders."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.errors import FieldError, Invalid, NotFound
from core.paging import MAX_LIMIT
from domains.orders.messages import GetOrder, ListAllOrders, ListOrders, OrderPage, OrderView

if TYPE_CHECKING:
    from uuid import UUID

    from core.domain import Handler
    from core.messages import Message
    from domains.orders.messages import OrderStatus
    from domains.orders.ports import OrdersDeps


async def get_order(query: GetOrder, deps: OrdersDeps) -> OrderView:
    order = await deps.orders.get(query.order_id)
    if order is None or not (query.as_staff or order.visible_to(query.customer_id, query.order_token)):
        raise NotFound(f"order {query.order_id} not found")
    return order.view()


async def _page(
    deps: OrdersDeps, customer_id: UUID | None, status: OrderStatus | None, limit: int, cursor: str | None
) -> OrderPage:
    if not 1 <= limit <= MAX_LIMIT:
        raise Invalid("bad page size", errors=[FieldError("limit", f"must be between 1 and {MAX_LIMIT}")])
    page = await deps.orders.page(customer_id=customer_id, status=status, limit=limit, cursor=cursor)
    return OrderPage(items=[order.view() for order in page.items], next_cursor=page.next_cursor)


async def list_orders(query: ListOrders, deps: OrdersDeps) -> OrderPage:
    return await _page(deps, query.customer_id, None, query.limit, query.cursor)


async def list_all_orders(query: ListAllOrders, deps: OrdersDeps) -> OrderPage:
    return await _page(deps, None, query.status, query.limit, query.cursor)


HANDLERS: dict[type[Message], Handler] = {
    GetOrder: get_order,
    ListOrders: list_orders,
    ListAllOrders: list_all_orders,
}

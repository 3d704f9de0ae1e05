"""The staff review queue: payments the fraud rules held, approved (captured) or rejected (voided)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.params import FromPath, JSONBody

from core.controllers import Bus, Cursor, Limit
from core.guards import principal_of, staff
from core.http import errors
from core.paging import DEFAULT_LIMIT, Page
from domains.payments import messages as m
from domains.payments.messages.fraud import HeldPayment, ListHeldPayments
from domains.payments.schemas.fraud import Rejection

READ, WRITE = [staff("payments:read")], [staff("payments:write")]


def actor(request: Request[Any, Any, Any]) -> str:
    return f"staff:{principal_of(request).subject}"


class PaymentReviewController(Controller):
    path = "/admin/payments"
    tags = ["payments: staff"]

    @get(
        "/review",
        guards=READ,
        operation_id="admin_list_held_payments",
        summary="Payments held by the fraud rules, oldest first, with their score and reasons",
        description="Each is authorised, not captured, until it is approved or rejected.",
        responses=errors(400, 401, 403, 422),
    )
    async def queue(self, bus: Bus, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> Page[HeldPayment]:
        return await bus.ask(ListHeldPayments(limit=limit, cursor=cursor))

    @post(
        "/{order_id:uuid}/approve",
        status_code=200,
        guards=WRITE,
        operation_id="admin_approve_payment",
        summary="Approve a held payment: it is captured",
        description="409 when the payment is not held (approved or rejected already, cancelled, ...).",
        responses=errors(401, 403, 404, 409, 503),
    )
    async def approve(
        self, order_id: FromPath[UUID], request: Request[Any, Any, Any], bus: Bus
    ) -> m.PaymentView:
        return await bus.send(m.ApprovePayment(order_id=order_id, actor=actor(request)))

    @post(
        "/{order_id:uuid}/reject",
        status_code=200,
        guards=WRITE,
        operation_id="admin_reject_payment",
        summary="Reject a held payment: its authorisation is voided",
        description="409 when the payment is not held (approved or rejected already, cancelled, ...).",
        responses=errors(400, 401, 403, 404, 409, 415, 422, 503),
    )
    async def reject(
        self, order_id: FromPath[UUID], data: JSONBody[Rejection], request: Request[Any, Any, Any], bus: Bus
    ) -> m.PaymentView:
        return await bus.send(m.RejectPayment(order_id=order_id, actor=actor(request), reason=data.reason))


ROUTES = [PaymentReviewController]

"""Staff routes of the payments domain (``payments:read``, ``payments:write``): payments, review, blocklist."""

from __future__ import annotations

from uuid import UUID

import msgspec
from litestar import Controller, get
from litestar.params import FromPath

from core.controllers import Bus
from core.guards import staff
from core.http import errors
from domains.payments import messages as m
from domains.payments import schemas as s
from domains.payments.admin import blocklist, review

READ = [staff("payments:read")]


class PaymentAdminController(Controller):
    path = "/admin/payments"
    tags = ["payments: staff"]

    @get(
        "/{order_id:uuid}",
        guards=READ,
        operation_id="admin_get_payment",
        summary="An order's payment with its ledger of provider calls",
        responses=errors(401, 403, 404),
    )
    async def show(self, order_id: FromPath[UUID], bus: Bus) -> s.PaymentRecord:
        payment = await bus.ask(m.GetPayment(order_id=order_id))
        ledger = await bus.ask(m.ListPaymentTransactions(order_id=order_id))
        return s.PaymentRecord(**msgspec.structs.asdict(payment), transactions=ledger)


ROUTES = [PaymentAdminController, *review.ROUTES, *blocklist.ROUTES]

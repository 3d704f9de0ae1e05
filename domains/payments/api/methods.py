"""``/me/payment-methods``: the signed-in customer's saved payment methods (provider tokens only)."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from core.controllers import Bus
from core.guards import customer_guard
from core.http import errors
from core.security import Principal
from domains.payments.messages import methods as m
from domains.payments.schemas.methods import PaymentMethodCreate

Caller = NamedDependency[Principal]


def me(principal: Principal) -> UUID:
    return UUID(principal.subject)


class PaymentMethodController(Controller):
    path = "/me/payment-methods"
    tags = ["payments"]
    guards = [customer_guard]

    @get(
        operation_id="list_payment_methods",
        summary="The signed-in customer's saved payment methods, newest first (never their tokens)",
        responses=errors(401, 403),
    )
    async def index(self, principal: Caller, bus: Bus) -> list[m.SavedPaymentMethod]:
        return await bus.ask(m.ListPaymentMethods(customer_id=me(principal)))

    @post(
        operation_id="save_payment_method",
        summary="Save a provider's token to pay with later",
        description="Only the provider's token is kept, never a card number: a token (or label) holding "
        "one is refused with 422. The token is never shown again. 409 when it is saved already.",
        responses=errors(400, 401, 403, 409, 415, 422),
    )
    async def add(
        self, data: JSONBody[PaymentMethodCreate], principal: Caller, bus: Bus
    ) -> m.SavedPaymentMethod:
        return await bus.send(
            m.SavePaymentMethod(
                customer_id=me(principal),
                provider=data.provider,
                token=data.token,
                label=data.label,
                brand=data.brand,
                last4=data.last4,
                expires=data.expires,
            )
        )

    @delete(
        "/{method_id:uuid}",
        operation_id="remove_payment_method",
        summary="Forget a saved payment method",
        responses=errors(401, 403, 404),
    )
    async def remove(self, method_id: FromPath[UUID], principal: Caller, bus: Bus) -> None:
        await bus.send(m.RemovePaymentMethod(customer_id=me(principal), method_id=method_id))


ROUTES = [PaymentMethodController]

"""Customers' saved payment methods: provider tokens kept, listed without them, removed.

An erased customer's methods are forgotten (``customers.CustomerErased``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import uuid4

from core.errors import Conflict, FieldError, NotFound
from domains.customers.messages import CustomerErased
from domains.payments.handlers.screening import wallet_of
from domains.payments.messages.methods import (
    ListPaymentMethods,
    RemovePaymentMethod,
    SavedPaymentMethod,
    SavePaymentMethod,
)
from domains.payments.model.methods import MOST_METHODS, saved_method

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Event, Message
    from domains.payments.ports import PaymentsDeps


async def save_payment_method(cmd: SavePaymentMethod, deps: PaymentsDeps) -> SavedPaymentMethod:
    wallet = wallet_of(deps)
    method = saved_method(cmd, uuid4(), deps.providers.keys(), wallet.clock())
    async with deps.uow() as uow:
        if await wallet.methods.count(cmd.customer_id) >= MOST_METHODS:
            raise Conflict(
                f"at most {MOST_METHODS} payment methods may be saved; remove one first",
                errors=[FieldError("token", f"at most {MOST_METHODS} saved methods")],
            )
        if not await wallet.methods.add(method):
            raise Conflict(
                "this payment method is saved already", errors=[FieldError("token", "is saved already")]
            )
        await uow.commit()
    return method.view()


async def remove_payment_method(cmd: RemovePaymentMethod, deps: PaymentsDeps) -> None:
    async with deps.uow() as uow:
        if not await wallet_of(deps).methods.remove(cmd.customer_id, cmd.method_id):
            raise NotFound(f"saved payment method {cmd.method_id} not found")
        await uow.commit()


async def list_payment_methods(query: ListPaymentMethods, deps: PaymentsDeps) -> list[SavedPaymentMethod]:
    return [method.view() for method in await wallet_of(deps).methods.of(query.customer_id)]


async def when_customer_erased_forget_payment_methods(event: CustomerErased, deps: PaymentsDeps) -> None:
    if deps.wallet is None:
        return
    async with deps.uow() as uow:
        await deps.wallet.methods.forget(event.customer_id)
        await uow.commit()


HANDLERS: dict[type[Message], Handler] = {
    SavePaymentMethod: save_payment_method,
    RemovePaymentMethod: remove_payment_method,
    ListPaymentMethods: list_payment_methods,
}
SUBSCRIPTIONS: dict[type[Event], list[Handler]] = {
    CustomerErased: [when_customer_erased_forget_payment_methods],
}

"""``Checkout``: read the cart, quote it, count coupon use, allocate the stock, take the payment, place
the order, complete the cart. Each step is recorded before it runs (``orders_checkouts``), so a
failure undoes what was done and a crash leaves a run that recovery finishes."""

from __future__ import annotations

import re
import secrets
import uuid
from datetime import timedelta
from typing import TYPE_CHECKING

from core.errors import Conflict, DomainError, FieldError, Invalid, NotFound, PaymentRequired
from domains.cart import messages as cart_messages
from domains.identity import messages as identity
from domains.inventory.messages import AllocateStock
from domains.orders.handlers.payment_events import settle_held
from domains.orders.handlers.quoting import coupons_refused, plan_order
from domains.orders.handlers.saga import LeaseLost, Saga, accepted, log
from domains.orders.messages import Checkout, CheckoutResult
from domains.orders.model import CheckoutRun, check_ready, declined, token_digest
from domains.payments.messages import AuthorisePayment, CapturePayment
from domains.promotions.messages import AppliedPromotion, RedeemCoupons

if TYPE_CHECKING:
    from uuid import UUID

    from core.domain import Handler
    from core.messages import Message
    from domains.cart.messages import CheckoutCart
    from domains.orders.ports import OrdersDeps
    from domains.payments.messages import PaymentView

# How a refusal of ``RedeemCoupons`` names a code: by its position in the message's ``codes``.
REDEEMED_CODE = re.compile(r"^codes\[(\d+)\]$")


def _check_provider(provider: str, deps: OrdersDeps) -> None:
    if provider not in deps.payment_providers:
        known = ", ".join(deps.payment_providers)
        raise Invalid(
            "this shop does not take that payment provider",
            errors=[FieldError("payment.provider", f"must be one of: {known}")],
        )


async def _begin(deps: OrdersDeps, cart: CheckoutCart, cmd: Checkout, email: str | None, token: str) -> Saga:
    run = CheckoutRun(
        order_id=uuid.uuid4(),
        cart_id=cart.id,
        customer_id=cart.customer_id,
        email=email,
        provider=cmd.payment_provider,
        token_hash=token_digest(token),
        step="started",
        state="running",
        lease_owner=uuid.uuid4(),
        lease_until=deps.clock() + timedelta(seconds=deps.lease_seconds),
    )
    if not await deps.checkouts.start(run):
        raise Conflict(
            "the cart is already being checked out or was checked out",
            errors=[FieldError("cart", "has a checkout running or done")],
        )
    return Saga(deps, run)


def _named(refused: Conflict, codes: list[str]) -> Conflict:
    """A code whose last use another order took since the quote, refused as the quote would refuse it."""
    found = [(REDEEMED_CODE.match(e.field), e.message) for e in refused.errors]
    named = [(codes[int(m[1])], reason) for m, reason in found if m and int(m[1]) < len(codes)]
    return coupons_refused(named) if named else refused


async def _redeem(saga: Saga) -> None:
    plan = saga.plan
    if not plan.applied_promotions:
        return
    applied = [
        AppliedPromotion(id=p.id, name=p.name, amount=p.amount.amount, code=p.code, variant=p.variant)
        for p in plan.applied_promotions
    ]
    try:
        await saga.deps.bus.send(
            RedeemCoupons(
                order_id=saga.run.order_id,
                customer_id=plan.customer_id,
                codes=plan.coupon_codes,
                currency=plan.currency,
                applied=applied,
                email=plan.email,
            )
        )
    except Conflict as refused:
        raise _named(refused, plan.coupon_codes) from None


async def _pay(saga: Saga, token: str | None, ip: str | None) -> PaymentView:
    """Captured (or, capturing at shipment, authorised; or held for review); else 402."""
    plan, bus, capture = saga.plan, saga.deps.bus, saga.deps.capture == "order"
    country = plan.shipping_address.country if plan.shipping_address else None
    payment = await bus.send(
        AuthorisePayment(
            order_id=saga.run.order_id,
            amount=plan.totals.total,
            provider=plan.provider,
            token=token,
            capture=capture,
            customer_id=plan.customer_id,
            email=plan.email,
            ip=ip,
            billing_country=country,
            shipping_country=country,
        )
    )
    if payment.status == "authorised" and capture:
        payment = await bus.send(CapturePayment(order_id=saga.run.order_id))
    if payment.status in accepted(saga.deps):
        return payment
    raise PaymentRequired(
        declined(payment.decline_reason),
        errors=[FieldError("payment.token", payment.decline_reason or "declined")],
    )


async def _account_email(deps: OrdersDeps, customer_id: UUID | None) -> str | None:
    """A signed-in customer's account email, kept on the order like a guest's (staff read it there)."""
    if customer_id is None:
        return None
    try:
        account = await deps.bus.ask(identity.GetCustomer(customer_id=str(customer_id)))
    except NotFound:
        return None
    return None if account.erased else account.email


async def checkout(cmd: Checkout, deps: OrdersDeps) -> CheckoutResult:
    _check_provider(cmd.payment_provider, deps)
    cart = await deps.bus.ask(cart_messages.GetCheckoutCart(cart_id=cmd.cart_id, customer_id=cmd.customer_id))
    email = check_ready(cart, cmd.email) or await _account_email(deps, cart.customer_id)
    token = secrets.token_urlsafe(32)
    saga = await _begin(deps, cart, cmd, email, token)
    try:
        await saga.advance("redeeming", await plan_order(deps, cart, email, cmd.payment_provider))
        await _redeem(saga)
        await saga.advance("allocating")
        country = cart.shipping_address.country if cart.shipping_address else None
        await deps.bus.send(
            AllocateStock(order_id=saga.run.order_id, cart_id=cart.id, items=cart.items, country=country)
        )
        await saga.advance("paying")
        order = await saga.place(await _pay(saga, cmd.payment_token, cmd.ip))
    except LeaseLost:
        await saga.abandoned()
        raise
    except Exception as exc:
        reason = exc.detail if isinstance(exc, DomainError) else repr(exc)
        log.info("checkout failed; undoing", order_id=str(saga.run.order_id), reason=reason)
        try:
            await saga.undo(reason)
        except Exception as undo_error:  # noqa: BLE001 - recovery undoes it later; the shopper hears the cause
            log.warning(
                "undo failed; left to recovery", order_id=str(saga.run.order_id), error=repr(undo_error)
            )
        raise
    await saga.complete_cart()
    if order.status == "pending_payment":
        order = await settle_held(deps, order)
    return CheckoutResult(order=order.view(), order_token=token)


HANDLERS: dict[type[Message], Handler] = {Checkout: checkout}

"""A cart's coupon codes: a code joins the cart only when the quote accepts it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.errors import FieldError, Invalid, NotFound
from domains.cart.handlers.holds import committed, touch
from domains.cart.handlers.quoting import priced
from domains.cart.handlers.views import load, shown
from domains.cart.messages import ApplyCoupon, CartView, RemoveCoupon
from domains.cart.model import code_checked

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Message
    from domains.cart.ports import CartDeps
    from domains.pricing.messages.quotes import Reason


def refused(code: str, reason: Reason, why: str = "") -> Invalid:
    """A refused code: the reason is the message of field ``code`` and ends the detail."""
    detail = f"the coupon {code} cannot be used{f' ({why})' if why else ''}: {reason}"
    return Invalid(detail, errors=[FieldError("code", reason)])


async def apply_coupon(cmd: ApplyCoupon, deps: CartDeps) -> CartView:
    code = code_checked(cmd.code)
    cart = await load(deps, cmd.cart_id, cmd.customer_id)
    cart.require_active()
    if code in cart.coupon_codes:
        await touch(deps, cart)
        return await shown(deps, cart)
    if len(cart.coupon_codes) >= deps.coupons_per_order:
        most = deps.coupons_per_order
        raise Invalid(
            f"an order takes at most {most} coupon code{'s' if most > 1 else ''}: remove one first",
            errors=[FieldError("code", f"at most {most} per order")],
        )
    if not cart.lines:
        raise refused(code, "not_applicable", "the cart is empty")
    codes = [*cart.coupon_codes, code]
    prices = await priced(deps, cart, codes)
    if prices.quote is None:
        raise refused(code, "not_applicable", "nothing in the cart is on sale")
    rejection = next((r for r in prices.quote.rejected_coupons if r.code.upper() == code), None)
    if rejection is not None:
        raise refused(code, rejection.reason)
    cart.coupon_codes = codes
    await committed(deps, cart)
    return await shown(deps, cart, prices)


async def remove_coupon(cmd: RemoveCoupon, deps: CartDeps) -> CartView:
    code = cmd.code.strip().upper()
    cart = await load(deps, cmd.cart_id, cmd.customer_id)
    if code not in cart.coupon_codes:
        raise NotFound(f"the cart has no coupon {code}")
    cart.require_active()
    cart.coupon_codes = [kept for kept in cart.coupon_codes if kept != code]
    await committed(deps, cart)
    return await shown(deps, cart)


HANDLERS: dict[type[Message], Handler] = {ApplyCoupon: apply_coupon, RemoveCoupon: remove_coupon}

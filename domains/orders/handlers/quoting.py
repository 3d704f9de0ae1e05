"""The checkout's final figures: the cart quoted by pricing, with the chosen method priced by shipping
for the parcel's weight and subtotal (as the cart prices it), fixed in the order's plan.

Every coupon code the cart holds must still apply: the shopper confirmed the cart's total with them,
so a code that stopped applying meanwhile (its last use taken, its promotion ended) refuses the
checkout rather than charging more than the cart showed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgspec.structs import replace

from core.errors import Conflict, FieldError, Invalid, NotFound
from domains.cart import messages as cart_messages
from domains.orders.messages import OrderItem
from domains.orders.model import CheckoutPlan, actor_of
from domains.pricing.messages import QuoteCart, QuoteItem, ShippingAddress
from domains.shipping.messages import GetShippingOption, ShippingOption

if TYPE_CHECKING:
    from domains.cart.messages import CartAddress, CheckoutCart
    from domains.orders.ports import OrdersDeps
    from domains.pricing.messages import Quote


async def _shipping(
    deps: OrdersDeps, cart: CheckoutCart, address: CartAddress, quote: Quote
) -> ShippingOption:
    weight = sum((line.weight_grams or 0) * line.quantity for line in quote.lines)
    assert cart.shipping_method_id is not None
    try:
        return await deps.bus.ask(
            GetShippingOption(
                method_id=cart.shipping_method_id,
                country=address.country,
                postal_code=address.postal_code,
                weight_grams=weight,
                subtotal=quote.totals.subtotal.amount,
            )
        )
    except (NotFound, Invalid) as exc:
        raise Invalid(exc.detail, errors=[FieldError("shipping_method", exc.detail)]) from None


def coupons_refused(refusals: list[tuple[str, str]]) -> Conflict:
    """409 naming each code the order cannot have and why, as field ``coupon_codes``: the cart stays
    as it is, for the shopper to take the code off and pay the total the cart then shows."""
    named = ", ".join(f"{code} ({reason})" for code, reason in refusals)
    many = len(refusals) > 1
    them = "them" if many else "it"
    return Conflict(
        f"the coupon{'s' if many else ''} {named} can no longer be used: "
        f"remove {them} from the cart to pay without {them}",
        errors=[FieldError("coupon_codes", f"{code}: {reason}") for code, reason in refusals],
    )


def _coupons_kept(quote: Quote) -> None:
    if quote.rejected_coupons:
        raise coupons_refused([(r.code, r.reason) for r in quote.rejected_coupons])


async def plan_order(deps: OrdersDeps, cart: CheckoutCart, email: str | None, provider: str) -> CheckoutPlan:
    """The final totals: quoted once for the weight and subtotal, priced with the chosen shipping."""
    address = cart.shipping_address
    assert address is not None
    question = QuoteCart(
        items=[QuoteItem(sku=item.sku, quantity=item.quantity) for item in cart.items],
        currency=cart.currency,
        coupon_codes=cart.coupon_codes,
        shipping_address=ShippingAddress(
            country=address.country, region=address.region, postal_code=address.postal_code
        ),
        customer_id=cart.customer_id,
        email=email,
        cart_id=cart.id,
    )
    option = await _shipping(deps, cart, address, await deps.bus.ask(question))
    quote = await deps.bus.ask(replace(question, shipping=option.price.amount, record_exposure=True))
    _coupons_kept(quote)
    return CheckoutPlan(
        cart_id=cart.id,
        customer_id=cart.customer_id,
        email=email,
        currency=quote.currency,
        provider=provider,
        actor=actor_of(cart.customer_id),
        items=[
            OrderItem(
                sku=line.sku,
                product_id=line.product_id,
                variant_id=line.variant_id,
                product_name=line.product_name,
                quantity=line.quantity,
                unit_price=line.unit_price,
                discount=line.discount,
                tax=line.tax,
                total=line.total,
                tax_rate=line.tax_rate,
            )
            for line in quote.lines
        ],
        totals=quote.totals,
        shipping_address=address,
        shipping_method=cart_messages.ChosenShipping(
            method_id=option.method_id, name=option.name, price=option.price
        ),
        applied_promotions=quote.applied_promotions,
        coupon_codes=[promotion.code for promotion in quote.applied_promotions if promotion.code],
    )

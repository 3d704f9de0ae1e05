"""The checkout's final figures: the cart quoted by pricing, with the chosen method priced by shipping
for the parcel's weight and subtotal (as the cart prices it), fixed in the order's plan."""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgspec.structs import replace

from core.errors import FieldError, Invalid, NotFound
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
        cart_id=cart.id,
    )
    option = await _shipping(deps, cart, address, await deps.bus.ask(question))
    quote = await deps.bus.ask(replace(question, shipping=option.price.amount, record_exposure=True))
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

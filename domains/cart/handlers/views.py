"""A cart as the shopper sees it: its lines and totals exactly as the quote gives them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.money import Money
from domains.cart.handlers.quoting import Priced, priced
from domains.cart.messages import CartLine, CartTotals, CartView, ChosenShipping
from domains.cart.model import reachable

if TYPE_CHECKING:
    from uuid import UUID

    from domains.cart.model import Cart, Line
    from domains.cart.ports import CartDeps
    from domains.pricing.messages import QuoteLine


async def load(deps: CartDeps, cart_id: UUID, caller: UUID | None) -> Cart:
    """The cart ``caller`` may address, else NotFound."""
    return reachable(await deps.carts.get(cart_id), cart_id, caller)


async def shown(deps: CartDeps, cart: Cart, prices: Priced | None = None) -> CartView:
    return cart_view(cart, prices or await priced(deps, cart))


def _line(line: Line, quoted: QuoteLine | None, currency: str) -> CartLine:
    if quoted is None:
        nothing = Money(amount=0, currency=currency)
        return CartLine(
            id=line.id,
            sku=line.sku,
            quantity=line.quantity,
            product_name=line.sku,
            unit_price=nothing,
            discount=nothing,
            tax=nothing,
            total=nothing,
            on_sale=False,
        )
    return CartLine(
        id=line.id,
        sku=line.sku,
        quantity=line.quantity,
        product_name=quoted.product_name,
        unit_price=quoted.unit_price,
        discount=quoted.discount,
        tax=quoted.tax,
        total=quoted.total,
    )


def cart_view(cart: Cart, prices: Priced) -> CartView:
    quote = prices.quote
    currency = quote.currency if quote else cart.currency
    quoted = {line.sku: line for line in quote.lines} if quote else {}
    nothing = Money(amount=0, currency=currency)
    totals = quote.totals if quote else None
    option = prices.option
    return CartView(
        id=cart.id,
        customer_id=cart.customer_id,
        email=cart.email,
        currency=currency,
        status=cart.status,
        items=[_line(line, quoted.get(line.sku), currency) for line in cart.lines],
        totals=CartTotals(
            subtotal=totals.subtotal if totals else nothing,
            discount=totals.discount if totals else nothing,
            shipping=totals.shipping if totals else nothing,
            tax=totals.tax if totals else nothing,
            total=totals.total if totals else nothing,
        ),
        coupon_codes=list(cart.coupon_codes),
        applied_promotions=list(quote.applied_promotions) if quote else [],
        rejected_coupons=list(quote.rejected_coupons) if quote else [],
        shipping_address=cart.shipping_address,
        shipping_method=ChosenShipping(method_id=option.method_id, name=option.name, price=option.price)
        if option
        else None,
        reserved_until=cart.reserved_until,
        order_id=cart.order_id,
        created_at=cart.created_at,
        updated_at=cart.updated_at,
    )

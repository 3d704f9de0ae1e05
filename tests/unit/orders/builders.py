"""Builders of what the checkout reads and quotes: a cart ready to check out, its quote, an order's plan."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from domains.cart.messages import CartAddress, CheckoutCart
from domains.inventory.messages import ItemQuantity
from domains.orders.messages import OrderItem
from domains.orders.model import CheckoutPlan
from domains.pricing.messages import Quote, QuoteCart, QuotedPromotion, QuoteLine, QuoteTotals
from tests.unit.orders.fakes import EUR, eur


def address(country: str = "DE") -> CartAddress:
    return CartAddress(
        first_name="Ann",
        last_name="Lee",
        line1="Main St 1",
        city="Berlin",
        postal_code="10115",
        country=country,
    )


def cart(**changes: Any) -> CheckoutCart:
    fields: dict[str, Any] = {
        "id": uuid4(),
        "customer_id": None,
        "email": "ann@example.com",
        "currency": EUR,
        "status": "active",
        "items": [ItemQuantity(sku="MUG-1", quantity=2)],
        "coupon_codes": ["SAVE10"],
        "shipping_address": address(),
        "shipping_method_id": uuid4(),
    }
    return CheckoutCart(**{**fields, **changes})


def quote(query: QuoteCart) -> Quote:
    """2 x 1250 with 10% off (SAVE10), 19% tax added, shipping as asked."""
    line = QuoteLine(
        sku="MUG-1",
        quantity=2,
        unit_price=eur(1250),
        discount=eur(250),
        tax=eur(428),
        total=eur(2678),
        product_id=UUID(int=1),
        variant_id=UUID(int=2),
        product_name="Mug",
        tax_class="standard",
        tax_rate="0.19",
        weight_grams=300,
    )
    promotion = QuotedPromotion(id=UUID(int=3), name="Ten off", amount=eur(250), code="SAVE10")
    return Quote(
        currency=EUR,
        lines=[line],
        totals=QuoteTotals(
            subtotal=eur(2500),
            discount=eur(250),
            shipping=eur(query.shipping),
            tax=eur(428),
            total=eur(2678 + query.shipping),
        ),
        applied_promotions=[promotion],
        rejected_coupons=[],
        explanations=[],
        tax_known=True,
    )


def order_plan(customer_id: UUID | None = None) -> CheckoutPlan:
    """A guest's (or the customer's) plan: 2 x MUG-1 at 12.50, 4.90 shipping, no tax yet."""
    item = OrderItem(
        sku="MUG-1",
        product_id=uuid4(),
        variant_id=uuid4(),
        product_name="Mug",
        quantity=2,
        unit_price=eur(1250),
        discount=eur(0),
        tax=eur(0),
        total=eur(2500),
        tax_rate=None,
    )
    totals = QuoteTotals(subtotal=eur(2500), discount=eur(0), shipping=eur(490), tax=eur(0), total=eur(2990))
    return CheckoutPlan(
        cart_id=uuid4(),
        customer_id=customer_id,
        email="ann@example.com",
        currency="EUR",
        provider="sandbox",
        actor="guest",
        items=[item],
        totals=totals,
        shipping_address=address(),
        shipping_method=None,
        applied_promotions=[],
        coupon_codes=[],
    )

"""``quote_cart``: what a cart costs a shopper, with the other domains answered by a fake bus."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import pytest

from core.errors import Invalid
from core.money import Money
from domains.catalog.messages import GetVariantsBySku, VariantFacts
from domains.customers.messages import CustomerFacts, GetCustomerFacts
from domains.pricing.handlers.quotes import quote_cart
from domains.pricing.messages import QuoteCart, QuoteItem, ShippingAddress
from domains.pricing.model.prices import BasePrice, ListedPrice, PriceList
from domains.pricing.model.tax import TaxRate
from domains.pricing.ports import PricingDeps, Rate
from domains.promotions.messages import AppliedPromotion, EvaluatePromotions, PromotionResult, RejectedCoupon
from tests.support.fakes import AnsweringBus
from tests.unit.pricing.memory import Clock, MemoryPrices, deps

NOW = datetime(2026, 3, 1, tzinfo=UTC)
CATEGORY = uuid4()
BRAND = uuid4()


def eur(amount: int) -> Money:
    return Money(amount=amount, currency="EUR")


class Shop:
    """A catalogue, base prices and tax rates, and a bus answering catalogue, customers and promotions."""

    def __init__(self) -> None:
        self.variants: dict[str, VariantFacts] = {}
        self.customers: dict[UUID, CustomerFacts] = {}
        self.promotions: Callable[[EvaluatePromotions], PromotionResult] = no_promotions
        self.bus = AnsweringBus(
            {
                GetVariantsBySku: lambda q: [self.variants[s] for s in q.skus if s in self.variants],
                GetCustomerFacts: lambda q: self.customers[q.customer_id],
                EvaluatePromotions: lambda q: self.promotions(q),
            }
        )
        self.deps: PricingDeps = deps(clock=Clock(NOW), bus=self.bus)

    async def product(
        self, sku: str, amount: int, *, status: str = "published", tax_class: str | None = None
    ) -> VariantFacts:
        variant = VariantFacts(
            sku=sku,
            variant_id=uuid4(),
            product_id=uuid4(),
            product_name=f"Product {sku}",
            price=eur(amount),
            category_ids=[CATEGORY],
            brand_id=BRAND,
            weight_grams=250,
            available=True,
            status=status,  # type: ignore[arg-type]
        )
        self.variants[sku] = variant
        await self.deps.prices.put(
            [
                BasePrice(
                    sku=sku,
                    product_id=variant.product_id,
                    variant_id=variant.variant_id,
                    amount=amount,
                    currency="EUR",
                )
            ]
        )
        if tax_class is not None:
            assert isinstance(self.deps.prices, MemoryPrices)
            await self.deps.prices.advance(variant.product_id, NOW)
            assert await self.deps.prices.assign_tax_class(variant.product_id, tax_class)  # type: ignore[arg-type]
        return variant

    async def tax(
        self,
        country: str,
        rate: str,
        *,
        region: str | None = None,
        tax_class: str | None = None,
        inclusive: bool = False,
    ) -> None:
        await self.deps.tax_rates.add(
            TaxRate(
                id=uuid4(),
                country=country,
                region=region,
                tax_class=tax_class,  # type: ignore[arg-type]
                rate=Decimal(rate),
                inclusive=inclusive,
                created_at=NOW - timedelta(days=1),
            )
        )

    def customer(self, *, segments: list[UUID], orders: int = 3, country: str | None = None) -> UUID:
        customer_id = uuid4()
        self.customers[customer_id] = CustomerFacts(
            customer_id=customer_id, segment_ids=segments, order_count=orders, country=country
        )
        return customer_id

    def asked(self, kind: type) -> list[Any]:
        return [q for q in self.bus.asked if isinstance(q, kind)]


def no_promotions(query: EvaluatePromotions) -> PromotionResult:
    return PromotionResult(
        line_discounts=[0] * len(query.lines), shipping_discount=0, applied=[], rejected=[], explanations=[]
    )


def items(*pairs: tuple[str, int]) -> list[QuoteItem]:
    return [QuoteItem(sku=sku, quantity=quantity) for sku, quantity in pairs]


def fields(error: pytest.ExceptionInfo[Invalid]) -> list[str]:
    return [e.field for e in error.value.errors]


@pytest.fixture
def shop() -> Shop:
    return Shop()


async def test_totals_add_up_with_line_and_shipping_discounts_and_exclusive_tax(shop: Shop) -> None:
    await shop.product("MUG", 1250)
    await shop.product("TEA", 800, tax_class="reduced")
    await shop.tax("US", "0.10")
    await shop.tax("US", "0.05", tax_class="reduced")
    promo = uuid4()

    def promotions(query: EvaluatePromotions) -> PromotionResult:
        assert [line.sku for line in query.lines] == ["MUG", "TEA"]
        assert query.shipping == 500
        return PromotionResult(
            line_discounts=[500, 0],
            shipping_discount=500,
            applied=[AppliedPromotion(id=promo, name="Spring", amount=1000, code="SPRING")],
            rejected=[RejectedCoupon(code="OLD", reason="expired")],
            explanations=["Spring: 5.00 off mugs and free shipping"],
        )

    shop.promotions = promotions
    quote = await quote_cart(
        QuoteCart(
            items=items(("mug", 2), ("TEA", 1)),
            shipping=500,
            shipping_address=ShippingAddress(country="US"),
        ),
        shop.deps,
    )

    mug, tea = quote.lines
    assert (mug.sku, mug.quantity, mug.unit_price, mug.discount) == ("MUG", 2, eur(1250), eur(500))
    assert (mug.tax, mug.total, mug.tax_rate) == (eur(200), eur(2200), "0.10")  # 10% of 20.00
    assert (tea.tax, tea.total, tea.tax_rate, tea.tax_class) == (eur(40), eur(840), "0.05", "reduced")
    totals = quote.totals
    assert totals.subtotal == eur(3300)
    assert totals.discount == eur(1000)  # 5.00 on the mugs and the 5.00 shipping
    assert totals.shipping == eur(500)
    assert totals.tax == eur(240)
    assert totals.total == eur(3300 - 1000 + 500 + 240)
    assert quote.tax_known
    assert quote.currency == "EUR"
    assert quote.explanations == ["Spring: 5.00 off mugs and free shipping"]
    assert [(p.id, p.amount, p.code) for p in quote.applied_promotions] == [(promo, eur(1000), "SPRING")]
    assert [(r.code, r.reason) for r in quote.rejected_coupons] == [("OLD", "expired")]


async def test_an_inclusive_tax_is_counted_but_not_added_to_the_total(shop: Shop) -> None:
    await shop.product("MUG", 1190)
    await shop.tax("DE", "0.19", inclusive=True)
    quote = await quote_cart(
        QuoteCart(items=items(("MUG", 1)), shipping=490, shipping_address=ShippingAddress(country="de")),
        shop.deps,
    )
    assert quote.totals.tax == eur(190)
    assert quote.lines[0].tax_inclusive
    assert quote.totals.total == eur(1190 + 490)


async def test_the_same_sku_listed_twice_is_one_line(shop: Shop) -> None:
    await shop.product("MUG", 1000)
    quote = await quote_cart(QuoteCart(items=items(("MUG", 2), (" mug ", 3))), shop.deps)
    assert [(line.sku, line.quantity) for line in quote.lines] == [("MUG", 5)]
    assert quote.totals.subtotal == eur(5000)
    (promotions,) = shop.asked(EvaluatePromotions)
    assert [(line.sku, line.quantity, line.unit_price) for line in promotions.lines] == [("MUG", 5, 1000)]
    assert promotions.lines[0].category_ids == [CATEGORY]
    assert promotions.lines[0].brand_id == BRAND


async def test_an_unknown_sku_and_a_draft_product_are_named_by_index(shop: Shop) -> None:
    await shop.product("MUG", 1000)
    await shop.product("NEW", 1000, status="draft")
    await shop.product("OLD", 1000, status="archived")
    with pytest.raises(Invalid) as error:
        await quote_cart(QuoteCart(items=items(("MUG", 1), ("GHOST", 1), ("NEW", 1), ("OLD", 1))), shop.deps)
    assert fields(error) == ["items[1].sku", "items[2].sku", "items[3].sku"]
    assert not shop.asked(EvaluatePromotions)


async def test_a_quantity_above_the_shops_most_is_named(shop: Shop) -> None:
    await shop.product("MUG", 1000)
    limited = dataclasses.replace(shop.deps, max_line_quantity=5)
    with pytest.raises(Invalid) as error:
        await quote_cart(QuoteCart(items=items(("MUG", 1), ("MUG", 6))), limited)
    assert fields(error) == ["items[1].quantity"]
    with pytest.raises(Invalid) as error:
        await quote_cart(QuoteCart(items=items(("MUG", 0))), limited)
    assert fields(error) == ["items[0].quantity"]
    assert not shop.bus.asked  # refused before asking anyone


async def test_a_sku_listed_twice_may_not_add_up_past_the_most(shop: Shop) -> None:
    await shop.product("MUG", 1000)
    limited = dataclasses.replace(shop.deps, max_line_quantity=5)
    with pytest.raises(Invalid) as error:
        await quote_cart(QuoteCart(items=items(("MUG", 3), ("mug", 3))), limited)
    assert fields(error) == ["items"]
    quote = await quote_cart(QuoteCart(items=items(("MUG", 3), ("mug", 2))), limited)
    assert quote.lines[0].quantity == 5


async def test_an_empty_cart_and_negative_shipping_are_invalid(shop: Shop) -> None:
    with pytest.raises(Invalid) as error:
        await quote_cart(QuoteCart(items=[], shipping=-1), shop.deps)
    assert fields(error) == ["items", "shipping"]


async def test_a_guest_is_not_asked_of_customers_and_gets_no_segment_price(shop: Shop) -> None:
    await shop.product("MUG", 1000)
    vip = uuid4()
    await shop.deps.price_lists.add(
        PriceList(
            id=uuid4(),
            name="VIP",
            currency="EUR",
            created_at=NOW - timedelta(days=2),
            updated_at=NOW - timedelta(days=2),
            segment_id=vip,
            prices={"MUG": ListedPrice(amount=800, since=NOW - timedelta(days=2))},
        )
    )
    quote = await quote_cart(QuoteCart(items=items(("MUG", 1))), shop.deps)
    assert not shop.asked(GetCustomerFacts)
    assert quote.lines[0].unit_price == eur(1000)
    (promotions,) = shop.asked(EvaluatePromotions)
    assert promotions.segment_ids == []
    assert promotions.customer_id is None
    assert not promotions.first_order


async def test_a_customers_segments_reach_promotions_and_price_lists(shop: Shop) -> None:
    await shop.product("MUG", 1000)
    vip = uuid4()
    await shop.deps.price_lists.add(
        PriceList(
            id=uuid4(),
            name="VIP",
            currency="EUR",
            created_at=NOW - timedelta(days=2),
            updated_at=NOW - timedelta(days=2),
            segment_id=vip,
            prices={"MUG": ListedPrice(amount=800, since=NOW - timedelta(days=2))},
        )
    )
    customer = shop.customer(segments=[vip], orders=0)
    cart = uuid4()
    quote = await quote_cart(
        QuoteCart(items=items(("MUG", 2)), customer_id=customer, cart_id=cart, coupon_codes=["A", "A"]),
        shop.deps,
    )
    assert [q.customer_id for q in shop.asked(GetCustomerFacts)] == [customer]
    assert quote.lines[0].unit_price == eur(800)
    assert quote.totals.subtotal == eur(1600)
    (promotions,) = shop.asked(EvaluatePromotions)
    assert promotions.segment_ids == [vip]
    assert promotions.customer_id == customer
    assert promotions.cart_id == cart
    assert promotions.first_order  # no orders yet
    assert promotions.coupon_codes == ["A"]
    assert promotions.lines[0].unit_price == 800


async def test_the_customers_default_country_is_used_for_tax_without_an_address(shop: Shop) -> None:
    await shop.product("MUG", 1000)
    await shop.tax("FR", "0.20")
    await shop.tax("DE", "0.19")
    customer = shop.customer(segments=[], country="FR")
    quote = await quote_cart(QuoteCart(items=items(("MUG", 1)), customer_id=customer), shop.deps)
    assert quote.tax_known
    assert quote.totals.tax == eur(200)
    assert quote.totals.total == eur(1200)


async def test_a_given_address_wins_over_the_customers_default_country(shop: Shop) -> None:
    await shop.product("MUG", 1000)
    await shop.tax("FR", "0.20")
    await shop.tax("DE", "0.19")
    customer = shop.customer(segments=[], country="FR")
    quote = await quote_cart(
        QuoteCart(
            items=items(("MUG", 1)), customer_id=customer, shipping_address=ShippingAddress(country="DE")
        ),
        shop.deps,
    )
    assert quote.totals.tax == eur(190)


async def test_the_region_of_the_address_chooses_the_rate(shop: Shop) -> None:
    await shop.product("MUG", 1000)
    await shop.tax("US", "0.05")
    await shop.tax("US", "0.0725", region="CA")
    quote = await quote_cart(
        QuoteCart(items=items(("MUG", 2)), shipping_address=ShippingAddress(country="US", region="ca")),
        shop.deps,
    )
    assert quote.totals.tax == eur(145)
    assert quote.lines[0].tax_rate == "0.0725"


async def test_without_any_address_tax_is_not_known_and_zero(shop: Shop) -> None:
    await shop.product("MUG", 1000)
    await shop.tax("DE", "0.19")
    customer = shop.customer(segments=[], country=None)
    for cart in (
        QuoteCart(items=items(("MUG", 1)), shipping=300),
        QuoteCart(items=items(("MUG", 1)), customer_id=customer, shipping=300),
    ):
        quote = await quote_cart(cart, shop.deps)
        assert not quote.tax_known
        assert quote.totals.tax == eur(0)
        assert quote.lines[0].tax == eur(0)
        assert quote.lines[0].tax_rate is None
        assert quote.lines[0].total == eur(1000)
        assert quote.totals.total == eur(1300)


async def test_a_bad_shipping_country_is_named(shop: Shop) -> None:
    await shop.product("MUG", 1000)
    with pytest.raises(Invalid) as error:
        await quote_cart(
            QuoteCart(items=items(("MUG", 1)), shipping_address=ShippingAddress(country="ZZ")), shop.deps
        )
    assert fields(error) == ["shipping_address.country"]


async def test_a_cart_in_another_currency_is_converted_at_the_shops_rate(shop: Shop) -> None:
    await shop.product("MUG", 1000)
    await shop.deps.rates.put(Rate(currency="USD", rate=Decimal("1.0850"), charm=True, updated_at=NOW))
    quote = await quote_cart(QuoteCart(items=items(("MUG", 2)), currency="usd", shipping=400), shop.deps)
    assert quote.currency == "USD"
    assert quote.lines[0].unit_price == Money(amount=1099, currency="USD")
    assert quote.totals.total == Money(amount=2 * 1099 + 400, currency="USD")
    (promotions,) = shop.asked(EvaluatePromotions)
    assert promotions.currency == "USD"


async def test_a_currency_without_a_rate_is_invalid(shop: Shop) -> None:
    await shop.product("MUG", 1000)
    with pytest.raises(Invalid) as error:
        await quote_cart(QuoteCart(items=items(("MUG", 1)), currency="JPY"), shop.deps)
    assert fields(error) == ["currency"]


async def test_a_sku_pricing_has_not_copied_yet_is_not_sold(shop: Shop) -> None:
    await shop.product("MUG", 1000)
    await shop.deps.prices.remove(["MUG"])
    with pytest.raises(Invalid) as error:
        await quote_cart(QuoteCart(items=items(("MUG", 1))), shop.deps)
    assert fields(error) == ["items"]

"""A bus answering pricing's ``PriceSkus`` from fixed prices, for the routes that show prices in a currency."""

from __future__ import annotations

from uuid import UUID

from core.money import Money
from domains.pricing.messages import PriceSkus, SkuPrice
from tests.support.fakes import AnsweringBus


def priced(sku: str, product_id: UUID, amount: int, currency: str, lowest: int | None = None) -> SkuPrice:
    money = Money(amount=amount, currency=currency)
    return SkuPrice(
        sku=sku,
        product_id=product_id,
        unit_price=money,
        regular_price=money,
        lowest_price_30d=Money(amount=lowest, currency=currency) if lowest is not None else None,
        price_list_id=None,
        tax_class="standard",
    )


class Pricing(AnsweringBus):
    """Prices in ``currency`` by product and SKU; a product or SKU not listed is one pricing does not know."""

    def __init__(self, currency: str, prices: dict[UUID, dict[str, int]] | None = None) -> None:
        super().__init__({PriceSkus: self.price})
        self.currency = currency
        self.prices = prices or {}

    def price(self, query: PriceSkus) -> list[SkuPrice]:
        return [
            priced(sku, product_id, amount, self.currency)
            for product_id, skus in self.prices.items()
            for sku, amount in skus.items()
            if sku in query.skus or product_id in query.product_ids
        ]

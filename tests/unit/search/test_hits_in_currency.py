"""Search hits' prices in a shopper's currency (``GET /search?currency=``), without a server."""

from __future__ import annotations

from uuid import UUID, uuid4

import msgspec
import pytest

from core.errors import TimedOut, Unavailable
from domains.search.api import hits_in
from domains.search.messages import SearchDocument
from tests.support.pricing import Pricing


def document(price: int | None = 1000, kind: str = "product") -> SearchDocument:
    return msgspec.convert(
        {"id": str(uuid4()), "type": kind, "slug": "s", "title": "T", "price": price, "currency": "EUR"},
        SearchDocument,
    )


async def test_a_product_hit_shows_its_cheapest_variant_in_the_currency() -> None:
    hit = document()
    bus = Pricing("JPY", {UUID(hit.id): {"A": 3200, "B": 1624}})

    [shown] = await hits_in(bus, [hit], "JPY")

    assert (shown.price, shown.currency) == (1624, "JPY")
    assert msgspec.structs.replace(shown, price=1000, currency="EUR") == hit


async def test_a_page_of_hits_is_priced_with_one_query_and_unpriced_hits_stay_as_indexed() -> None:
    page, unpriced, mug = document(None, "content"), document(), document()
    bus = Pricing("JPY", {UUID(mug.id): {"MUG": 1624}})

    shown = await hits_in(bus, [page, unpriced, mug], "JPY")

    assert shown[:2] == [page, unpriced]
    assert shown[2].price == 1624
    assert [q.product_ids for q in bus.asked] == [[UUID(unpriced.id), UUID(mug.id)]]


async def test_no_hits_still_ask_pricing_so_a_bad_currency_is_refused() -> None:
    bus = Pricing("GBP")

    assert await hits_in(bus, [], "GBP") == []
    assert [(q.product_ids, q.currency) for q in bus.asked] == [([], "GBP")]


class PricingDown:
    """A bus whose pricing does not answer (its process is down)."""

    async def ask(self, query: object) -> object:
        raise TimedOut("pricing.PriceSkus got no reply in time")


async def test_without_pricing_hits_keep_their_indexed_prices_in_the_default_currency() -> None:
    hit = document()

    assert await hits_in(PricingDown(), [hit], None) == [hit]  # type: ignore[arg-type]
    with pytest.raises(Unavailable):
        await hits_in(PricingDown(), [hit], "JPY")  # type: ignore[arg-type]

"""The product aggregate: status changes, variants, prices, stock."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest

from core.errors import Conflict, Invalid, NotFound
from core.validation import Findings
from domains.catalog.messages import Money
from domains.catalog.model.products import Product
from domains.catalog.model.variants import Variant, check_fits

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def variant(
    sku: str = "A", amount: int = 100, currency: str = "EUR", available: bool = True, **options: str
) -> Variant:
    return Variant(
        id=uuid4(),
        sku=sku,
        price=Money(amount=amount, currency=currency),
        options=options,
        available=available,
    )


def product(*variants: Variant, status: str = "draft") -> Product:
    made = Product(
        id=uuid4(), slug="mug", name="Mug", created_at=NOW, updated_at=NOW, variants=list(variants)
    )
    made.status = status  # type: ignore[assignment]
    return made


def test_a_draft_with_a_variant_can_be_published_then_archived_then_published_again() -> None:
    mug = product(variant())
    mug.publish(NOW)
    assert (mug.status, mug.published_at) == ("published", NOW)
    mug.archive(NOW)
    assert (mug.status, mug.archived_at) == ("archived", NOW)
    mug.publish(NOW)
    assert (mug.status, mug.archived_at) == ("published", None)


def test_a_draft_cannot_be_archived_nor_published_twice() -> None:
    with pytest.raises(Conflict):
        product(variant()).archive(NOW)
    live = product(variant(), status="published")
    with pytest.raises(Conflict):
        live.publish(NOW)


def test_a_product_without_variants_cannot_be_published() -> None:
    with pytest.raises(Conflict) as raised:
        product().publish(NOW)
    assert raised.value.errors[0].field == "variants"


def test_a_product_never_published_is_deleted_and_one_published_is_archived() -> None:
    draft, sold = product(variant()), product(variant())
    sold.publish(NOW)
    assert (draft.removal(), sold.removal()) == ("deleted", "archived")


def test_price_range_and_stock_come_from_the_variants() -> None:
    mug = product(variant("S", 300, available=False, size="S"), variant("M", 200, available=False, size="M"))
    assert (mug.price_min, mug.price_max) == (
        Money(amount=200, currency="EUR"),
        Money(amount=300, currency="EUR"),
    )
    assert mug.in_stock is False
    mug.set_availability(mug.variants[0].id, True, NOW)
    assert mug.in_stock is True
    assert product().price_min is None
    assert product().currency is None


def test_variants_share_a_currency_and_option_names_with_distinct_values() -> None:
    others = [variant("S", size="S")]
    for candidate, field in [
        (variant("X", currency="USD", size="M"), "price.currency"),
        (variant("X", colour="red"), "options"),
        (variant("X", size="S"), "options"),
    ]:
        found = Findings()
        check_fits(candidate, others, found)
        assert [e.field for e in found] == [field]


def test_adding_a_variant_that_does_not_fit_leaves_the_product_as_it_was() -> None:
    mug = product(variant("S", size="S"))
    with pytest.raises(Invalid):
        mug.add_variant(variant("X", colour="red"), NOW)
    assert [v.sku for v in mug.variants] == ["S"]


def test_the_last_variant_of_a_published_product_stays_but_a_drafts_can_go() -> None:
    live, draft = product(variant(), status="published"), product(variant())
    with pytest.raises(Conflict):
        live.remove_variant(live.variants[0].id, NOW)
    draft.remove_variant(draft.variants[0].id, NOW)
    assert draft.variants == []


def test_an_unknown_variant_is_not_found() -> None:
    with pytest.raises(NotFound):
        product(variant()).variant(uuid4())

"""Value checks: slugs, folding, money, SKUs, URLs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import Invalid
from core.slugs import slugify, unique_slug
from core.validation import Findings
from domains.catalog.messages import Money
from domains.catalog.model import fold, url
from domains.catalog.model.products import attributes
from domains.catalog.model.variants import options, sku


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("iPhone 15 Pro", "iphone-15-pro"),
        ("Café Crème — Édition d'Été", "cafe-creme-edition-d-ete"),
        ("Fjällräven Kånken", "fjallraven-kanken"),
        ("Straße & Œuvre", "strasse-and-oeuvre"),
        ("  --Hello__World--  ", "hello-world"),
        ("日本", "item"),
    ],
)
def test_slug_is_made_from_a_name_without_accents_or_punctuation(name: str, slug: str) -> None:
    assert slugify(name) == slug


@given(st.text(max_size=300))
def test_every_made_slug_is_a_valid_slug(name: str) -> None:
    found = Findings()
    found.slug(slugify(name))
    assert found == []


@given(st.sets(st.sampled_from(["mug", "mug-2", "mug-3", "mug-5", "cup"])))
def test_a_unique_slug_is_never_one_already_taken(taken: set[str]) -> None:
    assert unique_slug("mug", taken) not in taken


def test_a_uuid_cannot_be_a_slug_because_lookups_would_be_ambiguous() -> None:
    found = Findings()
    found.slug("3fa85f64-5717-4562-b3fc-2c963f66afa6")
    assert [e.field for e in found] == ["slug"]


def test_folding_ignores_case_and_accents() -> None:
    assert fold("Café CRÈME") == fold("cafe creme")


def test_money_needs_a_known_currency_and_a_non_negative_amount() -> None:
    found = Findings()
    assert found.money(Money(amount=100, currency="eur"), "price") == Money(amount=100, currency="EUR")
    found.money(Money(amount=-1, currency="EURO"), "price")
    found.money(Money(amount=1, currency="XAU"), "other")
    assert [e.field for e in found] == ["price.currency", "price.amount", "other.currency"]


def test_findings_raise_one_invalid_naming_every_field() -> None:
    found = Findings()
    found.text("", "name", longest=10)
    sku("no spaces allowed", found)
    url("javascript:alert(1)", found, "images[0]")
    with pytest.raises(Invalid) as raised:
        found.raise_any()
    assert [e.field for e in raised.value.errors] == ["name", "sku", "images[0]"]


def test_sku_is_upper_cased_and_options_keys_lower_cased() -> None:
    found = Findings()
    assert sku(" ip15-128 ", found) == "IP15-128"
    assert options({"Colour": " Blue "}, found) == {"colour": "Blue"}
    assert found == []


def test_attributes_must_be_finite_and_short() -> None:
    found = Findings()
    attributes({"weight": float("nan"), "note": "x" * 1001, "ok": True}, found)
    assert [e.field for e in found] == ["attributes.weight", "attributes.note"]

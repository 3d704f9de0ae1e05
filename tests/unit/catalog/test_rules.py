"""Value checks: slugs, folding, money, SKUs, URLs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import Invalid
from domains.catalog import rules
from domains.catalog.messages import Money


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
    assert rules.slugify(name) == slug


@given(st.text(max_size=300))
def test_every_made_slug_is_a_valid_slug(name: str) -> None:
    found = rules.Findings()
    rules.slug(rules.slugify(name), found)
    assert found == []


@given(st.sets(st.sampled_from(["mug", "mug-2", "mug-3", "mug-5", "cup"])))
def test_a_unique_slug_is_never_one_already_taken(taken: set[str]) -> None:
    assert rules.unique_slug("mug", taken) not in taken


def test_a_uuid_cannot_be_a_slug_because_lookups_would_be_ambiguous() -> None:
    found = rules.Findings()
    rules.slug("3fa85f64-5717-4562-b3fc-2c963f66afa6", found)
    assert [e.field for e in found] == ["slug"]


def test_folding_ignores_case_and_accents() -> None:
    assert rules.fold("Café CRÈME") == rules.fold("cafe creme")


def test_money_needs_a_known_currency_and_a_non_negative_amount() -> None:
    found = rules.Findings()
    assert rules.money(Money(amount=100, currency="eur"), found, "price") == Money(amount=100, currency="EUR")
    rules.money(Money(amount=-1, currency="EURO"), found, "price")
    rules.money(Money(amount=1, currency="XAU"), found, "other")
    assert [e.field for e in found] == ["price.currency", "price.amount", "other.currency"]


def test_findings_raise_one_invalid_naming_every_field() -> None:
    found = rules.Findings()
    rules.text("", found, "name", longest=10)
    rules.sku("no spaces allowed", found)
    rules.url("javascript:alert(1)", found, "images[0]")
    with pytest.raises(Invalid) as raised:
        found.raise_any()
    assert [e.field for e in raised.value.errors] == ["name", "sku", "images[0]"]


def test_sku_is_upper_cased_and_options_keys_lower_cased() -> None:
    found = rules.Findings()
    assert rules.sku(" ip15-128 ", found) == "IP15-128"
    assert rules.options({"Colour": " Blue "}, found) == {"colour": "Blue"}
    assert found == []


def test_attributes_must_be_finite_and_short() -> None:
    found = rules.Findings()
    rules.attributes({"weight": float("nan"), "note": "x" * 1001, "ok": True}, found)
    assert [e.field for e in found] == ["attributes.weight", "attributes.note"]

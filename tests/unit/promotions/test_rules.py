"""Bad promotions are refused field by field, before anything is stored."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import msgspec
import pytest

from core.validation import Findings
from domains.promotions.messages import CreatePromotion, UpdatePromotion
from domains.promotions.model import coupons, rules
from tests.unit.promotions.builders import NOW, promotion


def refused(kind: str = "percentage", **fields: Any) -> list[str]:
    spec = msgspec.convert({"name": "x", "kind": kind, **fields}, CreatePromotion)
    found = Findings()
    rules.promotion(spec, "EUR", NOW, found)
    return [error.field for error in found]


@pytest.mark.parametrize(
    ("kind", "fields", "field"),
    [
        ("percentage", {"value": "-5"}, "value"),
        ("percentage", {"value": "100.01"}, "value"),
        ("percentage", {"value": "1e-400"}, "value"),  # more than zero, but discounts nothing
        ("percentage", {"value": "12.34567"}, "value"),
        ("percentage", {"value": "ten"}, "value"),
        ("percentage", {}, "value"),
        ("fixed", {"value": "9.5"}, "value"),
        ("fixed", {"value": "500", "currency": "XYZ"}, "currency"),
        (
            "percentage",
            {"tiers": [{"min_subtotal": 5000, "value": "5"}, {"min_subtotal": 4000, "value": "10"}]},
            "tiers[1].min_subtotal",
        ),
        (
            "percentage",
            {"value": "5", "starts_at": NOW.isoformat(), "ends_at": (NOW - timedelta(1)).isoformat()},
            "ends_at",
        ),
        ("buy_x_get_y", {"buy": 0, "get": 1}, "buy"),
        ("percentage", {"value": "5", "usage_limit": 0}, "usage_limit"),
        ("percentage", {"value": "5", "conditions": {"currencies": ["EURO"]}}, "conditions.currencies[0]"),
        ("percentage", {"value": "5", "variants": [{"name": "a"}]}, "variants"),
    ],
)
def test_a_bad_promotion_is_refused_naming_the_field(kind: str, fields: dict[str, Any], field: str) -> None:
    assert field in refused(kind, **fields)


def test_a_percentage_is_kept_as_an_exact_decimal_and_the_currency_defaults_to_the_shops() -> None:
    made = promotion(value="12.50")

    assert str(made.value) == "12.5"
    assert made.currency == "EUR"
    assert refused(value="12.5") == refused(value="12.3456") == []


def test_an_update_is_checked_as_a_whole_and_keeps_the_use_count() -> None:
    current = promotion("fixed", value="500", usage_limit=10)
    current.used = 3
    found = Findings()

    revised = rules.revised(current, UpdatePromotion(promotion_id=current.id, value="700"), NOW, found)
    bad = rules.revised(current, UpdatePromotion(promotion_id=current.id, usage_limit=0), NOW, found)

    assert (revised.value, revised.used, revised.usage_limit, revised.id) == (700, 3, 10, current.id)
    assert bad.usage_limit == 0
    assert [error.field for error in found] == ["usage_limit"]


def test_generated_codes_are_distinct_prefixed_and_avoid_look_alike_characters() -> None:
    codes = coupons.generated("SUMMER-", 2000)

    assert len(set(codes)) == 2000
    assert all(code.startswith("SUMMER-") and len(code) == 7 + coupons.RANDOM_PART for code in codes)
    assert not set("".join(code.removeprefix("SUMMER-") for code in codes)) & set("01OI")


def test_codes_are_matched_whatever_their_case() -> None:
    found = Findings()

    assert coupons.checked_code("  save10 ", found) == "SAVE10"
    assert coupons.checked_code("no spaces allowed", found) == "NO SPACES ALLOWED"
    assert [error.field for error in found] == ["code"]

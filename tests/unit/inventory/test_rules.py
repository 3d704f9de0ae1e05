"""The ledger's arithmetic and what input inventory accepts."""

from __future__ import annotations

import pytest

from core.validation import Findings
from domains.inventory import model
from domains.inventory.model.ledger import effect


@pytest.mark.parametrize(
    ("kind", "quantity", "expected"),
    [
        ("receipt", 5, (5, 0)),
        ("adjustment", -2, (-2, 0)),
        ("return", 1, (1, 0)),
        ("transfer", -3, (-3, 0)),
        ("reservation", 4, (0, 4)),
        ("release", -4, (0, -4)),
        ("allocation", 2, (0, 2)),
        ("shipment", -2, (-2, -2)),
    ],
)
def test_each_kind_of_ledger_line_moves_on_hand_or_reserved_or_both(kind, quantity, expected) -> None:
    assert effect(kind, quantity) == expected


def test_skus_and_codes_are_kept_upper_case_and_checked() -> None:
    found = Findings()

    assert model.sku(" mug-1 ", found) == "MUG-1"
    assert model.code("main", found) == "MAIN"
    model.sku("-bad", found, "items[0].sku")
    model.code("no spaces", found)

    assert [e.field for e in found] == ["items[0].sku", "code"]


@pytest.mark.parametrize("quantity", [0, -1, 10**9])
def test_a_quantity_must_be_whole_units_within_bounds(quantity: int) -> None:
    found = Findings()
    model.quantity(quantity, found)
    assert [e.field for e in found] == ["quantity"]


def test_a_hold_may_be_set_to_zero_but_a_delta_may_not_be_zero() -> None:
    found = Findings()

    model.quantity(0, found, allow_zero=True)
    model.delta(0, found)
    model.threshold(-1, found)

    assert [e.field for e in found] == ["delta", "threshold"]


def test_a_reservation_lives_the_shops_ttl_unless_told_otherwise() -> None:
    found = Findings()

    assert model.ttl(None, 900, found) == 900
    assert model.ttl(60, 900, found) == 60
    model.ttl(0, 900, found)

    assert [e.field for e in found] == ["ttl_seconds"]

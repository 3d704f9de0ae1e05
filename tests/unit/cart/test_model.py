"""The cart's pure rules: who may address a cart, line quantities, merging, shipping addresses."""

from __future__ import annotations

import uuid

import pytest

from core.errors import Conflict, Invalid, NotFound
from domains.cart.messages import CartAddress
from domains.cart.model import MAX_LINES, Cart, added_quantity, checked_address, merge, reachable
from tests.unit.cart.fakes import NOW

ANN = uuid.uuid4()


def cart(customer_id: uuid.UUID | None = None, **quantities: int) -> Cart:
    made = Cart(
        id=uuid.uuid4(),
        customer_id=customer_id,
        email=None,
        currency="EUR",
        status="active",
        created_at=NOW,
        updated_at=NOW,
    )
    for sku, quantity in quantities.items():
        made.set_quantity(sku, quantity)
    return made


def test_a_guest_cart_is_reachable_by_anyone_and_a_customers_by_that_customer_alone() -> None:
    guest, mine = cart(), cart(ANN)
    assert reachable(guest, guest.id, None) is guest
    assert reachable(guest, guest.id, ANN) is guest
    assert reachable(mine, mine.id, ANN) is mine
    for caller in (None, uuid.uuid4()):
        with pytest.raises(NotFound):
            reachable(mine, mine.id, caller)
    with pytest.raises(NotFound):
        reachable(None, uuid.uuid4(), ANN)


def test_an_added_quantity_counts_what_the_line_holds_already() -> None:
    assert added_quantity(cart(A=3), "A", 4, 10) == 7
    with pytest.raises(Invalid) as caught:
        added_quantity(cart(A=8), "A", 3, 10)
    assert [e.field for e in caught.value.errors] == ["quantity"]
    full = cart(**{f"S{i}": 1 for i in range(MAX_LINES)})
    with pytest.raises(Invalid) as caught:
        added_quantity(full, "NEW", 1, 10)
    assert [e.field for e in caught.value.errors] == ["sku"]


def test_merging_adds_quantities_up_to_the_maximum_and_leaves_out_skus_past_the_line_count() -> None:
    guest = cart(A=4, B=1, NEW=2)
    guest.coupon_codes = ["GUEST"]
    mine = cart(ANN, A=8, **{f"S{i}": 1 for i in range(MAX_LINES - 2)})
    mine.coupon_codes = ["MINE"]
    capped = merge(guest, mine, most=10, coupons=1)
    assert [(c.sku, c.quantity) for c in capped] == [("A", 10), ("NEW", 0)]
    held = {line.sku: line.quantity for line in mine.lines}
    assert (held["A"], held["B"], "NEW" in held, len(held)) == (10, 1, False, MAX_LINES)
    assert (mine.coupon_codes, guest.status) == (["MINE"], "merged")
    with pytest.raises(Conflict):
        merge(guest, mine, most=10, coupons=1)


def test_an_address_is_cleaned_to_its_stored_form() -> None:
    given = CartAddress(line1=" Main St 1 ", city="London", postal_code="sw1a  1aa", country="gb", phone=" ")
    clean = checked_address(given)
    assert (clean.line1, clean.postal_code, clean.country, clean.phone) == (
        "Main St 1",
        "SW1A 1AA",
        "GB",
        None,
    )

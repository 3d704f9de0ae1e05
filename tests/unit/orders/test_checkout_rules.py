"""The checkout saga's pure rules: when a cart may be checked out, what to undo, what recovery does."""

from __future__ import annotations

from uuid import uuid4

import pytest

from core.errors import Conflict, Invalid
from domains.orders.model import CheckoutRun, check_ready, compensations, recovery_of
from tests.unit.orders.builders import cart, order_plan
from tests.unit.orders.fakes import START


def test_a_cart_without_items_address_method_or_guest_email_is_refused_naming_each_field() -> None:
    empty = cart(items=[], shipping_address=None, shipping_method_id=None, email=None)

    with pytest.raises(Invalid) as refused:
        check_ready(empty, None)

    fields = {e.field for e in refused.value.errors}
    assert fields == {"items", "shipping_address", "shipping_method", "email"}


def test_a_customer_needs_no_email_and_a_checked_out_cart_is_a_conflict() -> None:
    assert check_ready(cart(customer_id=uuid4(), email=None), None) is None
    assert check_ready(cart(email=None), "bob@example.com") == "bob@example.com"
    with pytest.raises(Conflict):
        check_ready(cart(status="checked_out"), None)


def test_compensations_undo_the_steps_reached_last_first() -> None:
    assert compensations("started") == []
    assert compensations("redeeming") == ["release_coupons"]
    assert compensations("allocating") == ["release_allocation", "release_coupons"]
    assert compensations("paying") == ["void_payment", "release_allocation", "release_coupons"]
    assert compensations("placing") == ["void_payment", "release_allocation", "release_coupons"]


def run(step, state, with_plan=True) -> CheckoutRun:
    return CheckoutRun(
        order_id=uuid4(),
        cart_id=uuid4(),
        customer_id=None,
        email=None,
        provider="sandbox",
        token_hash="x",
        step=step,
        state=state,
        lease_owner=uuid4(),
        lease_until=START,
        plan=order_plan() if with_plan else None,
    )


@pytest.mark.parametrize(
    ("step", "state", "action"),
    [
        ("started", "running", "compensate"),
        ("allocating", "running", "compensate"),
        ("paying", "running", "settle_payment"),
        ("placing", "running", "settle_payment"),
        ("paying", "compensating", "compensate"),
        ("placed", "done", "complete_cart"),
        ("completed", "done", "nothing"),
        ("paying", "failed", "nothing"),
    ],
)
def test_recovery_undoes_before_payment_settles_payment_after_and_completes_a_placed_cart(
    step, state, action
) -> None:
    assert recovery_of(run(step, state)) == action

"""How provider events may move a payment: only forwards, and refund totals that never go back."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domains.payments.model.webhooks import moves_forward, refunded_after

STATUSES = [
    "pending",
    "failed",
    "requires_action",
    "authorised",
    "held",
    "captured",
    "partially_refunded",
    "refunded",
    "declined",
    "voided",
]


@pytest.mark.parametrize(
    ("kind", "moves"),
    [
        ("authorised", {"pending", "failed", "requires_action"}),
        ("captured", {"pending", "failed", "requires_action", "authorised", "held"}),
        ("declined", {"pending", "failed", "requires_action"}),
        ("voided", {"pending", "failed", "requires_action", "authorised", "held"}),
        (
            "refunded",
            {"pending", "failed", "requires_action", "authorised", "held", "captured", "partially_refunded"},
        ),
    ],
)
def test_an_event_moves_a_payment_only_from_the_statuses_before_it(kind, moves) -> None:
    assert {status for status in STATUSES if moves_forward(status, kind)} == moves


def test_an_event_about_nothing_moves_nothing() -> None:
    assert not any(moves_forward(status, None) for status in STATUSES)


def test_nothing_moves_a_declined_voided_or_fully_refunded_payment() -> None:
    kinds = ["authorised", "captured", "declined", "voided", "refunded"]
    assert not any(
        moves_forward(status, kind) for status in ("declined", "voided", "refunded") for kind in kinds
    )


@given(
    captured=st.integers(0, 10**6),
    refunded=st.integers(0, 10**6),
    refunding=st.integers(0, 10**6),
    totals=st.lists(st.integers(0, 2 * 10**6), max_size=6),
)
def test_refund_totals_in_any_order_never_lower_the_count_nor_pass_the_capture(
    captured: int, refunded: int, refunding: int, totals: list[int]
) -> None:
    refunded = min(refunded, captured)
    refunding = min(refunding, captured - refunded)
    counted = refunded
    for total in totals:
        after = refunded_after(captured=captured, refunded=counted, refunding=refunding, provider_total=total)
        assert counted <= after <= captured - refunding
        counted = after


def test_a_refund_in_flight_is_left_for_its_own_call_to_count() -> None:
    assert refunded_after(captured=10000, refunded=0, refunding=3000, provider_total=3000) == 0
    assert refunded_after(captured=10000, refunded=0, refunding=3000, provider_total=5000) == 2000
    assert refunded_after(captured=10000, refunded=3000, refunding=0, provider_total=3000) == 3000

"""The pure rules of payments: what counts as a card number, where a refunded payment stands."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domains.payments.model import looks_like_card_number, refund_status


@pytest.mark.parametrize(
    "token", ["4111111111111111", "4111 1111 1111 1111", "378282246310005", "4111-1111-1111-1111"]
)
def test_bare_card_numbers_are_recognised(token: str) -> None:
    assert looks_like_card_number(token)


@pytest.mark.parametrize(
    "token", [None, "ok", "3ds", "pm_card_visa", "tok_1N3T00LkdIwHu7ix", "12345", "5O190127TN364715T"]
)
def test_provider_tokens_are_not_card_numbers(token: str | None) -> None:
    assert not looks_like_card_number(token)


@given(captured=st.integers(min_value=1, max_value=10**9), data=st.data())
def test_a_payment_is_refunded_only_when_all_of_the_capture_went_back(
    captured: int, data: st.DataObject
) -> None:
    refunded = data.draw(st.integers(min_value=0, max_value=captured))

    status = refund_status(captured, refunded)

    expected = "captured" if refunded == 0 else "refunded" if refunded == captured else "partially_refunded"
    assert status == expected

"""Signed links: only a token the shop signed, for the same purpose, is believed."""

from __future__ import annotations

from adapters.notifications.links import HmacLinks


def test_a_signed_value_comes_back_and_anything_else_does_not() -> None:
    links = HmacLinks("a-secret-key-long-enough-for-the-shop")
    token = links.sign("unsubscribe", "0b9c2d4e-3f1a-4c5b-8d7e-6f5a4b3c2d1e")

    assert links.verify("unsubscribe", token) == "0b9c2d4e-3f1a-4c5b-8d7e-6f5a4b3c2d1e"
    assert links.verify("reset", token) is None
    assert HmacLinks("another-key-entirely-of-another-shop").verify("unsubscribe", token) is None
    value, _, mac = token.partition(".")
    assert links.verify("unsubscribe", f"{value[:-2]}AA.{mac}") is None
    assert links.verify("unsubscribe", "not-a-token") is None
    assert links.verify("unsubscribe", "%%%.!!!") is None

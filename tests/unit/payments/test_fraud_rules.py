"""The fraud rules as one pure function: every point has its reason, the thresholds decide."""

from __future__ import annotations

from typing import Any

import pytest

from core.money import Money
from domains.payments.model.fraud import Attempt, Blocklist, FraudRules, Velocity, score, span
from domains.payments.model.screening import block_value

CARD = "0f" * 16
RULES = FraudRules(
    review_score=50,
    block_score=90,
    amount_threshold=100_000,
    currency="EUR",
    window_seconds=600,
    email_limit=3,
    ip_limit=5,
    card_limit=3,
)


def attempt(amount: int = 5000, currency: str = "EUR", **fields: Any) -> Attempt:
    values: dict[str, Any] = {
        "email": "ann@example.com",
        "ip": "198.51.100.7",
        "card": CARD,
        "billing_country": "DE",
        "shipping_country": "DE",
        **fields,
    }
    return Attempt(amount=Money(amount=amount, currency=currency), **values)


def blocklist(*entries: tuple[Any, str]) -> Blocklist:
    return Blocklist.of((kind, block_value(kind, value)) for kind, value in entries)


def test_an_ordinary_attempt_scores_nothing_and_is_allowed() -> None:
    verdict = score(attempt(), Velocity(), Blocklist(), RULES)

    assert (verdict.score, verdict.reasons, verdict.decision) == (0, (), "allow")


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        (("email", " Ann@Example.com "), "blocklist_email: the email is on the blocklist"),
        (("ip", "198.51.100.0/24"), "blocklist_ip: 198.51.100.7 is in 198.51.100.0/24"),
        (("ip", "198.51.100.7"), "blocklist_ip: 198.51.100.7 is in 198.51.100.7/32"),
        (("country", "de"), "blocklist_country: DE (billing)"),
        (("card", CARD.upper()), "blocklist_card: the card's fingerprint is on the blocklist"),
    ],
)
def test_anything_on_the_blocklist_blocks_the_attempt_saying_which_entry(entry: Any, reason: str) -> None:
    verdict = score(attempt(), Velocity(), blocklist(entry), RULES)

    assert verdict.decision == "block"
    assert verdict.score == 100
    assert reason in verdict.reasons


def test_a_blocked_shipping_country_names_the_shipping_side() -> None:
    verdict = score(attempt(billing_country="FR"), Velocity(), blocklist(("country", "DE")), RULES)

    assert "blocklist_country: DE (shipping)" in verdict.reasons


def test_an_ip_outside_every_blocked_network_and_an_unlisted_email_pass() -> None:
    listed = blocklist(("ip", "203.0.113.0/24"), ("email", "eve@example.com"), ("ip", "2001:db8::/32"))

    assert score(attempt(), Velocity(), listed, RULES).decision == "allow"


def test_velocity_counts_only_above_the_limit_and_says_how_many_attempts_in_what_window() -> None:
    at_limit = score(attempt(), Velocity(email=3), Blocklist(), RULES)
    over = score(attempt(), Velocity(email=4), Blocklist(), RULES)

    assert at_limit.reasons == ()
    assert over.reasons == ("velocity_email: 4 attempts in 10 min",)
    assert (over.score, over.decision) == (40, "allow")


def test_email_and_card_velocity_together_hold_the_payment_for_review() -> None:
    verdict = score(attempt(), Velocity(email=4, ip=2, card=5), Blocklist(), RULES)

    assert verdict.reasons == ("velocity_email: 4 attempts in 10 min", "velocity_card: 5 attempts in 10 min")
    assert (verdict.score, verdict.decision) == (80, "review")


def test_all_three_velocities_block_and_the_score_stops_at_100() -> None:
    verdict = score(attempt(), Velocity(email=9, ip=9, card=9), Blocklist(), RULES)

    assert len(verdict.reasons) == 3
    assert (verdict.score, verdict.decision) == (100, "block")


def test_a_limit_of_zero_turns_a_velocity_rule_off_and_missing_values_are_not_counted() -> None:
    off = FraudRules(email_limit=0, ip_limit=0, card_limit=0)
    unknown = attempt(email=None, ip=None, card=None)

    assert score(attempt(), Velocity(email=99, ip=99, card=99), Blocklist(), off).reasons == ()
    assert score(unknown, Velocity(email=99, ip=99, card=99), Blocklist(), RULES).reasons == ()


def test_an_amount_over_the_threshold_scores_in_the_shops_currency_only() -> None:
    over = score(attempt(150_000), Velocity(), Blocklist(), RULES)
    at = score(attempt(100_000), Velocity(), Blocklist(), RULES)
    other_currency = score(attempt(9_000_000, "JPY"), Velocity(), Blocklist(), RULES)

    assert over.reasons == ("amount: 1500.00 EUR is over 1000.00 EUR",)
    assert over.score == 30
    assert at.reasons == other_currency.reasons == ()


def test_billing_and_shipping_in_different_countries_score_and_with_a_large_amount_are_reviewed() -> None:
    mismatch = score(attempt(billing_country="FR"), Velocity(), Blocklist(), RULES)
    both = score(attempt(150_000, billing_country="FR"), Velocity(), Blocklist(), RULES)
    one_unknown = score(attempt(billing_country=None), Velocity(), Blocklist(), RULES)

    assert mismatch.reasons == ("country_mismatch: billing FR, shipping DE",)
    assert (mismatch.score, mismatch.decision) == (25, "allow")
    assert (both.score, both.decision) == (55, "review")
    assert one_unknown.reasons == ()


def test_the_thresholds_are_the_shops_settings() -> None:
    strict = FraudRules(review_score=20, block_score=25, email_limit=1)

    assert score(attempt(billing_country="FR"), Velocity(), Blocklist(), strict).decision == "block"
    assert score(attempt(), Velocity(email=2), Blocklist(), FraudRules(email_limit=1)).decision == "allow"


@pytest.mark.parametrize(("seconds", "said"), [(600, "10 min"), (3600, "1 h"), (7200, "2 h"), (45, "45 s")])
def test_a_window_reads_as_people_say_it(seconds: int, said: str) -> None:
    assert span(seconds) == said


@pytest.mark.parametrize(
    ("kind", "value", "kept"),
    [
        ("email", " Eve@Example.COM", "eve@example.com"),
        ("ip", "203.0.113.9/24", "203.0.113.0/24"),
        ("ip", "2001:DB8::1", "2001:db8::1/128"),
        ("country", "ru", "RU"),
        ("card", CARD.upper(), CARD),
    ],
)
def test_blocklist_values_are_kept_normalised(kind: Any, value: str, kept: str) -> None:
    assert block_value(kind, value) == kept


@pytest.mark.parametrize(
    ("kind", "value"),
    [("email", "no-at-sign"), ("ip", "10.0.0.300"), ("country", "XX"), ("card", "4111111111111111")],
)
def test_a_blocklist_value_of_the_wrong_form_is_refused(kind: Any, value: str) -> None:
    with pytest.raises(ValueError, match="must be"):
        block_value(kind, value)

"""Preferences: what each channel may carry, and quiet hours in the customer's time zone."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest

from core.errors import Invalid
from core.validation import Findings
from domains.notifications.messages import ChoiceUpdate, QuietHours, UpdatePreferences
from domains.notifications.model import CustomerPreferences, held_until

NIGHT = QuietHours(start="22:00", end="07:00")
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def update(prefs: CustomerPreferences, **fields) -> None:
    checks = Findings()
    prefs.update(UpdatePreferences(customer_id=prefs.customer_id, **fields), NOW, checks)
    checks.raise_any()


def test_by_default_transactional_messages_go_and_marketing_does_not() -> None:
    prefs = CustomerPreferences(customer_id=uuid4())

    allowed = {
        (c, k)
        for c in ("email", "sms", "push", "in_app")
        for k in ("transactional", "marketing")
        if prefs.allows(c, k)
    }

    assert allowed == {("email", "transactional"), ("push", "transactional"), ("in_app", "transactional")}


def test_transactional_email_cannot_be_switched_off_but_marketing_can_be_switched_on() -> None:
    prefs = CustomerPreferences(customer_id=uuid4())

    with pytest.raises(Invalid) as refused:
        update(prefs, channels={"email": ChoiceUpdate(transactional=False)})
    update(prefs, channels={"email": ChoiceUpdate(marketing=True), "sms": ChoiceUpdate(transactional=True)})

    assert [e.field for e in refused.value.errors] == ["channels.email.transactional"]
    assert prefs.allows("email", "marketing") and prefs.allows("sms", "transactional")
    assert not prefs.allows("sms", "marketing")


def test_unsubscribing_switches_marketing_email_off_only() -> None:
    prefs = CustomerPreferences(customer_id=uuid4())
    update(prefs, channels={"email": ChoiceUpdate(marketing=True), "push": ChoiceUpdate(marketing=True)})

    prefs.unsubscribe("email", "marketing", NOW)

    assert not prefs.allows("email", "marketing")
    assert prefs.allows("push", "marketing") and prefs.allows("email", "transactional")


@pytest.mark.parametrize(
    ("now", "zone", "until"),
    [
        (datetime(2026, 12, 7, 23, 30, tzinfo=UTC), None, datetime(2026, 12, 8, 7, 0, tzinfo=UTC)),
        (datetime(2026, 12, 7, 3, 0, tzinfo=UTC), None, datetime(2026, 12, 7, 7, 0, tzinfo=UTC)),
        (datetime(2026, 12, 7, 12, 0, tzinfo=UTC), None, None),
        (datetime(2026, 12, 7, 7, 0, tzinfo=UTC), None, None),
        # 21:30 UTC is 22:30 in Berlin (CET): held until 07:00 Berlin, 06:00 UTC.
        (datetime(2026, 12, 7, 21, 30, tzinfo=UTC), "Europe/Berlin", datetime(2026, 12, 8, 6, 0, tzinfo=UTC)),
        # In summer (CEST) the same wall clock is two hours ahead of UTC.
        (datetime(2026, 7, 7, 21, 30, tzinfo=UTC), "Europe/Berlin", datetime(2026, 7, 8, 5, 0, tzinfo=UTC)),
        (datetime(2026, 12, 7, 21, 30, tzinfo=UTC), "America/New_York", None),
    ],
)
def test_quiet_hours_hold_a_message_until_they_end_in_the_customers_time_zone(now, zone, until) -> None:
    assert held_until(now, NIGHT, zone) == until


def test_quiet_hours_within_a_day_hold_only_inside_them() -> None:
    lunch = QuietHours(start="12:00", end="13:30")

    assert held_until(datetime(2026, 12, 7, 12, 15, tzinfo=UTC), lunch, None) == datetime(
        2026, 12, 7, 13, 30, tzinfo=UTC
    )
    assert held_until(datetime(2026, 12, 7, 13, 30, tzinfo=UTC), lunch, None) is None
    assert held_until(NOW, None, "Europe/Berlin") is None


def test_bad_values_are_refused_naming_each_field() -> None:
    prefs = CustomerPreferences(customer_id=uuid4())

    with pytest.raises(Invalid) as refused:
        update(
            prefs,
            time_zone="Europe/Atlantis",
            phone="0151 123",
            locale="German",
            quiet_hours=QuietHours(start="7:00", end="7:00"),
        )

    assert {e.field for e in refused.value.errors} == {
        "time_zone",
        "phone",
        "locale",
        "quiet_hours.start",
        "quiet_hours.end",
    }

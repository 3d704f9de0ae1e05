"""Customers' pure rules: addresses, postal codes, profiles, segment rules."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from core.countries import COUNTRIES, POSTAL_CODES
from core.errors import Invalid
from core.money import Money
from core.validation import Findings
from domains.customers import messages as m
from domains.customers.model import Facts, Profile, changed, matches, new_address, rules_of

NOW = datetime(2026, 6, 1, tzinfo=UTC)
HOME = {
    "first_name": " Ann ",
    "last_name": "Lee",
    "line1": "1 Rue de Rivoli",
    "city": "Paris",
    "postal_code": "75001",
    "country": "fr",
}


def fields_of(error: Invalid) -> list[str]:
    return [e.field for e in error.errors]


def test_an_address_is_stored_trimmed_with_an_upper_case_country() -> None:
    address = new_address(uuid.uuid4(), uuid.uuid4(), HOME, NOW)
    assert (address.first_name, address.country, address.company, address.default_shipping) == (
        "Ann",
        "FR",
        None,
        False,
    )


def test_every_bad_field_of_an_address_is_named_at_once() -> None:
    with pytest.raises(Invalid) as caught:
        new_address(uuid.uuid4(), uuid.uuid4(), {**HOME, "city": " ", "country": "ZZ", "phone": "x"}, NOW)
    assert sorted(fields_of(caught.value)) == ["city", "country", "phone"]


def test_the_country_table_is_iso_3166_alpha_2() -> None:
    assert len(COUNTRIES) == 249
    assert {"FR", "GB", "US", "JP", "AX", "SS"} <= COUNTRIES
    assert not {"UK", "EU", "XX"} & COUNTRIES


@pytest.mark.parametrize(
    ("country", "good", "bad"),
    [
        ("US", "94105-1234", "9410"),
        ("CA", "K1A 0B1", "D1A 0B1"),
        ("GB", "EC1A 1BB", "EC1A"),
        ("DE", "10115", "1011"),
        ("FR", "75008", "7500A"),
        ("NL", "1012 AB", "0123 AB"),
        ("IT", "00184", "184"),
        ("ES", "28013", "53000"),
        ("JP", "100-0001", "1000-001"),
        ("AU", "2000", "20000"),
        ("IE", "D02 X285", "D02"),
    ],
)
def test_postal_codes_of_common_countries_follow_their_format(country: str, good: str, bad: str) -> None:
    address = new_address(uuid.uuid4(), uuid.uuid4(), {**HOME, "country": country, "postal_code": good}, NOW)
    assert address.postal_code == good
    with pytest.raises(Invalid) as caught:
        new_address(uuid.uuid4(), uuid.uuid4(), {**HOME, "country": country, "postal_code": bad}, NOW)
    assert fields_of(caught.value) == ["postal_code"]


def test_a_country_without_a_known_format_takes_any_postal_code() -> None:
    assert "KE" not in POSTAL_CODES
    assert new_address(uuid.uuid4(), uuid.uuid4(), {**HOME, "country": "KE", "postal_code": "00100"}, NOW)


def test_changing_an_address_checks_the_result_as_a_whole() -> None:
    address = new_address(uuid.uuid4(), uuid.uuid4(), HOME, NOW)
    with pytest.raises(Invalid) as caught:
        changed(address, {"country": "NL"}, NOW)  # 75001 is no Dutch postal code
    assert fields_of(caught.value) == ["postal_code"]
    moved = changed(address, {"country": "GB", "postal_code": "sw1a 1aa"}, NOW + timedelta(days=1))
    assert (moved.country, moved.postal_code, moved.created_at) == ("GB", "SW1A 1AA", NOW)


def profile(**changes: object) -> Profile:
    return Profile(id=uuid.uuid4(), email="ann@example.com", created_at=NOW, updated_at=NOW, **changes)  # type: ignore[arg-type]


def test_registration_names_fill_only_what_the_customer_has_not_set_and_apply_once() -> None:
    opened = profile(first_name="Annie")
    assert opened.apply_registration("Ann", "Lee", NOW)
    assert (opened.first_name, opened.last_name) == ("Annie", "Lee")
    assert not opened.apply_registration("Bob", "Bee", NOW)
    assert (opened.first_name, opened.last_name) == ("Annie", "Lee")


def test_an_update_changing_nothing_raises_no_event() -> None:
    ann = profile(first_name="Ann")
    ann.update({"first_name": "Ann"}, NOW)
    assert ann.events == []
    ann.update({"first_name": "Anne", "marketing_consent": True}, NOW)
    assert [type(e) for e in ann.events] == [m.ProfileUpdated]


def test_erasing_forgets_every_personal_field_once() -> None:
    ann = profile(first_name="Ann", phone="+33 1 23 45 67 89", tags=["vip"], marketing_consent=True)
    ann.erase(NOW)
    ann.erase(NOW)
    assert (ann.email, ann.first_name, ann.phone, ann.tags, ann.marketing_consent) == (
        "",
        None,
        None,
        [],
        False,
    )
    assert ann.events == [m.CustomerErased(customer_id=ann.id)]


def facts(**changes: object) -> Facts:
    base: dict[str, object] = {
        "customer_id": uuid.uuid4(),
        "country": "FR",
        "tags": ("vip",),
        "registered_at": NOW,
        "order_count": 2,
        "spent": {"EUR": 10_000},
    }
    return Facts(**{**base, **changes})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        (m.SegmentRules(), True),
        (m.SegmentRules(countries=["FR", "BE"]), True),
        (m.SegmentRules(countries=["DE"]), False),
        (m.SegmentRules(tags=["wholesale", "vip"]), True),
        (m.SegmentRules(tags=["wholesale"]), False),
        (
            m.SegmentRules(
                registered_after=NOW - timedelta(days=1), registered_before=NOW + timedelta(days=1)
            ),
            True,
        ),
        (m.SegmentRules(registered_before=NOW), False),
        (m.SegmentRules(min_orders=2, max_orders=2), True),
        (m.SegmentRules(min_orders=3), False),
        (m.SegmentRules(min_spent=Money(amount=10_000, currency="EUR")), True),
        (m.SegmentRules(min_spent=Money(amount=1, currency="USD")), False),
        (m.SegmentRules(countries=["FR"], min_orders=5), False),
    ],
)
def test_a_customer_matches_a_rule_segment_when_every_condition_holds(
    rules: m.SegmentRules, expected: bool
) -> None:
    assert matches(rules, facts()) is expected


def test_a_customer_without_a_default_shipping_address_matches_no_country_rule() -> None:
    assert not matches(m.SegmentRules(countries=["FR"]), facts(country=None))


def test_rules_are_normalised_and_impossible_ones_named() -> None:
    problems = Findings()
    rules = rules_of(problems, m.SegmentRules(countries=["fr", "FR"], tags=["VIP"]))
    assert (rules.countries, rules.tags, list(problems)) == (["FR"], ["vip"], [])
    bad = m.SegmentRules(
        countries=["XX"],
        min_orders=-1,
        registered_after=NOW,
        registered_before=NOW,
        min_spent=Money(amount=5, currency="ABC"),
    )
    problems = Findings()
    rules_of(problems, bad)
    assert sorted(e.field for e in problems) == [
        "rules.countries",
        "rules.min_orders",
        "rules.min_spent.currency",
        "rules.registered_before",
    ]

"""The pricing model, pure: currency conversion and charm prices, which price list wins,
the Omnibus 30-day lowest price, tax rates and their apportioning, and staff input checks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from uuid import UUID, uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.money import Money
from core.validation import Findings
from domains.pricing.messages import CreatePriceList, CreateTaxRate, ListPrice, UpdatePriceList
from domains.pricing.model import rules
from domains.pricing.model.currencies import charmed, convert
from domains.pricing.model.omnibus import WINDOW, PricePoint, lowest_before
from domains.pricing.model.prices import ListedPrice, PriceList, winning_list
from domains.pricing.model.tax import Charge, TaxRate, apportion, breakdown, charge, rate_for

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
SKU = "MUG-1"


def fields(found: Findings) -> list[str]:
    return [error.field for error in found]


# Currencies ---------------------------------------------------------------


def eur(amount: int) -> Money:
    return Money(amount=amount, currency="EUR")


def test_converting_to_a_two_decimal_currency_rounds_half_up_to_cents() -> None:
    # 10.00 EUR at 1.0850 is 10.85 USD; 1.00 EUR at 1.0850 is 1.085 -> 1.09
    assert convert(eur(1000), "USD", Decimal("1.0850")) == Money(amount=1085, currency="USD")
    assert convert(eur(100), "USD", Decimal("1.0850")) == Money(amount=109, currency="USD")


def test_converting_to_yen_gives_whole_yen() -> None:
    # 10.00 EUR at 161.235 is 1612.35 JPY -> 1612 (yen have no minor units)
    assert convert(eur(1000), "JPY", Decimal("161.235")) == Money(amount=1612, currency="JPY")
    # 0.01 EUR at 161.5 is 1.615 JPY -> 2
    assert convert(eur(1), "JPY", Decimal("161.5")) == Money(amount=2, currency="JPY")


def test_converting_to_dinar_keeps_three_decimals() -> None:
    # 10.00 EUR at 0.33335 is 3.3335 KWD -> 3.334 (3334 fils)
    assert convert(eur(1000), "KWD", Decimal("0.33335")) == Money(amount=3334, currency="KWD")


def test_a_price_already_in_the_currency_is_left_alone_even_with_charm() -> None:
    assert convert(eur(1043), "EUR", Decimal("2"), charm=True) == eur(1043)


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        (1043, "EUR", 1099),  # 10.43 -> 10.99
        (1000, "EUR", 1099),  # 10.00 -> 10.99
        (1099, "EUR", 1099),  # 10.99 stays
        (1, "EUR", 99),  # 0.01 -> 0.99
        (10000, "KWD", 10999),  # 10.000 -> 10.999
        (10999, "KWD", 10999),
        (10500, "KWD", 10999),
        (1234, "JPY", 1234),  # yen are left whole, not lifted to 1,299
        (1000, "JPY", 1000),
    ],
)
def test_charm_rounding_lifts_to_one_minor_unit_below_the_next_whole_unit(
    amount: int, currency: str, expected: int
) -> None:
    assert charmed(amount, currency) == expected


def test_conversion_with_charm_charms_the_converted_amount() -> None:
    assert convert(eur(1000), "USD", Decimal("1.0850"), charm=True) == Money(amount=1099, currency="USD")
    assert convert(eur(1000), "JPY", Decimal("161.235"), charm=True) == Money(amount=1612, currency="JPY")


@given(amount=st.integers(min_value=0, max_value=10**12), currency=st.sampled_from(["EUR", "USD", "KWD"]))
def test_charm_never_lowers_a_price_and_stays_below_the_next_whole_unit(amount: int, currency: str) -> None:
    whole = 1000 if currency == "KWD" else 100
    result = charmed(amount, currency)
    assert amount <= result < amount + whole
    assert result % whole == whole - 1


@given(amount=st.integers(min_value=0, max_value=10**12))
def test_converting_at_rate_one_without_charm_keeps_the_amount(amount: int) -> None:
    assert convert(eur(amount), "USD", Decimal(1)) == Money(amount=amount, currency="USD")


# Price lists: which one wins ---------------------------------------------


def a_list(
    amount: int,
    *,
    priority: int = 0,
    segment: UUID | None = None,
    created: datetime = NOW - timedelta(days=10),
    starts: datetime | None = None,
    ends: datetime | None = None,
    currency: str = "EUR",
) -> PriceList:
    return PriceList(
        id=uuid4(),
        name=f"list {amount}",
        currency=currency,
        created_at=created,
        updated_at=created,
        segment_id=segment,
        starts_at=starts,
        ends_at=ends,
        priority=priority,
        prices={SKU: ListedPrice(amount=amount, since=created)},
    )


def wins(lists: list[PriceList], segments: set[UUID] | None = None, now: datetime = NOW) -> int | None:
    found = winning_list(lists, SKU, "EUR", segments or set(), now)
    return found.prices[SKU].amount if found else None


def test_no_list_means_no_winner_and_the_base_price_applies() -> None:
    assert wins([]) is None
    assert winning_list([a_list(900)], "OTHER-SKU", "EUR", set(), NOW) is None
    assert winning_list([a_list(900)], SKU, "USD", set(), NOW) is None


def test_highest_priority_wins_even_over_a_newer_segment_list() -> None:
    vip = uuid4()
    lists = [
        a_list(800, priority=1, created=NOW - timedelta(days=20)),
        a_list(700, priority=0, segment=vip, created=NOW - timedelta(days=1)),
    ]
    assert wins(lists, {vip}) == 800


def test_on_equal_priority_a_segment_list_beats_an_open_one() -> None:
    vip = uuid4()
    lists = [
        a_list(800, created=NOW - timedelta(days=1)),
        a_list(850, segment=vip, created=NOW - timedelta(days=20)),
    ]
    assert wins(lists, {vip}) == 850


def test_on_a_further_tie_the_newest_list_wins() -> None:
    lists = [
        a_list(800, created=NOW - timedelta(days=20)),
        a_list(900, created=NOW - timedelta(days=1)),
        a_list(850, created=NOW - timedelta(days=5)),
    ]
    assert wins(lists) == 900


def test_a_segment_list_applies_only_to_members() -> None:
    vip = uuid4()
    lists = [a_list(1000), a_list(700, segment=vip)]
    assert wins(lists, set()) == 1000
    assert wins(lists, {uuid4()}) == 1000
    assert wins(lists, {uuid4(), vip}) == 700


def test_a_list_outside_its_window_does_not_apply() -> None:
    later = a_list(600, priority=5, starts=NOW + timedelta(hours=1))
    over = a_list(500, priority=5, ends=NOW - timedelta(hours=1))
    ends_now = a_list(400, priority=5, ends=NOW)
    assert wins([a_list(1000), later, over, ends_now]) == 1000


def test_a_list_applies_from_its_start_until_just_before_its_end() -> None:
    sale = a_list(600, priority=5, starts=NOW, ends=NOW + timedelta(days=7))
    assert wins([a_list(1000), sale]) == 600
    assert wins([a_list(1000), sale], now=NOW + timedelta(days=7) - timedelta(microseconds=1)) == 600
    assert wins([a_list(1000), sale], now=NOW + timedelta(days=7)) == 1000


# Omnibus ------------------------------------------------------------------


START = datetime(2026, 3, 1, tzinfo=UTC)
SALE = uuid4()


def base(amount: int, days_before: float) -> PricePoint:
    return PricePoint(amount=amount, at=START - timedelta(days=days_before))


def test_lowest_before_is_the_lowest_price_of_the_30_days_before_the_sale() -> None:
    changes = [base(1000, 60), base(900, 20), base(1100, 10)]
    assert lowest_before(changes, START, SALE) == 900


def test_the_price_standing_when_the_30_days_began_counts() -> None:
    # 1000 stood from day 40 until day 10, so it was on show during the window
    assert lowest_before([base(1000, 40), base(1200, 10)], START, SALE) == 1000


def test_changes_older_than_30_days_that_were_replaced_are_ignored() -> None:
    # 500 was the price 60 days ago, but 1000 replaced it before the window opened
    assert lowest_before([base(500, 60), base(1000, 40), base(1200, 5)], START, SALE) == 1000


def test_a_change_exactly_30_days_before_the_sale_counts_as_in_the_window() -> None:
    on_boundary = PricePoint(amount=800, at=START - WINDOW)
    assert lowest_before([base(900, 40), on_boundary, base(1000, 5)], START, SALE) == 800


def test_the_last_change_before_the_cutoff_is_the_standing_price() -> None:
    just_before = PricePoint(amount=700, at=START - WINDOW - timedelta(microseconds=1))
    assert lowest_before([base(900, 40), just_before, base(1000, 5)], START, SALE) == 700


def test_a_price_replaced_exactly_when_the_window_opens_was_not_on_show_in_it() -> None:
    # 700 until 30 Jan 00:00, then 800; a sale starting 1 Mar 00:00 looks back to 30 Jan 00:00:
    # every shopper in the 30 days saw 800 or 1000, never 700.
    replaced = base(700, 45)
    on_boundary = PricePoint(amount=800, at=START - WINDOW)
    assert lowest_before([replaced, on_boundary, base(1000, 5)], START, SALE) == 800


def test_a_public_list_change_in_the_window_counts_but_the_sales_own_list_does_not() -> None:
    other = uuid4()
    changes = [
        base(1000, 40),
        PricePoint(amount=850, at=START - timedelta(days=12), price_list_id=other),
        PricePoint(amount=500, at=START - timedelta(days=2), price_list_id=SALE),
    ]
    assert lowest_before(changes, START, SALE) == 850


def test_changes_at_or_after_the_sale_start_do_not_count() -> None:
    changes = [base(1000, 40), PricePoint(amount=300, at=START), base(200, -1)]
    assert lowest_before(changes, START, SALE) == 1000


def test_nothing_known_of_the_30_days_gives_none() -> None:
    assert lowest_before([], START, SALE) is None
    old_list = PricePoint(amount=400, at=START - timedelta(days=45), price_list_id=uuid4())
    assert lowest_before([old_list], START, SALE) is None


# Tax ----------------------------------------------------------------------


def rate(
    value: str,
    *,
    region: str | None = None,
    tax_class: str | None = None,
    inclusive: bool = False,
    created: datetime = NOW,
) -> TaxRate:
    return TaxRate(
        id=uuid4(),
        country="US",
        region=region,
        tax_class=tax_class,  # type: ignore[arg-type]
        rate=Decimal(value),
        inclusive=inclusive,
        created_at=created,
    )


def test_a_region_rate_beats_the_country_rate() -> None:
    country = rate("0.05")
    california = rate("0.0725", region="CA")
    assert rate_for([country, california], "CA", "standard") == california
    assert rate_for([country, california], "NY", "standard") == country
    assert rate_for([country, california], None, "standard") == country


def test_a_class_rate_beats_the_all_classes_rate() -> None:
    every = rate("0.20")
    reduced = rate("0.05", tax_class="reduced")
    assert rate_for([every, reduced], None, "reduced") == reduced
    assert rate_for([every, reduced], None, "standard") == every


def test_region_outranks_class() -> None:
    country_reduced = rate("0.05", tax_class="reduced")
    region_all = rate("0.08", region="CA")
    region_reduced = rate("0.03", region="CA", tax_class="reduced")
    assert rate_for([country_reduced, region_all], "CA", "reduced") == region_all
    assert rate_for([country_reduced, region_all, region_reduced], "CA", "reduced") == region_reduced


def test_the_newest_of_equally_specific_rates_wins() -> None:
    old = rate("0.19", created=NOW - timedelta(days=100))
    new = rate("0.21", created=NOW)
    assert rate_for([new, old], None, "standard") == new


def test_the_zero_class_is_never_taxed_and_no_rate_means_no_tax() -> None:
    assert rate_for([rate("0.20"), rate("0.10", tax_class="zero")], None, "zero") is None
    assert rate_for([rate("0.10", tax_class="reduced")], None, "standard") is None
    assert charge(1000, None) == Charge(1000, Decimal(0), False)


def test_an_exclusive_rate_adds_tax_on_top() -> None:
    taxed = breakdown([charge(10000, rate("0.20"))], "EUR")
    assert taxed.tax.amount == 2000
    assert taxed.total.amount == 12000
    assert taxed.lines[0].total.amount == 12000
    assert not taxed.lines[0].inclusive


def test_an_inclusive_rate_takes_tax_out_of_the_price() -> None:
    taxed = breakdown([charge(11900, rate("0.19", inclusive=True))], "EUR")
    assert taxed.tax.amount == 1900
    assert taxed.total.amount == 11900
    assert taxed.lines[0].total.amount == 11900
    assert taxed.lines[0].inclusive


def test_mixed_lines_total_what_the_shopper_pays() -> None:
    taxed = breakdown([charge(11900, rate("0.19", inclusive=True)), charge(1000, rate("0.10"))], "EUR")
    assert [line.tax.amount for line in taxed.lines] == [1900, 100]
    assert taxed.tax.amount == 2000
    assert taxed.total.amount == 11900 + 1100


def test_apportioning_gives_left_over_cents_to_the_largest_fractions() -> None:
    # exact taxes 0.333..., 0.333..., 0.333... sum to 1.0 -> one cent, to the earliest
    third = Decimal(1) / Decimal(3)
    assert apportion([Charge(1, third, False)] * 3) == [1, 0, 0]
    # exact 0.4, 0.7 -> total 1.1 rounds to 1: it goes to the .7 line
    assert apportion([Charge(4, Decimal("0.1"), False), Charge(7, Decimal("0.1"), False)]) == [0, 1]
    # exact 0.4, 0.7, 0.4 -> total 1.5 rounds up to 2: the .7 line, then the earlier .4 line
    lines = [
        Charge(4, Decimal("0.1"), False),
        Charge(7, Decimal("0.1"), False),
        Charge(4, Decimal("0.1"), False),
    ]
    assert apportion(lines) == [1, 1, 0]


def test_three_half_cent_lines_round_the_total_not_each_line() -> None:
    # each line's exact tax is 0.5; rounding each would charge 3, the exact total is 1.5 -> 2
    lines = [Charge(5, Decimal("0.1"), False)] * 3
    taxes = apportion(lines)
    assert sum(taxes) == 2
    assert taxes == [1, 1, 0]


lines_strategy = st.lists(
    st.builds(
        Charge,
        amount=st.integers(min_value=0, max_value=10**9),
        rate=st.decimals(min_value=0, max_value=1, places=4),
        inclusive=st.booleans(),
    ),
    max_size=20,
)


@given(lines=lines_strategy)
def test_line_taxes_always_add_up_to_the_total_tax(lines: list[Charge]) -> None:
    taxed = breakdown(lines, "EUR")
    assert sum(line.tax.amount for line in taxed.lines) == taxed.tax.amount
    assert sum(line.total.amount for line in taxed.lines) == taxed.total.amount
    exact = sum((c.exact() for c in lines), Decimal(0))
    assert abs(taxed.tax.amount - exact) <= Decimal("0.5")
    for c, line in zip(lines, taxed.lines, strict=True):
        assert abs(line.tax.amount - c.exact()) < 1


# Rules: what staff send --------------------------------------------------


def test_a_bad_or_foreign_currency_is_named() -> None:
    found = Findings()
    rules.shop_currency("XYZ", ("EUR", "USD"), found)
    rules.shop_currency("GBP", ("EUR", "USD"), found, "prices.currency")
    assert fields(found) == ["currency", "prices.currency"]
    assert "not a currency of this shop" in found[1].message


def test_a_shop_currency_is_accepted_whatever_its_case() -> None:
    found = Findings()
    assert rules.shop_currency(" usd ", ("EUR", "USD"), found) == "USD"
    assert not found


@pytest.mark.parametrize("value", ["abc", "", "-1", "0", "NaN", "Infinity", "1e10"])
def test_a_bad_exchange_rate_is_named(value: str) -> None:
    found = Findings()
    rules.exchange_rate(value, found)
    assert fields(found) == ["rate"]


def test_a_good_exchange_rate_is_kept_exactly() -> None:
    found = Findings()
    assert rules.exchange_rate(" 1.0850 ", found) == Decimal("1.0850")
    assert not found


def test_a_tax_rate_of_abc_and_other_bad_fields_are_each_named() -> None:
    found = Findings()
    rules.tax_rate(
        CreateTaxRate(country="XX", region="not a region!", tax_class="luxury", rate="abc"), NOW, found
    )
    assert sorted(fields(found)) == ["country", "rate", "region", "tax_class"]


def test_a_tax_rate_above_one_is_refused() -> None:
    found = Findings()
    rules.tax_rate(CreateTaxRate(country="DE", rate="19"), NOW, found)
    assert fields(found) == ["rate"]


def test_a_good_tax_rate_is_cleaned() -> None:
    found = Findings()
    made = rules.tax_rate(
        CreateTaxRate(country="us", region=" ca ", tax_class="reduced", rate="0.0725"), NOW, found
    )
    assert not found
    assert (made.country, made.region, made.tax_class, made.rate) == (
        "US",
        "CA",
        "reduced",
        Decimal("0.0725"),
    )


def test_negative_list_prices_unknown_and_repeated_skus_are_named_by_index() -> None:
    found = Findings()
    amounts = rules.list_prices(
        [
            ListPrice(sku="mug-1", amount=900),
            ListPrice(sku="MUG-2", amount=-1),
            ListPrice(sku="GHOST", amount=100),
            ListPrice(sku=" Mug-1 ", amount=800),
        ],
        {"MUG-1", "MUG-2"},
        found,
    )
    assert fields(found) == ["prices[1].amount", "prices[2].sku", "prices[3].sku"]
    assert amounts["MUG-1"] == 800


def test_negative_shipping_and_line_amounts_are_named_by_field() -> None:
    found = Findings()
    found.amount(-5, "shipping")
    found.amount(0, "lines[0].amount")
    assert fields(found) == ["shipping"]


def test_a_price_list_with_a_bad_window_priority_and_currency_names_each() -> None:
    found = Findings()
    rules.price_list(
        CreatePriceList(
            name="  ",
            currency="GBP",
            starts_at=NOW,
            ends_at=NOW,
            priority=1001,
        ),
        ("EUR",),
        NOW,
        found,
    )
    assert sorted(fields(found)) == ["currency", "ends_at", "name", "priority"]


def test_revising_a_list_checks_the_resulting_window() -> None:
    pl = a_list(900, starts=NOW, ends=NOW + timedelta(days=3))
    found = Findings()
    rules.revise(pl, UpdatePriceList(price_list_id=pl.id, starts_at=NOW + timedelta(days=4)), found)
    assert fields(found) == ["ends_at"]
    found = Findings()
    rules.revise(pl, UpdatePriceList(price_list_id=pl.id, ends_at=None, priority=-1000), found)
    assert not found
    assert pl.ends_at is None
    assert pl.priority == -1000


def test_an_address_is_upper_cased_and_a_bad_country_is_named() -> None:
    found = Findings()
    assert rules.address("us", " ca ", found) == ("US", "CA")
    assert rules.address("de", "  ", found) == ("DE", None)
    rules.address("ZZ", None, found, "shipping_address")
    assert fields(found) == ["shipping_address.country"]

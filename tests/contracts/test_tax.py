"""The contract of the tax provider port: every TaxProvider adapter must pass all of it.

Each adapter is built for a fixture jurisdiction (DE: 19 % VAT in the price, 7 %
reduced; US: 5 % sales tax on top, 7.25 % in CA). The ``table`` adapter reads these
rates from a rate source; a third-party adapter adds a param to ``provider`` that
builds it configured (or sandboxed) for the same rates, and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from uuid import uuid4

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from config.settings import Settings
from domains.pricing.messages import Address, TaxableLine, TaxBreakdown
from domains.pricing.model.tax import TaxRate
from domains.pricing.ports import TaxProvider

AT = datetime(2026, 1, 1, tzinfo=UTC)
DE, US, CA = Address(country="DE"), Address(country="US"), Address(country="US", region="CA")


def fixture_rate(
    country: str, rate: str, *, region: str | None = None, tax_class=None, inclusive=False
) -> TaxRate:
    return TaxRate(
        id=uuid4(),
        country=country,
        region=region,
        tax_class=tax_class,
        rate=Decimal(rate),
        inclusive=inclusive,
        created_at=AT,
    )


RATES = [
    fixture_rate("DE", "0.19", inclusive=True),
    fixture_rate("DE", "0.07", tax_class="reduced", inclusive=True),
    fixture_rate("US", "0.05"),
    fixture_rate("US", "0.0725", region="CA"),
]


class FixtureRates:
    """The fixture jurisdiction's rates, as pricing's store would hand them to a table adapter."""

    async def rates_in(self, country: str) -> list[TaxRate]:
        return [r for r in RATES if r.country == country]


def table() -> TaxProvider:
    from adapters.tax import PROVIDERS

    return PROVIDERS.create("table", Settings(), FixtureRates())


ADAPTERS: dict[str, Callable[[], TaxProvider]] = {"table": table}


@pytest.fixture(params=sorted(ADAPTERS))
def provider(request: pytest.FixtureRequest) -> TaxProvider:
    return ADAPTERS[request.param]()


def lines(*amounts: int, tax_class: str = "standard") -> list[TaxableLine]:
    return [TaxableLine(amount=a, tax_class=tax_class) for a in amounts]


def adds_up(result: TaxBreakdown) -> bool:
    return (
        sum(line.tax.amount for line in result.lines) == result.tax.amount
        and sum(line.total.amount for line in result.lines) == result.total.amount
    )


async def test_vat_inside_the_price_is_exact_to_the_cent(provider: TaxProvider) -> None:
    result = await provider.quote("EUR", DE, lines(10000))

    assert (result.total.amount, result.tax.amount, result.tax.currency) == (10000, 1597, "EUR")
    assert result.lines[0].inclusive


async def test_sales_tax_is_added_on_top_exact_to_the_cent(provider: TaxProvider) -> None:
    result = await provider.quote("USD", US, lines(10000))

    assert (result.total.amount, result.tax.amount, result.total.currency) == (10500, 500, "USD")
    assert not result.lines[0].inclusive


async def test_a_region_rate_wins_over_the_country_rate(provider: TaxProvider) -> None:
    result = await provider.quote("USD", CA, lines(10000))

    assert result.tax.amount == 725


async def test_the_reduced_class_gets_its_own_rate_and_zero_is_never_taxed(provider: TaxProvider) -> None:
    reduced = await provider.quote("EUR", DE, lines(10700, tax_class="reduced"))
    zero = await provider.quote("EUR", DE, lines(10700, tax_class="zero"))

    assert reduced.tax.amount == 700
    assert (zero.tax.amount, zero.total.amount) == (0, 10700)


async def test_a_place_without_rates_pays_no_tax(provider: TaxProvider) -> None:
    result = await provider.quote("EUR", Address(country="HK"), lines(1999, 1))

    assert (result.tax.amount, result.total.amount) == (0, 2000)


async def test_no_lines_cost_nothing(provider: TaxProvider) -> None:
    result = await provider.quote("EUR", DE, [])

    assert (result.lines, result.tax.amount, result.total.amount) == ([], 0, 0)


@settings(max_examples=60, deadline=None)
@given(
    amounts=st.lists(st.integers(min_value=0, max_value=10**9), max_size=30),
    where=st.sampled_from([DE, US, CA]),
    tax_class=st.sampled_from(["standard", "reduced", "zero"]),
)
async def test_line_taxes_always_add_up_to_the_total(amounts, where, tax_class) -> None:
    for build in ADAPTERS.values():
        result = await build().quote("EUR", where, lines(*amounts, tax_class=tax_class))

        assert len(result.lines) == len(amounts)
        assert adds_up(result)
        assert all(0 <= line.tax.amount <= line.total.amount for line in result.lines)
        assert all(
            line.total.amount == (a if line.inclusive else a + line.tax.amount)
            for line, a in zip(result.lines, amounts, strict=True)
        )

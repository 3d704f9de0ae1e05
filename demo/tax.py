"""Demo tax: the EU member states' VAT, included in prices, through pricing's own command.

Each country gets its standard rate for every tax class without a rate of its own
(``tax_class`` None), and a few get their most common reduced rate. Rates as of 2025:
demo data, to be checked against the law before selling. Running it again adds nothing:
a rate that exists is skipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.errors import Conflict
from domains.pricing.messages import CreateTaxRate, ListTaxRates

if TYPE_CHECKING:
    from core.bus import MessageBus

# fmt: off
STANDARD = {
    "AT": "0.20", "BE": "0.21", "BG": "0.20", "CY": "0.19", "CZ": "0.21", "DE": "0.19", "DK": "0.25",
    "EE": "0.24", "ES": "0.21", "FI": "0.255", "FR": "0.20", "GR": "0.24", "HR": "0.25", "HU": "0.27",
    "IE": "0.23", "IT": "0.22", "LT": "0.21", "LU": "0.17", "LV": "0.21", "MT": "0.18", "NL": "0.21",
    "PL": "0.23", "PT": "0.23", "RO": "0.21", "SE": "0.25", "SI": "0.22", "SK": "0.23",
}
REDUCED = {
    "AT": "0.10", "BE": "0.06", "DE": "0.07", "ES": "0.10", "FR": "0.055", "IE": "0.135", "IT": "0.10",
    "NL": "0.09", "PL": "0.08", "PT": "0.06", "SE": "0.12",
}
# fmt: on


def demo_rates() -> list[CreateTaxRate]:
    """The demo's rates: every country's standard one, then the reduced ones."""
    standard = [CreateTaxRate(country=c, rate=r, inclusive=True) for c, r in STANDARD.items()]
    reduced = [
        CreateTaxRate(country=c, tax_class="reduced", rate=r, inclusive=True) for c, r in REDUCED.items()
    ]
    return standard + reduced


async def rate_scopes(bus: MessageBus) -> set[tuple[str, str | None, str | None]]:
    """The (country, region, tax class) of every rate the shop has, read page by page."""
    scopes: set[tuple[str, str | None, str | None]] = set()
    cursor: str | None = None
    while True:
        page = await bus.ask(ListTaxRates(limit=100, cursor=cursor))
        scopes.update((rate.country, rate.region, rate.tax_class) for rate in page.items)
        if (cursor := page.next_cursor) is None:
            return scopes


async def load_tax_rates(bus: MessageBus) -> None:
    """Create the demo's VAT rates that the shop does not have yet (for their country and class)."""
    have = await rate_scopes(bus)
    for rate in demo_rates():
        if (rate.country, rate.region, rate.tax_class) in have:
            continue
        try:
            await bus.send(rate)
        except Conflict:  # made meanwhile: the shop's own rate stays
            continue

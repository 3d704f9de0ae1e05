"""Tax provider adapters: ``table`` (the rates staff keep in pricing) is built in.

Third-party providers register through the ``mercato.tax_providers`` entry points:
the entry point's object is a factory ``(settings, rates) -> TaxProvider``, where
``rates`` is pricing's ``TaxRateSource`` (a provider that computes tax itself may
ignore it). Each must pass tests/contracts/test_tax.py.

The provider's ``quote`` runs behind its circuit breaker ``tax.<name>`` (``core.breaker``) within
``outbound_timeout``: ``Unavailable``, connection errors and timeouts count as outages; while the
breaker is open ``quote`` raises ``CircuitOpen`` (503 with Retry-After).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from core.breaker import guard
from core.providers import Registry

if TYPE_CHECKING:
    from config.settings import Settings
    from domains.pricing.ports import TaxProvider, TaxRateSource

PROVIDERS: Registry[TaxProvider] = Registry("tax")


@PROVIDERS.provider("table")
def _table(settings: Settings, rates: TaxRateSource) -> TaxProvider:
    from adapters.tax.table import TableTaxProvider

    return TableTaxProvider(rates)


def tax_provider(settings: Settings) -> Callable[[TaxRateSource], TaxProvider]:
    """The factory of the provider ``tax_provider`` names (its ``quote`` behind the breaker
    ``tax.<name>``), given the rates when pricing starts.

    An unknown name fails here, at start-up (``UnknownProvider``).
    """
    name, factory = settings.tax_provider, PROVIDERS.factory(settings.tax_provider)

    def build(rates: TaxRateSource) -> TaxProvider:
        return guard(
            factory(settings, rates),
            f"tax.{name}",
            {"quote": settings.outbound_timeout},
            failures=settings.breaker_failures,
            reset_seconds=settings.breaker_reset_seconds,
        )

    return build


__all__ = ["PROVIDERS", "tax_provider"]

"""Tax provider adapters: ``table`` (the rates staff keep in pricing) is built in.

Third-party providers register through the ``mercato.tax_providers`` entry points:
the entry point's object is a factory ``(settings, rates) -> TaxProvider``, where
``rates`` is pricing's ``TaxRateSource`` (a provider that computes tax itself may
ignore it). Each must pass tests/contracts/test_tax.py.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

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
    """The factory of the provider ``tax_provider`` names, given the rates when pricing starts.

    An unknown name fails here, at start-up (``UnknownProvider``).
    """
    return functools.partial(PROVIDERS.factory(settings.tax_provider), settings)


__all__ = ["PROVIDERS", "tax_provider"]

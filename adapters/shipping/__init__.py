"""Shipping carrier adapters: ``table_rate`` (the bands staff set on a method; PDF labels it prints
itself) and ``easypost`` (live rates, labels and tracking across UPS, FedEx, DHL, USPS) are built in.

Third-party carriers register through the ``mercato.shipping_carriers`` entry points:
the entry point's name is the carrier's (what a method's ``carrier`` names), its
object a factory ``(settings) -> ShippingCarrier``. Each must pass
tests/contracts/test_shipping.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.providers import Registry

if TYPE_CHECKING:
    from config.settings import Settings
    from domains.shipping.ports import ShippingCarrier

CARRIERS: Registry[ShippingCarrier] = Registry("shipping carrier", "mercato.shipping_carriers")


@CARRIERS.provider("table_rate")
def _table_rate(settings: Settings) -> ShippingCarrier:
    from adapters.shipping.table_rate import TableRateCarrier

    return TableRateCarrier()


@CARRIERS.provider("easypost")
def _easypost(settings: Settings) -> ShippingCarrier:
    from adapters.shipping.easypost import EasyPostCarrier

    return EasyPostCarrier(
        settings.easypost_api_key,
        settings.easypost_webhook_secret,
        settings.easypost_from_address_id,
    )


class InstalledCarriers:
    """The carriers of a registry by name, each built from the settings on first use
    (so an installed carrier no method uses never needs configuring)."""

    def __init__(self, settings: Settings, registry: Registry[ShippingCarrier] = CARRIERS) -> None:
        self._settings = settings
        self._registry = registry
        self._built: dict[str, ShippingCarrier] = {}

    def names(self) -> list[str]:
        return self._registry.names()

    def get(self, name: str) -> ShippingCarrier | None:
        if name not in self._built:
            if name not in self._registry.names():
                return None
            self._built[name] = self._registry.create(name, self._settings)
        return self._built[name]


def shipping_carriers(settings: Settings) -> InstalledCarriers:
    """The carriers the shipping domain prices its methods with."""
    return InstalledCarriers(settings)


__all__ = ["CARRIERS", "InstalledCarriers", "shipping_carriers"]

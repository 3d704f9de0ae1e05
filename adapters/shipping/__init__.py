"""Shipping carrier adapters: ``table_rate`` (the bands staff set on a method; PDF labels it prints
itself) and ``easypost`` (live rates, labels and tracking across UPS, FedEx, DHL, USPS) are built in.

Third-party carriers register through the ``mercato.shipping_carriers`` entry points:
the entry point's name is the carrier's (what a method's ``carrier`` names), its
object a factory ``(settings) -> ShippingCarrier``. Each must pass
tests/contracts/test_shipping.py.

Every carrier, once built, sits behind its circuit breaker ``shipping.<name>`` (``core.breaker``):
``rate``, ``prepare_label``, ``buy_label`` and ``track`` run within ``outbound_timeout``;
``Unavailable`` and timeouts count as outages (a refused shipment, ``Invalid``, is an answer), and
while the breaker is open they raise ``CircuitOpen`` (503 with Retry-After) without calling out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.breaker import guard
from core.providers import Registry

if TYPE_CHECKING:
    from config.settings import Settings
    from domains.shipping.ports import ShippingCarrier

CARRIERS: Registry[ShippingCarrier] = Registry("shipping carrier", "mercato.shipping_carriers")
CALLS = ("rate", "prepare_label", "buy_label", "track")  # the port's calls out, each guarded


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
            settings = self._settings
            self._built[name] = guard(
                self._registry.create(name, settings),
                f"shipping.{name}",
                dict.fromkeys(CALLS, settings.outbound_timeout),
                failures=settings.breaker_failures,
                reset_seconds=settings.breaker_reset_seconds,
            )
        return self._built[name]


def shipping_carriers(settings: Settings) -> InstalledCarriers:
    """The carriers the shipping domain prices its methods with."""
    return InstalledCarriers(settings)


__all__ = ["CARRIERS", "InstalledCarriers", "shipping_carriers"]

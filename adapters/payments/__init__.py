"""Payment provider adapters: ``sandbox`` is built in.

Third-party providers (Stripe PaymentIntents, PayPal Orders v2, ...) register through the
``mercato.payment_providers`` entry points: the entry point's name is the provider name
shoppers send, its object a factory ``(settings) -> PaymentProvider``
(``domains.payments.ports``). Each must pass tests/contracts/test_payments.py.
``settings.payment_providers`` names the ones checkout accepts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.providers import Registry

if TYPE_CHECKING:
    from config.settings import Settings
    from domains.payments.ports import PaymentProvider

PROVIDERS: Registry[PaymentProvider] = Registry("payment")


@PROVIDERS.provider("sandbox")
def _sandbox(settings: Settings) -> PaymentProvider:
    from adapters.payments.sandbox import SandboxPaymentProvider

    return SandboxPaymentProvider()


def payment_providers(settings: Settings) -> dict[str, PaymentProvider]:
    """The enabled providers by name, built once; an unknown name fails here, at start-up (``UnknownProvider``)."""
    return {name: PROVIDERS.create(name, settings) for name in dict.fromkeys(settings.payment_providers)}


__all__ = ["PROVIDERS", "payment_providers"]

"""Payment provider adapters: ``sandbox``, ``stripe`` (PaymentIntents) and ``paypal`` (Orders v2) are built in.

Third-party providers register through the ``mercato.payment_providers`` entry points:
the entry point's name is the provider name shoppers send, its object a factory
``(settings) -> PaymentProvider`` (``domains.payments.ports``; add ``WebhookReceiver``
from ``domains.payments.ports.webhooks`` to receive webhooks). Each must pass
tests/contracts/test_payments.py. ``settings.payment_providers`` names the ones checkout
accepts; a built-in one enabled without its keys stops start-up naming the setting.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from config.settings import check_payment_keys
from core.providers import Registry

if TYPE_CHECKING:
    from config.settings import Settings
    from domains.payments.ports import PaymentProvider

PROVIDERS: Registry[PaymentProvider] = Registry("payment")


@PROVIDERS.provider("sandbox")
def _sandbox(settings: Settings) -> PaymentProvider:
    from adapters.payments.sandbox import SandboxPaymentProvider

    return SandboxPaymentProvider(latency_ms=settings.sandbox_latency_ms)


@PROVIDERS.provider("stripe")
def _stripe(settings: Settings) -> PaymentProvider:
    from adapters.payments.stripe import StripePaymentProvider

    check_payment_keys(settings, ["stripe"])
    return StripePaymentProvider(
        settings.stripe_secret_key or "",
        settings.stripe_webhook_secret or "",
        return_url=settings.payment_return_url,
    )


@PROVIDERS.provider("paypal")
def _paypal(settings: Settings) -> PaymentProvider:
    from adapters.payments.paypal import PayPalPaymentProvider
    from adapters.payments.paypal_api import PayPalApi

    check_payment_keys(settings, ["paypal"])
    api = PayPalApi(
        settings.paypal_client_id or "", settings.paypal_secret or "", base_url=settings.paypal_base_url
    )
    return PayPalPaymentProvider(
        api, settings.paypal_webhook_id or "", return_url=settings.payment_return_url
    )


def payment_providers(settings: Settings) -> dict[str, PaymentProvider]:
    """The enabled providers by name, built once; an unknown name fails here, at start-up (``UnknownProvider``)."""
    return {name: PROVIDERS.create(name, settings) for name in dict.fromkeys(settings.payment_providers)}


__all__ = ["PROVIDERS", "payment_providers"]

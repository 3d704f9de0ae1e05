"""Payment provider adapters: ``sandbox``, ``stripe`` (PaymentIntents) and ``paypal`` (Orders v2) are built in.

Third-party providers register through the ``mercato.payment_providers`` entry points:
the entry point's name is the provider name shoppers send, its object a factory
``(settings) -> PaymentProvider`` (``domains.payments.ports``; add ``WebhookReceiver``
from ``domains.payments.ports.webhooks`` to receive webhooks). Each must pass
tests/contracts/test_payments.py. ``settings.payment_providers`` names the ones checkout
accepts; a built-in one enabled without its keys stops start-up naming the setting.

Every enabled provider gets a circuit breaker, ``payments.<name>`` (``core.breaker``): each port
call runs within ``outbound_timeout``; ``ProviderUnavailable`` and timeouts count as outages (a
decline is an answer), and while the breaker is open calls raise ``ProviderUnavailable`` with the
breaker's ``retry_after`` without reaching the provider. A provider that verifies webhooks by
calling out (PayPal) has ``receive_webhook`` guarded too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from config.settings import check_payment_keys
from core.breaker import CallTimedOut, CircuitOpen, guard, is_outage
from core.providers import Registry
from domains.payments.ports import ProviderUnavailable

if TYPE_CHECKING:
    from config.settings import Settings
    from domains.payments.ports import PaymentProvider

PROVIDERS: Registry[PaymentProvider] = Registry("payment")
CALLS = ("authorise", "confirm", "capture", "void", "refund")  # the port's calls, each guarded
ONLINE_WEBHOOKS = frozenset({"paypal"})  # providers whose webhook check is itself a call to them


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


def _outage(error: BaseException) -> bool:
    return isinstance(error, ProviderUnavailable) or is_outage(error)


def guarded(name: str, provider: PaymentProvider, settings: Settings) -> PaymentProvider:
    """``provider`` behind its breaker ``payments.<name>``, each call within ``outbound_timeout``."""

    def in_port_words(error: CircuitOpen | CallTimedOut) -> ProviderUnavailable:
        return ProviderUnavailable(name, error.detail, retry_after=error.retry_after)

    calls = (*CALLS, "receive_webhook") if name in ONLINE_WEBHOOKS else CALLS
    return guard(
        provider,
        f"payments.{name}",
        dict.fromkeys(calls, settings.outbound_timeout),
        failures=settings.breaker_failures,
        reset_seconds=settings.breaker_reset_seconds,
        failure=_outage,
        translate=in_port_words,
    )


def payment_providers(settings: Settings) -> dict[str, PaymentProvider]:
    """The enabled providers by name, built once, each behind its breaker; an unknown name fails here,
    at start-up (``UnknownProvider``)."""
    return {
        name: guarded(name, PROVIDERS.create(name, settings), settings)
        for name in dict.fromkeys(settings.payment_providers)
    }


__all__ = ["PROVIDERS", "guarded", "payment_providers"]

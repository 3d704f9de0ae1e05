"""Notification channel adapters: ``console`` (email to the log), ``in_app``, ``smtp``, ``twilio``
(SMS) and ``webpush`` are built in.

Third-party channels register through the ``mercato.notification_channels`` entry points:
the entry point's name is the channel's (what ``notification_channels`` lists), its object
a factory ``(settings) -> NotificationChannel`` (``domains.notifications.ports``). Each
must pass tests/contracts/test_notifications.py.

With ``notification_channels`` empty (the default) the enabled ones follow the settings:
``smtp`` once ``smtp_host`` is set (else ``console``), ``twilio`` once its account, token
and sender are, ``webpush`` once a VAPID key is, and ``in_app`` always.

Every enabled channel's ``send`` runs behind its circuit breaker ``notifications.<name>``
(``core.breaker``) within ``outbound_timeout``: a ``SendFailed`` that is not permanent and a
timeout (then a ``SendFailed`` to retry) count as outages, a refused address does not. While
the breaker is open ``send`` raises ``CircuitOpen`` without calling out: the sender puts the
message back for later without counting the attempt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.breaker import CallTimedOut, CircuitOpen, guard, is_outage
from core.providers import Registry
from domains.notifications.model import SendFailed

if TYPE_CHECKING:
    from config.settings import Settings
    from domains.notifications.ports import NotificationChannel

CHANNELS: Registry[NotificationChannel] = Registry("notification channel", "mercato.notification_channels")


class ChannelNotConfigured(ValueError):
    def __init__(self, channel: str, settings: str) -> None:
        super().__init__(f"the {channel} notification channel needs {settings}")


def public_url(settings: Settings) -> str:
    """Where customers and providers reach the shop: links in messages, Twilio's callbacks."""
    return (settings.public_url or f"http://{settings.host}:{settings.port}").rstrip("/")


@CHANNELS.provider("console")
def _console(settings: Settings) -> NotificationChannel:
    from adapters.notifications.console import ConsoleChannel

    return ConsoleChannel()


@CHANNELS.provider("in_app")
def _in_app(settings: Settings) -> NotificationChannel:
    from adapters.notifications.console import InAppChannel

    return InAppChannel()


@CHANNELS.provider("smtp")
def _smtp(settings: Settings) -> NotificationChannel:
    from adapters.notifications.smtp import SmtpChannel

    if not settings.smtp_host:
        raise ChannelNotConfigured("smtp", "MERCATO_SMTP_HOST")
    return SmtpChannel(
        host=settings.smtp_host,
        port=settings.smtp_port,
        sender=settings.mail_from,
        username=settings.smtp_username,
        password=settings.smtp_password,
        starttls=settings.smtp_starttls,
        webhook_secret=settings.smtp_webhook_secret,
    )


@CHANNELS.provider("twilio")
def _twilio(settings: Settings) -> NotificationChannel:
    from adapters.notifications.twilio import TwilioChannel

    if not (settings.twilio_account_sid and settings.twilio_auth_token and settings.twilio_from):
        raise ChannelNotConfigured("twilio", "MERCATO_TWILIO_ACCOUNT_SID, _AUTH_TOKEN and _FROM")
    return TwilioChannel(
        account_sid=settings.twilio_account_sid,
        auth_token=settings.twilio_auth_token,
        sender=settings.twilio_from,
        callback_url=f"{public_url(settings)}/webhooks/notifications/twilio",
    )


@CHANNELS.provider("webpush")
def _webpush(settings: Settings) -> NotificationChannel:
    from adapters.notifications.webpush import WebPushChannel

    if not settings.vapid_private_key:
        raise ChannelNotConfigured("webpush", "MERCATO_VAPID_PRIVATE_KEY")
    return WebPushChannel(private_key=settings.vapid_private_key, subject=settings.vapid_subject)


def enabled_names(settings: Settings) -> list[str]:
    """The channels to enable: ``notification_channels``, or those the settings configure."""
    if settings.notification_channels:
        return list(dict.fromkeys(settings.notification_channels))
    names = ["smtp" if settings.smtp_host else "console"]
    if settings.twilio_account_sid and settings.twilio_auth_token and settings.twilio_from:
        names.append("twilio")
    if settings.vapid_private_key:
        names.append("webpush")
    return [*names, "in_app"]


def _outage(error: BaseException) -> bool:
    return (isinstance(error, SendFailed) and not error.permanent) or is_outage(error)


def _send_failed(error: CircuitOpen | CallTimedOut) -> SendFailed | None:
    """A timeout is a failed try to retry later; an open breaker stays ``CircuitOpen`` (not tried)."""
    return SendFailed(error.detail) if isinstance(error, CallTimedOut) else None


def guarded(name: str, channel: NotificationChannel, settings: Settings) -> NotificationChannel:
    """``channel`` with ``send`` behind the breaker ``notifications.<name>``, within ``outbound_timeout``."""
    return guard(
        channel,
        f"notifications.{name}",
        {"send": settings.outbound_timeout},
        failures=settings.breaker_failures,
        reset_seconds=settings.breaker_reset_seconds,
        failure=_outage,
        translate=_send_failed,
    )


class InstalledChannels:
    """The enabled channels, built once at start-up (an unknown or unconfigured one fails there),
    each behind its breaker."""

    def __init__(self, settings: Settings, registry: Registry[NotificationChannel] = CHANNELS) -> None:
        self._channels = {
            name: guarded(name, registry.create(name, settings), settings) for name in enabled_names(settings)
        }

    def names(self) -> list[str]:
        return list(self._channels)

    def get(self, name: str) -> NotificationChannel | None:
        return self._channels.get(name)

    def provider_for(self, channel: str) -> str | None:
        return next((name for name, adapter in self._channels.items() if adapter.channel == channel), None)


def notification_channels(settings: Settings) -> InstalledChannels:
    """The channels the notifications domain sends by."""
    return InstalledChannels(settings)


__all__ = ["CHANNELS", "InstalledChannels", "enabled_names", "notification_channels", "public_url"]

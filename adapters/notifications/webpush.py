"""Web push (RFC 8030) with VAPID (RFC 8292): pywebpush encrypts the payload for the
browser's keys (aes128gcm, RFC 8291) and py-vapid signs the claims; the request goes to
the subscription's endpoint over httpx.

A push service answers 201 with the message's ``Location``; 404 or 410 says the
subscription is gone (it is dropped and suppressed); 429 and 5xx are retried.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from urllib.parse import urlsplit

import httpx
from py_vapid import Vapid02
from pywebpush import WebPusher

from domains.notifications.messages import ChannelKind
from domains.notifications.model import DeliveryReport, Outgoing, SendFailed, Sent, WebhookRefused

CLAIMS_SECONDS = 12 * 3600


class WebPushChannel:
    channel: ChannelKind = "push"

    def __init__(
        self,
        *,
        private_key: str,
        subject: str,
        client: httpx.AsyncClient | None = None,
        ttl: int = 24 * 3600,
        timeout: float = 15.0,
    ) -> None:
        self._vapid = Vapid02.from_string(private_key=private_key)
        self.subject, self.ttl = subject, ttl
        self._client = client or httpx.AsyncClient(timeout=timeout)

    def request(self, message: Outgoing) -> tuple[str, dict[str, str], bytes]:
        """The endpoint, headers and encrypted body of the push carrying ``message``."""
        target = message.push
        if target is None:
            raise SendFailed("a push message needs its subscription", permanent=True)
        payload = json.dumps({"id": str(message.id), "title": message.subject, "body": message.body}).encode()
        subscription = {"endpoint": target.endpoint, "keys": {"p256dh": target.p256dh, "auth": target.auth}}
        body = WebPusher(subscription).encode(payload, "aes128gcm")["body"]
        origin = urlsplit(target.endpoint)
        claims = {
            "sub": self.subject,
            "aud": f"{origin.scheme}://{origin.netloc}",
            "exp": int(time.time()) + CLAIMS_SECONDS,
        }
        headers = {
            **self._vapid.sign(claims),
            "Content-Encoding": "aes128gcm",
            "Content-Type": "application/octet-stream",
            "TTL": str(self.ttl),
            "Urgency": "normal",
        }
        return target.endpoint, headers, body

    async def send(self, message: Outgoing) -> Sent:
        endpoint, headers, body = self.request(message)
        try:
            response = await self._client.post(endpoint, content=body, headers=headers)
        except httpx.HTTPError as exc:
            raise SendFailed(f"push service unreachable: {exc!r}") from None
        if response.status_code in (200, 201, 202):
            return Sent(provider_message_id=response.headers.get("location"))
        detail = f"push service {response.status_code}: {response.text[:200]}"
        if response.status_code in (404, 410):
            raise SendFailed(detail, bounced=True)
        raise SendFailed(detail, permanent=response.status_code != 429 and response.status_code < 500)

    def reports(self, url: str, headers: Mapping[str, str], body: bytes) -> list[DeliveryReport]:
        raise WebhookRefused(
            "push services send no webhooks: a gone subscription shows when sending", field="channel"
        )

"""SMS through Twilio's REST API (Messages, 2010-04-01) over httpx, and its status callbacks.

A message is a form POST to ``/Accounts/{AccountSid}/Messages.json`` with Basic auth
(account SID and auth token): ``To``, ``From`` (a number, or ``MessagingServiceSid`` for an
``MG...`` sender), ``Body`` and ``StatusCallback``. Twilio signs each callback with
``X-Twilio-Signature``: base64 HMAC-SHA1, under the auth token, of the callback URL followed
by every POST parameter's name and value, sorted by name.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping
from urllib.parse import parse_qsl

import httpx

from domains.notifications.messages import ChannelKind
from domains.notifications.model import DeliveryReport, Outcome, Outgoing, SendFailed, Sent, WebhookRefused

API = "https://api.twilio.com/2010-04-01"
# Errors that say the number itself is no good: invalid, not a mobile, opted out (STOP).
BAD_NUMBER = {21211, 21214, 21407, 21408, 21610, 21612, 21614}
# Status callback error codes of the same kind: unreachable, unknown, landline, opted out.
UNREACHABLE = {"30003", "30005", "30006", "21610"}
COMPLAINED = {"21610"}  # the recipient replied STOP


def signature_of(auth_token: str, url: str, params: Mapping[str, str]) -> str:
    signed = url + "".join(name + params[name] for name in sorted(params))
    return base64.b64encode(hmac.new(auth_token.encode(), signed.encode(), hashlib.sha1).digest()).decode()


class TwilioChannel:
    channel: ChannelKind = "sms"

    def __init__(
        self,
        *,
        account_sid: str,
        auth_token: str,
        sender: str,
        callback_url: str | None = None,
        client: httpx.AsyncClient | None = None,
        api: str = API,
        timeout: float = 15.0,
    ) -> None:
        self.account_sid, self.auth_token, self.sender = account_sid, auth_token, sender
        self.callback_url = callback_url
        self._client = client or httpx.AsyncClient(timeout=timeout)
        self._url = f"{api}/Accounts/{account_sid}/Messages.json"

    def form(self, message: Outgoing) -> dict[str, str]:
        """The form body of the Messages request for ``message``."""
        sender = "MessagingServiceSid" if self.sender.startswith("MG") else "From"
        form = {"To": message.to, sender: self.sender, "Body": message.body}
        if self.callback_url:
            form["StatusCallback"] = self.callback_url
        return form

    async def send(self, message: Outgoing) -> Sent:
        try:
            response = await self._client.post(
                self._url, data=self.form(message), auth=(self.account_sid, self.auth_token)
            )
        except httpx.HTTPError as exc:
            raise SendFailed(f"Twilio unreachable: {exc!r}") from None
        if response.status_code in (200, 201):
            reply = response.json()
            return Sent(provider_message_id=reply["sid"], delivered=reply.get("status") == "delivered")
        raise self._failure(response)

    def _failure(self, response: httpx.Response) -> SendFailed:
        try:
            error = response.json()
        except ValueError:
            error = {}
        code, text = error.get("code"), error.get("message") or response.reason_phrase
        detail = f"Twilio {response.status_code}" + (f" ({code})" if code else "") + f": {text}"
        if response.status_code == 429 or response.status_code >= 500:
            return SendFailed(detail)
        return SendFailed(detail, permanent=True, bounced=code in BAD_NUMBER)

    def reports(self, url: str, headers: Mapping[str, str], body: bytes) -> list[DeliveryReport]:
        params = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        given = headers.get("x-twilio-signature", "")
        expected = signature_of(self.auth_token, self.callback_url or url, params)
        if not given or not hmac.compare_digest(given, expected):
            raise WebhookRefused("the X-Twilio-Signature does not match", field="X-Twilio-Signature")
        status = params.get("MessageStatus") or params.get("SmsStatus") or ""
        outcome = self._outcome(status, params.get("ErrorCode", ""))
        if outcome is None:
            return []
        detail = f"{status} {params.get('ErrorCode', '')}".strip()
        return [
            DeliveryReport(
                outcome=outcome,
                provider_message_id=params.get("MessageSid"),
                address=params.get("To"),
                detail=detail,
            )
        ]

    @staticmethod
    def _outcome(status: str, error_code: str) -> Outcome | None:
        if status in ("delivered", "read"):
            return "delivered"
        if status not in ("undelivered", "failed"):
            return None  # queued, sending, sent: nothing settled yet
        if error_code in COMPLAINED:
            return "complained"
        return "bounced" if error_code in UNREACHABLE else "failed"

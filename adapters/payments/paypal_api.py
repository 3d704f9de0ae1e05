"""PayPal's REST API as the ``paypal`` provider speaks it: an OAuth2 token, JSON calls, errors named.

The client-credentials token is kept until shortly before it expires, and fetched again
once if PayPal answers 401. Each POST carries ``PayPal-Request-Id`` (our idempotency
key), so PayPal answers a repeat with its first answer. 429, 5xx, timeouts and an
unreachable PayPal raise ``ProviderUnavailable``; other 4xx come back to the caller.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import httpx

from core.money import to_major, to_minor
from domains.payments.ports import ProviderUnavailable

if TYPE_CHECKING:
    from core.money import Money

NAME = "paypal"
SANDBOX = "https://api-m.sandbox.paypal.com"
TIMEOUT = httpx.Timeout(10.0, connect=5.0)
EARLY_SECONDS = 60  # a token is renewed this long before PayPal says it expires
Answer = tuple[int, dict[str, Any]]


def amount_of(money: Money) -> dict[str, str]:
    """PayPal's amount: the currency and a decimal string in major units (``"19.99"``)."""
    return {"currency_code": money.currency, "value": str(to_major(money.amount, money.currency))}


def minor_of(amount: Mapping[str, Any]) -> int:
    return to_minor(Decimal(str(amount["value"])), str(amount["currency_code"]))


def issue_of(body: Mapping[str, Any]) -> str:
    """The first ``details[].issue`` of a PayPal error, else its ``name``."""
    details = body.get("details") or [{}]
    return str(details[0].get("issue") or body.get("name") or "refused")


class PayPalApi:
    """Calls to PayPal with a bearer token; ``transport`` lets tests answer in PayPal's place."""

    def __init__(
        self,
        client_id: str,
        secret: str,
        *,
        base_url: str = SANDBOX,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._credentials = (client_id, secret)
        self._base_url, self._transport, self._clock = base_url.rstrip("/"), transport, clock
        self._token: tuple[str, float] | None = None
        self._client: httpx.AsyncClient | None = None

    async def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        request_id: str | None = None,
        raw: bytes | None = None,
    ) -> Answer:
        """PayPal's status and JSON answer to a call (``raw``: a JSON body sent byte for byte)."""
        answer = await self._send(method, path, body, request_id, raw, await self._access_token())
        if answer[0] == 401:  # the token was revoked or expired early: fetch one again, once
            self._token = None
            answer = await self._send(method, path, body, request_id, raw, await self._access_token())
        if answer[0] == 401:
            raise ProviderUnavailable(NAME, "refused our token: check MERCATO_PAYPAL_CLIENT_ID and _SECRET")
        return answer

    async def _access_token(self) -> str:
        if self._token is not None and self._clock() < self._token[1]:
            return self._token[0]
        response = await self._request(
            "POST", "/v1/oauth2/token", data={"grant_type": "client_credentials"}, auth=self._credentials
        )
        if response.status_code in (400, 401, 403):
            raise ProviderUnavailable(
                NAME, "refused our credentials: check MERCATO_PAYPAL_CLIENT_ID and _SECRET"
            )
        body = _json(response)
        if not body.get("access_token"):
            raise ProviderUnavailable(
                NAME, f"answered {response.status_code} to the token request without a token"
            )
        expires = self._clock() + max(int(body.get("expires_in") or 0) - EARLY_SECONDS, 0)
        self._token = (str(body["access_token"]), expires)
        return self._token[0]

    async def _send(
        self, method: str, path: str, body: Any, request_id: str | None, raw: bytes | None, token: str
    ) -> Answer:
        headers = {"Authorization": f"Bearer {token}", "Prefer": "return=representation"}
        if request_id:
            headers["PayPal-Request-Id"] = request_id
        if raw is not None:
            headers["Content-Type"] = "application/json"
            response = await self._request(method, path, content=raw, headers=headers)
        else:
            response = await self._request(method, path, json=body, headers=headers)
        if response.status_code in (204, 401):
            return response.status_code, {}
        return response.status_code, _json(response)

    async def _request(self, method: str, path: str, **options: Any) -> httpx.Response:
        if self._client is None:
            self._client = httpx.AsyncClient(
                base_url=self._base_url, transport=self._transport, timeout=TIMEOUT
            )
        try:
            response = await self._client.request(method, path, **options)
        except httpx.HTTPError as exc:
            raise ProviderUnavailable(NAME, f"{type(exc).__name__} on {method} {path}") from exc
        if response.status_code == 429 or response.status_code >= 500:
            raise ProviderUnavailable(NAME, f"answered {response.status_code} to {method} {path}")
        return response

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        raise ProviderUnavailable(NAME, f"answered {response.status_code} without JSON") from None
    return body if isinstance(body, dict) else {}

"""Links the shop signs (one-click unsubscribe): the value and an HMAC-SHA256 of it under the
shop's secret key, both base64url. They do not expire: an old mail's link still works."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class HmacLinks:
    def __init__(self, secret: str) -> None:
        self._key = hashlib.sha256(b"mercato-links:" + secret.encode()).digest()

    def _mac(self, purpose: str, value: bytes) -> bytes:
        return hmac.new(self._key, purpose.encode() + b"\x00" + value, hashlib.sha256).digest()[:18]

    def sign(self, purpose: str, value: str) -> str:
        raw = value.encode()
        return f"{_b64(raw)}.{_b64(self._mac(purpose, raw))}"

    def verify(self, purpose: str, token: str) -> str | None:
        value, _, mac = token.partition(".")
        try:
            raw, given = _unb64(value), _unb64(mac)
        except (binascii.Error, ValueError):
            return None
        if not hmac.compare_digest(given, self._mac(purpose, raw)):
            return None
        try:
            return raw.decode()
        except UnicodeDecodeError:
            return None

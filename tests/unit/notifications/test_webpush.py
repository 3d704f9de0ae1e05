"""Web push at its boundary: the request built (VAPID authorization, aes128gcm body the browser
can decrypt, TTL), and how push services' answers are read. Nothing leaves the machine."""

from __future__ import annotations

import base64
import json

import http_ece
import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid02
from py_vapid.utils import b64urldecode

from adapters.notifications.webpush import WebPushChannel
from domains.notifications.model import PushTarget, SendFailed
from tests.unit.notifications.fixtures import outgoing

ENDPOINT = "https://fcm.googleapis.com/fcm/send/dGVzdC1zdWJzY3JpcHRpb24"


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.fixture
def browser() -> tuple[ec.EllipticCurvePrivateKey, bytes, PushTarget]:
    """A browser's subscription: its key pair and auth secret, as it would hand them to the shop."""
    key = ec.generate_private_key(ec.SECP256R1())
    public = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    auth = b"0123456789abcdef"
    return key, auth, PushTarget(endpoint=ENDPOINT, p256dh=b64(public), auth=b64(auth))


@pytest.fixture
def vapid_key() -> str:
    vapid = Vapid02()
    vapid.generate_keys()
    raw = vapid.private_key.private_numbers().private_value.to_bytes(32, "big")
    return b64(raw)


def channel(vapid_key: str, status: int = 201, seen: list[httpx.Request] | None = None) -> WebPushChannel:
    def answer(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        return httpx.Response(
            status, headers={"location": f"{ENDPOINT}/messages/m1"} if status == 201 else {}
        )

    client = httpx.AsyncClient(transport=httpx.MockTransport(answer))
    return WebPushChannel(private_key=vapid_key, subject="mailto:shop@mercato.example", client=client)


async def test_a_push_is_posted_to_the_endpoint_encrypted_for_the_browser_and_signed_with_vapid(
    browser, vapid_key
) -> None:
    key, auth, target = browser
    seen: list[httpx.Request] = []

    sent = await channel(vapid_key, seen=seen).send(outgoing("push", ENDPOINT, push=target))

    (request,) = seen
    assert (request.method, str(request.url)) == ("POST", ENDPOINT)
    assert (request.headers["content-encoding"], request.headers["ttl"]) == ("aes128gcm", "86400")
    assert Vapid02.verify(request.headers["authorization"])
    token = request.headers["authorization"].split("t=", 1)[1].split(",", 1)[0]
    claims = json.loads(b64urldecode(token.split(".")[1].encode()))
    assert (claims["aud"], claims["sub"]) == ("https://fcm.googleapis.com", "mailto:shop@mercato.example")
    plain = http_ece.decrypt(request.content, private_key=key, auth_secret=auth, version="aes128gcm")
    payload = json.loads(plain)
    assert (payload["title"], payload["body"]) == ("Order 1001 placed", "Order 1001 placed: 29.90 EUR.")
    assert sent.provider_message_id == f"{ENDPOINT}/messages/m1"


async def test_a_gone_subscription_bounces_and_a_busy_push_service_is_retried(browser, vapid_key) -> None:
    _, _, target = browser
    message = outgoing("push", ENDPOINT, push=target)

    with pytest.raises(SendFailed) as gone:
        await channel(vapid_key, 410).send(message)
    with pytest.raises(SendFailed) as busy:
        await channel(vapid_key, 503).send(message)
    with pytest.raises(SendFailed) as refused:
        await channel(vapid_key, 400).send(message)

    assert gone.value.bounced
    assert not busy.value.permanent
    assert (refused.value.permanent, refused.value.bounced) == (True, False)

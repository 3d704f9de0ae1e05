"""Integrators' API keys over HTTP: scoped, shown once, hashed at rest, expiring, revocable, signed."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import time
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import msgspec

from core.security import Principal, TokenCodec
from tests.e2e.test_identity import fetch
from tests.e2e.test_split import SECRET, free_port, process, ready, split_env  # noqa: F401 - split_env: a fixture
from tests.support.eventually import eventually
from tests.support.problems import assert_problem

PRODUCT = {
    "name": "Signed mug",
    "variants": [{"sku": "SIGNED-1", "price": {"amount": 990, "currency": "EUR"}}],
}


def bearer_of(codec: TokenCodec, subject: str, *permissions: str) -> dict[str, str]:
    staff = Principal(
        subject=subject, kind="staff", session_id=str(uuid.uuid4()), permissions=frozenset(permissions)
    )
    return {"Authorization": f"Bearer {codec.issue(staff)}"}


async def key_manager(client, codec: TokenCodec, *permissions: str) -> dict[str, str]:
    """The token of a staff user stored with a role granting ``permissions``: a key is granted from
    the roles the store holds now, not from the token's claims."""
    admin = bearer_of(codec, str(uuid.uuid4()), "staff:manage")
    name = f"keys-{uuid.uuid4().hex[:12]}"
    role = await client.post(
        "/admin/roles", headers=admin, json={"name": name, "permissions": list(permissions)}
    )
    assert role.status_code == 201, role.text
    body = {"email": f"{name}@example.com", "password": "correct horse battery", "roles": [name]}
    created = await client.post("/admin/staff", headers=admin, json=body)
    assert created.status_code == 201, created.text
    return bearer_of(codec, created.json()["id"], *permissions)


async def issue(client, headers, **body) -> dict:
    response = await client.post("/admin/api-keys", headers=headers, json={"name": "ERP sync", **body})
    assert response.status_code == 201, response.text
    return response.json()


def signed(
    key: dict, method: str, target: str, body: bytes = b"", at: int | None = None, secret: str | None = None
):
    stamp = str(at if at is not None else int(time.time()))
    message = "\n".join((method, target, stamp, hashlib.sha256(body).hexdigest()))
    signature = hmac.new(
        (secret or key["signing_secret"]).encode(), message.encode(), hashlib.sha256
    ).hexdigest()
    return {
        "X-API-Key": key["key"],
        "X-Signature-Timestamp": stamp,
        "X-Signature": signature,
        "Content-Type": "application/json",
    }


async def test_a_catalog_read_key_reads_admin_products_and_is_refused_a_write(client, tokens) -> None:
    manager = await key_manager(client, tokens, "api_keys:write", "catalog:read")
    key = await issue(client, manager, permissions=["catalog:read"])
    headers = {"X-API-Key": key["key"]}
    listed = await client.get("/admin/products", headers=headers)
    assert listed.status_code == 200, listed.text
    assert_problem(await client.post("/admin/products", headers=headers, json=PRODUCT), 403)
    assert_problem(await client.get("/me", headers=headers), 403)  # an integrator is no customer


async def test_the_key_is_shown_once_and_only_its_hash_is_stored(client, settings, tokens) -> None:
    manager = await key_manager(client, tokens, "api_keys:write", "api_keys:read", "catalog:read")
    key = await issue(client, manager, permissions=["catalog:read"])
    assert key["key"].startswith(key["prefix"]) and len(key["key"]) > 40
    assert key["signing_secret"] is None
    listed = (await client.get("/admin/api-keys", headers=manager)).json()["items"]
    assert [k["id"] for k in listed] == [key["id"]]
    assert "key" not in listed[0] and "signing_secret" not in listed[0]
    assert key["key"] not in msgspec.json.encode(listed).decode()
    rows = await fetch(settings, "SELECT * FROM identity_api_keys")
    assert len(rows) == 1
    assert rows[0]["key_hash"] == hashlib.sha256(key["key"].encode()).hexdigest()
    assert all(key["key"] not in str(value) for value in dict(rows[0]).values())

    await client.get("/admin/products", headers={"X-API-Key": key["key"]})
    used = (await client.get("/admin/api-keys", headers=manager)).json()["items"][0]
    assert used["last_used_at"] is not None


async def test_a_revoked_key_gets_401_at_once(client, tokens) -> None:
    manager = await key_manager(client, tokens, "api_keys:write", "api_keys:read", "catalog:read")
    key = await issue(client, manager, permissions=["catalog:read"])
    headers = {"X-API-Key": key["key"]}
    assert (await client.get("/admin/products", headers=headers)).status_code == 200
    assert (await client.delete(f"/admin/api-keys/{key['id']}", headers=manager)).status_code == 204
    assert_problem(await client.get("/admin/products", headers=headers), 401)
    assert (await client.delete(f"/admin/api-keys/{key['id']}", headers=manager)).status_code == 204
    listed = (await client.get("/admin/api-keys", headers=manager)).json()["items"]
    assert listed[0]["revoked_at"] is not None
    unknown = "6f1c54f6-8f4e-4c43-9b8a-3d1f0c1e2a3b"
    assert_problem(await client.delete(f"/admin/api-keys/{unknown}", headers=manager), 404)


async def test_an_unknown_key_gets_401(client) -> None:
    assert_problem(await client.get("/admin/products", headers={"X-API-Key": "mk_made-up"}), 401)
    assert_problem(await client.get("/admin/products", headers={"X-API-Key": "x" * 500}), 401)


async def test_an_expired_key_gets_401(client, tokens) -> None:
    expires = datetime.now(UTC) + timedelta(seconds=2)
    key = await issue(
        client,
        await key_manager(client, tokens, "api_keys:write", "catalog:read"),
        permissions=["catalog:read"],
        expires_at=expires.isoformat(),
    )
    headers = {"X-API-Key": key["key"]}
    assert (await client.get("/admin/products", headers=headers)).status_code == 200

    async def refused() -> bool:
        return (await client.get("/admin/products", headers=headers)).status_code == 401

    await eventually(refused, within=15, pause=0.2)


async def test_staff_grant_only_permissions_they_hold(client, settings, tokens) -> None:
    manager = await key_manager(client, tokens, "api_keys:write", "catalog:*")
    assert (await issue(client, manager, permissions=["catalog:read", "catalog:write"]))["permissions"] == [
        "catalog:read",
        "catalog:write",
    ]
    for permissions in (["orders:read"], ["*"], ["catalog:read", "payments:write"]):
        response = await client.post(
            "/admin/api-keys", headers=manager, json={"name": "x", "permissions": permissions}
        )
        assert_problem(response, 422, "permissions")
    past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    response = await client.post(
        "/admin/api-keys",
        headers=manager,
        json={"name": "x", "permissions": ["catalog:read"], "expires_at": past},
    )
    assert_problem(response, 422, "expires_at")
    for bad in (
        {"name": "x", "permissions": []},
        {"name": "", "permissions": ["catalog:read"]},
        {"permissions": ["a:b"]},
    ):
        assert_problem(await client.post("/admin/api-keys", headers=manager, json=bad), 400)
    assert len(await fetch(settings, "SELECT id FROM identity_api_keys")) == 1


async def test_a_key_naming_a_permission_no_route_checks_is_422_naming_it(client, settings, tokens) -> None:
    manager = await key_manager(client, tokens, "*")
    for permissions in (["nope:perm"], ["orders:read", "orders:raed"]):
        body = {"name": "bad", "permissions": permissions}
        problem = assert_problem(await client.post("/admin/api-keys", headers=manager, json=body), 422)
        assert {"field": "permissions", "message": f"no such permission: '{permissions[-1]}'"} in problem[
            "errors"
        ]
    assert await fetch(settings, "SELECT id FROM identity_api_keys") == []
    assert (await issue(client, manager, permissions=["orders:*", "reports:read"]))["permissions"] == [
        "orders:*",
        "reports:read",
    ]


SESSION_ROUTES = [
    ("GET", "/auth/sessions", None),
    ("DELETE", f"/auth/sessions/{uuid.uuid4()}", None),
    ("POST", "/auth/logout", None),
    ("POST", "/auth/mfa/totp", None),
    ("POST", "/auth/mfa/totp/verify", {"code": "123456"}),
]


async def test_an_api_key_gets_401_on_the_routes_of_a_signed_in_persons_session(client, tokens) -> None:
    manager = await key_manager(client, tokens, "api_keys:write", "*")
    headers = {"X-API-Key": (await issue(client, manager, permissions=["*"]))["key"]}
    for method, path, body in SESSION_ROUTES:
        problem = assert_problem(await client.request(method, path, headers=headers, json=body), 401)
        assert "X-API-Key" in problem["detail"], (method, path)
        assert (await client.options(path)).status_code == 204, path  # a preflight carries no credentials
    assert (await client.get("/admin/products", headers=headers)).status_code == 200  # still valid


async def test_managing_keys_needs_the_api_keys_permissions(client, staff_headers, customer_headers) -> None:
    body = {"name": "x", "permissions": ["catalog:read"]}
    assert_problem(await client.post("/admin/api-keys", json=body), 401)
    assert_problem(
        await client.post("/admin/api-keys", json=body, headers=staff_headers("catalog:read")), 403
    )
    assert_problem(await client.get("/admin/api-keys", headers=staff_headers("api_keys:write")), 403)
    assert_problem(await client.post("/admin/api-keys", json=body, headers=customer_headers), 403)


async def test_an_api_key_cannot_issue_keys_even_holding_api_keys_write(client, settings, tokens) -> None:
    manager = await key_manager(client, tokens, "api_keys:write", "api_keys:read", "catalog:read")
    key = await issue(client, manager, permissions=["api_keys:write", "catalog:read"])
    headers = {"X-API-Key": key["key"]}
    body = {"name": "child", "permissions": ["catalog:read"]}
    assert_problem(await client.post("/admin/api-keys", headers=headers, json=body), 403)
    assert len(await fetch(settings, "SELECT id FROM identity_api_keys")) == 1


async def test_an_api_key_cannot_manage_staff_users_or_roles_even_holding_staff_manage(
    client, settings, tokens
) -> None:
    manager = await key_manager(client, tokens, "api_keys:write", "staff:manage")
    headers = {"X-API-Key": (await issue(client, manager, permissions=["staff:manage"]))["key"]}
    before = len(await fetch(settings, "SELECT name FROM identity_roles"))
    everything = {"name": "root", "permissions": ["*"]}
    assert_problem(await client.post("/admin/roles", headers=headers, json=everything), 403)
    person = {"email": "mallory@example.com", "password": "correct horse battery", "roles": ["admin"]}
    assert_problem(await client.post("/admin/staff", headers=headers, json=person), 403)
    assert_problem(await client.get("/admin/staff", headers=headers), 403)
    assert len(await fetch(settings, "SELECT name FROM identity_roles")) == before
    assert not await fetch(
        settings, "SELECT id FROM identity_staff_users WHERE email = 'mallory@example.com'"
    )


async def test_a_key_is_granted_from_the_staff_users_roles_now_not_from_the_tokens_claims(
    client, settings, tokens
) -> None:
    manager = await key_manager(client, tokens, "api_keys:write", "catalog:read")
    staff_id = tokens.verify(manager["Authorization"].split()[1]).subject
    admin = bearer_of(tokens, str(uuid.uuid4()), "staff:manage")
    demoted = await client.put(f"/admin/staff/{staff_id}/roles", headers=admin, json={"roles": []})
    assert demoted.status_code == 200, demoted.text
    body = {"name": "x", "permissions": ["catalog:read"]}
    # The token still claims api_keys:write and catalog:read: the roles no longer grant catalog:read.
    assert_problem(await client.post("/admin/api-keys", headers=manager, json=body), 422, "permissions")
    # A token whose subject is no stored staff user grants nothing.
    ghost = bearer_of(tokens, str(uuid.uuid4()), "*")
    assert_problem(await client.post("/admin/api-keys", headers=ghost, json=body), 403)
    assert await fetch(settings, "SELECT id FROM identity_api_keys") == []


async def test_a_key_with_an_area_wildcard_may_use_the_areas_routes(client, tokens) -> None:
    """``catalog:*`` covers ``catalog:read`` when checked as when granted."""
    key = await issue(
        client, await key_manager(client, tokens, "api_keys:write", "catalog:*"), permissions=["catalog:*"]
    )
    listed = await client.get("/admin/products", headers={"X-API-Key": key["key"]})
    assert listed.status_code == 200, listed.text


async def test_a_key_requiring_signatures_needs_a_fresh_right_one(client, tokens) -> None:
    key = await issue(
        client,
        await key_manager(client, tokens, "api_keys:write", "catalog:read", "catalog:write"),
        permissions=["catalog:read", "catalog:write"],
        require_signature=True,
    )
    assert key["signing_secret"]
    assert_problem(await client.get("/admin/products", headers={"X-API-Key": key["key"]}), 401)

    good = await client.get("/admin/products?limit=5", headers=signed(key, "GET", "/admin/products?limit=5"))
    assert good.status_code == 200, good.text
    body = msgspec.json.encode(PRODUCT)
    created = await client.post(
        "/admin/products", content=body, headers=signed(key, "POST", "/admin/products", body)
    )
    assert created.status_code == 201, created.text

    other = msgspec.json.encode({**PRODUCT, "name": "Tampered"})
    tampered = await client.post(
        "/admin/products", content=other, headers=signed(key, "POST", "/admin/products", body)
    )
    assert_problem(tampered, 401)
    wrong_path = await client.get(
        "/admin/products?limit=6", headers=signed(key, "GET", "/admin/products?limit=5")
    )
    assert_problem(wrong_path, 401)
    stale = signed(key, "GET", "/admin/products", at=int(time.time()) - 301)
    assert_problem(await client.get("/admin/products", headers=stale), 401)
    wrong_secret = signed(key, "GET", "/admin/products", secret="0" * 64)
    assert_problem(await client.get("/admin/products", headers=wrong_secret), 401)


async def test_a_non_ascii_signature_is_a_401_not_a_500(client, tokens) -> None:
    manager = await key_manager(client, tokens, "api_keys:write", "catalog:read")
    key = await issue(client, manager, permissions=["catalog:read"], require_signature=True)
    headers = {**signed(key, "GET", "/admin/products"), "X-Signature": "é" * 64}
    raw = [(name.encode(), value.encode("latin-1")) for name, value in headers.items()]
    assert_problem(await client.get("/admin/products", headers=raw), 401)


async def test_a_signed_body_over_the_limit_is_a_413_not_cut_short(client, tokens) -> None:
    manager = await key_manager(client, tokens, "api_keys:write", "catalog:read", "catalog:write")
    key = await issue(client, manager, permissions=["catalog:read", "catalog:write"], require_signature=True)
    body = b'{"name": "' + b"x" * (10 * 1024 * 1024) + b'"}'
    response = await client.post(
        "/admin/products", content=body, headers=signed(key, "POST", "/admin/products", body)
    )
    assert_problem(response, 413)


async def test_in_split_mode_another_process_verifies_the_key_over_the_bus_and_learns_its_revocation(
    split_env,  # noqa: F811
) -> None:
    """The catalogue process has no identity tables: it asks identity, caches the grant (here for a
    minute), and drops it when identity's ApiKeyRevoked event arrives."""
    env = {**split_env, "MERCATO_API_KEY_CACHE_SECONDS": "60"}
    with process("identity", free_port(), env) as identity, process("catalog", free_port(), env) as catalog:
        await asyncio.gather(ready(identity), ready(catalog))
        async with httpx.AsyncClient(base_url=identity) as client:
            manager = await key_manager(client, TokenCodec(SECRET), "*")
            key = await issue(client, manager, permissions=["catalog:read"])
            headers = {"X-API-Key": key["key"]}
            assert (await client.get(f"{catalog}/admin/products", headers=headers)).status_code == 200
            assert (
                await client.post(f"{catalog}/admin/products", headers=headers, json=PRODUCT)
            ).status_code == 403
            assert (await client.delete(f"/admin/api-keys/{key['id']}", headers=manager)).status_code == 204

            async def refused() -> bool:
                return (await client.get(f"{catalog}/admin/products", headers=headers)).status_code == 401

            await eventually(refused, within=20)

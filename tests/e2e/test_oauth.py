"""Signing in with another provider, against a real OpenID Connect provider served on loopback.

tests/support/oidc_provider.py is authlib's authorization server (code grant, PKCE S256 required,
RS256 ID tokens with the nonce); the shop reaches it over HTTP as it would reach Google. Only
GitHub's API, which has no local stand-in, is faked at the adapter's HTTP boundary.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import asyncpg
import httpx
import msgspec
import pyotp
import pytest
from joserfc.jwk import RSAKey
from litestar import Litestar
from litestar.testing import AsyncTestClient

from adapters.oauth.github import GitHubProvider
from adapters.oauth.oidc import OidcProvider
from adapters.oauth.transport import http
from config.settings import Settings
from core.errors import DomainError
from domains.identity.api.oauth import COOKIE
from tests.support.eventually import eventually
from tests.support.oidc_provider import LocalOidcProvider, ProviderUser
from tests.support.problems import assert_problem

CALLBACK = "http://testserver.local/auth/oauth/local/callback"
PASSWORD = "correct horse battery"


@pytest.fixture
def oidc() -> Iterator[LocalOidcProvider]:
    with LocalOidcProvider(redirect_uris=[CALLBACK]) as provider:
        yield provider


@pytest.fixture
def settings(settings: Settings, oidc: LocalOidcProvider) -> Settings:
    return msgspec.structs.replace(
        settings,
        oidc_name="local",
        oidc_discovery_url=oidc.discovery_url,
        oidc_client_id=oidc.client.client_id,
        oidc_client_secret=oidc.client.client_secret,
    )


async def at_provider(url: str) -> httpx.Response:
    """The browser at the provider, which approves its user and redirects back to the shop."""
    async with httpx.AsyncClient() as browser:
        return await browser.get(url)


async def authorize(client: AsyncTestClient[Litestar]) -> httpx.URL:
    started = await client.get("/auth/oauth/local/authorize", follow_redirects=False)
    assert started.status_code == 302, started.text
    return httpx.URL(started.headers["location"])


async def back_from_provider(client: AsyncTestClient[Litestar]) -> httpx.URL:
    """Start a sign-in and follow it through the provider: the callback URL it sends the browser to."""
    answer = await at_provider(str(await authorize(client)))
    assert answer.status_code == 302, answer.text
    return httpx.URL(answer.headers["location"])


async def callback(client: AsyncTestClient[Litestar], url: httpx.URL) -> httpx.Response:
    return await client.get(url.path, params=dict(url.params), follow_redirects=False)


async def sign_in(client: AsyncTestClient[Litestar]) -> dict[str, Any]:
    answer = await callback(client, await back_from_provider(client))
    assert answer.status_code == 200, answer.text
    pair: dict[str, Any] = answer.json()
    return pair


async def me(client: AsyncTestClient[Litestar], pair: dict[str, Any]) -> dict[str, Any]:
    answer = await client.get("/me", headers={"Authorization": f"Bearer {pair['access_token']}"})
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


async def register(client: AsyncTestClient[Litestar], email: str) -> str:
    answer = await client.post("/auth/register", json={"email": email, "password": PASSWORD})
    assert answer.status_code == 201, answer.text
    customer_id: str = answer.json()["id"]
    return customer_id


async def log_in(client: AsyncTestClient[Litestar], email: str) -> httpx.Response:
    return await client.post("/auth/login", json={"email": email, "password": PASSWORD})


async def links(settings: Settings) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(settings.database_url)
    try:
        return list(
            await conn.fetch("SELECT provider, subject, customer_id, email FROM identity_oauth_links")
        )
    finally:
        await conn.close()


async def test_a_full_oidc_sign_in_opens_an_account_whose_tokens_work(
    client: AsyncTestClient[Litestar], oidc: LocalOidcProvider
) -> None:
    to_provider = await authorize(client)
    params = dict(to_provider.params)
    assert str(to_provider).startswith(f"{oidc.issuer}/authorize?")
    assert params["code_challenge_method"] == "S256"
    assert params["redirect_uri"] == CALLBACK
    assert params["state"] and params["nonce"] and params["code_challenge"]
    assert "openid" in params["scope"].split()

    answer = await at_provider(str(to_provider))
    back = httpx.URL(answer.headers["location"])
    assert str(back).startswith(CALLBACK) and dict(back.params)["state"] == params["state"]
    signed_in = await callback(client, back)
    assert signed_in.status_code == 200, signed_in.text
    pair = signed_in.json()
    assert pair["token_type"] == "bearer" and pair["access_token"] and pair["refresh_token"]
    assert "code_verifier" in oidc.token_requests[-1]  # the provider checked it against the challenge

    profile = await me(client, pair)
    assert profile["email"] == "ann@example.com"

    again = await me(client, await sign_in(client))  # the linked identity signs in as the same customer
    assert again["id"] == profile["id"]
    refreshed = await client.post("/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    assert refreshed.status_code == 200


async def test_a_state_finishes_one_sign_in_only(client: AsyncTestClient[Litestar]) -> None:
    back = await back_from_provider(client)
    assert (await callback(client, back)).status_code == 200
    # Even from a browser still holding the state (the callback clears its cookie), the flow is gone.
    client.cookies.set(COOKIE, dict(back.params)["state"], domain="testserver.local", path="/auth/oauth")

    replayed = await callback(client, back)

    assert "already finished" in assert_problem(replayed, 400, "state")["detail"]


async def test_a_callback_in_another_browser_is_refused_and_the_flow_stays_for_its_own(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    back = await back_from_provider(client)
    from app import create_app

    async with AsyncTestClient(app=create_app(settings)) as other_browser:
        assert_problem(await callback(other_browser, back), 400, "state")

    assert (await callback(client, back)).status_code == 200


async def test_an_expired_sign_in_is_refused(client: AsyncTestClient[Litestar], settings: Settings) -> None:
    back = await back_from_provider(client)
    conn = await asyncpg.connect(settings.database_url)
    try:
        await conn.execute("UPDATE identity_oauth_flows SET expires_at = now() - interval '1 second'")
    finally:
        await conn.close()

    assert "expired" in assert_problem(await callback(client, back), 400, "state")["detail"]


async def test_an_unreachable_provider_is_a_503_and_opens_no_flow(settings: Settings) -> None:
    from app import create_app
    from core.breaker import BREAKERS

    gone = "http://127.0.0.1:9/.well-known/openid-configuration"
    unreachable = msgspec.structs.replace(settings, oidc_discovery_url=gone, breaker_failures=2)
    async with AsyncTestClient(app=create_app(unreachable)) as client:
        answers = [await client.get("/auth/oauth/local/authorize", follow_redirects=False) for _ in range(3)]
        breaker = BREAKERS["oauth.local"].state

    for answer in answers:
        assert_problem(answer, 503)
        assert answer.headers["retry-after"]
    assert breaker == "open"  # two outages in a row: the third is refused without asking the provider
    conn = await asyncpg.connect(settings.database_url)
    try:
        assert await conn.fetchval("SELECT count(*) FROM identity_oauth_flows") == 0
    finally:
        await conn.close()


async def test_an_unknown_provider_is_not_found(client: AsyncTestClient[Litestar]) -> None:
    assert_problem(await client.get("/auth/oauth/myspace/authorize"), 404)
    assert_problem(await client.get("/auth/oauth/myspace/callback?code=x&state=y"), 404)


async def test_the_providers_refusal_is_a_clear_400(client: AsyncTestClient[Litestar]) -> None:
    state = dict((await authorize(client)).params)["state"]

    refused = await client.get(
        "/auth/oauth/local/callback", params={"error": "access_denied", "state": state}
    )

    assert_problem(refused, 400)
    assert "access_denied" in refused.json()["detail"]
    assert_problem(await client.get("/auth/oauth/local/callback", params={"code": "x"}), 400, "state")


async def test_a_verified_email_links_the_existing_customer_and_distrusts_its_password(
    client: AsyncTestClient[Litestar], oidc: LocalOidcProvider, settings: Settings
) -> None:
    customer_id = await register(client, "ann@example.com")
    before = await log_in(client, "ann@example.com")
    assert before.status_code == 200
    oidc.user = ProviderUser(subject="google-ann", email="Ann@Example.com", email_verified=True)

    profile = await me(client, await sign_in(client))

    assert profile["id"] == customer_id
    assert [(r["provider"], r["subject"], str(r["customer_id"])) for r in await links(settings)] == [
        ("local", "google-ann", customer_id)
    ]
    # Whoever set that password never proved the mailbox: it no longer signs in, nor do its sessions.
    assert_problem(await log_in(client, "ann@example.com"), 401)
    stale = await client.post("/auth/refresh", json={"refresh_token": before.json()["refresh_token"]})
    assert_problem(stale, 401)
    old_access = {"Authorization": f"Bearer {before.json()['access_token']}"}
    assert_problem(await client.get("/me", headers=old_access), 401)


async def test_an_unverified_email_never_links_an_existing_customer(
    client: AsyncTestClient[Litestar], oidc: LocalOidcProvider, settings: Settings
) -> None:
    await register(client, "bob@example.com")
    oidc.user = ProviderUser(subject="someone", email="bob@example.com", email_verified=False)

    refused = await callback(client, await back_from_provider(client))

    assert_problem(refused, 409, "email")
    assert await links(settings) == []
    assert (await log_in(client, "bob@example.com")).status_code == 200


async def test_an_unverified_email_opens_no_account_either(
    client: AsyncTestClient[Litestar], oidc: LocalOidcProvider, settings: Settings
) -> None:
    oidc.user = ProviderUser(subject="carol-1", email="carol@example.com", email_verified=False)

    refused = await callback(client, await back_from_provider(client))

    assert_problem(refused, 403, "email")
    assert await links(settings) == []
    assert (await register(client, "carol@example.com")) and (
        await log_in(client, "carol@example.com")
    ).status_code == 200


async def confirm_totp(client: AsyncTestClient[Litestar], pair: dict[str, Any]) -> pyotp.TOTP:
    headers = {"Authorization": f"Bearer {pair['access_token']}"}
    enrolment = await client.post("/auth/mfa/totp", headers=headers)
    assert enrolment.status_code == 201, enrolment.text
    totp = pyotp.TOTP(enrolment.json()["secret"])
    confirmed = await client.post("/auth/mfa/totp/verify", headers=headers, json={"code": totp.now()})
    assert confirmed.status_code == 204, confirmed.text
    return totp


async def test_a_verified_email_does_not_link_a_customer_who_signs_in_with_a_totp_code(
    client: AsyncTestClient[Litestar], oidc: LocalOidcProvider, settings: Settings
) -> None:
    await register(client, "dan@example.com")
    signed_in = await log_in(client, "dan@example.com")
    totp = await confirm_totp(client, signed_in.json())
    oidc.user = ProviderUser(subject="google-dan", email="dan@example.com", email_verified=True)

    refused = await callback(client, await back_from_provider(client))

    assert_problem(refused, 409, "totp_code")
    assert "password and code" in refused.json()["detail"]
    assert await links(settings) == []
    # Nothing was distrusted: the password with the code still signs in, the session still refreshes.
    again = await client.post(
        "/auth/login", json={"email": "dan@example.com", "password": PASSWORD, "totp_code": totp.now()}
    )
    assert again.status_code == 200, again.text
    refreshed = await client.post("/auth/refresh", json={"refresh_token": signed_in.json()["refresh_token"]})
    assert refreshed.status_code == 200, refreshed.text


async def test_a_linked_provider_no_longer_signs_in_once_the_customer_confirmed_totp(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    await confirm_totp(client, await sign_in(client))

    refused = await callback(client, await back_from_provider(client))

    assert_problem(refused, 409, "totp_code")
    assert len(await links(settings)) == 1  # the link stays; it just does not skip the code


async def test_a_blocked_customer_cannot_sign_in_through_a_provider_either(
    client: AsyncTestClient[Litestar], staff_headers: Callable[..., dict[str, str]]
) -> None:
    customer_id = (await me(client, await sign_in(client)))["id"]
    staff = staff_headers("customers:read", "customers:write")
    assert (await client.post(f"/admin/customers/{customer_id}/block", headers=staff)).status_code == 200

    async def refused() -> bool:
        return (await callback(client, await back_from_provider(client))).status_code == 403

    await eventually(refused)


async def test_erasing_the_customer_forgets_its_linked_identities(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    pair = await sign_in(client)
    first = await me(client, pair)
    headers = {"Authorization": f"Bearer {pair['access_token']}"}

    assert (await client.delete("/me", headers=headers)).status_code == 204

    async def forgotten() -> bool:
        return await links(settings) == []

    await eventually(forgotten)
    # The provider's account signs up afresh: a new customer, not the erased one.
    assert (await me(client, await sign_in(client)))["id"] != first["id"]


async def test_the_browser_lands_on_the_shop_with_the_tokens_in_the_fragment(settings: Settings) -> None:
    from app import create_app

    landing = "https://shop.example.com/signed-in"
    app = create_app(msgspec.structs.replace(settings, oauth_redirect_url=landing))
    async with AsyncTestClient(app=app) as client:
        answer = await callback(client, await back_from_provider(client))

        assert answer.status_code == 302
        location = answer.headers["location"]
        assert location.startswith(f"{landing}#")
        fragment = dict(httpx.URL(f"http://x/?{location.split('#', 1)[1]}").params)
        assert (await me(client, fragment))["email"] == "ann@example.com"


# --- the OpenID Connect adapter against the provider ---------------------------------------


@pytest.fixture
def adapter(oidc: LocalOidcProvider) -> OidcProvider:
    return OidcProvider("local", oidc.discovery_url, oidc.client.client_id, oidc.client.client_secret)


async def code_for(adapter: OidcProvider, nonce: str, verifier: str) -> str:
    url = await adapter.authorization_url(
        redirect_uri=CALLBACK, state="s", nonce=nonce, code_verifier=verifier
    )
    answer = await at_provider(url)
    return dict(httpx.URL(answer.headers["location"]).params)["code"]


async def test_the_provider_refuses_a_code_with_the_wrong_pkce_verifier(adapter: OidcProvider) -> None:
    verifier = "v" * 64
    code = await code_for(adapter, "n-1", verifier)

    with pytest.raises(DomainError, match="invalid_grant") as refused:
        await adapter.identity(code=code, redirect_uri=CALLBACK, code_verifier="w" * 64, nonce="n-1")
    assert refused.value.status == 400

    found = await adapter.identity(code=code, redirect_uri=CALLBACK, code_verifier=verifier, nonce="n-1")
    assert (found.subject, found.email, found.email_verified) == ("user-1", "ann@example.com", True)


async def test_an_id_token_carrying_another_nonce_is_refused(adapter: OidcProvider) -> None:
    code = await code_for(adapter, "the-nonce-sent", "v" * 64)

    with pytest.raises(DomainError, match="nonce"):
        await adapter.identity(code=code, redirect_uri=CALLBACK, code_verifier="v" * 64, nonce="another")


async def test_rotated_provider_keys_are_fetched_again(
    adapter: OidcProvider, oidc: LocalOidcProvider
) -> None:
    code = await code_for(adapter, "n", "v" * 64)
    await adapter.identity(code=code, redirect_uri=CALLBACK, code_verifier="v" * 64, nonce="n")
    oidc.key = RSAKey.generate_key(2048, parameters={"kid": "rotated", "use": "sig"}, private=True)

    code = await code_for(adapter, "n2", "v" * 64)
    found = await adapter.identity(code=code, redirect_uri=CALLBACK, code_verifier="v" * 64, nonce="n2")

    assert found.subject == "user-1"


async def test_an_id_token_for_another_client_is_refused(
    adapter: OidcProvider, oidc: LocalOidcProvider
) -> None:
    code = await code_for(adapter, "n", "v" * 64)
    async with adapter.client(redirect_uri=CALLBACK) as client:
        token = await client.fetch_token(
            f"{oidc.issuer}/token", grant_type="authorization_code", code=code, code_verifier="v" * 64
        )
    assert (await adapter.verified_claims(token["id_token"], "n"))["sub"] == "user-1"
    other = OidcProvider("local", oidc.discovery_url, "another-client", None)

    with pytest.raises(DomainError, match="aud"):
        await other.verified_claims(token["id_token"], "n")


# --- GitHub: plain OAuth2 and its API, at the adapter's HTTP boundary -------------------------


def github(
    emails: list[dict[str, Any]], token: dict[str, Any] | None = None
) -> tuple[GitHubProvider, list[Any]]:
    seen: list[http.Request] = []

    def answer(request: http.Request) -> http.Response:
        seen.append(request)
        if request.url.path == "/login/oauth/access_token":
            return http.Response(200, json=token or {"access_token": "gho_1", "token_type": "bearer"})
        assert request.headers["authorization"] == "Bearer gho_1"
        if request.url.path == "/user":
            return http.Response(200, json={"id": 4242, "login": "octo"})
        if request.url.path == "/user/emails":
            return http.Response(200, json=emails)
        return http.Response(404)

    return GitHubProvider("gh-id", "gh-secret", transport=http.MockTransport(answer)), seen


async def test_github_signs_in_with_the_verified_primary_email() -> None:
    provider, seen = github(
        [
            {"email": "old@example.com", "primary": False, "verified": True},
            {"email": "Octo@Example.com", "primary": True, "verified": True},
        ]
    )
    url = httpx.URL(
        await provider.authorization_url(redirect_uri=CALLBACK, state="s", nonce="n", code_verifier="v" * 64)
    )
    assert url.host == "github.com" and url.params["code_challenge_method"] == "S256"
    assert url.params["state"] == "s" and "user:email" in url.params["scope"]

    found = await provider.identity(code="c", redirect_uri=CALLBACK, code_verifier="v" * 64, nonce="n")

    assert (found.subject, found.email, found.email_verified) == ("4242", "octo@example.com", True)
    trade = dict(httpx.QueryParams(seen[0].content.decode()))
    assert trade["code_verifier"] == "v" * 64 and trade["client_secret"] == "gh-secret"
    assert trade["redirect_uri"] == CALLBACK


async def test_github_unverified_primary_email_is_not_vouched_for() -> None:
    provider, _ = github([{"email": "octo@example.com", "primary": True, "verified": False}])

    found = await provider.identity(code="c", redirect_uri=CALLBACK, code_verifier="v" * 64, nonce="n")

    assert found.email == "octo@example.com" and not found.email_verified


async def test_github_refusing_the_code_is_a_400() -> None:
    provider, _ = github([], token={"error": "bad_verification_code", "error_description": "expired"})

    with pytest.raises(DomainError, match="bad_verification_code") as refused:
        await provider.identity(code="c", redirect_uri=CALLBACK, code_verifier="v" * 64, nonce="n")
    assert refused.value.status == 400


def test_settings_turn_providers_on_only_with_their_keys() -> None:
    from adapters.oauth import oauth_providers

    assert oauth_providers(Settings()) == {}
    on = oauth_providers(
        Settings(
            google_client_id="g",
            google_client_secret="gs",
            github_client_id="h",
            github_client_secret="hs",
            oidc_name="corp",
            oidc_discovery_url="https://sso.example.com/.well-known/openid-configuration",
            oidc_client_id="c",
        )
    )
    assert sorted(on) == ["corp", "github", "google"]

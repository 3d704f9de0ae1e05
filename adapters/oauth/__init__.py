"""Sign-in providers (identity's ``OAuthProvider`` port), the configured ones by name.

A provider is on once its client id (and, for Google and GitHub, its secret) is set:
Google and any provider named ``oidc_name`` by discovery URL speak OpenID Connect
(adapters/oauth/oidc.py); GitHub plain OAuth2 plus its API (adapters/oauth/github.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from adapters.oauth.github import GitHubProvider
from adapters.oauth.oidc import OidcProvider
from core.breaker import guard

if TYPE_CHECKING:
    from domains.identity.ports import OAuthProvider

GOOGLE_DISCOVERY = "https://accounts.google.com/.well-known/openid-configuration"


def oauth_providers(settings: Any) -> dict[str, OAuthProvider]:
    """The providers the settings configure, by the name in ``/auth/oauth/{provider}/...``."""
    timeout = settings.oauth_timeout
    providers: dict[str, OAuthProvider] = {}
    if settings.google_client_id and settings.google_client_secret:
        providers["google"] = OidcProvider(
            "google",
            GOOGLE_DISCOVERY,
            settings.google_client_id,
            settings.google_client_secret,
            timeout=timeout,
        )
    if settings.github_client_id and settings.github_client_secret:
        providers["github"] = GitHubProvider(
            settings.github_client_id, settings.github_client_secret, timeout=timeout
        )
    if settings.oidc_discovery_url and settings.oidc_client_id:
        providers[settings.oidc_name] = OidcProvider(
            settings.oidc_name,
            settings.oidc_discovery_url,
            settings.oidc_client_id,
            settings.oidc_client_secret,
            timeout=timeout,
        )
    # Each call to the provider has its own timeout (oauth_timeout); the breaker stops asking one
    # that keeps failing (its routes answer 503 with Retry-After until a probe succeeds).
    calls = {"authorization_url": None, "identity": None}
    return {
        name: guard(
            provider,
            f"oauth.{name}",
            calls,
            failures=settings.breaker_failures,
            reset_seconds=settings.breaker_reset_seconds,
        )
        for name, provider in providers.items()
    }


__all__ = ["GitHubProvider", "OidcProvider", "oauth_providers"]

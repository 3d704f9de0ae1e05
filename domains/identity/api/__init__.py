"""Shopper-facing identity routes: sign-in, sessions, recovery, second factor, other providers."""

from __future__ import annotations

from typing import Any

from domains.identity.api.auth import AuthController, RecoveryController
from domains.identity.api.oauth import ROUTES as OAUTH_ROUTES

ROUTES: list[Any] = [AuthController, RecoveryController, *OAUTH_ROUTES]

__all__ = ["ROUTES"]

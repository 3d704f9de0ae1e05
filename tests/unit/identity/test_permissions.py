"""The permissions roles and keys may carry are the ones the routes' guards check, no more, no fewer."""

from __future__ import annotations

from litestar.routes import HTTPRoute

from app import create_app
from config.settings import Settings
from domains.identity.model import PERMISSIONS
from domains.identity.model.accounts import GUARDED


def guarded_permissions() -> set[str]:
    """What ``staff(...)`` and ``staff_member(...)`` guards check, read from their names."""
    app = create_app(Settings(secret_key="k" * 40, database_url="postgresql:///unused", log_level="warning"))
    names = {
        getattr(guard, "__name__", "")
        for route in app.routes
        if isinstance(route, HTTPRoute)
        for handler in route.route_handlers
        for layer in handler.ownership_layers
        for guard in layer.guards or ()
    }
    return {name.partition(":")[2] for name in names if name.startswith(("staff:", "staff_member:"))}


def test_every_permission_a_route_checks_can_be_granted_and_every_grantable_one_is_checked() -> None:
    listed = {f"{area}:{action}" for area, actions in GUARDED.items() for action in actions}
    assert guarded_permissions() == listed


def test_an_area_or_everything_can_be_granted_whole() -> None:
    assert {"*", "orders:*", "staff:*", "api_keys:*"} <= PERMISSIONS
    assert {"orders:raed", "nope:perm", "reports:write", "x:*"}.isdisjoint(PERMISSIONS)

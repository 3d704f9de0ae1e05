"""Staff over HTTP: staff sign-in, staff users, roles and the guards of /admin."""

from __future__ import annotations

import pytest

from core.errors import Conflict
from domains.identity.messages import CreateStaffUser, LogInStaff, StaffUserView
from tests.e2e.test_identity import PASSWORD, bearer, events, fetch
from tests.support.problems import assert_problem

UNKNOWN_ID = "6f1c54f6-8f4e-4c43-9b8a-3d1f0c1e2a3b"


async def admin_footprint(settings) -> dict[str, int]:
    counts = {}
    for table in ("identity_staff_users", "identity_roles", "identity_sessions", "runtime_outbox"):
        counts[table] = (await fetch(settings, f"SELECT count(*) AS n FROM {table}"))[0]["n"]
    return counts


@pytest.fixture
def manager(staff_headers) -> dict[str, str]:
    return staff_headers("staff:manage")


async def create_staff(
    client, manager, email: str = "ed@example.com", roles: list[str] | None = None
) -> dict:
    response = await client.post(
        "/admin/staff", headers=manager, json={"email": email, "password": PASSWORD, "roles": roles or []}
    )
    assert response.status_code == 201, response.text
    return response.json()


async def create_role(client, manager, name: str, permissions: list[str]) -> dict:
    response = await client.post(
        "/admin/roles", headers=manager, json={"name": name, "permissions": permissions}
    )
    assert response.status_code == 201, response.text
    return response.json()


async def staff_log_in(client, email: str = "ed@example.com", password: str = PASSWORD):
    return await client.post("/admin/auth/login", json={"email": email, "password": password})


async def test_a_staff_token_carries_the_permissions_of_the_staff_users_roles(
    client, manager, tokens
) -> None:
    await create_role(client, manager, "editor", ["catalog:write", "catalog:read"])
    staff = await create_staff(client, manager, roles=["editor"])
    assert (staff["roles"], staff["permissions"]) == (["editor"], ["catalog:read", "catalog:write"])
    response = await staff_log_in(client, "ED@example.com")
    assert response.status_code == 200, response.text
    who = tokens.verify(response.json()["access_token"])
    assert (who.subject, who.kind, who.permissions) == (
        staff["id"],
        "staff",
        {"catalog:write", "catalog:read"},
    )
    assert response.json()["token_type"] == "bearer"


async def test_an_admin_signs_in_and_manages_staff_with_the_builtin_role(client, manager) -> None:
    await create_staff(client, manager, "boss@example.com", roles=["admin"])
    pair = (await staff_log_in(client, "boss@example.com")).json()
    listed = await client.get("/admin/staff", headers=bearer(pair))
    assert listed.status_code == 200, listed.text
    assert [s["email"] for s in listed.json()["items"]] == ["boss@example.com"]


async def test_customer_and_staff_credentials_only_work_on_their_own_login(client, manager) -> None:
    await create_staff(client, manager)
    registered = await client.post("/auth/register", json={"email": "ann@example.com", "password": PASSWORD})
    assert registered.status_code == 201
    customer_on_staff = assert_problem(await staff_log_in(client, "ann@example.com"), 401)
    staff_on_customer = assert_problem(
        await client.post("/auth/login", json={"email": "ed@example.com", "password": PASSWORD}), 401
    )
    wrong_password = assert_problem(await staff_log_in(client, "ed@example.com", "not the password"), 401)
    assert customer_on_staff["detail"] == staff_on_customer["detail"] == wrong_password["detail"]
    assert_problem(await client.post("/admin/auth/login", json={"email": "ed@example.com"}), 400, "password")


async def test_staff_refresh_and_logout_use_the_auth_routes(client, manager, tokens) -> None:
    await create_staff(client, manager, roles=["admin"])
    pair = (await staff_log_in(client)).json()
    fresh = await client.post("/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    assert fresh.status_code == 200, fresh.text
    assert tokens.verify(fresh.json()["access_token"]).permissions == {"*"}
    sessions = (await client.get("/auth/sessions", headers=bearer(fresh.json()))).json()["items"]
    assert len(sessions) == 1
    assert (await client.post("/auth/logout", headers=bearer(fresh.json()))).status_code == 204
    assert_problem(
        await client.post("/auth/refresh", json={"refresh_token": fresh.json()["refresh_token"]}), 401
    )


async def test_new_roles_take_effect_at_the_next_refresh(client, manager, tokens, settings) -> None:
    await create_role(client, manager, "editor", ["catalog:write"])
    staff = await create_staff(client, manager, roles=["editor"])
    pair = (await staff_log_in(client)).json()
    assigned = await client.put(
        f"/admin/staff/{staff['id']}/roles", headers=manager, json={"roles": ["admin"]}
    )
    assert assigned.status_code == 200, assigned.text
    assert (assigned.json()["roles"], assigned.json()["permissions"]) == (["admin"], ["*"])
    fresh = (await client.post("/auth/refresh", json={"refresh_token": pair["refresh_token"]})).json()
    assert tokens.verify(fresh["access_token"]).permissions == {"*"}
    assert "identity.StaffRolesAssigned" in await events(settings)


async def test_creating_a_staff_user_twice_is_409_and_writes_nothing(client, manager, settings) -> None:
    await create_staff(client, manager)
    before = await admin_footprint(settings)
    response = await client.post(
        "/admin/staff", headers=manager, json={"email": "Ed@Example.com", "password": PASSWORD}
    )
    assert_problem(response, 409, "email")
    assert await admin_footprint(settings) == before


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"email": "ed@example.com", "password": PASSWORD, "roles": ["wizard"]}, 422, "roles"),
        ({"email": "ed@example.com", "password": "short"}, 400, "password"),
        ({"email": "ed", "password": PASSWORD}, 400, "email"),
        ({"email": "ed@example", "password": PASSWORD}, 422, "email"),
        ({"email": "ed@example.com", "password": PASSWORD, "roles": "admin"}, 400, "roles"),
        ({"password": PASSWORD}, 400, "email"),
        ({"email": "ed@example.com", "password": PASSWORD, "permissions": ["*"]}, 400, "permissions"),
    ],
)
async def test_a_bad_staff_user_is_a_problem_naming_the_field_and_writes_nothing(
    client, manager, settings, body, status, field
) -> None:
    before = await admin_footprint(settings)
    assert_problem(await client.post("/admin/staff", headers=manager, json=body), status, field)
    assert await admin_footprint(settings) == before


async def test_staff_users_are_read_one_by_one_and_page_by_page(client, manager) -> None:
    created = [await create_staff(client, manager, f"s{n}@example.com") for n in range(3)]
    one = await client.get(f"/admin/staff/{created[1]['id']}", headers=manager)
    assert one.json() == created[1]
    first = (await client.get("/admin/staff?limit=2", headers=manager)).json()
    rest = (await client.get(f"/admin/staff?limit=2&cursor={first['next_cursor']}", headers=manager)).json()
    assert [s["id"] for s in first["items"] + rest["items"]] == [s["id"] for s in created]
    assert rest["next_cursor"] is None
    assert_problem(await client.get(f"/admin/staff/{UNKNOWN_ID}", headers=manager), 404)
    assert_problem(await client.get("/admin/staff?cursor=%%%", headers=manager), 422, "cursor")
    assert_problem(await client.get("/admin/staff?limit=500", headers=manager), 400, "limit")


async def test_assigning_roles_badly_is_a_problem_and_changes_nothing(client, manager, settings) -> None:
    staff = await create_staff(client, manager, roles=["admin"])
    before = await admin_footprint(settings)
    path = f"/admin/staff/{staff['id']}/roles"
    assert_problem(await client.put(path, headers=manager, json={"roles": ["wizard"]}), 422, "roles")
    assert_problem(await client.put(path, headers=manager, json={"roles": [1]}), 400, "roles[0]")
    assert_problem(await client.put(path, headers=manager, json={}), 400, "roles")
    assert_problem(
        await client.put(f"/admin/staff/{UNKNOWN_ID}/roles", headers=manager, json={"roles": []}), 404
    )
    assert await admin_footprint(settings) == before
    assert (await client.get(f"/admin/staff/{staff['id']}", headers=manager)).json()["roles"] == ["admin"]


async def test_roles_are_listed_with_the_builtin_admin_and_created_ones(client, manager, settings) -> None:
    await create_role(client, manager, "support", ["orders:write", "catalog:read"])
    roles = (await client.get("/admin/roles", headers=manager)).json()
    assert [(r["name"], r["permissions"], r["builtin"]) for r in roles["items"]] == [
        ("admin", ["*"], True),
        ("support", ["catalog:read", "orders:write"], False),
    ]
    page = (await client.get("/admin/roles?limit=1", headers=manager)).json()
    assert page["next_cursor"] is not None
    assert "identity.RoleCreated" in await events(settings)


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"name": "admin", "permissions": ["catalog:read"]}, 409, "name"),
        ({"name": "Support Team", "permissions": ["catalog:read"]}, 400, "name"),
        ({"name": "support", "permissions": ["read everything"]}, 400, "permissions[0]"),
        ({"name": "support", "permissions": []}, 400, "permissions"),
        ({"name": "support", "permissions": ["catalog:read", "mfa:enrol"]}, 422, "permissions"),
        ({"name": "support", "permissions": "catalog:read"}, 400, "permissions"),
        ({"permissions": ["catalog:read"]}, 400, "name"),
    ],
)
async def test_a_bad_role_is_a_problem_naming_the_field_and_writes_nothing(
    client, manager, settings, body, status, field
) -> None:
    before = await admin_footprint(settings)
    assert_problem(await client.post("/admin/roles", headers=manager, json=body), status, field)
    assert await admin_footprint(settings) == before


@pytest.mark.parametrize("permissions", [["orders:raed"], ["catalog:read", "nope:perm"], ["reports:write"]])
async def test_a_role_naming_a_permission_no_route_checks_is_422_naming_it(
    client, manager, settings, permissions
) -> None:
    before = await admin_footprint(settings)
    body = {"name": "support", "permissions": permissions}
    problem = assert_problem(
        await client.post("/admin/roles", headers=manager, json=body), 422, "permissions"
    )
    assert problem["errors"] == [
        {"field": "permissions", "message": f"no such permission: '{permissions[-1]}'"}
    ]
    assert await admin_footprint(settings) == before


async def test_existing_permissions_areas_and_everything_make_a_role(client, manager) -> None:
    granted = ["*", "api_keys:read", "orders:*", "reports:read", "staff:manage"]
    assert (await create_role(client, manager, "wide", granted))["permissions"] == granted


@pytest.mark.parametrize("email", ["a@-example.com", ".ed@example.com", "ed\u202e@example.com"])
async def test_a_staff_user_with_an_address_mail_cannot_reach_is_422(
    client, manager, settings, email
) -> None:
    before = await admin_footprint(settings)
    body = {"email": email, "password": PASSWORD}
    assert_problem(await client.post("/admin/staff", headers=manager, json=body), 422, "email")
    assert await admin_footprint(settings) == before


ADMIN_ROUTES = [
    ("GET", "/admin/staff", None),
    ("POST", "/admin/staff", {"email": "x@example.com", "password": PASSWORD}),
    ("GET", f"/admin/staff/{UNKNOWN_ID}", None),
    ("PUT", f"/admin/staff/{UNKNOWN_ID}/roles", {"roles": []}),
    ("GET", "/admin/roles", None),
    ("POST", "/admin/roles", {"name": "support", "permissions": ["orders:write"]}),
]


@pytest.mark.parametrize(("method", "path", "body"), ADMIN_ROUTES)
async def test_admin_routes_refuse_callers_without_a_staff_manage_token(
    client, settings, staff_headers, customer_headers, method, path, body
) -> None:
    before = await admin_footprint(settings)
    for headers, status in (
        ({}, 401),
        ({"Authorization": "Bearer not.a.token"}, 401),
        (customer_headers, 403),
        (staff_headers("catalog:write", "orders:write"), 403),
    ):
        assert_problem(await client.request(method, path, headers=headers, json=body), status)
    assert await admin_footprint(settings) == before


async def test_the_cli_creates_staff_users_by_sending_create_staff_user_over_the_bus(
    settings, tokens
) -> None:
    from app import close_services, open_services
    from domains.identity import domain

    services = await open_services(settings, [domain], tokens)
    try:
        assert services.bus is not None
        command = CreateStaffUser(email="admin@example.com", password=PASSWORD, roles=["admin"])
        created = await services.bus.send(command)
        assert isinstance(created, StaffUserView)
        assert (created.email, created.roles, created.permissions) == ("admin@example.com", ["admin"], ["*"])
        with pytest.raises(Conflict):
            await services.bus.send(command)
        pair = await services.bus.send(LogInStaff(email="admin@example.com", password=PASSWORD))
        assert tokens.verify(pair.access_token).permissions == {"*"}
    finally:
        await close_services(services)


async def test_the_openapi_document_describes_every_identity_route(client) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    expected = {
        ("post", "/auth/register"): "422",
        ("post", "/auth/password-reset"): "429",
        ("post", "/auth/password-reset/confirm"): "422",
        ("post", "/auth/verify-email"): "422",
        ("post", "/auth/verify-email/resend"): "409",
        ("post", "/admin/api-keys"): "422",
        ("get", "/admin/api-keys"): "403",
        ("delete", "/admin/api-keys/{api_key_id}"): "404",
        ("post", "/auth/login"): "401",
        ("post", "/auth/refresh"): "401",
        ("post", "/auth/logout"): "401",
        ("get", "/auth/sessions"): "401",
        ("delete", "/auth/sessions/{session_id}"): "404",
        ("post", "/auth/mfa/totp"): "409",
        ("post", "/auth/mfa/totp/verify"): "422",
        ("post", "/admin/auth/login"): "401",
        ("get", "/admin/staff"): "403",
        ("post", "/admin/staff"): "409",
        ("get", "/admin/staff/{staff_id}"): "404",
        ("put", "/admin/staff/{staff_id}/roles"): "422",
        ("get", "/admin/roles"): "403",
        ("post", "/admin/roles"): "409",
    }
    for (method, path), status in expected.items():
        operation = schema["paths"][path][method]
        assert operation["operationId"]
        assert operation["summary"]
        assert operation["tags"]
        assert status in operation["responses"], (method, path)

"""Identity handlers for customer and staff accounts and roles, over in-memory fakes."""

from __future__ import annotations

from uuid import UUID

import pytest

from core.errors import Conflict, Forbidden, Invalid, NotFound, Unauthorized
from domains.customers import messages as customers
from domains.identity import messages as m
from tests.unit.identity.fakes import World, handlers


@pytest.fixture
def world() -> World:
    return World()


async def register(world: World, email: str = "ann@example.com", **extra: str) -> m.CustomerView:
    return await handlers.register_customer(
        m.RegisterCustomer(email=email, password="correct horse", **extra), world.deps
    )


async def test_registering_stores_the_customer_with_a_hashed_password_and_commits_an_event(
    world: World,
) -> None:
    view = await register(world, " Ann@Example.com", first_name=" Ann ")
    stored = world.customers.rows[view.id]
    assert (view.email, view.first_name, view.last_name) == ("ann@example.com", "Ann", None)
    assert stored.password_hash != "correct horse"
    assert world.events(m.CustomerRegistered) == [
        m.CustomerRegistered(
            customer_id=view.id,
            email="ann@example.com",
            first_name="Ann",
            last_name=None,
            registered_at=world.clock.now(),
        )
    ]


async def test_registering_an_email_taken_in_another_case_answers_like_a_new_account(world: World) -> None:
    first = await register(world)
    again = await register(world, "ANN@example.com")
    assert again.id != first.id and again.email == first.email
    assert len(world.customers.rows) == 1
    assert len(world.committed) == 1


async def test_a_weak_password_registers_nobody(world: World) -> None:
    with pytest.raises(Invalid) as caught:
        await handlers.register_customer(
            m.RegisterCustomer(email="ann@example.com", password="short"), world.deps
        )
    assert [e.field for e in caught.value.errors] == ["password"]
    assert world.customers.rows == {}
    assert world.committed == []


async def test_an_unknown_or_malformed_customer_id_is_not_found(world: World) -> None:
    for customer_id in ("8a3e0c55-0000-4000-8000-000000000000", "not-a-uuid"):
        with pytest.raises(NotFound):
            await handlers.get_customer(m.GetCustomer(customer_id=customer_id), world.deps)


async def test_creating_a_staff_user_grants_the_permissions_of_their_roles(world: World) -> None:
    view = await handlers.create_staff_user(
        m.CreateStaffUser(email="Boss@Example.com", password="correct horse", roles=["admin"]), world.deps
    )
    assert (view.email, view.roles, view.permissions) == ("boss@example.com", ["admin"], ["*"])
    assert world.events(m.StaffUserCreated) == [
        m.StaffUserCreated(staff_id=view.id, email="boss@example.com", roles=["admin"])
    ]


async def test_creating_a_staff_user_with_a_taken_email_is_a_conflict(world: World) -> None:
    command = m.CreateStaffUser(email="boss@example.com", password="correct horse", roles=[])
    await handlers.create_staff_user(command, world.deps)
    with pytest.raises(Conflict):
        await handlers.create_staff_user(command, world.deps)
    assert len(world.staff.rows) == 1


async def test_creating_a_staff_user_with_an_unknown_role_is_invalid_and_creates_nobody(world: World) -> None:
    with pytest.raises(Invalid) as caught:
        await handlers.create_staff_user(
            m.CreateStaffUser(email="boss@example.com", password="correct horse", roles=["wizard"]),
            world.deps,
        )
    assert [e.field for e in caught.value.errors] == ["roles"]
    assert world.staff.rows == {}


async def test_assigning_roles_replaces_them_and_commits_an_event(world: World) -> None:
    await handlers.create_role(m.CreateRole(name="editor", permissions=["catalog:write"]), world.deps)
    staff = await handlers.create_staff_user(
        m.CreateStaffUser(email="ed@example.com", password="correct horse", roles=["admin"]), world.deps
    )
    view = await handlers.assign_staff_roles(
        m.AssignStaffRoles(staff_id=staff.id, roles=["editor"]), world.deps
    )
    assert (view.roles, view.permissions) == (["editor"], ["catalog:write"])
    assert world.events(m.StaffRolesAssigned) == [m.StaffRolesAssigned(staff_id=staff.id, roles=["editor"])]


async def test_assigning_roles_to_an_unknown_staff_user_is_not_found(world: World) -> None:
    with pytest.raises(NotFound):
        await handlers.assign_staff_roles(
            m.AssignStaffRoles(staff_id="8a3e0c55-0000-4000-8000-000000000000", roles=[]), world.deps
        )


async def test_a_role_needs_a_fresh_name_and_valid_permissions(world: World) -> None:
    role = await handlers.create_role(
        m.CreateRole(name="editor", permissions=["catalog:write", "catalog:read"], description=" Edits "),
        world.deps,
    )
    assert (role.permissions, role.description, role.builtin) == (
        ["catalog:read", "catalog:write"],
        "Edits",
        False,
    )
    with pytest.raises(Conflict):
        await handlers.create_role(m.CreateRole(name="editor", permissions=["catalog:read"]), world.deps)
    for bad in (m.CreateRole(name="x y", permissions=["a:b"]), m.CreateRole(name="empty", permissions=[])):
        with pytest.raises(Invalid):
            await handlers.create_role(bad, world.deps)
    assert [e.name for e in world.events(m.RoleCreated)] == ["editor"]


async def test_staff_users_and_roles_are_listed_page_by_page(world: World) -> None:
    for n in range(3):
        await handlers.create_staff_user(
            m.CreateStaffUser(email=f"s{n}@example.com", password="correct horse"), world.deps
        )
    first = await handlers.list_staff_users(m.ListStaffUsers(limit=2), world.deps)
    second = await handlers.list_staff_users(m.ListStaffUsers(limit=2, cursor=first.next_cursor), world.deps)
    assert (len(first.items), len(second.items), second.next_cursor) == (2, 1, None)
    roles = await handlers.list_roles(m.ListRoles(), world.deps)
    assert [r.name for r in roles.items] == ["admin"]


async def test_a_blocked_customer_cannot_sign_in_and_loses_open_sessions(world: World) -> None:
    view = await register(world)
    pair = await handlers.log_in_customer(
        m.LogInCustomer(email=view.email, password="correct horse"), world.deps
    )
    blocked = customers.CustomerBlocked(customer_id=UUID(view.id))
    await handlers.when_customer_blocked_refuse_sign_in(blocked, world.deps)
    with pytest.raises(Forbidden):
        await handlers.log_in_customer(
            m.LogInCustomer(email=view.email, password="correct horse"), world.deps
        )
    with pytest.raises(Unauthorized):
        await handlers.refresh_session(m.RefreshSession(refresh_token=pair.refresh_token), world.deps)
    await handlers.when_customer_unblocked_allow_sign_in(
        customers.CustomerUnblocked(customer_id=UUID(view.id)), world.deps
    )
    await handlers.log_in_customer(m.LogInCustomer(email=view.email, password="correct horse"), world.deps)


async def test_an_erased_customer_is_anonymised_so_the_email_can_register_again(world: World) -> None:
    view = await register(world)
    await handlers.log_in_customer(m.LogInCustomer(email=view.email, password="correct horse"), world.deps)
    await handlers.enrol_totp(m.EnrolTotp(subject_id=view.id, kind="customer"), world.deps)
    erased = customers.CustomerErased(customer_id=UUID(view.id))
    await handlers.when_customer_erased_anonymise_account(erased, world.deps)
    await handlers.when_customer_erased_anonymise_account(erased, world.deps)
    stored = world.customers.rows[view.id]
    assert stored.email.endswith("@erased.invalid")
    assert stored.password_hash is None
    assert view.id not in world.totp.rows
    assert all(s.revoked_at is not None for s in world.sessions.sessions.values())
    assert len(world.events(m.AccountAnonymised)) == 1
    with pytest.raises(Unauthorized):
        await handlers.log_in_customer(
            m.LogInCustomer(email=view.email, password="correct horse"), world.deps
        )
    again = await register(world)
    assert again.id != view.id

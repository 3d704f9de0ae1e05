"""Signing in, refresh-token rotation with reuse detection, sessions and TOTP, over fakes."""

from __future__ import annotations

import pyotp
import pytest

from core.errors import Conflict, Invalid, NotFound, Unauthorized
from core.security import Principal
from domains.identity import messages as m
from domains.identity.model import BAD_CREDENTIALS
from tests.unit.identity.fakes import World, handlers

PASSWORD = "correct horse"


@pytest.fixture
def world() -> World:
    return World()


@pytest.fixture
async def customer(world: World) -> m.CustomerView:
    return await handlers.register_customer(
        m.RegisterCustomer(email="ann@example.com", password=PASSWORD), world.deps
    )


async def log_in(
    world: World, email: str = "ann@example.com", password: str = PASSWORD, **extra: str
) -> m.TokenPair:
    return await handlers.log_in_customer(
        m.LogInCustomer(email=email, password=password, **extra), world.deps
    )


async def refresh(world: World, token: str) -> m.TokenPair:
    return await handlers.refresh_session(m.RefreshSession(refresh_token=token), world.deps)


def principal(world: World, pair: m.TokenPair) -> Principal:
    return world.tokens.verify(pair.access_token, allow_revoked=True)


async def test_logging_in_gives_a_token_pair_for_a_new_session(
    world: World, customer: m.CustomerView
) -> None:
    pair = await log_in(world, email=" ANN@example.com ", user_agent="curl/8")
    who = principal(world, pair)
    assert (who.subject, who.kind, who.permissions) == (customer.id, "customer", frozenset())
    assert (pair.token_type, pair.expires_in) == ("bearer", world.tokens.access_ttl)
    assert world.sessions.sessions[who.session_id].user_agent == "curl/8"
    assert world.events(m.SessionStarted) == [
        m.SessionStarted(session_id=who.session_id, subject_id=customer.id, kind="customer")
    ]


async def test_an_unknown_email_and_a_wrong_password_get_the_same_answer(
    world: World, customer: m.CustomerView
) -> None:
    details = []
    for email, password in (("nobody@example.com", PASSWORD), ("ann@example.com", "wrong password")):
        with pytest.raises(Unauthorized) as caught:
            await log_in(world, email, password)
        details.append(caught.value.detail)
    assert details == [BAD_CREDENTIALS, BAD_CREDENTIALS]
    assert world.sessions.sessions == {}


async def test_an_absurdly_long_password_is_refused_without_hashing(
    world: World, customer: m.CustomerView
) -> None:
    with pytest.raises(Unauthorized, match=BAD_CREDENTIALS):
        await log_in(world, password="x" * 5000)


async def test_a_customers_credentials_do_not_sign_in_staff(world: World, customer: m.CustomerView) -> None:
    with pytest.raises(Unauthorized):
        await handlers.log_in_staff(m.LogInStaff(email="ann@example.com", password=PASSWORD), world.deps)


async def test_a_staff_token_carries_the_permissions_of_the_roles(world: World) -> None:
    await handlers.create_role(m.CreateRole(name="editor", permissions=["catalog:write"]), world.deps)
    await handlers.create_staff_user(
        m.CreateStaffUser(email="ed@example.com", password=PASSWORD, roles=["editor"]), world.deps
    )
    pair = await handlers.log_in_staff(m.LogInStaff(email="ed@example.com", password=PASSWORD), world.deps)
    who = principal(world, pair)
    assert (who.kind, who.permissions) == ("staff", frozenset({"catalog:write"}))
    with pytest.raises(Unauthorized):
        await log_in(world, "ed@example.com")


async def test_refreshing_rotates_the_refresh_token(world: World, customer: m.CustomerView) -> None:
    first = await log_in(world)
    world.clock.advance(minutes=20)
    second = await refresh(world, first.refresh_token)
    assert second.refresh_token != first.refresh_token
    assert principal(world, second).session_id == principal(world, first).session_id
    third = await refresh(world, second.refresh_token)
    assert len(world.events(m.SessionRefreshed)) == 2
    assert third.refresh_token not in (first.refresh_token, second.refresh_token)


async def test_a_reused_refresh_token_revokes_its_whole_family(
    world: World, customer: m.CustomerView
) -> None:
    first = await log_in(world)
    second = await refresh(world, first.refresh_token)
    with pytest.raises(Unauthorized, match="already used"):
        await refresh(world, first.refresh_token)
    with pytest.raises(Unauthorized):
        await refresh(world, second.refresh_token)
    session_id = principal(world, first).session_id
    assert world.events(m.SessionRevoked) == [
        m.SessionRevoked(
            session_id=session_id, subject_id=customer.id, kind="customer", reason="reuse_detected"
        )
    ]


async def test_reuse_detection_leaves_other_sessions_alone(world: World, customer: m.CustomerView) -> None:
    stolen = await log_in(world)
    other = await log_in(world)
    await refresh(world, stolen.refresh_token)
    with pytest.raises(Unauthorized):
        await refresh(world, stolen.refresh_token)
    assert (await refresh(world, other.refresh_token)).refresh_token


async def test_an_expired_or_made_up_refresh_token_is_refused(world: World, customer: m.CustomerView) -> None:
    pair = await log_in(world)
    world.clock.advance(days=31)
    for token in (pair.refresh_token, "made-up"):
        with pytest.raises(Unauthorized, match="invalid, expired or revoked"):
            await refresh(world, token)
    assert world.events(m.SessionRevoked) == []


async def test_logging_out_revokes_the_session_and_its_refresh_tokens(
    world: World, customer: m.CustomerView
) -> None:
    pair = await log_in(world)
    who = principal(world, pair)
    command = m.LogOut(subject_id=who.subject, kind=who.kind, session_id=who.session_id)
    await handlers.log_out(command, world.deps)
    await handlers.log_out(command, world.deps)
    with pytest.raises(Unauthorized):
        await refresh(world, pair.refresh_token)
    assert [e.reason for e in world.events(m.SessionRevoked)] == ["logout"]


async def test_sessions_list_the_active_ones_and_flag_the_current(
    world: World, customer: m.CustomerView
) -> None:
    here, there, gone = [principal(world, await log_in(world)) for _ in range(3)]
    await handlers.revoke_session(
        m.RevokeSession(subject_id=customer.id, kind="customer", session_id=gone.session_id), world.deps
    )
    page = await handlers.list_sessions(
        m.ListSessions(subject_id=customer.id, kind="customer", current_session_id=here.session_id),
        world.deps,
    )
    assert {(s.id, s.current) for s in page.items} == {(here.session_id, True), (there.session_id, False)}


async def test_revoking_someone_elses_session_is_not_found(world: World, customer: m.CustomerView) -> None:
    theirs = principal(world, await log_in(world))
    for subject, session_id in (
        ("8a3e0c55-0000-4000-8000-000000000000", theirs.session_id),
        (customer.id, "nope"),
    ):
        with pytest.raises(NotFound):
            await handlers.revoke_session(
                m.RevokeSession(subject_id=subject, kind="customer", session_id=session_id), world.deps
            )
    assert world.sessions.sessions[theirs.session_id].revoked_at is None


async def test_once_totp_is_confirmed_signing_in_needs_a_code(world: World, customer: m.CustomerView) -> None:
    enrolment = await handlers.enrol_totp(m.EnrolTotp(subject_id=customer.id, kind="customer"), world.deps)
    assert enrolment.provisioning_uri.startswith("otpauth://totp/")
    await log_in(world)  # not yet confirmed: a password still suffices
    with pytest.raises(Invalid):
        await handlers.confirm_totp(
            m.ConfirmTotp(subject_id=customer.id, kind="customer", code="000000"), world.deps
        )
    code = pyotp.TOTP(enrolment.secret).at(world.clock.now())
    await handlers.confirm_totp(m.ConfirmTotp(subject_id=customer.id, kind="customer", code=code), world.deps)
    with pytest.raises(Unauthorized) as caught:
        await log_in(world)
    assert [e.field for e in caught.value.errors] == ["totp_code"]
    assert await log_in(world, totp_code=code)
    with pytest.raises(Conflict):
        await handlers.enrol_totp(m.EnrolTotp(subject_id=customer.id, kind="customer"), world.deps)
    assert len(world.events(m.TotpEnabled)) == 1

"""Identity's pure rules."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pyotp
import pytest

from core.errors import Forbidden, Invalid
from core.messages import tag_of
from core.security import TOTP_ENROLMENT, Principal
from core.validation import Findings
from domains.identity.model import (
    ERASED_DOMAIN,
    Customer,
    Role,
    Session,
    Totp,
    Verdict,
    check_password,
    covers,
    digest_of,
    email_of,
    issue_refresh,
    judge_refresh,
    name_of,
    permissions_of,
    permissions_of_text,
    role_name_of,
    role_names_of,
    uuid_of,
)
from tests.unit.identity.fakes import ADMIN, START

TTL = timedelta(days=30)


def fields_of(error: Invalid) -> list[str]:
    return [e.field for e in error.errors]


def refused(check, *args):  # type: ignore[no-untyped-def]
    """The fields ``check`` records as bad for ``args``."""
    problems = Findings()
    check(problems, *args)
    return [e.field for e in problems]


def test_an_email_is_stored_trimmed_and_in_lower_case() -> None:
    assert email_of(Findings(), "  Ann.Lee@Example.COM ") == "ann.lee@example.com"


@pytest.mark.parametrize(
    "bad", ["", "ann", "ann@", "@example.com", "ann@example", "a b@example.com", "a@b@c.io"]
)
def test_something_that_is_not_an_email_is_refused_naming_the_field(bad: str) -> None:
    assert refused(email_of, bad) == ["email"]


@pytest.mark.parametrize(
    "bad",
    [
        "a@-example.com",
        "a@example-.com",
        ".a@example.com",
        "a.@example.com",
        "a..b@example.com",
        f"a@{'b' * 64}.com",
        f"a@{'ü' + 'b' * 56}.de",  # 64 octets as DNS carries it: xn--bbb...-70f
        "a@[127.0.0.1]",
        "a@127.0.0.1",
        "a<b>@example.com",
        "zw\u200bx@example.com",
        "rtl\u202ex@example.com",
        "soft\u00adhyphen@example.com",
        "ann@exa\u200dmple.com",
        "tab\u0009@example.com",
    ],
)
def test_an_address_mail_cannot_reach_or_that_hides_characters_is_refused(bad: str) -> None:
    assert refused(email_of, bad) == ["email"]


@pytest.mark.parametrize(
    "good",
    [
        "o'brien+shop@mail.example.co.uk",
        "a_b-c@sub-domain.example.com",
        f"a@{'b' * 63}.com",
        f"{'x' * 64}@example.com",
        "josé@exämple.com",
        "test@müller.de",
        f"a@{'ü' + 'b' * 55}.de",
        "用户@例子.广告",
        "δοκιμή@παράδειγμα.δοκιμή",
        "ivan@xn--80ak6aa92e.com",
    ],
)
def test_plain_and_internationalised_addresses_are_accepted(good: str) -> None:
    assert (email_of(Findings(), good), refused(email_of, good)) == (good, [])


@pytest.mark.parametrize("bad", ["", "short", "1234567", " " * 12, "x" * 1025])
def test_a_weak_or_absurd_password_is_refused_naming_the_field(bad: str) -> None:
    assert refused(check_password, bad) == ["password"]


def test_a_password_of_eight_characters_is_enough() -> None:
    assert check_password(Findings(), "12345678") == "12345678"
    assert refused(check_password, "12345678") == []


def test_a_blank_name_is_no_name_and_a_long_one_is_refused() -> None:
    assert name_of(Findings(), "  ", "first_name") is None
    assert name_of(Findings(), " Ann ", "first_name") == "Ann"
    assert refused(name_of, "x" * 101, "last_name") == ["last_name"]


def test_permissions_are_scoped_actions_or_everything() -> None:
    assert permissions_of_text(Findings(), ["catalog:write", "*", "orders:*", "catalog:write"]) == [
        "*",
        "catalog:write",
        "orders:*",
    ]
    assert refused(permissions_of_text, ["catalog write"]) == ["permissions"]
    assert refused(permissions_of_text, []) == ["permissions"]


@pytest.mark.parametrize(
    "unknown", [["nope:perm"], ["orders:raed"], ["catalog:read", "reports:write"], ["x:*"]]
)
def test_a_permission_no_route_checks_is_refused_by_name(unknown: list[str]) -> None:
    problems = Findings()
    permissions_of_text(problems, unknown)
    assert [(e.field, e.message) for e in problems] == [
        ("permissions", f"no such permission: {unknown[-1]!r}")
    ]


def test_no_role_carries_the_totp_enrolment_marker() -> None:
    assert TOTP_ENROLMENT == "mfa:enrol"
    assert refused(permissions_of_text, ["catalog:read", " mfa:enrol "]) == ["permissions"]


def staff_holding(*permissions: str) -> Principal:
    return Principal(subject="s", kind="staff", session_id="s", permissions=frozenset(permissions))


@pytest.mark.parametrize(
    ("held", "permission", "allowed"),
    [
        (("orders:*",), "orders:read", True),
        (("orders:*",), "orders:*", True),
        (("orders:read",), "orders:*", False),
        (("orders:*",), "catalog:read", False),
        (("*",), "catalog:read", True),
        (("catalog:read",), "catalog:read", True),
        (("catalog:read",), "catalog:write", False),
    ],
)
def test_a_caller_is_checked_by_the_same_rule_as_what_staff_may_grant(
    held: tuple[str, ...], permission: str, allowed: bool
) -> None:
    assert covers(held, permission) is allowed
    if allowed:
        staff_holding(*held).require(permission)
    else:
        with pytest.raises(Forbidden):
            staff_holding(*held).require(permission)


def test_the_enrolment_marker_still_refuses_everything() -> None:
    with pytest.raises(Forbidden, match="TOTP"):
        staff_holding("*", TOTP_ENROLMENT).require("catalog:read")


def test_role_names_are_short_lower_case_words() -> None:
    assert role_name_of(Findings(), "catalog-editor") == "catalog-editor"
    assert refused(role_name_of, "Catalog Editor") == ["name"]
    assert role_names_of(["b", "a", "b"]) == ["b", "a"]


def test_a_staff_users_permissions_are_those_of_all_their_roles() -> None:
    editor = Role("editor", ("catalog:write", "catalog:read"), None, False, START)
    assert permissions_of([ADMIN, editor]) == {"*", "catalog:write", "catalog:read"}


def test_an_id_that_is_not_a_uuid_names_nothing() -> None:
    assert uuid_of("nope") is None
    assert uuid_of("6F1C54F6-8F4E-4C43-9B8A-3D1F0C1E2A3B") == "6f1c54f6-8f4e-4c43-9b8a-3d1f0c1e2a3b"


def test_a_refresh_token_is_stored_only_as_its_digest() -> None:
    secret, token = issue_refresh("s", "f", START, TTL)
    assert token.token_hash == digest_of(secret) != secret
    assert len(token.token_hash) == 64
    assert token.expires_at == START + TTL


def session(**changes: object) -> Session:
    return replace(Session("s", "u", "customer", None, START, START, START + TTL), **changes)


def test_a_fresh_refresh_token_of_an_active_session_is_valid() -> None:
    _, token = issue_refresh("s", "f", START, TTL)
    assert judge_refresh(token, session(), START) is Verdict.VALID


def test_a_refresh_token_presented_again_is_reuse() -> None:
    _, token = issue_refresh("s", "f", START, TTL)
    used = replace(token, used_at=START)
    assert judge_refresh(used, session(), START) is Verdict.REUSED


def test_an_expired_unknown_or_revoked_refresh_token_is_invalid() -> None:
    _, token = issue_refresh("s", "f", START, timedelta(minutes=5))
    assert judge_refresh(token, session(), START + timedelta(minutes=5)) is Verdict.INVALID
    assert judge_refresh(None, None, START) is Verdict.INVALID
    assert judge_refresh(token, session(revoked_at=START), START) is Verdict.INVALID


def test_totp_accepts_the_current_code_and_its_neighbours_only() -> None:
    totp = Totp("u", "customer", pyotp.random_base32(), START)
    now_code = pyotp.TOTP(totp.secret).at(START)
    assert totp.accepts(now_code, START)
    assert totp.accepts(pyotp.TOTP(totp.secret).at(START - timedelta(seconds=30)), START)
    assert not totp.accepts(pyotp.TOTP(totp.secret).at(START - timedelta(minutes=5)), START)
    assert not totp.accepts(None, START)
    assert not totp.accepts("abcdef", START)


def test_an_erased_account_keeps_no_address_or_password_and_cannot_sign_in() -> None:
    customer = Customer("c1", "ann@example.com", "hash", START, START)
    assert customer.may_sign_in
    assert customer.anonymise(START)
    assert (customer.email, customer.password_hash) == (f"c1@{ERASED_DOMAIN}", None)
    assert not customer.may_sign_in
    assert not customer.anonymise(START)
    assert [tag_of(type(e)) for e in customer.events] == ["identity.AccountAnonymised"]


def test_every_identity_command_and_query_has_a_handler() -> None:
    from domains.identity import domain
    from domains.identity.messages import COMMANDS, QUERIES

    assert set(domain.handlers) == {*COMMANDS, *QUERIES}
    assert all(tag_of(cls).startswith("identity.") for cls in domain.messages)

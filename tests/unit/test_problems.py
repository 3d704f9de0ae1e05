"""Every domain error becomes the same RFC 9457 problem document, with Retry-After where due."""

from __future__ import annotations

from types import SimpleNamespace

import msgspec
import pytest

from core.errors import Busy, Conflict, FieldError, Invalid, NotFound, TimedOut, from_body, to_body
from core.http import domain_error_handler


def respond(error: Exception):
    request = SimpleNamespace(url=SimpleNamespace(path="/carts/1"))
    return domain_error_handler(request, error)  # type: ignore[arg-type]


def test_a_full_mailbox_is_a_503_with_retry_after() -> None:
    response = respond(Busy("catalog is busy", retry_after=2))
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "2"
    assert response.media_type == "application/problem+json"


def test_a_dependency_timeout_is_a_503_that_still_says_when_to_retry() -> None:
    response = respond(TimedOut("no reply"))
    assert (response.status_code, response.headers["Retry-After"]) == (503, "1")


def test_validation_errors_name_each_field() -> None:
    body = msgspec.to_builtins(
        respond(Invalid("bad", errors=[FieldError("price.amount", "must not be negative")])).content
    )
    assert body["status"] == 422
    assert body["errors"] == [{"field": "price.amount", "message": "must not be negative"}]
    assert body["instance"] == "/carts/1"


@pytest.mark.parametrize(
    "error", [NotFound("gone"), Conflict("taken"), Invalid("bad", errors=[FieldError("a", "b")])]
)
def test_an_error_survives_the_wire_with_its_type_and_fields(error) -> None:
    again = from_body(to_body(error))
    assert (type(again), again.detail, again.errors) == (type(error), error.detail, error.errors)

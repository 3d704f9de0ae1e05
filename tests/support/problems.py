"""The one check that a response is the RFC 9457 problem a client expects."""

from __future__ import annotations

from typing import Any


def assert_problem(response: Any, status: int | tuple[int, ...], field: str | None = None) -> dict[str, Any]:
    """``response`` is problem+json with one of ``status``, naming ``field`` in its errors when given."""
    expected = status if isinstance(status, tuple) else (status,)
    assert response.status_code in expected, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == response.status_code
    assert body["title"]
    assert "detail" in body
    if field is not None:
        assert field in [error["field"] for error in body.get("errors", [])], body
    return body

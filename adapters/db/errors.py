"""Values PostgreSQL cannot hold (a NUL character, a number out of range) are bad input, not a 500."""

from __future__ import annotations

from typing import Any

from asyncpg.exceptions import DataError
from litestar import Request, Response

from core.errors import Invalid
from core.http import domain_error_handler


def data_error_handler(request: Request[Any, Any, Any], exc: DataError) -> Response[Any]:
    """SQLSTATE class 22 and asyncpg's own argument checks: the transaction was rolled back."""
    return domain_error_handler(request, Invalid("a value in the request cannot be stored or compared"))


EXCEPTION_HANDLERS: dict[Any, Any] = {DataError: data_error_handler}

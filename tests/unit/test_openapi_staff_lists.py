"""The OpenAPI document shows staff's lists of rates, warehouses, shipping zones and methods and
notification events as the list convention has them: ``limit`` (1..100, default 20) and ``cursor``
in, ``{items, next_cursor}`` out, and the 422 a forged cursor gets."""

from __future__ import annotations

from typing import Any

import pytest

from app import create_app
from config.settings import Settings
from tests.e2e.test_staff_list_pages import LISTS


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    app = create_app(Settings(secret_key="k" * 40, database_url="postgresql:///unused", log_level="warning"))
    return app.openapi_schema.to_schema()


@pytest.mark.parametrize("path", LISTS)
def test_a_staff_list_takes_limit_and_cursor_and_replies_a_page(document, path) -> None:
    operation = document["paths"][path]["get"]
    parameters = {p["name"]: p["schema"] for p in operation["parameters"]}
    reply = operation["responses"]["200"]["content"]["application/json"]["schema"]
    page = document["components"]["schemas"][reply["$ref"].split("/")[-1]]

    limit = parameters["limit"]
    assert (limit["type"], limit["minimum"], limit["maximum"], limit["default"]) == ("integer", 1, 100, 20)
    assert "cursor" in parameters
    assert set(page["properties"]) == {"items", "next_cursor"}
    assert page["properties"]["items"]["type"] == "array"
    assert "422" in operation["responses"]

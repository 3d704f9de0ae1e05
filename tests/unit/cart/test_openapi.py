"""The cart routes' OpenAPI says what the server accepts: a quantity of at least 1, a cart made without a body."""

from __future__ import annotations

from typing import Any

import pytest

from app import create_app
from config.settings import Settings


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    app = create_app(Settings(secret_key="k" * 40, database_url="postgresql:///unused", log_level="warning"))
    return app.openapi_schema.to_schema()


def body_schema(document: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    content = document["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]
    found: dict[str, Any] = document["components"]["schemas"][content["$ref"].rsplit("/", 1)[1]]
    return found


@pytest.mark.parametrize(
    ("method", "path"), [("post", "/carts/{cart_id}/items"), ("patch", "/carts/{cart_id}/items/{item_id}")]
)
def test_a_line_quantity_is_published_as_at_least_one(document, method, path) -> None:
    quantity = body_schema(document, method, path)["properties"]["quantity"]

    assert (quantity["type"], quantity["minimum"]) == ("integer", 1)


def test_a_cart_may_be_created_without_a_body(document) -> None:
    assert document["paths"]["/carts"]["post"]["requestBody"]["required"] is False
    assert document["paths"]["/carts/{cart_id}/items"]["post"]["requestBody"]["required"] is True

"""The OpenAPI document tells clients what the stock routes refuse, for the SKU in the path as in the body."""

from __future__ import annotations

from typing import Any

import pytest

from app import create_app
from config.settings import Settings


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    app = create_app(Settings(secret_key="k" * 40, database_url="postgresql:///unused", log_level="warning"))
    return app.openapi_schema.to_schema()


@pytest.mark.parametrize("method", ["get", "patch"])
def test_the_sku_in_the_path_declares_the_limits_of_the_sku_in_a_body(document, method) -> None:
    body = document["components"]["schemas"]["AdjustmentCreate"]["properties"]["sku"]
    operation = document["paths"]["/admin/stock/{sku}"][method]
    [sku] = [p for p in operation["parameters"] if p["name"] == "sku"]

    declared = {key: sku["schema"].get(key) for key in ("minLength", "maxLength", "pattern")}
    assert declared == {key: body[key] for key in ("minLength", "maxLength", "pattern")}
    assert "404" in operation["responses"]

"""The published OpenAPI document says what the server enforces, so clients and fuzzers can trust it."""

from __future__ import annotations

from typing import Any

import pytest

from app import create_app
from config.settings import Settings


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    app = create_app(Settings(secret_key="k" * 40, database_url="postgresql:///unused", log_level="warning"))
    return app.openapi_schema.to_schema()


def operations(document: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (method.upper(), path): operation
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if isinstance(operation, dict) and "responses" in operation
    }


def test_bearer_tokens_and_api_keys_are_declared_security_schemes(document) -> None:
    schemes = document["components"]["securitySchemes"]
    assert schemes["BearerToken"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": schemes["BearerToken"]["description"],
    }
    assert (schemes["ApiKey"]["type"], schemes["ApiKey"]["in"], schemes["ApiKey"]["name"]) == (
        "apiKey",
        "header",
        "X-API-Key",
    )


# Granting access (staff users, roles, new API keys) takes a staff member's token: a key cannot.
STAFF_MEMBERS_ONLY = {("POST", "/admin/api-keys")} | {
    (method, path)
    for method in ("GET", "POST", "PUT")
    for path in ("/admin/staff", "/admin/staff/{staff_id}", "/admin/staff/{staff_id}/roles", "/admin/roles")
}


def test_every_staff_operation_needs_a_staff_token_or_api_key_and_says_so(document) -> None:
    staff = {
        key: op
        for key, op in operations(document).items()
        if key[1].startswith("/admin/") and "login" not in key[1]
    }
    assert staff
    for key, op in staff.items():
        bearer_only = key in STAFF_MEMBERS_ONLY
        wanted: list[dict[str, list[str]]] = (
            [{"BearerToken": []}] if bearer_only else [{"BearerToken": []}, {"ApiKey": []}]
        )
        assert op.get("security") == wanted, key
    assert all({"401", "403"} <= set(op["responses"]) for op in staff.values())


def test_customer_operations_need_a_bearer_token_and_public_ones_need_none(document) -> None:
    found = operations(document)
    assert found[("GET", "/me")]["security"] == [{"BearerToken": []}]
    assert "security" not in found[("GET", "/products")]
    assert "security" not in found[("POST", "/auth/login")]
    assert found[("GET", "/search")]["security"] == [{"BearerToken": []}, {}]


def test_operations_that_read_input_document_their_refusals(document) -> None:
    for (method, path), operation in operations(document).items():
        if "requestBody" in operation:
            assert {"400", "415", "422"} <= set(operation["responses"]), (method, path)


def test_request_bodies_refuse_unknown_fields_in_the_schema_too(document) -> None:
    schemas = document["components"]["schemas"]
    assert schemas["Credentials"]["additionalProperties"] is False
    register = operations(document)[("POST", "/auth/register")]
    reference = register["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert schemas[reference.rsplit("/", 1)[1]]["additionalProperties"] is False


def test_enforced_limits_appear_in_the_schema(document) -> None:
    listing = operations(document)[("GET", "/products")]
    limit = next(p for p in listing["parameters"] if p["name"] == "limit")
    assert (limit["schema"]["minimum"], limit["schema"]["maximum"]) == (1, 100)


def test_constraints_litestar_drops_are_documented(document) -> None:
    schemas = document["components"]["schemas"]
    tag = schemas["Tags"]["properties"]["tags"]["items"]
    assert tag["pattern"] == "^[A-Za-z0-9][A-Za-z0-9_-]{0,49}$"
    position = schemas["ClickBody"]["properties"]["position"]["oneOf"][0]
    assert position["minimum"] == 0
    assert schemas["ProfileUpdate"]["properties"]["first_name"]["oneOf"][0]["pattern"] == r"^[^\x00]*$"


def test_a_route_with_path_parameters_documents_404(document) -> None:
    operation = operations(document)[("GET", "/admin/products/{product_id}/price-history")]
    assert "404" in operation["responses"]


def test_readiness_documents_its_503_with_each_dependency(document) -> None:
    responses = operations(document)[("GET", "/health/ready")]["responses"]
    assert set(responses) >= {"200", "503"}
    unavailable = responses["503"]["content"]["application/json"]
    assert unavailable["schema"] == responses["200"]["content"]["application/json"]["schema"]
    example = next(iter(unavailable["examples"].values()))["value"]
    assert set(example["checks"]) == {
        "database",
        "migrations",
        "bus",
        "relay",
    }

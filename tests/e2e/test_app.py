from __future__ import annotations


async def test_health_ready_reports_each_dependency(client) -> None:
    response = await client.get("/health/ready")
    assert response.status_code == 200, response.text
    checks = response.json()["checks"]
    assert set(checks) == {"database", "migrations", "bus", "relay"}
    assert checks["relay"]["detail"] == "0 events waiting"


async def test_every_response_carries_a_request_id_and_echoes_the_clients(client) -> None:
    minted = await client.get("/health/live")
    assert len(minted.headers["x-request-id"]) >= 16
    echoed = await client.get("/health/live", headers={"X-Request-ID": "abc-123"})
    assert echoed.headers["x-request-id"] == "abc-123"


async def test_unknown_route_is_a_problem_document(client) -> None:
    response = await client.get("/no/such/route")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == 404


async def test_every_route_is_documented_with_operation_id_summary_tags_and_errors(client) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    undocumented = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            missing = [key for key in ("operationId", "summary", "tags") if not operation.get(key)]
            guarded = path.startswith("/admin") and not path.endswith("/auth/login")
            if guarded and not {"401", "403"} <= set(operation.get("responses", {})):
                missing.append("401/403 responses")
            if missing:
                undocumented.append(f"{method.upper()} {path}: {', '.join(missing)}")
    assert undocumented == []
    assert len(schema["paths"]) > 40


async def test_the_request_id_becomes_the_correlation_id_of_the_events_it_causes(
    client, staff_headers, database_url
) -> None:
    import asyncpg
    import msgspec

    headers = {**staff_headers("catalog:write"), "X-Request-ID": "req-traced-1"}
    response = await client.post("/admin/brands", json={"name": "Traced"}, headers=headers)
    assert response.status_code == 201, response.text
    conn = await asyncpg.connect(database_url)
    try:
        rows = await conn.fetch("SELECT envelope FROM runtime_outbox WHERE type = 'catalog.BrandChanged'")
    finally:
        await conn.close()
    assert [msgspec.json.decode(r["envelope"])["correlation_id"] for r in rows] == ["req-traced-1"]


async def test_cors_allows_the_configured_origins_only(settings) -> None:
    import msgspec
    from litestar.testing import AsyncTestClient

    from app import create_app

    settings = msgspec.structs.replace(settings, cors_origins=["https://shop.example"])
    async with AsyncTestClient(app=create_app(settings)) as cors_client:
        allowed = await cors_client.get("/health/live", headers={"Origin": "https://shop.example"})
        other = await cors_client.get("/health/live", headers={"Origin": "https://evil.example"})
    assert allowed.headers["access-control-allow-origin"] == "https://shop.example"
    assert "access-control-allow-origin" not in other.headers


async def test_values_the_database_cannot_hold_are_bad_input_not_a_500(client) -> None:
    too_big = await client.get("/products", params={"min_price": str(10**20)})
    nul_slug = await client.get("/products/a%00b")
    nul_email = await client.post(
        "/auth/register", json={"email": "a\u0000b@example.com", "password": "long-enough-1"}
    )
    assert [too_big.status_code, nul_slug.status_code, nul_email.status_code] == [422, 422, 422]
    assert nul_email.headers["content-type"].startswith("application/problem+json")

from __future__ import annotations


async def test_health_ready_reports_each_dependency(client) -> None:
    response = await client.get("/health/ready")
    assert response.status_code == 200, response.text
    assert set(response.json()["checks"]) == {"database", "migrations", "bus", "relay"}


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

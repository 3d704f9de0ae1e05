"""Times a column cannot hold as given are refused naming the field: past the year 9999 in UTC, or
the first and last instants, which PostgreSQL keeps as -infinity and infinity and gives back without
an offset (a reply off its own schema)."""

from __future__ import annotations

import pytest

from tests.support.problems import assert_problem

EDGE_TIMES = (
    "9999-12-31T23:59:59-14:00",
    "0001-01-01T00:00:00+14:00",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59.999999Z",
)
CREATES = [
    ("/admin/price-lists", {"name": "Edge", "currency": "EUR"}),
    ("/admin/promotions", {"name": "Edge", "kind": "percentage", "value": "10"}),
    ("/admin/campaigns", {"name": "Edge"}),
]


@pytest.mark.parametrize(("path", "body"), CREATES)
@pytest.mark.parametrize("field", ["starts_at", "ends_at"])
async def test_a_window_end_no_column_holds_is_refused_naming_it(
    client, staff_headers, path, body, field
) -> None:
    staff = staff_headers("pricing:read", "pricing:write", "promotions:read", "promotions:write")
    for edge in EDGE_TIMES:
        refused = await client.post(path, json={**body, field: edge}, headers=staff)
        assert_problem(refused, 422, field)
    listed = await client.get(path, headers=staff)
    assert listed.json()["items"] == []


async def test_a_window_well_inside_the_range_is_kept_with_its_offset(client, staff_headers) -> None:
    staff = staff_headers("pricing:read", "pricing:write")
    body = {
        "name": "Long",
        "currency": "EUR",
        "starts_at": "0001-01-02T00:00:00Z",
        "ends_at": "9999-12-30T00:00:00Z",
    }

    made = await client.post("/admin/price-lists", json=body, headers=staff)
    found = await client.get(f"/admin/price-lists/{made.json()['id']}", headers=staff)

    assert made.status_code == 201, made.text
    assert (found.json()["starts_at"], found.json()["ends_at"]) == (
        "0001-01-02T00:00:00Z",
        "9999-12-30T00:00:00Z",
    )

"""Privacy: every domain holding an erased customer's data acts on ``customers.CustomerErased``."""

from __future__ import annotations

from tests.e2e.test_customers import signed_in
from tests.e2e.test_identity import fetch
from tests.support.eventually import eventually


async def test_an_erased_customer_leaves_no_views_and_no_attributed_searches(client, settings) -> None:
    ann = await signed_in(client)
    ann_id = (await client.get("/me", headers=ann)).json()["id"]
    viewed = await client.post("/search/views", headers=ann, json={"document_id": "some-product"})
    assert viewed.status_code == 204, viewed.text
    assert (await client.get("/search?q=lamp", headers=ann)).status_code == 200
    mine = "SELECT count(*) AS n FROM {} WHERE customer_id = $1"
    assert (await fetch(settings, mine.format("search_view"), ann_id))[0]["n"] == 1
    assert (await fetch(settings, mine.format("search_query_log"), ann_id))[0]["n"] == 1

    assert (await client.delete("/me", headers=ann)).status_code == 204

    async def forgotten() -> bool:
        views = (await fetch(settings, mine.format("search_view"), ann_id))[0]["n"]
        searches = (await fetch(settings, mine.format("search_query_log"), ann_id))[0]["n"]
        return views == searches == 0

    await eventually(forgotten)
    assert (await fetch(settings, "SELECT count(*) AS n FROM search_query_log"))[0]["n"] == 1

"""3-D Secure through the checkout: the order waits for the shopper's confirmation with its stock
held, then is paid once they confirmed; nobody else can confirm it, and only once."""

from __future__ import annotations

from tests.support.problems import assert_problem
from tests.support.shop import STAFF, buy, open_shop


async def test_a_payment_needing_3ds_waits_with_its_stock_then_confirming_pays_the_order(
    client, staff_headers
) -> None:
    staff = staff_headers(*STAFF)
    method = await open_shop(client, staff, "MUG-3DS", 5)

    placed = await buy(client, "MUG-3DS", method, token="3ds")

    assert placed.status_code == 201, placed.text
    order, guest = placed.json(), {"X-Order-Token": placed.headers["X-Order-Token"]}
    assert (order["status"], order["payment"]["status"]) == ("pending_payment", "requires_action")
    assert order["payment"]["action_url"]
    stock = (await client.get("/admin/stock/MUG-3DS", headers=staff)).json()
    assert (stock["reserved"], stock["available"]) == (1, 4)
    confirm = f"/orders/{order['id']}/payment/confirm"
    assert_problem(await client.post(confirm), 404)  # not the guest's token: not theirs to confirm

    confirmed = await client.post(confirm, headers=guest)

    assert confirmed.status_code == 200, confirmed.text
    assert (confirmed.json()["status"], confirmed.json()["payment"]["status"]) == ("paid", "captured")
    assert [s["status"] for s in confirmed.json()["status_history"]] == ["pending_payment", "paid"]
    payment = (await client.get(f"/admin/payments/{order['id']}", headers=staff)).json()
    assert payment["captured"] == order["totals"]["total"]
    assert_problem(await client.post(confirm, headers=guest), 409, "status")

"""Which warehouses give a SKU's units: the shipping country's first, then priority; split only when needed."""

from __future__ import annotations

from uuid import uuid4

from domains.inventory.model.picking import Place, Take, allocate, give_back, pick, ranked


def place(code: str, free: int, priority: int = 0, country: str = "DE", reserved: int = 0) -> Place:
    return Place(
        warehouse_id=uuid4(),
        code=code,
        country=country,
        priority=priority,
        on_hand=free + reserved,
        reserved=reserved,
    )


def taken(takes: list[Take]) -> list[tuple[str, int]]:
    return [(take.place.code, take.quantity) for take in takes]


def test_the_highest_priority_warehouse_gives_all_it_can_first() -> None:
    low, high = place("LOW", 10, priority=1), place("HIGH", 10, priority=5)

    takes, short = pick(4, [low, high])

    assert taken(takes) == [("HIGH", 4)]
    assert short == 0


def test_a_line_is_split_only_when_the_best_warehouse_runs_short() -> None:
    takes, short = pick(7, [place("B", 10, priority=1), place("A", 3, priority=5, reserved=2)])

    assert taken(takes) == [("A", 3), ("B", 4)]
    assert short == 0


def test_what_no_warehouse_has_is_reported_short_and_warehouses_without_free_units_are_skipped() -> None:
    takes, short = pick(9, [place("A", 0, priority=9, reserved=5), place("B", 6)])

    assert taken(takes) == [("B", 6)]
    assert short == 3


def test_the_shipping_countrys_warehouses_come_before_higher_priority_elsewhere() -> None:
    berlin, paris = place("BER", 5, priority=10), place("PAR", 5, priority=1, country="FR")

    assert [p.code for p in ranked([berlin, paris], "FR")] == ["PAR", "BER"]
    assert [p.code for p in ranked([berlin, paris])] == ["BER", "PAR"]


def test_equal_priorities_are_ranked_by_code_so_the_choice_is_stable() -> None:
    assert [p.code for p in ranked([place("B", 1), place("A", 1), place("C", 1)])] == ["A", "B", "C"]


def test_giving_units_back_undoes_the_worst_ranked_holding_first() -> None:
    best, worst = place("BEST", 0, priority=9), place("WORST", 0, priority=1)

    released = give_back(4, [Take(best, 5), Take(worst, 3)])

    assert taken(released) == [("WORST", 3), ("BEST", 1)]
    assert give_back(0, [Take(best, 5)]) == []


def test_an_order_line_uses_the_carts_holds_first_and_free_stock_for_the_rest() -> None:
    held_in, other = place("HELD", 0, priority=1, reserved=2), place("OTHER", 10, priority=5)

    plan = allocate(5, [Take(held_in, 2)], [held_in, other], country=None)

    assert taken(plan.from_holds) == [("HELD", 2)]
    assert taken(plan.from_stock) == [("OTHER", 3)]
    assert plan.short == 0


def test_an_order_line_takes_only_what_it_needs_from_a_larger_hold() -> None:
    held_in = place("HELD", 0, reserved=6)

    plan = allocate(2, [Take(held_in, 6)], [held_in], country="DE")

    assert taken(plan.takes) == [("HELD", 2)]


def test_an_order_line_prefers_free_stock_in_the_shipping_country() -> None:
    home, abroad = place("HOME", 4, priority=1, country="AT"), place("ABROAD", 9, priority=9)

    plan = allocate(6, [], [home, abroad], country="AT")

    assert taken(plan.from_stock) == [("HOME", 4), ("ABROAD", 2)]


def test_an_order_line_that_cannot_be_covered_says_by_how_much() -> None:
    plan = allocate(8, [Take(place("A", 0, reserved=1), 1)], [place("B", 2)], country=None)

    assert plan.short == 5

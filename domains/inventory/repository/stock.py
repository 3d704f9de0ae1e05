"""Levels, SKU signals and the ledger on PostgreSQL.

A level moves only by ``SHIFT``: one UPDATE whose WHERE clause refuses to take
more than is available (``on_hand - reserved >= taken``), backed by the table's
CHECK constraints. Under READ COMMITTED a concurrent UPDATE of the same row
waits for the first to commit and re-checks the WHERE clause on the new row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any
from uuid import UUID

from domains.inventory.messages import Movement, StockLevel, WarehouseLevel
from domains.inventory.model.picking import Place
from domains.inventory.model.signals import Signal
from domains.inventory.repository.sql import rows

if TYPE_CHECKING:
    from domains.inventory.model.ledger import Entry
    from domains.inventory.ports import Position

LOCK = """
INSERT INTO inventory_skus AS s (sku) SELECT unnest($1::text[]) ORDER BY 1
ON CONFLICT (sku) DO UPDATE SET sku = s.sku
RETURNING sku, low_stock_threshold, below_threshold, available, version"""
SAVE = """
UPDATE inventory_skus s
SET low_stock_threshold = v.threshold, below_threshold = v.low, available = v.available, version = v.version
FROM unnest($1::text[], $2::int[], $3::bool[], $4::bigint[], $5::bigint[]) AS v (sku, threshold, low, available, version)
WHERE s.sku = v.sku"""
PLACES = """
SELECT l.sku, l.warehouse_id, w.code, w.country, w.priority, l.on_hand, l.reserved
FROM inventory_levels l JOIN inventory_warehouses w ON w.id = l.warehouse_id
WHERE l.sku = any($1::text[])"""
SHIFT = """
UPDATE inventory_levels SET on_hand = on_hand + $3::bigint, reserved = reserved + $4::bigint
WHERE sku = $1 AND warehouse_id = $2
  AND on_hand - reserved >= $4::bigint - $3::bigint AND on_hand + $3::bigint >= 0 AND reserved + $4::bigint >= 0
RETURNING on_hand"""
FIRST = """
INSERT INTO inventory_levels (sku, warehouse_id, on_hand, reserved)
SELECT $1::text, $2::uuid, $3::bigint, $4::bigint WHERE $4::bigint >= 0 AND $3::bigint >= $4::bigint
ON CONFLICT (sku, warehouse_id) DO NOTHING RETURNING on_hand"""
RECORD = """
INSERT INTO inventory_movements (sku, warehouse_id, kind, quantity, reason, actor, reference)
SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[])"""
AVAILABLE = """
SELECT sku, sum(on_hand - reserved) AS available FROM inventory_levels
WHERE sku = any($1::text[]) GROUP BY sku"""
LEVEL = """
SELECT w.code, l.on_hand, l.reserved
FROM inventory_levels l JOIN inventory_warehouses w ON w.id = l.warehouse_id
WHERE l.sku = $1 ORDER BY w.priority DESC, w.code"""
THRESHOLD = "SELECT low_stock_threshold FROM inventory_skus WHERE sku = $1"
KNOWS = "SELECT EXISTS (SELECT FROM inventory_skus WHERE sku = $1) AS known"
MOVEMENTS = """
SELECT m.id, m.sku, w.code AS warehouse, m.kind, m.quantity, m.reason, m.actor, m.reference, m.created_at
FROM inventory_movements m LEFT JOIN inventory_warehouses w ON w.id = m.warehouse_id
WHERE {where} ORDER BY m.id DESC LIMIT {limit}"""


def _signal(row: Any) -> Signal:
    return Signal(
        sku=row["sku"],
        available=row["available"],
        version=row["version"],
        threshold=row["low_stock_threshold"],
        low=row["below_threshold"],
    )


def _movement(row: Any) -> Movement:
    return Movement(**{name: row[name] for name in Movement.__struct_fields__})


class PgStockStore:
    async def lock(self, skus: Collection[str]) -> dict[str, Signal]:
        return {row["sku"]: _signal(row) for row in await rows(LOCK, sorted(set(skus)))}

    async def save(self, signals: Collection[Signal]) -> None:
        columns = ("sku", "threshold", "low", "available", "version")
        await rows(SAVE, *([getattr(s, c) for s in signals] for c in columns))

    async def places(self, skus: Collection[str]) -> dict[str, list[Place]]:
        found: dict[str, list[Place]] = defaultdict(list)
        for row in await rows(PLACES, list(skus)):
            found[row["sku"]].append(
                Place(
                    warehouse_id=row["warehouse_id"],
                    code=row["code"],
                    country=row["country"],
                    priority=row["priority"],
                    on_hand=row["on_hand"],
                    reserved=row["reserved"],
                )
            )
        return found

    async def shift(self, sku: str, warehouse_id: UUID, on_hand: int, reserved: int) -> bool:
        if await rows(SHIFT, sku, warehouse_id, on_hand, reserved):
            return True
        return bool(await rows(FIRST, sku, warehouse_id, on_hand, reserved))

    async def record(self, entries: Sequence[Entry]) -> None:
        if entries:
            columns = ("sku", "warehouse_id", "kind", "quantity", "reason", "actor", "reference")
            await rows(RECORD, *([getattr(e, c) for e in entries] for c in columns))

    async def available(self, skus: Collection[str]) -> dict[str, int]:
        found = {row["sku"]: int(row["available"]) for row in await rows(AVAILABLE, list(skus))}
        return {sku: found.get(sku, 0) for sku in skus}

    async def level(self, sku: str) -> StockLevel:
        levels = [
            WarehouseLevel(
                code=row["code"],
                on_hand=row["on_hand"],
                reserved=row["reserved"],
                available=row["on_hand"] - row["reserved"],
            )
            for row in await rows(LEVEL, sku)
        ]
        threshold = await rows(THRESHOLD, sku)
        on_hand, reserved = sum(w.on_hand for w in levels), sum(w.reserved for w in levels)
        return StockLevel(
            sku=sku,
            on_hand=on_hand,
            reserved=reserved,
            available=on_hand - reserved,
            warehouses=levels,
            low_stock_threshold=threshold[0]["low_stock_threshold"] if threshold else None,
        )

    async def knows(self, sku: str) -> bool:
        return bool((await rows(KNOWS, sku))[0]["known"])

    async def movements(
        self, sku: str | None, limit: int, after: Position | None
    ) -> tuple[list[Movement], Position | None]:
        where, args = ["true"], list[Any]()
        if sku is not None:
            args.append(sku)
            where.append(f"m.sku = ${len(args)}")
        if after:
            args.append(int(after[0]))
            where.append(f"m.id < ${len(args)}")
        args.append(limit + 1)
        found = await rows(MOVEMENTS.format(where=" AND ".join(where), limit=f"${len(args)}"), *args)
        items = [_movement(row) for row in found[:limit]]
        return items, [items[-1].id] if len(found) > limit else None

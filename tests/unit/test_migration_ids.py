"""Piccolo keys applied migrations by id alone: two domains sharing an id would undo each other's."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
ID = re.compile(r'^ID = "([^"]+)"', re.MULTILINE)


def test_every_migration_id_is_unique_across_domains() -> None:
    ids = Counter(
        found
        for path in MIGRATIONS.glob("*/*.py")
        if path.name != "__init__.py"
        for found in ID.findall(path.read_text())
    )
    assert ids, "no migration ids found: the pattern no longer matches how migrations are written"
    assert [i for i, n in ids.items() if n > 1] == []

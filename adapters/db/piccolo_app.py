"""Piccolo's apps, derived from the list of domains: runtime tables plus one app per domain.

Each domain's app is named after it, owns the tables of ``domains/<name>/tables.py``
(``TABLES``) and is migrated from ``migrations/<name>/``; a new domain needs no entry here.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from pathlib import Path

from piccolo.conf.apps import AppConfig, AppRegistry

ROOT = Path(__file__).resolve().parents[2]

APP_CONFIG = AppConfig(
    app_name="runtime",
    migrations_folder_path=str(ROOT / "migrations" / "runtime"),
    table_classes=[],
)


def domain_app(name: str) -> AppConfig:
    tables = importlib.import_module(f"domains.{name}.tables").TABLES
    return AppConfig(
        app_name=name,
        migrations_folder_path=str(ROOT / "migrations" / name),
        table_classes=list(tables),
    )


class DomainApps(AppRegistry):
    """The runtime app, then an app for each named domain."""

    def __init__(self, names: Iterable[str]) -> None:
        super().__init__(apps=["adapters.db.piccolo_app"])
        for name in names:
            self.app_configs[name] = domain_app(name)

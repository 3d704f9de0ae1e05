"""The catalog domain's tables as a Piccolo app, migrated from migrations/catalog/."""

from __future__ import annotations

from pathlib import Path

from piccolo.conf.apps import AppConfig

from domains.catalog.tables import TABLES

ROOT = Path(__file__).resolve().parents[2]

APP_CONFIG = AppConfig(
    app_name="catalog",
    migrations_folder_path=str(ROOT / "migrations" / "catalog"),
    table_classes=list(TABLES),
)

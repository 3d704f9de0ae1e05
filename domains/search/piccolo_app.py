"""The search domain's tables as a Piccolo app, migrated from migrations/search/."""

from __future__ import annotations

from pathlib import Path

from piccolo.conf.apps import AppConfig

from domains.search.tables import TABLES

ROOT = Path(__file__).resolve().parents[2]

APP_CONFIG = AppConfig(
    app_name="search",
    migrations_folder_path=str(ROOT / "migrations" / "search"),
    table_classes=TABLES,
)

"""The identity domain's tables as a Piccolo app, migrated from migrations/identity/."""

from __future__ import annotations

from pathlib import Path

from piccolo.conf.apps import AppConfig

from domains.identity.tables import TABLES

ROOT = Path(__file__).resolve().parents[2]

APP_CONFIG = AppConfig(
    app_name="identity",
    migrations_folder_path=str(ROOT / "migrations" / "identity"),
    table_classes=list(TABLES),
)

"""Runtime tables (outbox, inbox) as a Piccolo app so `mercato migrate` owns them."""

from __future__ import annotations

from pathlib import Path

from piccolo.conf.apps import AppConfig

ROOT = Path(__file__).resolve().parents[2]

APP_CONFIG = AppConfig(
    app_name="runtime",
    migrations_folder_path=str(ROOT / "migrations" / "runtime"),
    table_classes=[],
)

"""The cms domain's tables as a Piccolo app, migrated from migrations/cms/."""

from __future__ import annotations

from pathlib import Path

from piccolo.conf.apps import AppConfig

from domains.cms.tables import CmsBanner, CmsContent

ROOT = Path(__file__).resolve().parents[2]

APP_CONFIG = AppConfig(
    app_name="cms",
    migrations_folder_path=str(ROOT / "migrations" / "cms"),
    table_classes=[CmsContent, CmsBanner],
)

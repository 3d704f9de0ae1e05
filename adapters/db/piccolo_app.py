"""Piccolo's apps, derived from the list of domains: runtime tables plus one app per domain.

Each domain's app is named after it, owns the tables of ``domains/<name>/tables.py``
(``TABLES``) and is migrated from ``migrations/<name>/``; a new domain needs no entry here.
"""

from __future__ import annotations

import importlib
import sys
import types
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


def app_module(name: str) -> str:
    """The import path of the domain's app config module, made in memory (Piccolo imports apps by path)."""
    path = f"{__name__}.{name}"
    if path not in sys.modules:
        module = types.ModuleType(path)
        module.APP_CONFIG = domain_app(name)  # type: ignore[attr-defined]
        sys.modules[path] = module
    return path


class DomainApps(AppRegistry):
    """The runtime app, then an app for each named domain."""

    def __init__(self, names: Iterable[str]) -> None:
        super().__init__(apps=[__name__, *(app_module(name) for name in names)])

"""Piccolo's registry of apps. ``DB`` is replaced at start-up by the configured engine."""

from __future__ import annotations

import os

from piccolo.conf.apps import AppRegistry

from adapters.db.engine import MercatoEngine

DB = MercatoEngine(config={"dsn": os.environ.get("DATABASE_URL", "postgresql:///mercato")})

APP_REGISTRY = AppRegistry(
    apps=[
        "adapters.db.piccolo_app",
        "domains.identity.piccolo_app",
        "domains.catalog.piccolo_app",
        "domains.cms.piccolo_app",
        "domains.search.piccolo_app",
    ]
)

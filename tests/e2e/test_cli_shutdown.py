"""`mercato serve` on the zero-config default leaves no database server behind, however it is stopped."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from tests.support.eventually import eventually

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def ready(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/ready", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def running(pid: int) -> bool:
    try:
        return bool(psutil.Process(pid).status() != psutil.STATUS_ZOMBIE)
    except psutil.Error:
        return False


def servers(data_dir: Path) -> list[psutil.Process]:
    """The PostgreSQL processes working on the data dir's database (each of them chdirs into it)."""
    pgdata = str((data_dir / "pg").resolve())
    return [
        proc
        for proc in psutil.process_iter(["name", "cwd", "status"])
        if proc.info["name"] == "postgres"
        and proc.info["cwd"] == pgdata
        and proc.info["status"] != psutil.STATUS_ZOMBIE
    ]


def postmaster(data_dir: Path) -> int | None:
    """The pid of the embedded server running on ``data_dir``, if one is."""
    pid_file = data_dir / "pg" / "postmaster.pid"
    if not pid_file.exists():
        return None
    pid = int(pid_file.read_text().split()[0])
    return pid if running(pid) else None


def no_database_left(data_dir: Path, pid: int) -> bool:
    return not running(pid) and not (data_dir / "pg" / "postmaster.pid").exists() and not servers(data_dir)


class Shops:
    """`mercato serve` processes on one data dir; whatever a test leaves running is stopped after it."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.started: list[subprocess.Popen[bytes]] = []

    async def start(self, *args: str) -> tuple[subprocess.Popen[bytes], int]:
        port = free_port()
        process = self.launch(port, *args)
        self.started.append(process)
        await eventually(lambda: ready(port) or process.poll() is not None, within=120, pause=0.2)
        assert process.poll() is None, "mercato serve exited before it was ready"
        pid = postmaster(self.data_dir)
        assert pid is not None
        return process, pid

    def launch(self, port: int, *args: str) -> subprocess.Popen[bytes]:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith("MERCATO_") and k not in ("DATABASE_URL", "NATS_URL")
        }
        env.update(MERCATO_DATA_DIR=str(self.data_dir), MERCATO_PORT=str(port), MERCATO_LOG_LEVEL="warning")
        return subprocess.Popen(
            [sys.executable, "-m", "cli", "serve", *args],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def clean_up(self) -> None:
        for process in self.started:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=30)
        for server in servers(self.data_dir):
            server.kill()


@pytest.fixture
def shops(tmp_path: Path) -> Iterator[Shops]:
    shops = Shops(tmp_path)
    yield shops
    shops.clean_up()


def bystander() -> subprocess.Popen[bytes]:
    """A process that waits for nothing but its standard input to close."""
    return subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)


def watchman(shop: subprocess.Popen[bytes]) -> psutil.Process:
    """The process the shop left to stop its database should it die without exiting."""
    (found,) = [
        child for child in psutil.Process(shop.pid).children() if "adapters.db.embedded" in child.cmdline()
    ]
    return found


@pytest.mark.parametrize(
    ("stop", "args"),
    [(signal.SIGTERM, ()), (signal.SIGINT, ()), (signal.SIGTERM, ("--demo",))],
    ids=["sigterm", "sigint", "sigterm-demo"],
)
async def test_a_stopped_shop_stops_its_embedded_database(
    shops: Shops, tmp_path: Path, stop: signal.Signals, args: tuple[str, ...]
) -> None:
    shop, pid = await shops.start(*args)
    shop.send_signal(stop)
    shop.wait(timeout=60)
    await eventually(lambda: no_database_left(tmp_path, pid), within=30)


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGHUP], ids=["sigkill", "sighup"])
async def test_a_shop_that_dies_without_exiting_still_stops_its_embedded_database(
    shops: Shops, tmp_path: Path, stop: signal.Signals
) -> None:
    shop, pid = await shops.start()
    shop.send_signal(stop)
    shop.wait(timeout=30)
    await eventually(lambda: no_database_left(tmp_path, pid), within=30)


async def test_a_database_orphaned_with_its_watchman_is_reused_by_the_next_shop_then_stopped(
    shops: Shops, tmp_path: Path
) -> None:
    killed, pid = await shops.start()
    left = watchman(killed)
    left.kill()
    await eventually(lambda: not running(left.pid), within=10)
    killed.kill()
    killed.wait(timeout=30)
    assert running(pid)
    again, reused = await shops.start()
    assert reused == pid  # the server outlived the killed shop and is reused, not started twice
    again.send_signal(signal.SIGTERM)
    again.wait(timeout=60)
    await eventually(lambda: no_database_left(tmp_path, pid), within=30)


async def test_a_lock_file_left_by_a_crashed_server_whose_pid_was_reused_is_cleared(
    shops: Shops, tmp_path: Path
) -> None:
    first, pid = await shops.start()
    lock_file = (tmp_path / "pg" / "postmaster.pid").read_text()
    first.send_signal(signal.SIGTERM)
    first.wait(timeout=60)
    await eventually(lambda: no_database_left(tmp_path, pid), within=30)
    other = bystander()
    try:
        # as after a power cut: the server's lock file is still there, and its pid names another process
        (tmp_path / "pg" / "postmaster.pid").write_text(f"{other.pid}\n" + lock_file.split("\n", 1)[1])
        again, fresh = await shops.start()
        assert fresh != other.pid
        again.send_signal(signal.SIGTERM)
        again.wait(timeout=60)
        await eventually(lambda: no_database_left(tmp_path, fresh), within=30)
        assert other.poll() is None, "the process that took the old server's pid was killed"
    finally:
        other.kill()
        other.wait(timeout=10)

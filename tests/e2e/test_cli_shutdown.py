"""`mercato serve` on the zero-config default leaves no database server behind when it is stopped."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import urllib.request
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


def serve(data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("MERCATO_") and k not in ("DATABASE_URL", "NATS_URL")
    }
    env.update(MERCATO_DATA_DIR=str(data_dir), MERCATO_PORT=str(port), MERCATO_LOG_LEVEL="warning")
    return subprocess.Popen(
        [sys.executable, "-m", "cli", "serve"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def ready(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/ready", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def postmaster(data_dir: Path) -> int | None:
    """The pid of the embedded server running on ``data_dir``, if one is."""
    pid_file = data_dir / "pg" / "postmaster.pid"
    if not pid_file.exists():
        return None
    pid = int(pid_file.read_text().split()[0])
    return pid if psutil.pid_exists(pid) else None


async def started(data_dir: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    process = serve(data_dir, port)
    await eventually(lambda: ready(port) or process.poll() is not None, within=120, pause=0.2)
    assert process.poll() is None, "mercato serve exited before it was ready"
    pid = postmaster(data_dir)
    assert pid is not None
    return process, pid


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
async def test_a_stopped_shop_stops_its_embedded_database(tmp_path, stop) -> None:
    process, pid = await started(tmp_path)
    process.send_signal(stop)
    process.wait(timeout=60)
    await eventually(lambda: not psutil.pid_exists(pid), within=30)
    assert postmaster(tmp_path) is None


async def test_after_a_hard_kill_the_next_shop_still_stops_the_database_it_reuses(tmp_path) -> None:
    killed, pid = await started(tmp_path)
    killed.kill()
    killed.wait(timeout=30)
    again, reused = await started(tmp_path)
    assert reused == pid  # the server outlived the killed shop and is reused, not started twice
    again.send_signal(signal.SIGTERM)
    again.wait(timeout=60)
    await eventually(lambda: not psutil.pid_exists(pid), within=30)

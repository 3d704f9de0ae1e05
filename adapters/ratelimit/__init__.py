"""Rate-limit stores: Redis when ``REDIS_URL`` is set (shared by every process), else in memory."""

from __future__ import annotations

import asyncio
import math
from typing import TYPE_CHECKING, Any

import msgspec
import structlog

if TYPE_CHECKING:
    from config.settings import Settings
    from core.ratelimit import Attempts, LockoutNotifier, RateLimitStore

log = structlog.get_logger("mercato.ratelimit")


def rate_limit_store(settings: Settings) -> RateLimitStore:
    """The store the settings choose; Redis keys are namespaced by ``nats_prefix`` (the deployment)."""
    from core.ratelimit import Limits

    Limits(settings)  # bad limits stop start-up, naming the setting
    if settings.redis_url:
        from adapters.ratelimit.redis import RedisRateLimitStore

        return RedisRateLimitStore.from_url(settings.redis_url, prefix=f"{settings.nats_prefix}:ratelimit:")
    from adapters.ratelimit.memory import MemoryRateLimitStore

    return MemoryRateLimitStore()


def build_attempts(settings: Settings, store: RateLimitStore, bus: Any) -> Attempts:
    """The brute-force guard the settings describe; a lockout alerts staff through notifications."""
    from core.ratelimit import Attempts, LockoutPolicy

    account = LockoutPolicy(
        free=settings.lockout_free_failures,
        delay=settings.lockout_delay,
        max_delay=settings.lockout_max_delay,
        lock_after=settings.lockout_failures,
        lock_seconds=settings.lockout_seconds,
        window=settings.lockout_window,
    )
    ip = msgspec.structs.replace(
        account, free=settings.lockout_ip_free_failures, lock_after=settings.lockout_ip_failures
    )
    return Attempts(store, account=account, ip=ip, on_lockout=_staff_alert(settings, bus))


def _staff_alert(settings: Settings, bus: Any) -> LockoutNotifier:
    tasks: set[asyncio.Task[None]] = set()

    async def send(key: str, failures: int, seconds: float) -> None:
        from domains.notifications.messages import Notify

        what, _, who = key.partition(":")
        who = who.split(":", 1)[1] if ":" in who else who
        notify = Notify(
            event="account_locked",
            email=settings.staff_notify_email,
            payload={"what": what, "who": who, "failures": failures, "minutes": math.ceil(seconds / 60)},
            reference=key[:200],
        )
        try:
            await bus.send(notify, timeout=min(5.0, settings.bus_timeout))
        except Exception:
            log.warning("could not alert staff of a lockout", key=key, exc_info=True)

    async def alert(key: str, failures: int, seconds: float) -> None:
        if not settings.staff_notify_email:
            log.info("lockout, but no staff email is set (MERCATO_STAFF_NOTIFY_EMAIL)", key=key)
            return
        task = asyncio.create_task(send(key, failures, seconds), name="ratelimit.staff_alert")
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    return alert

"""Circuit breakers and timeouts for calls leaving the process (payment, shipping, tax, search, notifications).

A ``CircuitBreaker`` watches one dependency. ``call(fn, timeout=...)`` runs ``fn`` within the timeout:

- **closed**: calls go through; ``failures`` consecutive failures open it.
- **open**: calls fail fast with ``CircuitOpen`` (a 503 ``core.errors.Unavailable`` carrying
  ``retry_after``, the seconds left) without touching the dependency; after ``reset_seconds``
  the next call is let through as a probe (**half_open**).
- **half_open**: one probe at a time; its success closes the breaker, its failure opens it again
  for another ``reset_seconds``. Other calls meanwhile fail fast.

Only failures that say the dependency is unhealthy count: the timeout, and whatever ``failure``
(the caller's classifier, default ``is_outage``) calls one: connection errors, 5xx, Unavailable.
A business refusal (a declined card, an address the carrier refuses, any 4xx) is an answer: it
counts as a success. Cancellation counts as neither.

``BREAKERS`` holds every breaker by name (``payments.stripe``, ``search.meilisearch``...), read by
/metrics at scrape time. ``guard`` gives an adapter its breaker with the settings' thresholds
(``breaker_failures``, ``breaker_reset_seconds``); ``breaker(name)`` gets or creates one with
the defaults.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import math
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Literal, TypeVar

from core.errors import TimedOut, Unavailable

T = TypeVar("T")
A = TypeVar("A")
State = Literal["closed", "open", "half_open"]
# A breaker's state as a number, for gauges: 0 closed, 1 half-open, 2 open.
STATE_VALUES: dict[State, int] = {"closed": 0, "half_open": 1, "open": 2}

DEFAULT_FAILURES = 5
DEFAULT_RESET_SECONDS = 30.0


class CircuitOpen(Unavailable):
    """The dependency's breaker is open: nothing was sent to it; retry after ``retry_after`` seconds."""

    def __init__(self, detail: str, *, breaker: str = "", retry_after: int | None = None) -> None:
        super().__init__(detail, retry_after=retry_after)
        self.breaker = breaker


class CallTimedOut(TimedOut):
    """The dependency did not answer within the call's timeout (counted as a failure)."""

    def __init__(self, detail: str, *, breaker: str = "", retry_after: int | None = None) -> None:
        super().__init__(detail, retry_after=retry_after)
        self.breaker = breaker


def is_outage(error: BaseException) -> bool:
    """The default classifier: a timeout, an unreachable host or a dependency reporting itself down."""
    if isinstance(error, OSError | Unavailable):  # TimeoutError and ConnectionError are OSErrors
        return True
    # httpx's network errors, without importing httpx here.
    return any(cls.__name__ in ("TransportError", "TimeoutException") for cls in type(error).__mro__)


def _seconds(value: float) -> int:
    return max(1, math.ceil(value))


class CircuitBreaker:
    """One dependency's breaker (see the module's doc); ``clock`` is injectable for tests."""

    def __init__(
        self,
        name: str,
        *,
        failures: int = DEFAULT_FAILURES,
        reset_seconds: float = DEFAULT_RESET_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if failures < 1 or reset_seconds <= 0:
            raise ValueError("a breaker needs failures >= 1 and reset_seconds > 0")
        self.name = name
        self.failures = failures
        self.reset_seconds = reset_seconds
        self.clock = clock
        self._state: State = "closed"
        self.consecutive = 0  # failures in a row while closed
        self.opened_at = 0.0
        self.opened = 0  # times opened, for /metrics
        self._probing = False

    @property
    def state(self) -> State:
        """``open`` turns ``half_open`` once ``reset_seconds`` have passed (the next call probes)."""
        if self._state == "open" and self.clock() - self.opened_at >= self.reset_seconds:
            return "half_open"
        return self._state

    def retry_after(self) -> int:
        """Whole seconds until the breaker lets a probe through (at least 1)."""
        return _seconds(self.opened_at + self.reset_seconds - self.clock())

    def reset(self) -> None:
        """Closed, no failures counted (a fresh start)."""
        self._state, self.consecutive, self._probing = "closed", 0, False

    async def call(
        self,
        fn: Callable[[], Awaitable[T]],
        *,
        timeout: float | None = None,
        failure: Callable[[BaseException], bool] = is_outage,
    ) -> T:
        """``fn()`` within ``timeout`` seconds (None: no limit) through the breaker.

        ``CircuitOpen`` without calling when open (or while another call probes); ``CallTimedOut``
        when ``fn`` is too slow; otherwise what ``fn`` returns or raises.
        """
        probe = self._admit()
        try:
            if timeout is None:
                result = await fn()
            else:
                limit = asyncio.timeout(timeout)
                try:
                    async with limit:
                        result = await fn()
                except TimeoutError:
                    if not limit.expired():  # fn's own TimeoutError: classified like any other error
                        raise
                    self._failed(probe)
                    raise CallTimedOut(
                        f"{self.name} did not answer within {timeout:g} s; nothing more was asked of it",
                        breaker=self.name,
                        retry_after=self.retry_after() if self._state == "open" else 1,
                    ) from None
        except asyncio.CancelledError:
            if probe:
                self._probing = False
            raise
        except CallTimedOut as exc:
            if exc.breaker != self.name:
                self._record(probe, failure(exc))
            raise
        except Exception as exc:
            self._record(probe, failure(exc))
            raise
        self._succeeded(probe)
        return result

    def _admit(self) -> bool:
        """Let a call through (True when it is the half-open probe) or raise ``CircuitOpen``."""
        state = self.state
        if state == "closed":
            return False
        if state == "half_open" and not self._probing:
            self._state, self._probing = "half_open", True
            return True
        wait = 1 if state == "half_open" else self.retry_after()
        raise CircuitOpen(
            f"{self.name} is failing; calls to it are paused: retry after {wait} s",
            breaker=self.name,
            retry_after=wait,
        )

    def _record(self, probe: bool, failed: bool) -> None:
        if failed:
            self._failed(probe)
        else:
            self._succeeded(probe)  # an answer, even a refusal, says the dependency is up

    def _succeeded(self, probe: bool) -> None:
        if probe:
            self._probing = False
        if probe or self._state == "closed":
            self._state, self.consecutive = "closed", 0

    def _failed(self, probe: bool) -> None:
        if probe:
            self._probing = False
            self._open()
        elif self._state == "closed":
            self.consecutive += 1
            if self.consecutive >= self.failures:
                self._open()

    def _open(self) -> None:
        self._state, self.opened_at, self.consecutive = "open", self.clock(), 0
        self.opened += 1


BREAKERS: dict[str, CircuitBreaker] = {}


def breaker(name: str) -> CircuitBreaker:
    """The breaker called ``name``, created with the default thresholds on first use."""
    found = BREAKERS.get(name)
    if found is None:
        found = BREAKERS[name] = CircuitBreaker(name)
    return found


def guard(
    adapter: A,
    name: str,
    methods: Mapping[str, float | None],
    *,
    failures: int = DEFAULT_FAILURES,
    reset_seconds: float = DEFAULT_RESET_SECONDS,
    failure: Callable[[BaseException], bool] = is_outage,
    translate: Callable[[CircuitOpen | CallTimedOut], BaseException | None] | None = None,
) -> A:
    """``adapter`` with each async method of ``methods`` called through a fresh breaker ``name`` within
    its timeout (the method name's value; None: none); the adapter is changed in place and returned.

    ``failure`` tells outages from answers (refusals); ``translate`` may turn this breaker's
    ``CircuitOpen``/``CallTimedOut`` into the port's own error (None: raised as they are).
    Methods the adapter lacks, and plain (not async) ones, are left alone.
    """
    found = BREAKERS[name] = CircuitBreaker(name, failures=failures, reset_seconds=reset_seconds)
    for method, timeout in methods.items():
        original = getattr(adapter, method, None)
        while hasattr(original, "__breaker__"):  # guarded before (a provider built once, reused)
            original = original.__wrapped__  # type: ignore[union-attr]
        if original is None or not inspect.iscoroutinefunction(original):
            continue
        setattr(adapter, method, _guarded(found, original, timeout, failure, translate))
    return adapter


def _guarded(
    found: CircuitBreaker,
    original: Callable[..., Awaitable[Any]],
    timeout: float | None,
    failure: Callable[[BaseException], bool],
    translate: Callable[[CircuitOpen | CallTimedOut], BaseException | None] | None,
) -> Callable[..., Awaitable[Any]]:
    @functools.wraps(original)
    async def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return await found.call(lambda: original(*args, **kwargs), timeout=timeout, failure=failure)
        except (CircuitOpen, CallTimedOut) as exc:
            if translate is None or exc.breaker != found.name:
                raise
            replacement = translate(exc)
            if replacement is None:
                raise
            raise replacement from exc

    call.__breaker__ = found  # type: ignore[attr-defined]
    return call


__all__ = [
    "BREAKERS",
    "STATE_VALUES",
    "CallTimedOut",
    "CircuitBreaker",
    "CircuitOpen",
    "breaker",
    "guard",
    "is_outage",
]

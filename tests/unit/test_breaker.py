"""Circuit breakers: open after failures in a row, fail fast while open, one half-open probe decides.

Pure: a fake clock moves time; the "dependency" is a coroutine that answers, raises or hangs.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

import pytest

from adapters.notifications import InstalledChannels
from adapters.notifications import guarded as guarded_channel
from adapters.payments import guarded as guarded_provider
from adapters.payments.sandbox import SandboxPaymentProvider
from adapters.search import search_index
from adapters.shipping import InstalledCarriers
from adapters.tax import tax_provider
from config.settings import Settings
from core.breaker import (
    BREAKERS,
    STATE_VALUES,
    CallTimedOut,
    CircuitBreaker,
    CircuitOpen,
    breaker,
    guard,
)
from core.errors import ERROR_TYPES, Invalid, PaymentRequired, Unavailable, from_body, to_body
from core.money import Money
from domains.notifications.model import Delivery, Outgoing, SendFailed, Sent
from domains.payments.ports import AuthoriseRequest, ProviderUnavailable


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Dependency:
    """Answers ``"ok"``, or raises what it was told to; counts the calls that reached it."""

    def __init__(self) -> None:
        self.calls = 0
        self.error: BaseException | None = None
        self.hang = False

    async def __call__(self) -> str:
        self.calls += 1
        if self.hang:
            await asyncio.Event().wait()
        if self.error is not None:
            raise self.error
        return "ok"


@pytest.fixture(autouse=True)
def registry() -> Iterator[None]:
    """The breakers these tests make leave the registry (/metrics) as they found it."""
    before = dict(BREAKERS)
    yield
    BREAKERS.clear()
    BREAKERS.update(before)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def dep() -> Dependency:
    return Dependency()


def make(clock: Clock, failures: int = 3, reset: float = 30.0) -> CircuitBreaker:
    return CircuitBreaker("test.dep", failures=failures, reset_seconds=reset, clock=clock)


async def fail(cb: CircuitBreaker, dep: Dependency, times: int, error: BaseException | None = None) -> None:
    dep.error = error or Unavailable("down")
    for _ in range(times):
        with pytest.raises(type(dep.error)):
            await cb.call(dep)


async def test_it_opens_after_the_configured_failures_in_a_row(clock: Clock, dep: Dependency) -> None:
    cb = make(clock, failures=3)

    await fail(cb, dep, 2)
    assert cb.state == "closed"
    await fail(cb, dep, 1)

    assert cb.state == "open"
    assert dep.calls == 3


async def test_an_answer_between_failures_starts_the_count_again(clock: Clock, dep: Dependency) -> None:
    cb = make(clock, failures=3)

    await fail(cb, dep, 2)
    dep.error = None
    assert await cb.call(dep) == "ok"
    await fail(cb, dep, 2)

    assert cb.state == "closed"


async def test_while_open_calls_fail_fast_without_reaching_the_dependency_and_say_when_to_retry(
    clock: Clock, dep: Dependency
) -> None:
    cb = make(clock, failures=2, reset=30)
    await fail(cb, dep, 2)
    clock.now += 10.2

    with pytest.raises(CircuitOpen) as raised:
        await cb.call(dep)

    assert dep.calls == 2
    assert raised.value.retry_after == 20  # 19.8 s left, rounded up
    assert raised.value.status == 503
    assert raised.value.breaker == "test.dep"


async def test_after_the_reset_time_one_probe_goes_through_and_its_success_closes_it(
    clock: Clock, dep: Dependency
) -> None:
    cb = make(clock, failures=2, reset=30)
    await fail(cb, dep, 2)
    clock.now += 30
    assert cb.state == "half_open"
    dep.error, dep.hang = None, True
    probe = asyncio.create_task(cb.call(dep))
    await asyncio.sleep(0)  # the probe is in flight

    with pytest.raises(CircuitOpen) as meanwhile:  # only one probe at a time
        await cb.call(dep)
    assert meanwhile.value.retry_after == 1
    dep.hang = False
    probe.cancel()  # (a hung probe frees the slot when it ends)
    with pytest.raises(asyncio.CancelledError):
        await probe
    assert await cb.call(dep) == "ok"

    assert cb.state == "closed"
    assert dep.calls == 4


async def test_a_failed_probe_opens_it_again_for_a_whole_reset_time(clock: Clock, dep: Dependency) -> None:
    cb = make(clock, failures=2, reset=30)
    await fail(cb, dep, 2)
    clock.now += 31

    await fail(cb, dep, 1)

    assert cb.state == "open"
    with pytest.raises(CircuitOpen) as raised:
        await cb.call(dep)
    assert raised.value.retry_after == 30
    assert dep.calls == 3
    assert cb.opened == 2


async def test_a_call_slower_than_its_timeout_is_cut_and_counts_as_a_failure(
    clock: Clock, dep: Dependency
) -> None:
    cb = make(clock, failures=2, reset=30)
    dep.hang = True

    with pytest.raises(CallTimedOut) as first:
        await cb.call(dep, timeout=0.01)
    with pytest.raises(CallTimedOut) as second:
        await cb.call(dep, timeout=0.01)

    assert first.value.status == 503 and first.value.retry_after == 1
    assert second.value.retry_after == 30  # this one opened the breaker
    assert cb.state == "open"


async def test_a_timeout_the_dependency_raises_itself_is_an_outage_too(clock: Clock, dep: Dependency) -> None:
    cb = make(clock, failures=2)

    await fail(cb, dep, 2, TimeoutError("read timed out"))

    assert cb.state == "open"


@pytest.mark.parametrize(
    "refusal",
    [Invalid("the carrier refuses this address"), PaymentRequired("card declined"), KeyError("our bug")],
)
async def test_business_refusals_never_open_it(clock: Clock, dep: Dependency, refusal: Exception) -> None:
    cb = make(clock, failures=2)

    await fail(cb, dep, 5, refusal)

    assert cb.state == "closed"


async def test_a_refusal_is_an_answer_so_it_closes_a_half_open_breaker(clock: Clock, dep: Dependency) -> None:
    cb = make(clock, failures=2, reset=30)
    await fail(cb, dep, 2)
    clock.now += 30

    await fail(cb, dep, 1, Invalid("refused"))

    assert cb.state == "closed"


async def test_the_caller_decides_what_counts_as_an_outage(clock: Clock, dep: Dependency) -> None:
    cb = make(clock, failures=2)
    dep.error = ValueError("the provider's 502 page")

    for _ in range(2):
        with pytest.raises(ValueError):
            await cb.call(dep, failure=lambda error: isinstance(error, ValueError))

    assert cb.state == "open"


def test_the_registry_gets_or_creates_breakers_by_name_and_states_have_gauge_values() -> None:
    first = breaker("test.registry")

    assert breaker("test.registry") is first
    assert BREAKERS["test.registry"] is first
    assert STATE_VALUES == {"closed": 0, "half_open": 1, "open": 2}


def test_an_open_breaker_crosses_the_bus_as_a_503_with_its_retry_after() -> None:
    crossed = from_body(to_body(CircuitOpen("payments.x is failing", breaker="payments.x", retry_after=7)))

    assert crossed.status == 503
    assert crossed.retry_after == 7
    assert type(crossed) is ERROR_TYPES["unavailable"]


# ---- guard: a provider's port calls behind its breaker ---------------------------------------


class Carrier:
    tracks_itself = True

    def __init__(self) -> None:
        self.calls = 0

    async def rate(self, answer: Callable[[], Any]) -> Any:
        self.calls += 1
        return answer()

    def read_webhook(self) -> str:
        return "sync calls are left alone"


def down() -> Any:
    raise Unavailable("carrier down", retry_after=5)


async def test_guard_wraps_the_adapter_in_place_and_registers_its_breaker() -> None:
    carrier = Carrier()

    same = guard(carrier, "test.carrier", {"rate": 1.0, "missing": 1.0, "read_webhook": 1.0}, failures=2)
    for _ in range(2):
        with pytest.raises(Unavailable):
            await carrier.rate(down)

    assert same is carrier and isinstance(same, Carrier)
    assert carrier.read_webhook() == "sync calls are left alone"
    assert BREAKERS["test.carrier"].state == "open"
    with pytest.raises(CircuitOpen):
        await carrier.rate(lambda: "never asked")
    assert carrier.calls == 2


async def test_guarding_again_starts_a_fresh_breaker_instead_of_nesting() -> None:
    carrier = Carrier()
    guard(carrier, "test.again", {"rate": 1.0}, failures=1)
    with pytest.raises(Unavailable):
        await carrier.rate(down)

    guard(carrier, "test.again", {"rate": 1.0}, failures=1)

    assert await carrier.rate(lambda: "answered") == "answered"
    assert BREAKERS["test.again"].state == "closed"


def authorise(token: str) -> AuthoriseRequest:
    return AuthoriseRequest(
        idempotency_key=str(uuid4()),
        order_id=uuid4(),
        amount=Money(amount=100, currency="EUR"),
        token=token,
        capture=True,
    )


async def test_a_payment_provider_failing_opens_its_breaker_and_then_says_so_in_the_ports_words() -> None:
    settings = Settings(breaker_failures=2, breaker_reset_seconds=60)
    sandbox = SandboxPaymentProvider()
    provider = guarded_provider("sandbox", sandbox, settings)
    for _ in range(2):
        with pytest.raises(ProviderUnavailable):
            await provider.authorise(authorise("error"))

    with pytest.raises(ProviderUnavailable) as raised:
        await provider.authorise(authorise("ok"))

    assert raised.value.retry_after == 60
    assert BREAKERS["payments.sandbox"].state == "open"


async def test_declined_cards_do_not_open_a_payment_providers_breaker() -> None:
    provider = guarded_provider("sandbox", SandboxPaymentProvider(), Settings(breaker_failures=2))

    answers = [await provider.authorise(authorise("decline")) for _ in range(5)]

    assert {answer.status for answer in answers} == {"declined"}
    assert BREAKERS["payments.sandbox"].state == "closed"


async def test_a_slow_payment_provider_times_out_as_unavailable() -> None:
    settings = Settings(outbound_timeout=0.01, breaker_failures=5)
    provider = guarded_provider("sandbox", SandboxPaymentProvider(latency_ms=5000), settings)

    with pytest.raises(ProviderUnavailable) as raised:
        await provider.authorise(authorise("ok"))

    assert "did not answer within 0.01 s" in raised.value.detail
    assert BREAKERS["payments.sandbox"].consecutive == 1


class Relay:
    channel = "email"

    def __init__(self, failure: SendFailed | None = None, hang: bool = False) -> None:
        self.failure, self.hang, self.calls = failure, hang, 0

    async def send(self, message: Outgoing) -> Sent:
        self.calls += 1
        if self.hang:
            await asyncio.Event().wait()
        if self.failure:
            raise self.failure
        return Sent(provider_message_id="m1")

    def reports(self, url: str, headers: Any, body: bytes) -> list[Any]:
        return []


def outgoing() -> Outgoing:
    return Outgoing(id=uuid4(), channel="email", to="a@example.com", subject="Hi", body="Hello")


async def test_a_relay_that_is_down_opens_the_channels_breaker_but_a_refused_address_does_not() -> None:
    settings = Settings(breaker_failures=2)
    refused = guarded_channel("smtp", Relay(SendFailed("550 no such user", bounced=True)), settings)  # type: ignore[arg-type]
    for _ in range(3):
        with pytest.raises(SendFailed):
            await refused.send(outgoing())
    assert BREAKERS["notifications.smtp"].state == "closed"

    down_relay = Relay(SendFailed("SMTP server unreachable"))
    channel = guarded_channel("smtp", down_relay, settings)  # type: ignore[arg-type]
    for _ in range(2):
        with pytest.raises(SendFailed):
            await channel.send(outgoing())

    with pytest.raises(CircuitOpen):
        await channel.send(outgoing())
    assert down_relay.calls == 2


async def test_a_channel_that_hangs_fails_the_send_to_be_retried() -> None:
    settings = Settings(outbound_timeout=0.01)
    channel = guarded_channel("smtp", Relay(hang=True), settings)  # type: ignore[arg-type]

    with pytest.raises(SendFailed) as raised:
        await channel.send(outgoing())

    assert not raised.value.permanent


def test_a_postponed_message_is_queued_again_without_spending_an_attempt() -> None:
    now = datetime(2026, 12, 6, tzinfo=UTC)
    delivery = Delivery(
        id=uuid4(),
        event="order_placed",
        category="orders",
        channel="email",
        provider="smtp",
        recipient="a@example.com",
        customer_id=None,
        locale="en",
        subject="s",
        body="b",
        html=None,
        created_at=now,
        attempts=3,
    )

    delivery.postpone(now, "notifications.smtp is failing")

    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("queued", 2, now)


def test_the_search_engine_is_guarded_with_quick_and_slow_timeouts() -> None:
    settings = Settings(outbound_timeout=2, outbound_slow_timeout=90)

    index = search_index(settings, connections=None)

    assert BREAKERS["search.postgres"].state == "closed"
    assert getattr(index.search, "__breaker__", None) is BREAKERS["search.postgres"]
    assert getattr(index.rebuild, "__breaker__", None) is BREAKERS["search.postgres"]


def test_every_port_that_calls_out_is_guarded_where_its_registry_builds_it() -> None:
    settings = Settings()

    tax = tax_provider(settings)(None)  # type: ignore[arg-type]  # the table provider only keeps its rates
    carrier = InstalledCarriers(settings).get("table_rate")
    channel = InstalledChannels(Settings(notification_channels=["console"])).get("console")

    assert getattr(tax.quote, "__breaker__", None) is BREAKERS["tax.table"]
    assert getattr(getattr(carrier, "rate", None), "__breaker__", None) is BREAKERS["shipping.table_rate"]
    assert getattr(getattr(channel, "send", None), "__breaker__", None) is BREAKERS["notifications.console"]

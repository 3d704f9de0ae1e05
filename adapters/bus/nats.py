"""The split-mode bus: NATS request/reply for commands and queries, JetStream for events.

A command or query travels as an envelope on ``<prefix>.rpc.<tag>``; every
process hosting the owning domain listens in that domain's queue group, so
exactly one of them answers. A domain error comes back as an ``ErrorBody``
marked by the ``Mercato-Error`` header and is raised again on the caller's
side. Events are handled by ``JetStreamEvents`` (adapters/bus/nats_events.py).
``prefix`` and ``stream`` let several deployments (or tests) share one server.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec
import nats
import nats.errors
import structlog

from adapters.bus.nats_events import JetStreamEvents
from core import tracing
from core.errors import DomainError, ErrorBody, NoHandler, TimedOut, Unavailable, from_body, to_body
from core.messages import Command, Envelope, Message, Query, decode_envelope, encode, reply_type, wrap_here
from core.metrics import outgoing

if TYPE_CHECKING:
    from nats.aio.client import Client
    from nats.aio.msg import Msg
    from nats.aio.subscription import Subscription

    from core.bus import Dispatcher

R = TypeVar("R")
log = structlog.get_logger("mercato.bus.nats")
ERROR_HEADER = "Mercato-Error"
_error_body = msgspec.json.Decoder(ErrorBody)


class RemoteHandlerError(RuntimeError):
    """The handling process crashed on a command or query (not a domain error)."""


class NatsBus:
    def __init__(
        self,
        dispatcher: Dispatcher,
        *,
        url: str = "nats://127.0.0.1:4222",
        timeout: float = 10.0,
        prefix: str = "mercato",
        stream: str = "MERCATO_EVENTS",
        max_deliver: int = 10,
        ack_wait: float = 30.0,
        retry_delay: float = 1.0,
        fetch_batch: int = 64,
    ) -> None:
        self._dispatcher = dispatcher
        self._url = url
        self._timeout = timeout
        self._prefix = prefix
        self._events = JetStreamEvents(
            dispatcher,
            prefix=prefix,
            stream=stream,
            max_deliver=max_deliver,
            ack_wait=ack_wait,
            retry_delay=retry_delay,
            fetch_batch=fetch_batch,
        )
        self._nc: Client | None = None
        self._rpc_subs: list[Subscription] = []
        self._answering: set[asyncio.Task[None]] = set()
        self._closing = False

    # -- lifecycle -------------------------------------------------------

    async def start(self) -> None:
        self._nc = await nats.connect(
            self._url,
            name="mercato",
            max_reconnect_attempts=-1,
            error_cb=_log_error,
            disconnected_cb=self._disconnected,
            reconnected_cb=_log_reconnected,
        )
        for tag in self._dispatcher.handled_types():
            owner = tag.split(".", 1)[0]
            self._rpc_subs.append(
                await self._nc.subscribe(self._rpc_subject(tag), queue=owner, cb=self._on_request)
            )
        await self._events.start(self._nc.jetstream())
        await self._nc.flush()  # the server knows our subscriptions before start() returns

    async def close(self) -> None:
        """Stop taking work, let the work in flight finish and answer or ack, then disconnect."""
        self._closing = True
        for rpc in self._rpc_subs:
            with contextlib.suppress(nats.errors.Error):
                await rpc.unsubscribe()
        await self._events.stop(grace=self._timeout)
        if self._answering:
            await asyncio.wait(self._answering, timeout=self._timeout)
        for task in self._answering:
            task.cancel()
        if self._nc is not None and not self._nc.is_closed:
            await self._nc.close()
        self._rpc_subs, self._nc, self._closing = [], None, False

    async def healthy(self) -> bool:
        return self._nc is not None and self._nc.is_connected

    # -- commands and queries: the caller's side ---------------------------

    async def send(self, command: Command[R], *, timeout: float | None = None) -> R:
        result: R = await self._call(command, timeout)
        return result

    async def ask(self, query: Query[R], *, timeout: float | None = None) -> R:
        result: R = await self._call(query, timeout)
        return result

    async def _call(self, message: Message, wait: float | None) -> Any:
        envelope = wrap_here(message)
        headers: dict[str, str] = {}
        with outgoing(envelope, headers=headers):  # counted, traced, traceparent in the headers
            try:
                reply = await self._client().request(
                    self._rpc_subject(envelope.type),
                    encode(envelope),
                    timeout=wait or self._timeout,
                    headers=headers or None,
                )
            except nats.errors.NoRespondersError:
                raise NoHandler(f"no handler for {envelope.type}") from None
            except nats.errors.TimeoutError:
                raise TimedOut(f"{envelope.type} got no reply in time", retry_after=1) from None
            except nats.errors.Error as exc:
                raise Unavailable(f"message bus unavailable: {exc}", retry_after=1) from None
            marker = (reply.headers or {}).get(ERROR_HEADER)
            if marker == "domain":
                raise from_body(_error_body.decode(reply.data))
            if marker:
                raise RemoteHandlerError(reply.data.decode(errors="replace"))
            return msgspec.json.decode(reply.data, type=reply_type(type(message)) or Any)

    # -- commands and queries: the handler's side --------------------------

    async def _on_request(self, msg: Msg) -> None:
        # nats-py runs one callback at a time per subscription: answer in a task so keys run in parallel.
        self._track(self._answer(msg))

    async def _answer(self, msg: Msg) -> None:
        headers, body = await self._outcome(msg)
        if msg.reply:
            with contextlib.suppress(nats.errors.Error):
                await self._client().publish(msg.reply, body, headers=headers)

    async def _outcome(self, msg: Msg) -> tuple[dict[str, str] | None, bytes]:
        """The reply to a request: the handler's result, or an error marked in a header."""
        try:
            envelope = decode_envelope(msg.data)
            message = self._dispatcher.types.decode(envelope)
        except (msgspec.DecodeError, LookupError) as exc:
            return {ERROR_HEADER: "domain"}, encode(ErrorBody(code="invalid", detail=str(exc)))
        try:
            with tracing.attached(msg.headers):  # the caller's trace continues here
                return None, encode(await self._dispatcher.handle(message, envelope))
        except DomainError as exc:
            return {ERROR_HEADER: "domain"}, encode(to_body(exc))
        except Exception as exc:
            log.exception("handler failed", type=envelope.type)
            return {ERROR_HEADER: "internal"}, f"{envelope.type} failed: {type(exc).__name__}".encode()

    # -- events ----------------------------------------------------------

    async def publish(self, envelope: Envelope) -> None:
        """Store the event in the stream; return once JetStream acknowledged it."""
        await self._events.publish(self._client().jetstream(), envelope, self._timeout)

    # -- helpers ---------------------------------------------------------

    def _track(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        self._answering.add(task)
        task.add_done_callback(self._answering.discard)

    def _client(self) -> Client:
        if self._nc is None:
            raise Unavailable("message bus not started", retry_after=1)
        return self._nc

    def _rpc_subject(self, tag: str) -> str:
        return f"{self._prefix}.rpc.{tag}"

    async def _disconnected(self) -> None:
        if not self._closing:
            log.warning("nats disconnected; reconnecting")


async def _log_error(exc: Exception) -> None:
    log.warning("nats error", error=str(exc))


async def _log_reconnected() -> None:
    log.info("nats reconnected")

"""A socket consumer whose messages take turns: the socket's own, awaited one after the other, and the channel
layer's, read by a task of their own, each handled under one lock (Channels' await_many_dispatch runs an asyncio.wait
and starts a task for every message: a large part of a web worker's time under the answer storm)."""

import asyncio
import json
import logging

from channels.consumer import get_handler_name
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.layers import get_channel_layer

log = logging.getLogger(__name__)

CLOSE_GONE = 1006  # the socket ended without a close (WebSocket's "abnormal closure")


class TurnsConsumer(AsyncJsonWebsocketConsumer):
    """AsyncJsonWebsocketConsumer with the message loop above, Channels' dispatch without close_old_connections and
    a send_json without Channels' nested sends. A subclass never holds a database connection on the event loop."""

    attempt_id: int | None = None
    disconnected = False

    async def __call__(self, scope, receive, send):
        """Channels' AsyncConsumer.__call__ without its await_many_dispatch, which runs an asyncio.wait and starts a
        new task for every message (a large part of a worker's time under the answer storm). The socket's messages
        are awaited here, one after the other; the channel layer's (the proctor's pushes, the room's start) by a task
        of their own. Both are handled under one lock, so each keeps its order and a push never runs in the middle of
        an answer: it is sent after that answer's ack, as before. A StopConsumer (the socket's disconnect) ends the
        consumer; any other error of a handler ends it too and propagates, as in Channels, after the socket's attempt
        is released (`_released`)."""
        self.scope = scope
        self.channel_layer = get_channel_layer(self.channel_layer_alias)
        self.base_send = send
        self._turn = asyncio.Lock()
        self._push_failure: BaseException | None = None
        self._pushes_task = None
        if self.channel_layer is not None:
            self.channel_name = await self.channel_layer.new_channel()
            self._pushes_task = asyncio.get_running_loop().create_task(self._pushes(asyncio.current_task()))
        try:
            while True:
                message = await receive()
                async with self._turn:
                    await self.dispatch(message)
        except StopConsumer:
            pass
        except asyncio.CancelledError:
            if self._push_failure is None:
                raise  # cancelled from outside (the server shutting down)
            if not isinstance(self._push_failure, StopConsumer):
                await self._released()
                raise self._push_failure from None
        except Exception:
            await self._released()
            raise
        finally:
            await self._pushes_stopped()

    async def _pushes_stopped(self) -> None:
        if self._pushes_task is not None:
            self._pushes_task.cancel()
            try:
                await self._pushes_task
            except asyncio.CancelledError:
                pass

    async def _released(self) -> None:
        """After a handler's error, most often a send to a client already gone (uvicorn raises ClientDisconnected,
        and the socket's `websocket.disconnect` never reaches the loop): the socket is closed all the same, so its
        attempt is released as on a disconnect. Otherwise the candidate's reconnect would be refused
        (`already_connected`) for as long as this process lives."""
        await self._pushes_stopped()  # no push handled while the attempt is released
        if self.disconnected:
            return
        try:
            await self.disconnect(CLOSE_GONE)
        except Exception:
            log.exception("could not release attempt %s after its socket failed", self.attempt_id)

    async def _pushes(self, consumer: asyncio.Task) -> None:
        """Handle the channel layer's messages in turn with the socket's; a handler's error ends the consumer."""
        try:
            while True:
                message = await self.channel_layer.receive(self.channel_name)
                async with self._turn:
                    await self.dispatch(message)
        except asyncio.CancelledError:
            raise
        except BaseException as failure:  # noqa: BLE001 - handed to the consumer's task, which raises it
            async with self._turn:  # never in the middle of the socket's own message
                self._push_failure = failure
                consumer.cancel()

    async def dispatch(self, message):
        """Channels' own dispatch without its close_old_connections before every message: that call hops to the
        process's one shared sync thread and back (under load, 40 % of a worker's time went there). This consumer
        never holds a database connection on the event loop: its calls run on the live exam's threads (`calls.db`) and
        in the answer writer, each handing its connection back to the pool after the call."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def send_json(self, content, close=False):
        """Channels' send_json without its three nested coroutines for every message (an ack each time)."""
        await self.send_text(json.dumps(content))
        if close:
            await self.close(close)

    async def send_text(self, text: str) -> None:
        await self.base_send({"type": "websocket.send", "text": text})

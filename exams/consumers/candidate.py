"""The candidate's live exam socket `ws/exam/` (docs/exam-protocol.md): async, because it is the measured hot path.

Authenticated by the session cookie (the candidate's login form) or `?token=` (a one-use ticket from
POST /api/exam/login/). Answers go to the process's batching writer and are acked after its commit; every other
message calls a service on the live exam's own thread pool (`_db`: database_sync_to_async, not thread-sensitive,
so a start storm's handshakes run side by side instead of queueing on Channels' one shared thread). A refused
message gets `error` with a code, the connection stays open and nothing is written.

The proctor's view of this seat (connected, answered, remaining time, status) is built here from what the socket
knows (its `state`, its acks, the pushes it forwards), without the database, and handed to the process's per-room
coalescer (exams.services.live.groups.SeatChanges): one `room.seats` group message per room per second.
"""

import asyncio
import json
import logging
import weakref
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from common.auth_services import ws_ticket_user_id
from common.errors import ApplicationError
from exams.models import Attempt, IntegrityEvent
from exams.services.live import attempts, closing, connections, timing
from exams.services.live.groups import (
    attempt_group,
    groups_join,
    groups_leave,
    room_candidates_group,
    seat_changes,
)
from exams.services.live.paper import AnswerInvalid, answer_normalize, question_known
from exams.services.live.presence import presence_start
from exams.services.live.seb import seb_refusal_for_scope
from exams.services.live.writer import Answer, WriteRefused, answer_blank, answer_writer

log = logging.getLogger(__name__)

STRAGGLER_WAIT_S = 1.0
# Each thread holds one pooled database connection while it runs a call (handed back after it): the pool
# (CONGVU_DB_POOL_SIZE) must have room for these, the answer writer's thread and the sync views' thread. SQLite
# (embedded mode and the tests) gets one thread: its writers lock the whole file.
_SQLITE = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
_executor = ThreadPoolExecutor(
    max_workers=1 if _SQLITE else settings.CONGVU_LIVE_DB_THREADS, thread_name_prefix="exam-live-db"
)


def _db(func):
    """database_sync_to_async on the live exam's thread pool (connections closed, i.e. pooled, around each call)."""
    return database_sync_to_async(func, thread_sensitive=False, executor=_executor)


_handshake_turns: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore]" = (
    weakref.WeakKeyDictionary()
)


def _handshake_turn() -> asyncio.Semaphore:
    """This event loop's CONGVU_LIVE_HANDSHAKES_AT_ONCE turns for a handshake's database part: a storm of handshakes
    queues here instead of occupying every `_db` thread (and pooled connection), so the flags, pings and states of
    candidates already connected still find a thread."""
    loop = asyncio.get_running_loop()
    turns = _handshake_turns.get(loop)
    if turns is None:
        turns = _handshake_turns[loop] = asyncio.Semaphore(settings.CONGVU_LIVE_HANDSHAKES_AT_ONCE)
    return turns


_closers: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Task]" = weakref.WeakKeyDictionary()


async def _close_expired_together() -> None:
    """Run the closer once for every socket whose deadline falls now (the end of a shift: one batched run, not
    2,000 single submissions)."""
    loop = asyncio.get_running_loop()
    task = _closers.get(loop)
    if task is None or task.done():
        task = _closers[loop] = loop.create_task(_db(closing.attempts_close_expired)())
    await asyncio.shield(task)


# The `ack` of an answer as json.dumps writes it, built by formatting: it is sent for every answer.
ACK = '{"type": "ack", "seq": %d}'
CLOSE_REFUSED = 4403  # the handshake was accepted only to say why: no candidate, no seat, already connected
CLOSE_GONE = 1006  # the socket ended without a close (WebSocket's "abnormal closure")


def _answered_of(state: dict) -> set:
    """The questions the `state` shows answered (a choice or a text), as the writer counts `answered`."""
    answered = {int(q) for q, choices in state["answers"].items() if any(c is not None for c in choices or [])}
    return answered | {int(q) for q, text in state.get("texts", {}).items() if text}


def _message(error: ValidationError) -> str:
    return error.messages[0] if error.messages else str(error)


@_db
def _open(user, token: str, channel_name: str, scope: dict):
    """(attempt, state, paper) of the candidate `user` (or the ticket's) is, his connection claimed; None for anyone
    else; ValidationError if refused (among others when the exam requires Safe Exam Browser and the socket's headers
    do not carry its keys)."""
    if user is not None and user.is_authenticated:
        candidate = connections.candidate_for_user(user=user)
    else:  # the ticket names a user id: his candidate (and whether he is active) in one query
        candidate = connections.candidate_for_user_id(user_id=ws_ticket_user_id(ticket=token))
    if candidate is None:
        return None
    refusal = seb_refusal_for_scope(exam=candidate.exam, scope=scope)
    if refusal:
        raise ApplicationError(refusal, code="safe_exam_browser")
    return connections.attempt_open(candidate=candidate, channel_name=channel_name)


@_db
def _state(attempt_id: int) -> dict:
    attempt = connections.attempt_load(attempt_id=attempt_id)
    return attempts.attempt_state(attempt=attempt, paper=connections.paper_of(attempt))


@_db
def _flag(attempt_id: int, question: int, flagged: bool) -> None:
    attempts.attempt_flag(attempt=connections.attempt_load(attempt_id=attempt_id), question=question, flagged=flagged)


@_db
def _event(attempt_id: int, kind: str) -> None:
    attempts.attempt_integrity_event(attempt=connections.attempt_load(attempt_id=attempt_id), kind=kind)


@_db
def _submit(attempt_id: int) -> dict:
    attempt = connections.attempt_load(attempt_id=attempt_id)
    return closing.attempt_submit(attempt=attempt, ending=Attempt.Ending.CANDIDATE)


@_db
def _finish_part(attempt_id: int, part) -> None:
    timing.part_finish(attempt=connections.attempt_load(attempt_id=attempt_id), part=part)


class CandidateConsumer(AsyncJsonWebsocketConsumer):
    """One candidate's attempt: state on connect, answers acked after commit, the proctor's pushes forwarded."""

    attempt_id: int | None = None
    paper: dict | None = None
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
        never holds a database connection on the event loop: its calls run on the live exam's threads (`_db`) and
        in the answer writer, each handing its connection back to the pool after the call."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def connect(self):
        await presence_start()
        user = self.scope.get("user")
        token = parse_qs(self.scope.get("query_string", b"").decode()).get("token", [""])[0]
        try:
            async with _handshake_turn():
                opened = await _open(user, token, self.channel_name, self.scope)
        except ValidationError as error:
            await self._refuse(getattr(error, "code", None) or "refused", _message(error))
            return
        if opened is None:
            await self.close(code=CLOSE_REFUSED)  # not a candidate: the handshake is refused
            return
        attempt, state, self.paper = opened
        self.attempt_id, self.room_id, self.candidate_id = attempt.pk, attempt.room_session_id, attempt.candidate_id
        self.answered = _answered_of(state)
        self.part_positions = timing.part_positions(timing=state.get("timing"))
        self.submitted_sent = state["status"] == Attempt.Status.SUBMITTED
        self.deadline_task = None
        self.writer = answer_writer()
        self._clock(state)
        await groups_join(self.channel_layer, self.channel_name, self._groups())
        await self.accept()
        await self.send_json(state)
        self._watch_deadline(state)
        self._seat_changed(connected=True)

    def _groups(self) -> list[str]:
        return [attempt_group(self.attempt_id), room_candidates_group(self.room_id)]

    async def _refuse(self, code: str, message: str) -> None:
        await self.accept()
        await self.send_json({"type": "error", "code": code, "message": message, "seq": None})
        await self.close(code=CLOSE_REFUSED)

    async def disconnect(self, code):
        self.disconnected = True
        if self.attempt_id is None:
            return
        if self.deadline_task is not None:
            self.deadline_task.cancel()
        await groups_leave(self.channel_layer, self.channel_name, self._groups())
        if await _db(connections.attempt_disconnect)(attempt_id=self.attempt_id, channel_name=self.channel_name):
            self._seat_changed(connected=False)

    # --- client → server ------------------------------------------------------------------------------------------
    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        try:
            content = json.loads(text_data if text_data is not None else bytes_data)
        except (TypeError, ValueError):
            await self.error("bad_json", _("The message is not valid JSON."))
            return
        if not isinstance(content, dict):
            await self.error("bad_message", _("A message is a JSON object with a “type”."))
            return
        await self.receive_json(content)

    async def receive_json(self, content, **kwargs):
        handler = self.HANDLERS.get(content.get("type"))
        if handler is None:
            await self.error("unknown_type", _("Unknown message type “%(type)s”.") % {"type": content.get("type")})
            return
        try:
            await handler(self, content)
        except ValidationError as error:
            await self.error(getattr(error, "code", None) or "refused", _message(error), content.get("seq"))

    async def send_json(self, content, close=False):
        """Channels' send_json without its three nested coroutines for every message (an ack each time)."""
        await self.send_text(json.dumps(content))
        if close:
            await self.close(close)

    async def send_text(self, text: str) -> None:
        await self.base_send({"type": "websocket.send", "text": text})

    async def error(self, code: str, message: str, seq=None) -> None:
        await self.send_json({"type": "error", "code": code, "message": message, "seq": seq})

    async def on_answer(self, content: dict) -> None:
        seq = content.get("seq")
        if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
            await self.error("bad_seq", _("“seq” must be a whole number from 1."))
            return
        try:
            choices, text = answer_normalize(
                paper=self.paper, question=content.get("question"), choices=content.get("choices"),
                text=content.get("text"),
            )  # fmt: skip
            part = timing.answer_part(paper=self.paper, positions=self.part_positions, question=content["question"])
            await self.writer.save(Answer(self.attempt_id, seq, content["question"], choices, text, part))
        except (AnswerInvalid, WriteRefused) as refused:
            await self.error(refused.code, refused.message, seq)
            if getattr(refused, "code", "") == "closed":
                await self._close_if_due()
            return
        await self.send_text(ACK % seq)  # seq: a whole number (checked above)
        if answer_blank(choices, text):
            self.answered.discard(content["question"])
        else:
            self.answered.add(content["question"])
        self._seat_changed()

    async def on_flag(self, content: dict) -> None:
        question, flagged = content.get("question"), content.get("flagged")
        if not isinstance(flagged, bool):
            await self.error("bad_flag", _("“flagged” must be true or false."))
            return
        if not question_known(paper=self.paper, question=question):
            await self.error("bad_question", _("This question is not in your paper."))
            return
        await _flag(self.attempt_id, question, flagged)
        await self.send_json({"type": "ack", "seq": None})

    async def on_ping(self, content: dict) -> None:
        message = await _db(connections.attempt_time)(attempt_id=self.attempt_id)
        self._clock(message)
        await self.send_json(message)

    async def on_event(self, content: dict) -> None:
        kind = content.get("kind")
        if kind not in IntegrityEvent.Kind.values:
            await self.error("bad_kind", _("Unknown event kind “%(kind)s”.") % {"kind": kind})
            return
        await _event(self.attempt_id, kind)

    async def on_submit(self, content: dict) -> None:
        message = await _submit(self.attempt_id)
        self._clock({"status": Attempt.Status.SUBMITTED, "remaining_ms": 0})
        self._seat_changed()
        if not self.submitted_sent:
            self.submitted_sent = True
            await self.send_json(message)

    async def on_finish_part(self, content: dict) -> None:
        """Parts timed in turn: the candidate confirmed he finishes his current part; the `part` (or `submitted`)
        message reaches him through his attempt's group."""
        await _finish_part(self.attempt_id, content.get("part"))

    async def on_state(self, content: dict) -> None:
        state = await _state(self.attempt_id)
        self._clock(state)
        await self.send_json(state)

    HANDLERS = {
        "answer": on_answer,
        "flag": on_flag,
        "ping": on_ping,
        "event": on_event,
        "submit": on_submit,
        "state": on_state,
        "finish_part": on_finish_part,
    }

    # --- server → client ------------------------------------------------------------------------------------------
    async def attempt_push(self, event: dict) -> None:
        """Channel-layer `attempt.push`: a protocol message from a service (paused, resumed, extended, submitted,
        kicked, started); `close` ends this connection after it (a relogin elsewhere)."""
        message = event["message"]
        self._clock(message)
        if message["type"] == "submitted":
            if self.submitted_sent:
                return
            self.submitted_sent = True
        await self.send_json(message)
        if event.get("close"):
            await self.close()
            return
        if "remaining_ms" in message:
            self._watch_deadline(message)

    async def attempt_room_push(self, event: dict) -> None:
        """Channel-layer `attempt.room_push`: one message for every candidate socket of the room (the proctor's
        start), each attempt's own protocol message by its id."""
        message = event["messages"].get(str(self.attempt_id))
        if message is not None:
            await self.attempt_push({"message": message})

    # --- timers ---------------------------------------------------------------------------------------------------
    def _watch_deadline(self, message: dict) -> None:
        """Close the attempt the moment its time runs out (the periodic closer is the backstop)."""
        if self.deadline_task is not None:
            self.deadline_task.cancel()
        if message.get("status", Attempt.Status.IN_PROGRESS) != Attempt.Status.IN_PROGRESS:
            return
        if message["type"] == "paused":
            return
        delay = message["remaining_ms"] / 1000 + 0.05
        self.deadline_task = asyncio.get_running_loop().create_task(self._deadline_after(delay))

    async def _deadline_after(self, delay: float) -> None:
        await asyncio.sleep(delay)
        await _close_expired_together()
        await asyncio.sleep(STRAGGLER_WAIT_S)  # its `submitted` push is on its way, unless it was not due yet
        if not self.submitted_sent:
            await self._close_if_due()

    async def _close_if_due(self) -> None:
        self._clock(await _db(connections.attempt_time)(attempt_id=self.attempt_id))

    # --- the proctor's view of this seat, without the database -----------------------------------------------------
    def _clock(self, message: dict) -> None:
        """Follow the attempt's status and time left from a message sent to the candidate (state, time, started,
        paused, resumed, extended, submitted)."""
        kind = message.get("type")
        if kind == "submitted":
            self.status = Attempt.Status.SUBMITTED
        elif kind == "paused":
            self.status = Attempt.Status.PAUSED
        elif kind in ("started", "resumed"):
            self.status = Attempt.Status.IN_PROGRESS
        elif "status" in message:
            self.status = message["status"]
        if self.status == Attempt.Status.SUBMITTED:
            self.remaining_ms, self.remaining_at = 0, asyncio.get_running_loop().time()
        elif "remaining_ms" in message:
            self.remaining_ms, self.remaining_at = message["remaining_ms"], asyncio.get_running_loop().time()

    def _seat_changed(self, *, connected: bool = True) -> None:
        """Hand the seat as this socket knows it to the room's coalescer (one push per room per second)."""
        remaining = self.remaining_ms
        if self.status == Attempt.Status.IN_PROGRESS:
            elapsed = int((asyncio.get_running_loop().time() - self.remaining_at) * 1000)
            remaining = max(0, remaining - elapsed)
        state = {"status": self.status, "remaining_ms": remaining}
        seat = connections.seat_fields(
            attempt_id=self.attempt_id, candidate_id=self.candidate_id, state=state, answered=len(self.answered),
            connected=connected,
        )  # fmt: skip
        seat_changes().note(self.room_id, seat)

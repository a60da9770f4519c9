"""The candidate's live exam socket `ws/exam/` (docs/exam-protocol.md): async, because it is the measured hot path.

Authenticated by the session cookie (the candidate's login form) or `?token=` (a one-use ticket from
POST /api/exam/login/). Answers go to the process's batching writer and are acked after its commit; every other
message calls a service on the live exam's own thread pool (`calls.db`: database_sync_to_async, not thread-sensitive,
so a start storm's handshakes run side by side instead of queueing on Channels' one shared thread). A refused
message gets `error` with a code, the connection stays open and nothing is written.

The proctor's view of this seat (connected, answered, remaining time, status) is built here from what the socket
knows (its `state`, its acks, the pushes it forwards), without the database, and handed to the process's per-room
coalescer (exams.services.live.groups.SeatChanges): one `room.seats` group message per room per second.
"""

import asyncio
import json
from urllib.parse import parse_qs

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from exams.consumers.candidate import calls
from exams.consumers.candidate.turns import TurnsConsumer
from exams.models import Attempt, IntegrityEvent
from exams.services.live import connections, timing
from exams.services.live.groups import (
    attempt_group,
    groups_join,
    groups_leave,
    room_candidates_group,
    seat_changes,
)
from exams.services.live.paper import AnswerInvalid, answer_normalize, question_known
from exams.services.live.presence import presence_start
from exams.services.live.writer import Answer, WriteRefused, answer_blank, answer_writer

STRAGGLER_WAIT_S = 1.0
# The `ack` of an answer as json.dumps writes it, built by formatting: it is sent for every answer.
ACK = '{"type": "ack", "seq": %d}'
CLOSE_REFUSED = 4403  # the handshake was accepted only to say why: no candidate, no seat, already connected


def _answered_of(state: dict) -> set:
    """The questions the `state` shows answered (a choice or a text), as the writer counts `answered`."""
    answered = {int(q) for q, choices in state["answers"].items() if any(c is not None for c in choices or [])}
    return answered | {int(q) for q, text in state.get("texts", {}).items() if text}


def _message(error: ValidationError) -> str:
    return error.messages[0] if error.messages else str(error)


class CandidateConsumer(TurnsConsumer):
    """One candidate's attempt: state on connect, answers acked after commit, the proctor's pushes forwarded."""

    paper: dict | None = None

    async def connect(self):
        await presence_start()
        user = self.scope.get("user")
        token = parse_qs(self.scope.get("query_string", b"").decode()).get("token", [""])[0]
        try:
            async with calls.handshake_turn():
                opened = await calls.attempt_open(user, token, self.channel_name, self.scope)
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
        if await calls.db(connections.attempt_disconnect)(attempt_id=self.attempt_id, channel_name=self.channel_name):
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
        await calls.flag(self.attempt_id, question, flagged)
        await self.send_json({"type": "ack", "seq": None})

    async def on_ping(self, content: dict) -> None:
        message = await calls.db(connections.attempt_time)(attempt_id=self.attempt_id)
        self._clock(message)
        await self.send_json(message)

    async def on_event(self, content: dict) -> None:
        kind = content.get("kind")
        if kind not in IntegrityEvent.Kind.values:
            await self.error("bad_kind", _("Unknown event kind “%(kind)s”.") % {"kind": kind})
            return
        await calls.event(self.attempt_id, kind)

    async def on_submit(self, content: dict) -> None:
        message = await calls.submit(self.attempt_id)
        self._clock({"status": Attempt.Status.SUBMITTED, "remaining_ms": 0})
        self._seat_changed()
        if not self.submitted_sent:
            self.submitted_sent = True
            await self.send_json(message)

    async def on_finish_part(self, content: dict) -> None:
        """Parts timed in turn: the candidate confirmed he finishes his current part; the `part` (or `submitted`)
        message reaches him through his attempt's group."""
        await calls.finish_part(self.attempt_id, content.get("part"))

    async def on_state(self, content: dict) -> None:
        state = await calls.state(self.attempt_id)
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
        await calls.close_expired_together()
        await asyncio.sleep(STRAGGLER_WAIT_S)  # its `submitted` push is on its way, unless it was not due yet
        if not self.submitted_sent:
            await self._close_if_due()

    async def _close_if_due(self) -> None:
        self._clock(await calls.db(connections.attempt_time)(attempt_id=self.attempt_id))

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

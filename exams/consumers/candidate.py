"""The candidate's live exam socket `ws/exam/` (docs/exam-protocol.md): async, because it is the measured hot path.

Authenticated by the session cookie (the candidate's login form) or `?token=` (a one-use ticket from
POST /api/exam/login/). Answers go to the process's batching writer and are acked after its commit; every other
message calls a service through database_sync_to_async. A refused message gets `error` with a code, the
connection stays open and nothing is written.
"""

import asyncio
import json
import weakref
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from common.auth_services import ws_ticket_redeem
from common.errors import ApplicationError
from exams.models import Attempt, IntegrityEvent
from exams.services.live import attempts, closing, connections, timing
from exams.services.live.groups import attempt_group
from exams.services.live.paper import AnswerInvalid, answer_normalize, live_paper, question_known
from exams.services.live.presence import presence_start
from exams.services.live.seb import seb_refusal_for_scope
from exams.services.live.writer import Answer, WriteRefused, answer_writer

SEAT_PUSH_EVERY_S = 1.0
STRAGGLER_WAIT_S = 1.0


_closers: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Task]" = weakref.WeakKeyDictionary()


async def _close_expired_together() -> None:
    """Run the closer once for every socket whose deadline falls now (the end of a shift: one batched run, not
    2,000 single submissions)."""
    loop = asyncio.get_running_loop()
    task = _closers.get(loop)
    if task is None or task.done():
        task = _closers[loop] = loop.create_task(database_sync_to_async(closing.attempts_close_expired)())
    await asyncio.shield(task)


CLOSE_REFUSED = 4403  # the handshake was accepted only to say why: no candidate, no seat, already connected


def _message(error: ValidationError) -> str:
    return error.messages[0] if error.messages else str(error)


@database_sync_to_async
def _user_of_ticket(ticket: str):
    return ws_ticket_redeem(ticket=ticket)


@database_sync_to_async
def _open(user, channel_name: str, scope: dict):
    """(attempt, state, paper) of the candidate `user` is, his connection claimed; ValidationError if refused
    (among others when the exam requires Safe Exam Browser and the socket's headers do not carry its keys)."""
    candidate = connections.candidate_for_user(user=user)
    if candidate is None:
        return None
    refusal = seb_refusal_for_scope(exam=candidate.exam, scope=scope)
    if refusal:
        raise ApplicationError(refusal, code="safe_exam_browser")
    attempt = attempts.attempt_for_candidate(candidate=candidate)
    attempt = connections.attempt_connect(attempt_id=attempt.pk, channel_name=channel_name)
    return attempt.pk, attempts.attempt_state(attempt=attempt), live_paper(candidate=candidate, shift=attempt.shift)


@database_sync_to_async
def _state(attempt_id: int) -> dict:
    return attempts.attempt_state(attempt=connections.attempt_load(attempt_id=attempt_id))


@database_sync_to_async
def _flag(attempt_id: int, question: int, flagged: bool) -> None:
    attempts.attempt_flag(attempt=connections.attempt_load(attempt_id=attempt_id), question=question, flagged=flagged)


@database_sync_to_async
def _event(attempt_id: int, kind: str) -> None:
    attempts.attempt_integrity_event(attempt=connections.attempt_load(attempt_id=attempt_id), kind=kind)


@database_sync_to_async
def _submit(attempt_id: int) -> dict:
    attempt = connections.attempt_load(attempt_id=attempt_id)
    return closing.attempt_submit(attempt=attempt, ending=Attempt.Ending.CANDIDATE)


@database_sync_to_async
def _finish_part(attempt_id: int, part) -> None:
    timing.part_finish(attempt=connections.attempt_load(attempt_id=attempt_id), part=part)


class CandidateConsumer(AsyncJsonWebsocketConsumer):
    """One candidate's attempt: state on connect, answers acked after commit, the proctor's pushes forwarded."""

    attempt_id: int | None = None
    paper: dict | None = None

    async def connect(self):
        await presence_start()
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            token = parse_qs(self.scope.get("query_string", b"").decode()).get("token", [""])[0]
            user = await _user_of_ticket(token) if token else None
        try:
            opened = await _open(user, self.channel_name, self.scope)
        except ValidationError as error:
            await self._refuse(getattr(error, "code", None) or "refused", _message(error))
            return
        if opened is None:
            await self.close(code=CLOSE_REFUSED)  # not a candidate: the handshake is refused
            return
        self.attempt_id, state, self.paper = opened
        self.part_positions = timing.part_positions(timing=state.get("timing"))
        self.submitted_sent = state["status"] == Attempt.Status.SUBMITTED
        self.seat_pushed_at, self.seat_task, self.deadline_task = 0.0, None, None
        await self.channel_layer.group_add(attempt_group(self.attempt_id), self.channel_name)
        await self.accept()
        await self.send_json(state)
        self._watch_deadline(state)

    async def _refuse(self, code: str, message: str) -> None:
        await self.accept()
        await self.send_json({"type": "error", "code": code, "message": message, "seq": None})
        await self.close(code=CLOSE_REFUSED)

    async def disconnect(self, code):
        if self.attempt_id is None:
            return
        for task in (self.seat_task, self.deadline_task):
            if task is not None:
                task.cancel()
        await self.channel_layer.group_discard(attempt_group(self.attempt_id), self.channel_name)
        await database_sync_to_async(connections.attempt_disconnect)(
            attempt_id=self.attempt_id, channel_name=self.channel_name
        )

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
            await answer_writer().save(Answer(self.attempt_id, seq, content["question"], choices, text, part))
        except (AnswerInvalid, WriteRefused) as refused:
            await self.error(refused.code, refused.message, seq)
            if getattr(refused, "code", "") == "closed":
                await self._close_if_due()
            return
        await self.send_json({"type": "ack", "seq": seq})
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
        await self.send_json(await database_sync_to_async(connections.attempt_time)(attempt_id=self.attempt_id))

    async def on_event(self, content: dict) -> None:
        kind = content.get("kind")
        if kind not in IntegrityEvent.Kind.values:
            await self.error("bad_kind", _("Unknown event kind “%(kind)s”.") % {"kind": kind})
            return
        await _event(self.attempt_id, kind)

    async def on_submit(self, content: dict) -> None:
        message = await _submit(self.attempt_id)
        if not self.submitted_sent:
            self.submitted_sent = True
            await self.send_json(message)

    async def on_finish_part(self, content: dict) -> None:
        """Parts timed in turn: the candidate confirmed he finishes his current part; the `part` (or `submitted`)
        message reaches him through his attempt's group."""
        await _finish_part(self.attempt_id, content.get("part"))

    async def on_state(self, content: dict) -> None:
        state = await _state(self.attempt_id)
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
        await database_sync_to_async(connections.attempt_time)(attempt_id=self.attempt_id)

    def _seat_changed(self) -> None:
        """Tell the proctor the answered count, at most once a second per attempt (the last change always)."""
        if self.seat_task is not None and not self.seat_task.done():
            return
        loop = asyncio.get_running_loop()
        wait = max(0.0, self.seat_pushed_at + SEAT_PUSH_EVERY_S - loop.time())
        self.seat_task = loop.create_task(self._push_seat_after(wait))

    async def _push_seat_after(self, wait: float) -> None:
        await asyncio.sleep(wait)
        self.seat_pushed_at = asyncio.get_running_loop().time()
        await database_sync_to_async(connections.attempt_seat_push)(attempt_id=self.attempt_id)

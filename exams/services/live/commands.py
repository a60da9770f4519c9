"""The proctor's commands on a room or one seat: start, pause, resume, extend, allow a relogin, write an incident.

Each locks the attempt (or the room session) row, writes a RoomLog line in the same transaction and pushes the
protocol's messages after commit (exams.services.live.groups). Paused time is credited by moving the deadline.
"""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from exams.models import Attempt, RoomLog, RoomSession
from exams.services.live import clock
from exams.services.live.attempts import attempts_prepare
from exams.services.live.closing import close_due_in_room, close_if_due, locked, reason_required, refuse
from exams.services.live.groups import push_attempt, push_room, push_room_attempts
from exams.services.live.paper import live_papers_warm_soon
from exams.services.live.seats import push_seat, room_log, seat_rows

EXTEND_MAX_MINUTES = 240


@transaction.atomic
def room_start(*, room_session: RoomSession, actor, now: dt.datetime | None = None) -> list[Attempt]:
    """Start every waiting attempt of the room (preparing missing ones): deadline = now + allowance. Refused if the
    room has already started."""
    now = clock.now_or(now)
    room = RoomSession.objects.select_for_update().select_related("shift").get(pk=room_session.pk)
    if room.started_at is not None:
        raise refuse(_("This room has already started."), "already_started")
    attempts_prepare(shift=room.shift, room_session=room)
    attempts = list(room.attempts.select_for_update().filter(status=Attempt.Status.WAITING).order_by("pk"))
    for attempt in attempts:
        clock.start(attempt, now)
    Attempt.objects.bulk_update(attempts, ["status", "started_at", "deadline"], batch_size=500)
    room.started_at, room.paused_at = now, None
    room.save(update_fields=["started_at", "paused_at"])
    room_session.started_at, room_session.paused_at = now, None
    room_log(room.pk, RoomLog.Kind.START, actor=actor, now=now, data={"attempts": len(attempts)})
    _push_started(room, attempts, now)
    live_papers_warm_soon(room_session_id=room.pk)
    return attempts


def _push_started(room: RoomSession, attempts: list[Attempt], now: dt.datetime) -> None:
    """Two group messages for the whole room, whatever its size: every candidate socket its `started` (one
    group_send to the room's candidates), every console the new roster (one `roster`)."""
    from exams.services.live.proctor import room_state  # proctor imports this module

    push_room_attempts(
        room.pk, {a.pk: {"type": "started", "remaining_ms": clock.remaining_ms_at(a, now)} for a in attempts}
    )
    push_room(
        room.pk, "roster", {"room": room_state(room_session=room), "candidates": seat_rows(room_session=room, now=now)}
    )


def _pause(attempt: Attempt, now: dt.datetime) -> None:
    attempt.status, attempt.paused_at = Attempt.Status.PAUSED, now
    attempt.save(update_fields=["status", "paused_at"])
    push_attempt(attempt.pk, {"type": "paused", "remaining_ms": clock.remaining_ms_at(attempt, now)})
    push_seat(attempt, now)


def _resume(attempt: Attempt, now: dt.datetime) -> int:
    lost = now - attempt.paused_at
    attempt.deadline += lost
    attempt.paused_ms += clock.ms(lost)
    attempt.status, attempt.paused_at = Attempt.Status.IN_PROGRESS, None
    attempt.save(update_fields=["status", "paused_at", "deadline", "paused_ms"])
    push_attempt(attempt.pk, {"type": "resumed", "remaining_ms": clock.remaining_ms_at(attempt, now)})
    push_seat(attempt, now)
    return clock.ms(lost)


@transaction.atomic
def attempt_pause(*, attempt: Attempt, actor, reason: str, now: dt.datetime | None = None) -> Attempt:
    """Stop one candidate's clock (his time left is frozen); refused unless his attempt is in progress."""
    now = clock.now_or(now)
    reason = reason_required(reason)
    attempt = close_if_due(attempt=locked(attempt), now=now)
    if attempt.status != Attempt.Status.IN_PROGRESS:
        raise refuse(_("Only an attempt in progress can be paused."), "not_in_progress")
    _pause(attempt, now)
    room_log(attempt.room_session_id, RoomLog.Kind.PAUSE, actor=actor, now=now, attempt=attempt, reason=reason)
    return attempt


@transaction.atomic
def attempt_resume(*, attempt: Attempt, actor, now: dt.datetime | None = None) -> Attempt:
    """Restart one candidate's clock; the paused time is credited (deadline and paused_ms move by it)."""
    now = clock.now_or(now)
    attempt = locked(attempt)
    if attempt.status != Attempt.Status.PAUSED:
        raise refuse(_("Only a paused attempt can be resumed."), "not_paused")
    lost = _resume(attempt, now)
    room_log(
        attempt.room_session_id, RoomLog.Kind.RESUME, actor=actor, now=now, attempt=attempt, data={"paused_ms": lost}
    )
    return attempt


def _room_locked(room_session: RoomSession) -> RoomSession:
    return RoomSession.objects.select_for_update().get(pk=room_session.pk)


@transaction.atomic
def room_pause(*, room_session: RoomSession, actor, reason: str, now: dt.datetime | None = None) -> list[Attempt]:
    """Stop the clock of every attempt in progress in the room (a power cut, an evacuation)."""
    now = clock.now_or(now)
    reason = reason_required(reason)
    room = _room_locked(room_session)
    if room.started_at is None or room.paused_at is not None:
        raise refuse(_("Only a started room that is not paused can be paused."), "not_running")
    close_due_in_room(room, now)
    attempts = list(room.attempts.select_for_update().filter(status=Attempt.Status.IN_PROGRESS))
    for attempt in attempts:
        _pause(attempt, now)
    room.paused_at = room_session.paused_at = now
    room.save(update_fields=["paused_at"])
    room_log(room.pk, RoomLog.Kind.PAUSE, actor=actor, now=now, reason=reason, data={"attempts": len(attempts)})
    return attempts


@transaction.atomic
def room_resume(*, room_session: RoomSession, actor, now: dt.datetime | None = None) -> list[Attempt]:
    """Restart the clocks the room's pause stopped (a seat paused on its own before stays paused)."""
    now = clock.now_or(now)
    room = _room_locked(room_session)
    if room.paused_at is None:
        raise refuse(_("This room is not paused."), "not_paused")
    attempts = list(room.attempts.select_for_update().filter(status=Attempt.Status.PAUSED, paused_at=room.paused_at))
    for attempt in attempts:
        _resume(attempt, now)
    lost = clock.ms(now - room.paused_at)
    room.paused_at = room_session.paused_at = None
    room.save(update_fields=["paused_at"])
    room_log(room.pk, RoomLog.Kind.RESUME, actor=actor, now=now, data={"attempts": len(attempts), "paused_ms": lost})
    return attempts


def _minutes(minutes) -> int:
    try:
        value = int(minutes)
    except (TypeError, ValueError):
        value = 0
    if isinstance(minutes, bool) or not 1 <= value <= EXTEND_MAX_MINUTES or str(value) != str(minutes).strip():
        raise ApplicationError(
            _("Minutes: a whole number from 1 to %(max)s.") % {"max": EXTEND_MAX_MINUTES}, field="minutes"
        )
    return value


@transaction.atomic
def attempt_extend(*, attempt: Attempt, actor, minutes: int, reason: str, now: dt.datetime | None = None) -> Attempt:
    """Give one candidate `minutes` more (deadline and extra_ms move); refused once he has submitted."""
    now = clock.now_or(now)
    minutes, reason = _minutes(minutes), reason_required(reason)
    attempt = close_if_due(attempt=locked(attempt), now=now)
    if attempt.status == Attempt.Status.SUBMITTED:
        raise refuse(_("This attempt has already been submitted."), "submitted")
    added = minutes * 60_000
    attempt.extra_ms += added
    if attempt.deadline is not None:
        attempt.deadline += dt.timedelta(milliseconds=added)
    attempt.save(update_fields=["extra_ms", "deadline"])
    room_log(attempt.room_session_id, RoomLog.Kind.EXTEND, actor=actor, now=now, attempt=attempt, reason=reason,
         data={"minutes": minutes})  # fmt: skip
    message = {"type": "extended", "remaining_ms": clock.remaining_ms_at(attempt, now), "reason": reason}
    push_attempt(attempt.pk, message)
    push_seat(attempt, now)
    return attempt


@transaction.atomic
def attempt_allow_relogin(*, attempt: Attempt, actor, now: dt.datetime | None = None) -> Attempt:
    """Let the candidate log in on another machine once: the new connection takes over, the old one is kicked."""
    now = clock.now_or(now)
    attempt = locked(attempt)
    if attempt.status == Attempt.Status.SUBMITTED:
        raise refuse(_("This attempt has already been submitted."), "submitted")
    attempt.relogin_allowed = True
    attempt.save(update_fields=["relogin_allowed"])
    room_log(attempt.room_session_id, RoomLog.Kind.ALLOW_RELOGIN, actor=actor, now=now, attempt=attempt)
    push_seat(attempt, now)
    return attempt


@transaction.atomic
def room_incident(
    *, room_session: RoomSession, actor, text: str, attempt: Attempt | None = None, now: dt.datetime | None = None
) -> RoomLog:
    """Write an incident into the room's minutes (about one seat or the room), pushed to the consoles."""
    text = (text or "").strip()
    if not text:
        raise ApplicationError(_("Describe the incident."), field="text", code="text")
    if attempt is not None and attempt.room_session_id != room_session.pk:
        raise ApplicationError(_("This candidate is not in this room."), field="candidate", code="not_in_room")
    now = clock.now_or(now)
    return room_log(room_session.pk, RoomLog.Kind.INCIDENT, actor=actor, now=now, attempt=attempt, reason=text)

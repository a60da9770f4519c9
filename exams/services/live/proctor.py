"""The proctor's commands on a room session (issue #15), one path for the console's socket and the REST API.

`proctor_command` checks that the user may command this room and that the candidate is seated in it, then calls
the attempt services (exams.services.live.commands and .closing), which check the seat's state, change the clock,
write the room's minutes (RoomLog: who, when, why) and push to the candidate and the consoles after commit.
A refusal is an ApplicationError whose `code` the socket's `error` message carries.
"""

import functools
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from exams.models import Attempt, RoomSession
from exams.selectors.proctor import (
    live_may_command,
    live_sessions_for_user,
    room_attempt_of_candidate,
    rooms_incident_counts,
    rooms_seat_states,
)
from exams.services.live import attempts as live
from exams.services.live import closing, commands
from exams.services.live.presence import connection_alive


def room_state(*, room_session: RoomSession) -> dict:
    """The room's own state for the console: not started, running or paused, since when."""
    if room_session.started_at is None:
        status = "waiting"
    elif room_session.paused_at is not None:
        status = "paused"
    else:
        status = "in_progress"
    return {
        "id": room_session.pk,
        "name": room_session.room.name,
        "shift": room_session.shift.name,
        "status": status,
        "started_at": room_session.started_at.isoformat() if room_session.started_at else None,
        "paused_at": room_session.paused_at.isoformat() if room_session.paused_at else None,
    }


def console_snapshot(*, room_session: RoomSession, user, now=None) -> dict:
    """What a console opens with: the room's state (and whether `user` may command it) and every seat."""
    room = {
        **room_state(room_session=room_session),
        "may_command": live_may_command(user=user, room_session=room_session),
    }
    return {"room": room, "candidates": live.seat_status_list(room_session=room_session, now=now)}


def board_snapshot(*, shift, user) -> list[dict]:
    """The board's view of a shift: every room session `user` may watch, its state, incident count and each seat's
    status and connection (what the board counts; the seat map's full seat is the console's). A few queries for the
    whole shift, however many rooms it has."""
    sessions = list(live_sessions_for_user(user=user, exam_id=shift.exam_id, shift_id=shift.pk))
    live.attempts_prepare(shift=shift)  # a shift not yet started shows its waiting candidates
    ids = [session.pk for session in sessions]
    incidents = rooms_incident_counts(room_session_ids=ids)
    # A connection is "<process> <channel>": one presence look-up per server process, not one per seat.
    alive = functools.cache(connection_alive)
    seats: dict[int, list[dict]] = {pk: [] for pk in ids}
    for row in rooms_seat_states(room_session_ids=ids):
        seats[row["room_session_id"]].append(
            {"id": row["candidate_id"], "status": row["status"], "connected": alive(row["connection"].split(" ")[0])}
        )
    return [
        {**room_state(room_session=s), "incidents": incidents.get(s.pk, 0), "candidates": seats[s.pk]} for s in sessions
    ]


def proctor_command(*, room_session: RoomSession, actor, command: dict, now=None) -> dict:
    """Give one command (validated by ProctorCommandInput) to the room or one seat; returns the `done` message.

    Refused (ApplicationError with a code, nothing written) when `actor` is not a proctor of this room, the
    candidate is not seated in it, or the seat's state does not allow the command."""
    if not live_may_command(user=actor, room_session=room_session):
        raise ApplicationError(_("Only the proctors of this room give its commands."), code="forbidden")
    kind = command["type"]
    now = now or timezone.now()
    detail = _HANDLERS[kind](room_session=room_session, actor=actor, command=command, now=now)
    return {"type": "done", "command": kind, **detail}


def command_error(*, code: str, message: str, command: str | None = None) -> dict:
    """The protocol's `error` message for a refused command."""
    return {"type": "error", "code": code, "message": message, "command": command}


def command_refusal(exc: ValidationError, *, command: str | None = None) -> dict:
    """The `error` message of a refusal raised by `proctor_command` (its code, else "refused")."""
    code = getattr(exc, "code", None)
    if code is None and hasattr(exc, "error_dict"):
        code = next((e.code for errors in exc.error_dict.values() for e in errors if e.code), None)
    return command_error(code=code or "refused", message=" ".join(exc.messages), command=command)


# --- One function per command -------------------------------------------------------------------------------
def _seat(room_session: RoomSession, command: dict) -> Attempt:
    candidate_id = command.get("candidate")
    attempt = room_attempt_of_candidate(room_session=room_session, candidate_id=candidate_id)
    if attempt is None and live.attempts_prepare(shift=room_session.shift, room_session=room_session):
        attempt = room_attempt_of_candidate(room_session=room_session, candidate_id=candidate_id)  # seated since
    if attempt is None:
        raise ApplicationError(_("This candidate is not seated in this room."), field="candidate", code="not_in_room")
    return attempt


def _start(*, room_session, actor, command, now) -> dict:
    started = commands.room_start(room_session=room_session, actor=actor, now=now)
    return {"started": len(started)}


def _pause(*, room_session, actor, command, now) -> dict:
    if command.get("candidate"):
        attempt = _seat(room_session, command)
        commands.attempt_pause(attempt=attempt, actor=actor, reason=command["reason"], now=now)
        return {"candidate": attempt.candidate_id}
    commands.room_pause(room_session=room_session, actor=actor, reason=command["reason"], now=now)
    return {}


def _resume(*, room_session, actor, command, now) -> dict:
    if command.get("candidate"):
        attempt = _seat(room_session, command)
        commands.attempt_resume(attempt=attempt, actor=actor, now=now)
        return {"candidate": attempt.candidate_id}
    commands.room_resume(room_session=room_session, actor=actor, now=now)
    return {}


def _extend(*, room_session, actor, command, now) -> dict:
    attempt = _seat(room_session, command)
    commands.attempt_extend(attempt=attempt, actor=actor, minutes=command["minutes"], reason=command["reason"], now=now)
    return {"candidate": attempt.candidate_id, "minutes": command["minutes"]}


def _allow_relogin(*, room_session, actor, command, now) -> dict:
    attempt = _seat(room_session, command)
    commands.attempt_allow_relogin(attempt=attempt, actor=actor, now=now)
    return {"candidate": attempt.candidate_id}


def _force_submit(*, room_session, actor, command, now) -> dict:
    attempt = _seat(room_session, command)
    # Submitting twice is a no-op for the clock; for a proctor it is a command he may not give.
    if attempt.status == Attempt.Status.SUBMITTED:
        message = _("%(name)s has already submitted.") % {"name": attempt.candidate.person.full_name}
        raise ApplicationError(message, field="candidate", code="submitted")
    closing.attempt_submit(
        attempt=attempt, ending=Attempt.Ending.FORCED, actor=actor, reason=command["reason"], now=now
    )
    return {"candidate": attempt.candidate_id}


def _incident(*, room_session, actor, command, now) -> dict:
    attempt = _seat(room_session, command) if command.get("candidate") else None
    line = commands.room_incident(
        room_session=room_session, actor=actor, text=command["text"], attempt=attempt, now=now
    )
    return {"incident": line.pk}


_HANDLERS: dict[str, Callable[..., dict]] = {
    "start": _start,
    "pause": _pause,
    "resume": _resume,
    "extend": _extend,
    "allow_relogin": _allow_relogin,
    "force_submit": _force_submit,
    "incident": _incident,
}

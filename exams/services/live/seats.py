"""What the proctor's console shows of a room: each seat (the protocol's `candidate` object), the lines of the
minutes (`incident`), and their after-commit pushes to the room's group."""

import datetime as dt

from exams.models import Attempt, CandidateSeat, IntegrityEvent, RoomLog, RoomSession
from exams.services.live import clock
from exams.services.live.groups import push_room
from exams.services.live.presence import connection_alive

RECENT_EVENTS = 5


def seat_status(*, attempt: Attempt, now: dt.datetime | None = None) -> dict:
    """The proctor's view of one seat (the protocol's `candidate` object)."""
    seat = CandidateSeat.objects.filter(candidate_id=attempt.candidate_id, shift_id=attempt.shift_id).first()
    events = list(attempt.integrity_events.order_by("-at", "-pk")[:RECENT_EVENTS])
    return _seat(attempt, seat.number if seat else None, events, clock.now_or(now))


def seat_rows(*, room_session: RoomSession, now: dt.datetime | None = None) -> list[dict]:
    """Every attempt's seat of a room session as `seat_status` gives it, by seat number, in a fixed number of
    queries."""
    attempts = list(room_session.attempts.select_related("candidate__person"))
    rows = list(seats_of(attempts=attempts, now=now).values())
    return sorted(rows, key=lambda row: (row["seat"] is None, row["seat"] or 0, row["number"]))


def seats_of(*, attempts: list[Attempt], now: dt.datetime | None = None) -> dict[int, dict]:
    """Attempt id → its seat as `seat_status` gives it, in two queries whatever the number of attempts (their
    candidates and persons loaded)."""
    now = clock.now_or(now)
    ids = [a.pk for a in attempts]
    numbers = {
        (candidate_id, shift_id): number
        for candidate_id, shift_id, number in CandidateSeat.objects.filter(
            candidate_id__in=[a.candidate_id for a in attempts], shift_id__in={a.shift_id for a in attempts}
        ).values_list("candidate_id", "shift_id", "number")
    }
    events: dict[int, list] = {}
    for event in IntegrityEvent.objects.filter(attempt_id__in=ids).order_by("attempt_id", "-at", "-pk"):
        if len(events.setdefault(event.attempt_id, [])) < RECENT_EVENTS:
            events[event.attempt_id].append(event)
    return {a.pk: _seat(a, numbers.get((a.candidate_id, a.shift_id)), events.get(a.pk, []), now) for a in attempts}


def _seat(attempt: Attempt, seat: int | None, events: list, now: dt.datetime) -> dict:
    candidate = attempt.candidate
    return {
        "id": candidate.pk,
        "attempt": attempt.pk,
        "number": candidate.candidate_number,
        "name": candidate.person.full_name,
        "seat": seat,
        "connected": connection_alive(attempt.connection),
        "answered": attempt.answered,
        "total": attempt.questions,
        "remaining_ms": clock.remaining_ms_at(attempt, now),
        "status": attempt.status,
        "events": [{"kind": event.kind, "at": clock.iso(event.at)} for event in events],
        "last_seen": clock.iso(attempt.last_seen_at),
        "relogin_allowed": attempt.relogin_allowed,
        "part": clock.seat_part(attempt),
    }


def push_seat(attempt: Attempt, now: dt.datetime) -> None:
    """Show the room's consoles this seat as it is now (after commit)."""
    push_room(attempt.room_session_id, "candidate", seat_status(attempt=attempt, now=now))


def room_log(room_session_id: int, kind: str, *, actor, now, attempt=None, reason="", data=None) -> RoomLog:
    """Write a line of the room's minutes; one given with a reason (or an incident) is pushed to the consoles."""
    entry = RoomLog.objects.create(
        room_session_id=room_session_id, attempt=attempt, kind=kind, actor=actor, reason=reason, data=data or {}, at=now
    )
    if kind == RoomLog.Kind.INCIDENT or reason:
        push_room(room_session_id, "incident", log_line(entry=entry))
    return entry


def log_line(*, entry: RoomLog) -> dict:
    """A minutes line as the protocol's `incident` message carries it."""
    return {
        "id": entry.pk,
        "kind": entry.kind,
        "candidate": entry.attempt.candidate_id if entry.attempt_id else None,
        "reason": entry.reason,
        "data": entry.data,
        "by": entry.actor.get_full_name() or entry.actor.get_username() if entry.actor_id else None,
        "at": clock.iso(entry.at),
    }

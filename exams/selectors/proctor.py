"""Reads of the live exam for the proctors and the board (issue #15): which room sessions and shifts a user may
watch, whether he may command a room, the room's minutes and who is in it.

One permission path for pages, API and sockets: a room session is seen by the proctors granted it and by the board
members of its exam (`room_session_list_for_user`); only a proctor of the room (or an administrator) commands it.
"""

from django.db.models import Count, Q, QuerySet

from exams.models import Attempt, CandidateSeat, RoomLog, RoomSession, Shift
from exams.roles import SESSION_PROCTOR, ExamRole
from exams.selectors.reference import room_session_list_for_user
from exams.selectors.setup import exam_staff_grants
from hrm.selectors import may


def live_room_session_for_user(*, user, room_session_id: int, exam_id: int | None = None) -> RoomSession | None:
    """A room session `user` proctors or whose exam he watches (of exam `exam_id` when given), else None."""
    sessions = room_session_list_for_user(user=user).select_related("shift__exam", "room")
    if exam_id is not None:
        sessions = sessions.filter(shift__exam_id=exam_id)
    return sessions.filter(pk=room_session_id).first()


def live_may_command(*, user, room_session: RoomSession) -> bool:
    """Whether `user` may give the room's commands: a proctor granted this room session (or an administrator);
    the board watches."""
    return may(user, SESSION_PROCTOR, room_session)


def live_shift_for_user(*, user, shift_id: int, exam_id: int | None = None) -> Shift | None:
    """A shift (of exam `exam_id` when given) of which `user` sees at least one room session, else None."""
    visible = room_session_list_for_user(user=user).filter(shift_id=shift_id)
    if exam_id is not None:
        visible = visible.filter(shift__exam_id=exam_id)
    if not visible.exists():
        return None
    return Shift.objects.select_related("exam").filter(pk=shift_id).first()


def live_sessions_for_user(*, user, exam_id: int, shift_id: int | None = None) -> QuerySet[RoomSession]:
    """The room sessions of exam `exam_id` (of one shift when given) `user` may watch, by shift then room."""
    sessions = room_session_list_for_user(user=user).filter(shift__exam_id=exam_id)
    if shift_id is not None:
        sessions = sessions.filter(shift_id=shift_id)
    return sessions.select_related("shift__exam", "room").order_by("shift__starts_at", "shift__name", "room__name")


def live_exam_for_user(*, user, exam_id: int):
    """The exam `exam_id` when `user` sees at least one of its room sessions, else None."""
    session = live_sessions_for_user(user=user, exam_id=exam_id).first()
    return session.shift.exam if session is not None else None


def room_attempt_of_candidate(*, room_session: RoomSession, candidate_id) -> Attempt | None:
    """The attempt of candidate `candidate_id` in this room session (his seat of its shift), else None."""
    try:
        candidate_id = int(candidate_id)
    except (TypeError, ValueError):
        return None
    return (
        Attempt.objects.select_related("candidate__person", "room_session")
        .filter(room_session=room_session, candidate_id=candidate_id)
        .first()
    )


def room_log_lines(*, room_session: RoomSession) -> QuerySet[RoomLog]:
    """The room's minutes, oldest first: every command and incident with who gave it and about whom."""
    return (
        RoomLog.objects.filter(room_session=room_session)
        .select_related("actor__person", "attempt__candidate__person")
        .order_by("at", "pk")
    )


def rooms_seat_states(*, room_session_ids) -> list[dict]:
    """Each attempt of these room sessions in one query: candidate id, room session id, status and connection."""
    return list(
        Attempt.objects.filter(room_session_id__in=room_session_ids)
        .order_by("room_session_id", "candidate_id")
        .values("candidate_id", "room_session_id", "status", "connection")
    )


def rooms_incident_counts(*, room_session_ids) -> dict[int, int]:
    """How many incidents the minutes of each of these room sessions hold (absent: none)."""
    rows = (
        RoomLog.objects.filter(room_session_id__in=room_session_ids, kind=RoomLog.Kind.INCIDENT)
        .values("room_session_id")
        .annotate(n=Count("pk"))
    )
    return {row["room_session_id"]: row["n"] for row in rows}


def room_log_room_session_id(*, line_id) -> int | None:
    """The room session a line of the minutes belongs to, else None."""
    return RoomLog.objects.filter(pk=line_id).values_list("room_session_id", flat=True).first()


def room_proctors(*, room_session: RoomSession) -> list:
    """The users granted this room session as proctors (in force today or later), for the minutes' signatures."""
    grants = exam_staff_grants(exam=room_session.shift.exam).filter(role=ExamRole.PROCTOR, scope_id=room_session.pk)
    return [grant.user for grant in grants]


def room_presence(*, room_session: RoomSession) -> dict:
    """Who was seated in the room and whether he came (his exam page connected, or an answer saved): present and
    absent lists. A started room starts every attempt, so a start alone does not make a candidate present."""
    seats = (
        CandidateSeat.objects.filter(room_session=room_session).select_related("candidate__person").order_by("number")
    )
    came = set(
        Attempt.objects.filter(room_session=room_session)
        .filter(Q(connected_at__isnull=False) | Q(last_seen_at__isnull=False) | Q(last_seq__gt=0))
        .values_list("candidate_id", flat=True)
    )
    rows = [
        {"seat": s.number, "number": s.candidate.candidate_number, "name": s.candidate.person.full_name} for s in seats
    ]
    present = [r for r, s in zip(rows, seats, strict=True) if s.candidate_id in came]
    absent = [r for r, s in zip(rows, seats, strict=True) if s.candidate_id not in came]
    return {"present": present, "absent": absent}

"""Rooms, shifts (ca thi) and room sessions (which rooms sit in which shift).

A shift takes one or more parts and lasts at least as long as a candidate's parts in it; a room never sits in two
shifts that overlap in time; a room session with seated candidates is never removed. New rooms join every shift
and new shifts take every room (where the room is free then): "every room in every shift" is the default, and
the room-session grid changes it.
"""

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.dated import short_date
from common.errors import ApplicationError
from common.services import audit_record, delete_audited, snapshot
from exams.models import Exam, Part, Room, RoomSession, Shift
from exams.roles import ExamRole
from exams.services.setup.exams import exam_ensure_editable
from hrm.models import Grant
from hrm.services.access import grant_end


def shift_minutes_needed(*, parts, exam: Exam | None = None) -> int:
    """The longest a candidate sits in a shift taking `parts`: the parts for everyone plus his position's."""
    common = sum(part.minutes for part in parts if part.position_id is None)
    by_position: dict[int, int] = {}
    for part in parts:
        if part.position_id is not None:
            by_position[part.position_id] = by_position.get(part.position_id, 0) + part.minutes
    return common + max(by_position.values(), default=0)


def _ends(shift: Shift) -> dt.datetime:
    return shift.starts_at + dt.timedelta(minutes=shift.duration_minutes)


def _overlap(a: Shift, b: Shift) -> bool:
    return a.starts_at < _ends(b) and b.starts_at < _ends(a)


def _check_no_overlap(pairs: set, shifts: dict[int, Shift], rooms: dict[int, Room], field: str = "sessions") -> None:
    by_room: dict[int, list[Shift]] = {}
    for shift_id, room_id in pairs:
        by_room.setdefault(room_id, []).append(shifts[shift_id])
    for room_id, taken in by_room.items():
        taken.sort(key=lambda shift: shift.starts_at)
        for first, second in zip(taken, taken[1:], strict=False):
            if _overlap(first, second):
                raise ApplicationError(
                    _("Room “%(room)s” cannot sit in both “%(a)s” and “%(b)s”: they overlap in time.")
                    % {"room": rooms[room_id].name, "a": first.name, "b": second.name},
                    field=field,
                )


def _proctors_end(*, sessions: list[RoomSession], actor, exam: Exam) -> None:
    if not sessions:
        return
    grants = Grant.objects.filter(
        scope_type=ContentType.objects.get_for_model(RoomSession),
        scope_id__in=[s.pk for s in sessions],
        role=ExamRole.PROCTOR,
        valid_to__isnull=True,
    ).select_related("user")
    for grant in grants:
        grant_end(grant=grant, actor=actor, audit_scope=exam, note=_("room session removed"))


def _session_remove(*, session: RoomSession, actor, exam: Exam) -> None:
    seated = session.candidates.count()
    if seated:
        raise ApplicationError(
            _("%(count)s candidates are seated in %(session)s: move them before removing it.")
            % {"count": seated, "session": session},
            field="sessions",
        )
    _proctors_end(sessions=[session], actor=actor, exam=exam)
    delete_audited(obj=session, actor=actor, scope=exam)


def _session_add(*, shift: Shift, room: Room, actor, exam: Exam) -> RoomSession:
    session = RoomSession.objects.create(shift=shift, room=room)
    audit_record(actor=actor, action="create", obj=session, after=snapshot(session), scope=exam)
    return session


@transaction.atomic
def room_sessions_set(*, exam: Exam, actor, pairs) -> list[RoomSession]:
    """Make the exam's room sessions exactly `pairs` of (shift id, room id): add the new ones, remove the others
    (refused while candidates are seated in one; its proctors' grants end); a room never sits in overlapping
    shifts. Audited."""
    exam_ensure_editable(exam=exam)
    shifts = {s.pk: s for s in exam.shifts.all()}
    rooms = {r.pk: r for r in exam.rooms.all()}
    wanted = {(int(s), int(r)) for s, r in pairs}
    strangers = [pair for pair in wanted if pair[0] not in shifts or pair[1] not in rooms]
    if strangers:
        raise ApplicationError(_("A shift or room of another exam was named."), field="sessions")
    _check_no_overlap(wanted, shifts, rooms)
    current = {(s.shift_id, s.room_id): s for s in RoomSession.objects.filter(shift__exam=exam)}
    for pair, session in current.items():
        if pair not in wanted:
            _session_remove(session=session, actor=actor, exam=exam)
    for shift_id, room_id in sorted(wanted - set(current)):
        _session_add(shift=shifts[shift_id], room=rooms[room_id], actor=actor, exam=exam)
    return list(RoomSession.objects.filter(shift__exam=exam).select_related("shift", "room"))


def room_sessions_fill(*, exam: Exam, actor) -> list[RoomSession]:
    """Every room in every shift (refused, naming them, when two shifts overlap in time)."""
    pairs = {
        (shift_id, room_id)
        for shift_id in exam.shifts.values_list("pk", flat=True)
        for room_id in exam.rooms.values_list("pk", flat=True)
    }
    return room_sessions_set(exam=exam, actor=actor, pairs=pairs)


def _free(room: Room, shift: Shift) -> bool:
    return not any(_overlap(shift, other.shift) for other in room.room_sessions.select_related("shift"))


# --- Rooms -------------------------------------------------------------------------------------
def _room_values(exam: Exam, room: Room, values: dict) -> dict:
    name = (values.get("name") or "").strip()
    if not name:
        raise ApplicationError(_("Give the room a name."), field="name")
    if exam.rooms.filter(name=name).exclude(pk=room.pk).exists():
        raise ApplicationError(_("Another room of this exam has this name."), field="name")
    capacity = values.get("capacity") or 0
    if capacity < 1:
        raise ApplicationError(_("A room has at least one seat."), field="capacity")
    if room.pk:
        for session in room.room_sessions.select_related("shift"):
            seated = session.candidates.count()
            if seated > capacity:
                raise ApplicationError(
                    _("%(count)s candidates are seated in this room in “%(shift)s”: it needs at least %(count)s seats.")
                    % {"count": seated, "shift": session.shift.name},
                    field="capacity",
                )
    return {"name": name, "capacity": capacity, "location": (values.get("location") or "").strip()}


@transaction.atomic
def room_create(*, exam: Exam, actor, name: str, capacity: int, location: str = "", join_shifts: bool = True) -> Room:
    """Add a room; with `join_shifts` it sits in every shift it is free for; audited."""
    exam_ensure_editable(exam=exam)
    room = Room(exam=exam)
    for field, value in _room_values(exam, room, {"name": name, "capacity": capacity, "location": location}).items():
        setattr(room, field, value)
    room.save()
    audit_record(actor=actor, action="create", obj=room, after=snapshot(room), scope=exam)
    if join_shifts:
        for shift in exam.shifts.order_by("starts_at"):
            if _free(room, shift):
                _session_add(shift=shift, room=room, actor=actor, exam=exam)
    return room


@transaction.atomic
def room_update(*, room: Room, actor, **changes) -> Room:
    """Change a room (never below the candidates seated in it); audited."""
    exam = room.exam
    exam_ensure_editable(exam=exam)
    values = _room_values(
        exam, room, {"name": room.name, "capacity": room.capacity, "location": room.location} | changes
    )
    before = snapshot(room)
    for field, value in values.items():
        setattr(room, field, value)
    room.save()
    audit_record(actor=actor, action="update", obj=room, before=before, after=snapshot(room), scope=exam)
    return room


@transaction.atomic
def room_delete(*, room: Room, actor) -> None:
    """Delete a room and its sessions (refused while candidates are seated in it); audited."""
    exam = room.exam
    exam_ensure_editable(exam=exam)
    for session in room.room_sessions.select_related("shift", "room"):
        _session_remove(session=session, actor=actor, exam=exam)
    delete_audited(obj=room, actor=actor, scope=exam)


# --- Shifts ------------------------------------------------------------------------------------
def _parts_line(parts) -> str:
    return ", ".join(f"{part.name} {part.minutes}" for part in parts)


def _shift_values(exam: Exam, shift: Shift, values: dict) -> dict:
    name = (values.get("name") or "").strip()
    if not name:
        raise ApplicationError(_("Give the shift a name."), field="name")
    if exam.shifts.filter(name=name).exclude(pk=shift.pk).exists():
        raise ApplicationError(_("Another shift of this exam has this name."), field="name")
    starts_at = values.get("starts_at")
    if starts_at is None:
        raise ApplicationError(_("Give the start date and time."), field="starts_at")
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    if timezone.localtime(starts_at).date() < exam.held_on:
        raise ApplicationError(
            _("A shift cannot start before the exam date %(date)s.") % {"date": short_date(exam.held_on)},
            field="starts_at",
        )
    parts = list(values.get("parts") or [])
    if not parts:
        raise ApplicationError(_("A shift takes at least one part."), field="parts")
    if any(part.exam_id != exam.pk for part in parts):
        raise ApplicationError(_("A part of another exam was named."), field="parts")
    duration = values.get("duration_minutes") or 0
    needed = shift_minutes_needed(parts=parts)
    if duration < needed:
        raise ApplicationError(
            _("The shift lasts %(duration)s minutes but its parts need %(needed)s (%(parts)s).")
            % {"duration": duration, "needed": needed, "parts": _parts_line(parts)},
            field="duration_minutes",
        )
    return {"name": name, "starts_at": starts_at, "duration_minutes": duration, "parts": parts}


def _shift_save(*, shift: Shift, values: dict) -> Shift:
    parts = values.pop("parts")
    for field, value in values.items():
        setattr(shift, field, value)
    shift.save()
    shift.parts.set(parts)
    return shift


def _snapshot_shift(shift: Shift) -> dict:
    return {**snapshot(shift), "parts": sorted(shift.parts.values_list("pk", flat=True))}


@transaction.atomic
def shift_create(
    *,
    exam: Exam,
    actor,
    name: str,
    starts_at: dt.datetime,
    duration_minutes: int,
    parts: list[Part],
    with_rooms: bool = True,
) -> Shift:
    """Add a shift (its parts must fit in its length, it starts on or after the exam date); with `with_rooms` every
    room free at that time sits in it. Audited."""
    exam_ensure_editable(exam=exam)
    shift = Shift(exam=exam)
    values = {"name": name, "starts_at": starts_at, "duration_minutes": duration_minutes, "parts": parts}
    _shift_save(shift=shift, values=_shift_values(exam, shift, values))
    audit_record(actor=actor, action="create", obj=shift, after=_snapshot_shift(shift), scope=exam)
    if with_rooms:
        for room in exam.rooms.order_by("name"):
            if _free(room, shift):
                _session_add(shift=shift, room=room, actor=actor, exam=exam)
    return shift


@transaction.atomic
def shift_update(*, shift: Shift, actor, **changes) -> Shift:
    """Change a shift; its rooms must stay free of their other shifts at the new time; audited."""
    exam = shift.exam
    exam_ensure_editable(exam=exam)
    current = {"name": shift.name, "starts_at": shift.starts_at, "duration_minutes": shift.duration_minutes}
    values = _shift_values(exam, shift, current | {"parts": list(shift.parts.all())} | changes)
    before = _snapshot_shift(shift)
    moved = Shift(
        pk=shift.pk, name=values["name"], starts_at=values["starts_at"], duration_minutes=values["duration_minutes"]
    )
    shifts = {s.pk: s for s in exam.shifts.exclude(pk=shift.pk)} | {shift.pk: moved}
    pairs = set(RoomSession.objects.filter(shift__exam=exam).values_list("shift_id", "room_id"))
    _check_no_overlap(pairs, shifts, {r.pk: r for r in exam.rooms.all()}, field="starts_at")
    _shift_save(shift=shift, values=values)
    audit_record(actor=actor, action="update", obj=shift, before=before, after=_snapshot_shift(shift), scope=exam)
    return shift


@transaction.atomic
def shift_delete(*, shift: Shift, actor) -> None:
    """Delete a shift with its room sessions (refused while candidates are seated in one); audited."""
    exam = shift.exam
    exam_ensure_editable(exam=exam)
    for session in shift.room_sessions.select_related("shift", "room"):
        _session_remove(session=session, actor=actor, exam=exam)
    delete_audited(obj=shift, actor=actor, scope=exam, before=_snapshot_shift(shift))

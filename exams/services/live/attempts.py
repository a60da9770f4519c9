"""The live exam's attempts: their clock, the proctor's commands on them, submission and grading.

Every state change locks the attempt (or the room session) row, writes a RoomLog line in the same transaction and
pushes the protocol's messages after commit (exams.services.live.groups). A read past the deadline closes the
attempt first (ending "timeout"); the periodic closer (`attempts_close_expired`) does it for attempts nobody reads.
Consumers call these synchronous functions through database_sync_to_async.
"""

import datetime as dt
import secrets

from django.db import connection, transaction
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from exams.models import Attempt, Candidate, CandidateSeat, IntegrityEvent, RoomLog, RoomSession, Shift
from exams.services.live import clock, sql
from exams.services.live.groups import Pushes, push_attempt
from exams.services.live.paper import LIVE_MODES, live_paper, question_counts
from exams.services.live.scoring import attempts_grade
from exams.services.live.seats import log_line, push_seat, room_log, seat_rows, seat_status, seats_of

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed from a slip
EXTEND_MAX_MINUTES = 240


__all__ = [  # the interface the proctor's console and the exam page call (seat_status and log_line from seats)
    "attempt_allow_relogin", "attempt_extend", "attempt_flag", "attempt_for_candidate", "attempt_integrity_event",
    "attempt_pause", "attempt_resume", "attempt_state", "attempt_submit", "attempts_close_expired",
    "attempts_prepare", "close_if_due", "log_line", "remaining_ms", "room_incident", "room_pause", "room_resume",
    "room_start", "seat_status", "seat_status_list", "submitted_message",
]  # fmt: skip


def remaining_ms(*, attempt: Attempt, now: dt.datetime | None = None) -> int:
    """Milliseconds the candidate has left (frozen while paused, the whole allowance before the start)."""
    return clock.remaining_ms_at(attempt, clock.now_or(now))


# --- finding and preparing attempts --------------------------------------------------------------------------------
def _seats(candidate: Candidate):
    return (
        CandidateSeat.objects.filter(candidate=candidate, shift__parts__mode__in=LIVE_MODES)
        .select_related("shift", "room_session")
        .distinct()
        .order_by("shift__starts_at", "shift_id")
    )


def _new_attempt(candidate: Candidate, seat: CandidateSeat, now: dt.datetime) -> Attempt:
    paper = live_paper(candidate=candidate, shift=seat.shift)
    attempt, created = Attempt.objects.get_or_create(
        candidate=candidate,
        shift=seat.shift,
        defaults={
            "room_session": seat.room_session,
            "duration_ms": seat.shift.duration_minutes * 60_000,
            "questions": paper["total"],
        },
    )
    room = seat.room_session
    if created and room.started_at is not None:  # seated after the start: his clock starts now
        _start(attempt, now)
        if room.paused_at is not None:
            attempt.status, attempt.paused_at = Attempt.Status.PAUSED, now
        attempt.save(update_fields=["status", "started_at", "deadline", "paused_at"])
    return attempt


def attempt_for_candidate(*, candidate: Candidate, now: dt.datetime | None = None) -> Attempt:
    """The candidate's attempt at his current or next computer shift (created if missing; the last one once all
    are submitted), closed first if its deadline has passed. ApplicationError when he has no such seat."""
    now = clock.now_or(now)
    seats = list(_seats(candidate))
    if not seats:
        raise ApplicationError(_("You have no seat in a computer-based shift of this exam."), code="no_seat")
    attempts = {a.shift_id: a for a in Attempt.objects.filter(candidate=candidate)}
    seat = next(
        (s for s in seats if s.shift_id not in attempts or attempts[s.shift_id].status != Attempt.Status.SUBMITTED),
        seats[-1],
    )
    attempt = attempts.get(seat.shift_id) or _new_attempt(candidate, seat, now)
    return close_if_due(attempt=attempt, now=now)


def attempts_prepare(*, shift: Shift, room_session: RoomSession | None = None) -> int:
    """Create the waiting attempt of every candidate seated in `shift` (or one room of it) who has none; returns how
    many were created. Safe to run twice."""
    seats = CandidateSeat.objects.filter(shift=shift)
    if room_session is not None:
        seats = seats.filter(room_session=room_session)
    seats = list(seats.exclude(candidate__attempts__shift=shift).values_list("candidate_id", "room_session_id"))
    if not seats:
        return 0
    counts = question_counts(shift=shift, candidate_ids=[candidate_id for candidate_id, _room in seats])
    rows = [
        Attempt(
            candidate_id=candidate_id,
            shift=shift,
            room_session_id=room_id,
            duration_ms=shift.duration_minutes * 60_000,
            questions=counts.get(candidate_id, 0),
        )
        for candidate_id, room_id in seats
    ]
    before = Attempt.objects.filter(shift=shift).count()
    Attempt.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return Attempt.objects.filter(shift=shift).count() - before


# --- reading -------------------------------------------------------------------------------------------------------
def close_if_due(*, attempt: Attempt, now: dt.datetime | None = None) -> Attempt:
    """The attempt, submitted first (ending timeout) if its deadline has passed; fresh from the database then."""
    now = clock.now_or(now)
    if clock.is_due(attempt, now):
        try:
            attempt_submit(attempt=attempt, ending=Attempt.Ending.TIMEOUT, now=now)
        except ApplicationError:  # resumed or extended since it was read: not due after all
            pass
        attempt.refresh_from_db()
    return attempt


def _answers(attempt: Attempt) -> tuple[dict, dict]:
    choices, texts = {}, {}
    for question, chosen, text in attempt.answers.values_list("question", "choices", "text"):
        choices[str(question)] = chosen
        if text:
            texts[str(question)] = text
    return choices, texts


def _shown_result(attempt: Attempt) -> dict | None:
    return attempt.result if attempt.result.get("shown") else None


def attempt_state(*, attempt: Attempt, now: dt.datetime | None = None) -> dict:
    """The protocol's `state` message for the attempt (closed first if past its deadline)."""
    now = clock.now_or(now)
    attempt = close_if_due(attempt=attempt, now=now)
    paper = live_paper(candidate=attempt.candidate, shift=attempt.shift)
    choices, texts = _answers(attempt)
    state = {
        "type": "state",
        "attempt": attempt.pk,
        "status": attempt.status,
        "remaining_ms": clock.remaining_ms_at(attempt, now),
        "server_time": clock.iso(now),
        "parts": paper["parts"],
        "answers": choices,
        "texts": texts,
        "flags": attempt.flags,
        "last_seq": attempt.last_seq,
        "shift": {"id": attempt.shift_id, "name": attempt.shift.name},
        "duration_ms": attempt.duration_ms + attempt.extra_ms,
    }
    if attempt.status == Attempt.Status.SUBMITTED:
        state.update(_submitted_fields(attempt))
    return state


def seat_status_list(*, room_session: RoomSession, now: dt.datetime | None = None) -> list[dict]:
    """The proctor's roster: every seat of the room as `seat_status` gives it, by seat number, in a fixed number of
    queries. Attempts are prepared first, so a room not yet started shows its waiting candidates."""
    attempts_prepare(shift=room_session.shift, room_session=room_session)
    return seat_rows(room_session=room_session, now=now)


# --- start, pause, resume, extend, relogin ---------------------------------------------------------------------------
def _locking(*, skip_locked: bool = False):
    """Attempts locked for update (their own rows only), with what grading and the seat map read of them."""
    return Attempt.objects.select_for_update(skip_locked=skip_locked, of=("self",)).select_related(
        "candidate__person", "shift__exam__profile"
    )


def _locked(attempt: Attempt) -> Attempt:
    return _locking().get(pk=attempt.pk)


def _start(attempt: Attempt, now: dt.datetime) -> None:
    attempt.status = Attempt.Status.IN_PROGRESS
    attempt.started_at = now
    attempt.deadline = now + dt.timedelta(milliseconds=attempt.duration_ms + attempt.extra_ms)


def _refuse(message: str, code: str) -> ApplicationError:
    return ApplicationError(message, code=code)


@transaction.atomic
def room_start(*, room_session: RoomSession, actor, now: dt.datetime | None = None) -> list[Attempt]:
    """Start every waiting attempt of the room (preparing missing ones): deadline = now + allowance. Refused if the
    room has already started."""
    now = clock.now_or(now)
    room = RoomSession.objects.select_for_update().select_related("shift").get(pk=room_session.pk)
    if room.started_at is not None:
        raise _refuse(_("This room has already started."), "already_started")
    attempts_prepare(shift=room.shift, room_session=room)
    attempts = list(room.attempts.select_for_update().filter(status=Attempt.Status.WAITING).order_by("pk"))
    for attempt in attempts:
        _start(attempt, now)
    Attempt.objects.bulk_update(attempts, ["status", "started_at", "deadline"], batch_size=500)
    room.started_at, room.paused_at = now, None
    room.save(update_fields=["started_at", "paused_at"])
    room_session.started_at, room_session.paused_at = now, None
    room_log(room.pk, RoomLog.Kind.START, actor=actor, now=now, data={"attempts": len(attempts)})
    for attempt in attempts:
        push_attempt(attempt.pk, {"type": "started", "remaining_ms": clock.remaining_ms_at(attempt, now)})
        push_seat(attempt, now)
    return attempts


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


def _reason_required(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Give the reason: it goes into the room's minutes."), field="reason", code="reason")
    return reason


@transaction.atomic
def attempt_pause(*, attempt: Attempt, actor, reason: str, now: dt.datetime | None = None) -> Attempt:
    """Stop one candidate's clock (his time left is frozen); refused unless his attempt is in progress."""
    now = clock.now_or(now)
    reason = _reason_required(reason)
    attempt = close_if_due(attempt=_locked(attempt), now=now)
    if attempt.status != Attempt.Status.IN_PROGRESS:
        raise _refuse(_("Only an attempt in progress can be paused."), "not_in_progress")
    _pause(attempt, now)
    room_log(attempt.room_session_id, RoomLog.Kind.PAUSE, actor=actor, now=now, attempt=attempt, reason=reason)
    return attempt


@transaction.atomic
def attempt_resume(*, attempt: Attempt, actor, now: dt.datetime | None = None) -> Attempt:
    """Restart one candidate's clock; the paused time is credited (deadline and paused_ms move by it)."""
    now = clock.now_or(now)
    attempt = _locked(attempt)
    if attempt.status != Attempt.Status.PAUSED:
        raise _refuse(_("Only a paused attempt can be resumed."), "not_paused")
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
    reason = _reason_required(reason)
    room = _room_locked(room_session)
    if room.started_at is None or room.paused_at is not None:
        raise _refuse(_("Only a started room that is not paused can be paused."), "not_running")
    _close_due_in_room(room, now)
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
        raise _refuse(_("This room is not paused."), "not_paused")
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
    minutes, reason = _minutes(minutes), _reason_required(reason)
    attempt = close_if_due(attempt=_locked(attempt), now=now)
    if attempt.status == Attempt.Status.SUBMITTED:
        raise _refuse(_("This attempt has already been submitted."), "submitted")
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
    attempt = _locked(attempt)
    if attempt.status == Attempt.Status.SUBMITTED:
        raise _refuse(_("This attempt has already been submitted."), "submitted")
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


# --- submission ----------------------------------------------------------------------------------------------------
def _verification_code() -> str:
    code = "".join(secrets.choice(CODE_ALPHABET) for _n in range(10))
    return f"{code[:5]}-{code[5:]}"


def _submitted_fields(attempt: Attempt) -> dict:
    return {
        "result": _shown_result(attempt),
        "ending": attempt.ending,
        "submitted_at": clock.iso(attempt.submitted_at),
        "verification_code": attempt.verification_code,
        "chain_hash": attempt.chain_hash,
    }


def submitted_message(*, attempt: Attempt) -> dict:
    """The protocol's `submitted` message of a submitted attempt (result only where the profile shows it at once)."""
    return {"type": "submitted", "attempt": attempt.pk, **_submitted_fields(attempt)}


LOG_KIND = {Attempt.Ending.FORCED: RoomLog.Kind.FORCE_SUBMIT, Attempt.Ending.TIMEOUT: RoomLog.Kind.TIMEOUT}


CLOSE_BATCH = 200


def _close(attempts: list[Attempt], *, ending: str, actor, reason: str, now: dt.datetime) -> list[dict]:
    """Grade and store the submission of open, locked attempts (candidate, shift and exam loaded), write the minutes,
    and push each `submitted` and seat after commit in one round; returns the `submitted` messages."""
    graded = attempts_grade(attempts=attempts)
    logs = []
    for attempt in attempts:
        at = attempt.deadline if ending == Attempt.Ending.TIMEOUT else now  # closed at its deadline
        attempt.score, attempt.max_score, attempt.result = graded[attempt.pk]
        attempt.status, attempt.ending, attempt.submitted_at = Attempt.Status.SUBMITTED, ending, at
        attempt.paused_at, attempt.verification_code = None, _verification_code()
        if ending in LOG_KIND:
            logs.append(RoomLog(room_session_id=attempt.room_session_id, attempt=attempt, kind=LOG_KIND[ending],
                                actor=actor, reason=reason, at=at))  # fmt: skip
    _store_submissions(attempts)
    pushes = Pushes()
    for entry in RoomLog.objects.bulk_create(logs):
        if entry.reason:
            pushes.room(entry.room_session_id, "incident", log_line(entry=entry))
    seats = seats_of(attempts=attempts, now=now)
    messages = []
    for attempt in attempts:
        messages.append(submitted_message(attempt=attempt))
        pushes.attempt(attempt.pk, messages[-1])
        pushes.room(attempt.room_session_id, "candidate", seats[attempt.pk])
    pushes.send_after_commit()
    return messages


def _store_submissions(attempts: list[Attempt]) -> None:
    """Store the submissions of many attempts in one UPDATE (one per attempt took most of an end storm)."""
    adapt = connection.ops.adapt_datetimefield_value
    rows = [
        (a.pk, str(a.score), str(a.max_score), a.result, a.ending, adapt(a.submitted_at), a.verification_code)
        for a in attempts
    ]
    values, params = sql.values(rows, casts={0: "bigint", 1: "numeric", 2: "numeric", 3: "jsonb", 5: "timestamptz"})
    table = Attempt._meta.db_table
    sql.execute(
        f"WITH v (id, score, max_score, result, ending, submitted_at, code) AS (VALUES {values}) "  # noqa: S608
        f"UPDATE {table} SET status = %s, score = v.score, max_score = v.max_score, result = v.result, "
        f"ending = v.ending, submitted_at = v.submitted_at, paused_at = NULL, verification_code = v.code "
        f"FROM v WHERE {table}.id = v.id",
        [*params, Attempt.Status.SUBMITTED],
    )


@transaction.atomic
def attempt_submit(
    *, attempt: Attempt, ending: str, actor=None, reason: str = "", now: dt.datetime | None = None
) -> dict:
    """Close the attempt (by the candidate, the proctor or the clock), grade it and store the result; returns the
    `submitted` message. Submitting a submitted attempt returns its message again and changes nothing."""
    now = clock.now_or(now)
    if ending == Attempt.Ending.FORCED:
        reason = _reason_required(reason)
    attempt = _locked(attempt)
    if attempt.status == Attempt.Status.SUBMITTED:
        return submitted_message(attempt=attempt)
    if attempt.status == Attempt.Status.WAITING:
        raise _refuse(_("The exam has not started yet."), "not_started")
    if ending == Attempt.Ending.TIMEOUT and not clock.is_due(attempt, now):
        raise _refuse(_("There is time left on this attempt."), "not_due")
    return _close([attempt], ending=ending, actor=actor, reason=reason, now=now)[0]


def _close_due_in_room(room: RoomSession, now: dt.datetime) -> None:
    due = _locking().filter(room_session=room, status=Attempt.Status.IN_PROGRESS, deadline__lte=now)
    attempts = list(due)
    if attempts:
        _close(attempts, ending=Attempt.Ending.TIMEOUT, actor=None, reason="", now=now)


def attempts_close_expired(*, now: dt.datetime | None = None) -> int:
    """Submit (ending timeout, at its deadline) every attempt in progress whose deadline has passed, CLOSE_BATCH at a
    time, each batch graded together in one transaction; returns how many it closed. Safe to run concurrently and
    twice: rows another transaction holds are skipped (PostgreSQL) and every row is re-checked under its lock."""
    now = clock.now_or(now)
    closed = 0
    while True:
        with transaction.atomic():
            due = _locking(skip_locked=True).filter(status=Attempt.Status.IN_PROGRESS, deadline__lte=now)
            batch = list(due.order_by("deadline", "pk")[:CLOSE_BATCH])
            if batch:
                _close(batch, ending=Attempt.Ending.TIMEOUT, actor=None, reason="", now=now)
        closed += len(batch)
        if len(batch) < CLOSE_BATCH:
            return closed


# --- the candidate's own messages (flag, integrity events) -----------------------------------------------------------
@transaction.atomic
def attempt_flag(*, attempt: Attempt, question: int, flagged: bool, now: dt.datetime | None = None) -> Attempt:
    """Mark or unmark a question for review; refused once the attempt is closed (the question is checked by the
    caller against the paper)."""
    attempt = close_if_due(attempt=_locked(attempt), now=now)
    if attempt.status not in (Attempt.Status.IN_PROGRESS, Attempt.Status.PAUSED):
        raise _refuse(_("This attempt is not open."), "closed")
    flags = [q for q in attempt.flags if q != question] + ([question] if flagged else [])
    if flags != attempt.flags:
        attempt.flags = flags
        attempt.save(update_fields=["flags"])
    return attempt


def attempt_integrity_event(*, attempt: Attempt, kind: str, now: dt.datetime | None = None) -> IntegrityEvent:
    """Record what the candidate's browser reported and show it on the proctor's seat map."""
    now = clock.now_or(now)
    if kind not in IntegrityEvent.Kind.values:
        raise ApplicationError(_("Unknown event kind “%(kind)s”.") % {"kind": kind}, field="kind", code="bad_kind")
    with transaction.atomic():
        event = IntegrityEvent.objects.create(attempt=attempt, kind=kind, at=now)
        push_seat(attempt, now)
    return event

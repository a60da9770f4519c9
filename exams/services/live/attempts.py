"""The live exam's attempts: finding or preparing a candidate's, its `state`, his flags and integrity events.

The proctor's commands are in exams.services.live.commands, submission and the clock's closing in
exams.services.live.closing. Consumers call these synchronous functions through database_sync_to_async.
"""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.statistics import tables_analyze_on_commit
from exams.models import Attempt, Candidate, CandidateSeat, IntegrityEvent, RoomSession, Shift
from exams.services.live import clock
from exams.services.live.closing import close_if_due, locked, refuse, submitted_fields
from exams.services.live.paper import LIVE_MODES, live_paper, question_counts
from exams.services.live.seats import push_seat, seat_rows
from exams.services.live.timing import part_plan, plan_allowance_ms


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
    plan = part_plan(shift=seat.shift)
    attempt, created = Attempt.objects.get_or_create(
        candidate=candidate,
        shift=seat.shift,
        defaults={
            "room_session": seat.room_session,
            "duration_ms": plan_allowance_ms(plan, seat.shift),
            "questions": paper["total"],
            "part_plan": plan,
        },
    )
    room = seat.room_session
    if created and room.started_at is not None:  # seated after the start: his clock starts now
        clock.start(attempt, now)
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
    # Unordered: the model's ordering joins shifts, rooms and candidates (a socket handshake runs this).
    attempts = {a.shift_id: a for a in Attempt.objects.filter(candidate=candidate).order_by()}
    seat = next(
        (s for s in seats if s.shift_id not in attempts or attempts[s.shift_id].status != Attempt.Status.SUBMITTED),
        seats[-1],
    )
    attempt = attempts.get(seat.shift_id) or _new_attempt(candidate, seat, now)
    attempt.candidate = candidate  # what the live exam reads of it (as connections.attempt_load), without a query
    if seat.shift.exam_id == candidate.exam_id:
        seat.shift.exam = candidate.exam
    attempt.shift = seat.shift
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
    plan = part_plan(shift=shift)
    rows = [
        Attempt(
            candidate_id=candidate_id,
            shift=shift,
            room_session_id=room_id,
            duration_ms=plan_allowance_ms(plan, shift),
            questions=counts.get(candidate_id, 0),
            part_plan=plan,
        )
        for candidate_id, room_id in seats
    ]
    before = Attempt.objects.filter(shift=shift).count()
    Attempt.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    created = Attempt.objects.filter(shift=shift).count() - before
    tables_analyze_on_commit(models=(Attempt,), rows=created)
    return created


def _answers(attempt: Attempt) -> tuple[dict, dict]:
    choices, texts = {}, {}
    # By question alone: the model's ordering starts with its attempt, which joins the attempts table and made this
    # query a quarter of a handshake's time in a start storm.
    for question, chosen, text in attempt.answers.order_by("question").values_list("question", "choices", "text"):
        choices[str(question)] = chosen
        if text:
            texts[str(question)] = text
    return choices, texts


def attempt_state(*, attempt: Attempt, now: dt.datetime | None = None, paper: dict | None = None) -> dict:
    """The protocol's `state` message for the attempt (closed first if past its deadline); `paper`: his live_paper,
    when the caller has it already."""
    now = clock.now_or(now)
    attempt = close_if_due(attempt=attempt, now=now)
    paper = paper or live_paper(candidate=attempt.candidate, shift=attempt.shift)
    # Answers are written only by the answer writer, which moves last_seq with them: none yet, nothing to read (a
    # login storm before the start is a storm of such states).
    choices, texts = _answers(attempt) if attempt.last_seq else ({}, {})
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
        "timing": clock.parts_timing(attempt, now),
    }
    if attempt.status == Attempt.Status.SUBMITTED:
        state.update(submitted_fields(attempt))
    return state


def seat_status_list(*, room_session: RoomSession, now: dt.datetime | None = None) -> list[dict]:
    """The proctor's roster: every seat of the room as `seat_status` gives it, by seat number, in a fixed number of
    queries. Attempts are prepared first, so a room not yet started shows its waiting candidates."""
    attempts_prepare(shift=room_session.shift, room_session=room_session)
    return seat_rows(room_session=room_session, now=now)


# --- the candidate's own messages (flag, integrity events) -----------------------------------------------------------
@transaction.atomic
def attempt_flag(*, attempt: Attempt, question: int, flagged: bool, now: dt.datetime | None = None) -> Attempt:
    """Mark or unmark a question for review; refused once the attempt is closed (the question is checked by the
    caller against the paper)."""
    attempt = close_if_due(attempt=locked(attempt), now=now)
    if attempt.status not in (Attempt.Status.IN_PROGRESS, Attempt.Status.PAUSED):
        raise refuse(_("This attempt is not open."), "closed")
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

"""Closing attempts: by the candidate, by the proctor (force submit) or by the clock, each graded and stored.

Every close locks the attempt rows, writes the room's minutes in the same transaction and pushes `submitted` and
the seat after commit. A read past the deadline closes the attempt first (`close_if_due`, ending "timeout"); the
periodic closer (`attempts_close_expired`) does it for attempts nobody reads, in batches graded together.

Parts timed in turn: a deadline that falls before the last part moves the attempt to its next part instead
(`_expire`: the `part` message and the seat are pushed); only the last part's deadline closes it. Each part's end
is a line of the minutes (`part_end_log`: early when the candidate finishes it, timeout when the clock does).
"""

import datetime as dt
import secrets

from django.db import connection, transaction
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from exams.models import Attempt, RoomLog, RoomSession
from exams.services.live import clock, sql
from exams.services.live.groups import Pushes
from exams.services.live.scoring import attempts_grade
from exams.services.live.seats import log_line, seats_of

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed from a slip


def _with_related(attempts):
    """What grading and the seat map read of the attempts, in the same query."""
    return attempts.select_related("candidate__person", "shift__exam__profile")


def locking(*, skip_locked: bool = False):
    """Attempts locked for update (their own rows only), with what grading and the seat map read of them."""
    return _with_related(Attempt.objects.select_for_update(skip_locked=skip_locked, of=("self",)))


def locked(attempt: Attempt) -> Attempt:
    return locking().get(pk=attempt.pk)


def refuse(message: str, code: str) -> ApplicationError:
    return ApplicationError(message, code=code)


def reason_required(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Give the reason: it goes into the room's minutes."), field="reason", code="reason")
    return reason


def _shown_result(attempt: Attempt) -> dict | None:
    return attempt.result if attempt.result.get("shown") else None


def _verification_code() -> str:
    code = "".join(secrets.choice(CODE_ALPHABET) for _n in range(10))
    return f"{code[:5]}-{code[5:]}"


def submitted_fields(attempt: Attempt) -> dict:
    return {
        "result": _shown_result(attempt),
        "ending": attempt.ending,
        "submitted_at": clock.iso(attempt.submitted_at),
        "verification_code": attempt.verification_code,
        "chain_hash": attempt.chain_hash,
    }


def submitted_message(*, attempt: Attempt) -> dict:
    """The protocol's `submitted` message of a submitted attempt (result only where the profile shows it at once)."""
    return {"type": "submitted", "attempt": attempt.pk, **submitted_fields(attempt)}


LOG_KIND = {Attempt.Ending.FORCED: RoomLog.Kind.FORCE_SUBMIT, Attempt.Ending.TIMEOUT: RoomLog.Kind.TIMEOUT}


CLOSE_BATCH = 200
PART_EARLY, PART_TIMEOUT = "early", "timeout"  # how a part timed in turn ended, as its minutes line says


def _part(attempt: Attempt, index: int) -> dict:
    """How a minutes line names the candidate's part `index` (from 0); nothing for an attempt without parts."""
    return {"part": index + 1, "part_id": attempt.part_plan[index][0]} if attempt.part_plan else {}


def part_end_log(attempt: Attempt, index: int, at: dt.datetime, how: str) -> RoomLog:
    """The minutes line (unsaved) of the candidate's part `index` (from 0) ending at `at`, early or on time."""
    return RoomLog(room_session_id=attempt.room_session_id, attempt=attempt, kind=RoomLog.Kind.PART_END, at=at,
                   data={**_part(attempt, index), "ending": how})  # fmt: skip


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
            part = _part(attempt, attempt.part_index)
            logs.append(RoomLog(room_session_id=attempt.room_session_id, attempt=attempt, kind=LOG_KIND[ending],
                                actor=actor, reason=reason, at=at, data=part))  # fmt: skip
        elif attempt.part_plan:  # the candidate submits: he finished the last part early
            logs.append(part_end_log(attempt, attempt.part_index, at, PART_EARLY))
    _store_submissions(attempts)
    pushes = Pushes()
    for entry in RoomLog.objects.bulk_create(logs):
        if entry.reason:
            pushes.incident(entry.room_session_id, log_line(entry=entry))
    seats = seats_of(attempts=attempts, now=now)
    messages = []
    for attempt in attempts:
        messages.append(submitted_message(attempt=attempt))
        pushes.attempt(attempt.room_session_id, attempt.pk, messages[-1], seats[attempt.pk])
    pushes.send_after_commit()
    return messages


def _store_submissions(attempts: list[Attempt]) -> None:
    """Store the submissions of many attempts in one UPDATE (one per attempt took most of an end storm)."""
    adapt = connection.ops.adapt_datetimefield_value
    rows = [
        (a.pk, str(a.score), str(a.max_score), a.result, a.ending, adapt(a.submitted_at), a.verification_code)
        for a in attempts
    ]
    source, params = sql.rows(rows, ("bigint", "numeric", "numeric", "jsonb", "text", "timestamptz", "text"))
    table = Attempt._meta.db_table
    sql.execute(
        f"WITH v (id, score, max_score, result, ending, submitted_at, code) AS ({source}) "  # noqa: S608
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
        reason = reason_required(reason)
    attempt = locked(attempt)
    if attempt.status == Attempt.Status.SUBMITTED:
        return submitted_message(attempt=attempt)
    if attempt.status == Attempt.Status.WAITING:
        raise refuse(_("The exam has not started yet."), "not_started")
    if ending == Attempt.Ending.TIMEOUT and (not clock.is_due(attempt, now) or clock.has_next_part(attempt)):
        raise refuse(_("There is time left on this attempt."), "not_due")
    return _close([attempt], ending=ending, actor=actor, reason=reason, now=now)[0]


def part_message(attempt: Attempt, now: dt.datetime) -> dict:
    """The protocol's `part` message: the attempt moved to its next part (time left is the new part's)."""
    return {
        "type": "part",
        "attempt": attempt.pk,
        "current": clock.current_part(attempt),
        "remaining_ms": clock.remaining_ms_at(attempt, now),
        "timing": clock.parts_timing(attempt, now),
    }


def advanced_store(attempts: list[Attempt], now: dt.datetime) -> None:
    """Store the attempts' move to another part and push each its `part` message and seat after commit."""
    Attempt.objects.bulk_update(attempts, ["part_index", "deadline"], batch_size=500)
    pushes = Pushes()
    seats = seats_of(attempts=attempts, now=now)
    for attempt in attempts:
        pushes.attempt(attempt.room_session_id, attempt.pk, part_message(attempt, now), seats[attempt.pk])
    pushes.send_after_commit()


def _expire(attempts: list[Attempt], now: dt.datetime) -> None:
    """Locked attempts whose deadline has passed: those with a part left move to it (the next part starts at the
    previous one's deadline), the others are submitted (ending timeout, at their last deadline)."""
    advanced, due, ended = [], [], []
    for attempt in attempts:
        moved = clock.catch_up(attempt, now)
        ended += [part_end_log(attempt, index, at, PART_TIMEOUT) for index, at in moved]
        (due if clock.is_due(attempt, now) else advanced).append(attempt)
    RoomLog.objects.bulk_create(ended)  # one minutes line per part closed by the clock
    if advanced:
        advanced_store(advanced, now)
    if due:
        _close(due, ending=Attempt.Ending.TIMEOUT, actor=None, reason="", now=now)


def close_due_in_room(room: RoomSession, now: dt.datetime) -> None:
    due = locking().filter(room_session=room, status=Attempt.Status.IN_PROGRESS, deadline__lte=now)
    attempts = list(due)
    if attempts:
        _expire(attempts, now)


def attempts_close_expired(*, now: dt.datetime | None = None) -> int:
    """Submit (ending timeout, at its deadline) every attempt in progress whose deadline has passed, CLOSE_BATCH at a
    time, each batch graded together in one transaction (one whose parts are timed in turn moves to its next part
    instead, until the last); returns how many it handled. Safe to run concurrently and
    twice: rows another transaction holds are skipped (PostgreSQL) and every row is re-checked under its lock."""
    now = clock.now_or(now)
    closed = 0
    while True:
        with transaction.atomic():
            # The due rows locked by one query on the attempts table alone (its `due` index), then read with what
            # grading needs: a join under the lock let stale statistics plan a nested loop of persons × attempts.
            due = Attempt.objects.select_for_update(skip_locked=True).filter(
                status=Attempt.Status.IN_PROGRESS, deadline__lte=now
            )
            ids = list(due.order_by("deadline", "pk").values_list("pk", flat=True)[:CLOSE_BATCH])
            batch = list(_with_related(Attempt.objects.filter(pk__in=ids)).order_by("deadline", "pk")) if ids else []
            if batch:
                _expire(batch, now)
        closed += len(batch)
        if len(batch) < CLOSE_BATCH:
            return closed


@transaction.atomic
def _expire_one(attempt: Attempt, now: dt.datetime) -> None:
    attempt = locked(attempt)
    if clock.is_due(attempt, now):  # not resumed or extended since it was read
        _expire([attempt], now)


def close_if_due(*, attempt: Attempt, now: dt.datetime | None = None) -> Attempt:
    """The attempt, submitted first (ending timeout) if its deadline has passed, or moved to its next part when its
    parts are timed in turn; fresh from the database then."""
    now = clock.now_or(now)
    if clock.is_due(attempt, now):
        _expire_one(attempt, now)
        attempt.refresh_from_db()
    return attempt

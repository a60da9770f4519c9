"""The attempt's clock, from its stored fields only (the server owns the clock; see docs/exam-protocol.md).

While in progress the time left is `deadline - now`; while paused it is frozen at `deadline - paused_at`; before
the start it is the whole allowance; after submission nothing is left.

Parts timed in turn (`part_plan` set): the same holds for the current part (`part_index`); its deadline is the
attempt's `deadline`, the whole allowance before the start is the first part's, and at the part's deadline the
next part starts (`next_part`, `catch_up`). Extensions and pauses move the current part's deadline.
"""

import datetime as dt

from django.utils import timezone

from exams.models import Attempt


def ms(delta: dt.timedelta) -> int:
    return int(delta.total_seconds() * 1000)


def remaining_ms_at(attempt: Attempt, now: dt.datetime) -> int:
    """Milliseconds the candidate has left at `now` (never negative)."""
    if attempt.status == Attempt.Status.SUBMITTED:
        return 0
    if attempt.status == Attempt.Status.WAITING or attempt.deadline is None:
        return first_allowance_ms(attempt) + attempt.extra_ms
    until = attempt.paused_at if attempt.status == Attempt.Status.PAUSED and attempt.paused_at else now
    return max(0, ms(attempt.deadline - until))


def is_due(attempt: Attempt, now: dt.datetime) -> bool:
    """Whether a running attempt's deadline has passed (a paused one never expires: its clock is stopped)."""
    return attempt.status == Attempt.Status.IN_PROGRESS and attempt.deadline is not None and attempt.deadline <= now


def iso(moment: dt.datetime | None) -> str | None:
    """An instant as the protocol writes it: UTC, ISO 8601, millisecond precision, `Z`."""
    if moment is None:
        return None
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds").removesuffix("+00:00") + "Z"


def now_or(now: dt.datetime | None) -> dt.datetime:
    return now if now is not None else timezone.now()


def start(attempt: Attempt, now: dt.datetime) -> None:
    """Start the attempt's clock: in progress, deadline = now + its allowance (time added included)."""
    attempt.status = Attempt.Status.IN_PROGRESS
    attempt.started_at = now
    attempt.deadline = now + dt.timedelta(milliseconds=first_allowance_ms(attempt) + attempt.extra_ms)


# --- parts timed in turn ---------------------------------------------------------------------------------------------
def first_allowance_ms(attempt: Attempt) -> int:
    """What the clock starts with: the first part's allowance when the parts are timed in turn, else the whole."""
    return attempt.part_plan[0][1] if attempt.part_plan else attempt.duration_ms


def has_next_part(attempt: Attempt) -> bool:
    return bool(attempt.part_plan) and attempt.part_index + 1 < len(attempt.part_plan)


def next_part(attempt: Attempt, at: dt.datetime) -> None:
    """Close the current part at `at` and start the next one's clock there (its own allowance)."""
    attempt.part_index += 1
    attempt.deadline = at + dt.timedelta(milliseconds=attempt.part_plan[attempt.part_index][1])


def catch_up(attempt: Attempt, now: dt.datetime) -> list[tuple[int, dt.datetime]]:
    """Move past every part whose deadline has passed by `now`, each next part starting at the previous one's
    deadline (no browser needed, and a server down across a part boundary loses nobody time he did not have);
    returns [(index, end)] of the parts it closed (empty: it did not move). The last part, once due, is left due:
    closing the attempt submits it."""
    ended = []
    while is_due(attempt, now) and has_next_part(attempt):
        ended.append((attempt.part_index, attempt.deadline))
        next_part(attempt, attempt.deadline)
    return ended


def current_part(attempt: Attempt) -> int | None:
    """The id of the part the candidate works on (None when the shift has one clock or the attempt is closed)."""
    if not attempt.part_plan or attempt.status == Attempt.Status.SUBMITTED:
        return None
    return attempt.part_plan[attempt.part_index][0]


def parts_timing(attempt: Attempt, now: dt.datetime) -> dict | None:
    """The `state`'s `timing`: the current part and each part's time (closed parts 0, the current one's time left,
    a later one's allowance); None when the shift has one clock."""
    if not attempt.part_plan:
        return None
    closed_all = attempt.status == Attempt.Status.SUBMITTED
    parts = []
    for n, (part, allowance) in enumerate(attempt.part_plan):
        if closed_all or n < attempt.part_index:
            status, left = "closed", 0
        elif n == attempt.part_index:
            status, left = "current", remaining_ms_at(attempt, now)
        else:
            status, left = "waiting", allowance
        parts.append({"id": part, "status": status, "remaining_ms": left, "duration_ms": allowance})
    return {"mode": "in_turn", "current": current_part(attempt), "parts": parts}


def seat_part(attempt: Attempt) -> dict | None:
    """What the proctor's seat map shows of the parts: {"id", "number" (from 1), "of"}; None with one clock."""
    if not attempt.part_plan:
        return None
    number = len(attempt.part_plan) if attempt.status == Attempt.Status.SUBMITTED else attempt.part_index + 1
    return {"id": attempt.part_plan[number - 1][0], "number": number, "of": len(attempt.part_plan)}

"""The attempt's clock, from its stored fields only (the server owns the clock; see docs/exam-protocol.md).

While in progress the time left is `deadline - now`; while paused it is frozen at `deadline - paused_at`; before
the start it is the whole allowance; after submission nothing is left.
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
        return attempt.duration_ms + attempt.extra_ms
    until = attempt.paused_at if attempt.status == Attempt.Status.PAUSED and attempt.paused_at else now
    return max(0, ms(attempt.deadline - until))


def is_due(attempt: Attempt, now: dt.datetime) -> bool:
    """Whether a running attempt's deadline has passed (a paused one never expires: its clock is stopped)."""
    return attempt.status == Attempt.Status.IN_PROGRESS and attempt.deadline is not None and attempt.deadline <= now


def iso(moment: dt.datetime | None) -> str | None:
    """An instant as the protocol writes it: UTC, ISO 8601, millisecond precision, `Z`."""
    if moment is None:
        return None
    utc = moment.astimezone(dt.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def now_or(now: dt.datetime | None) -> dt.datetime:
    return now if now is not None else timezone.now()


def start(attempt: Attempt, now: dt.datetime) -> None:
    """Start the attempt's clock: in progress, deadline = now + its allowance (time added included)."""
    attempt.status = Attempt.Status.IN_PROGRESS
    attempt.started_at = now
    attempt.deadline = now + dt.timedelta(milliseconds=attempt.duration_ms + attempt.extra_ms)

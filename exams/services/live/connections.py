"""The one live connection per attempt, across server processes, and the candidate's heartbeat.

`Attempt.connection` holds "<process id> <channel name>" of the socket that holds the attempt. A second socket is
refused (`already_connected`) while that one is alive, unless a proctor allowed a relogin: then it takes over and
the old one is sent `kicked` and closed (through the channel layer, so across processes too).
A connection is alive while its server process is (exams.services.live.presence).
"""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from exams.models import Attempt, Candidate
from exams.services.live import clock
from exams.services.live.closing import close_if_due
from exams.services.live.groups import push_channel
from exams.services.live.presence import connection_alive, connection_name
from exams.services.live.seats import push_seat

SEEN_EVERY_S = 10  # the heartbeat shown to the proctor is written at most this often per attempt


def candidate_for_user(*, user) -> Candidate | None:
    """The candidate a logged-in principal is, with his exam; None for anyone else (staff, anonymous)."""
    if user is None or not user.is_authenticated:
        return None
    return Candidate.objects.filter(user=user, user__is_active=True).select_related("exam", "person").first()


def attempt_load(*, attempt_id: int) -> Attempt:
    """An attempt fresh from the database, with what the live exam reads of it."""
    return Attempt.objects.select_related("candidate__person", "shift__exam").get(pk=attempt_id)


@transaction.atomic
def attempt_connect(*, attempt_id: int, channel_name: str, now: dt.datetime | None = None) -> Attempt:
    """Make `channel_name` the attempt's one live connection: refused (`already_connected`) while another is alive
    and no relogin was allowed; with a relogin allowed, the older one is kicked (after commit)."""
    now = clock.now_or(now)
    attempt = Attempt.objects.select_for_update().get(pk=attempt_id)
    old = attempt.connection
    if connection_alive(old) and old != connection_name(channel_name):
        if not attempt.relogin_allowed:
            raise ApplicationError(
                _("This exam is already open on another machine. Ask the proctor to allow a login here."),
                code="already_connected",
            )
        message = {"type": "kicked", "reason": _("The exam was opened on another machine.")}
        push_channel(old.partition(" ")[2], message, close=True)
    attempt.connection, attempt.connected_at, attempt.last_seen_at = connection_name(channel_name), now, now
    attempt.relogin_allowed = False
    attempt.save(update_fields=["connection", "connected_at", "last_seen_at", "relogin_allowed"])
    attempt = attempt_load(attempt_id=attempt_id)
    push_seat(attempt, now)
    return attempt


@transaction.atomic
def attempt_disconnect(*, attempt_id: int, channel_name: str, now: dt.datetime | None = None) -> None:
    """Forget the connection if it is still this socket's (a kicked socket leaves its successor alone)."""
    now = clock.now_or(now)
    cleared = Attempt.objects.filter(pk=attempt_id, connection=connection_name(channel_name)).update(
        connection="", last_seen_at=now
    )
    if cleared:
        attempt = attempt_load(attempt_id=attempt_id)
        push_seat(attempt, now)


def attempt_time(*, attempt_id: int, now: dt.datetime | None = None) -> dict:
    """The protocol's `time` message (the attempt closed first if past its deadline); records the heartbeat."""
    now = clock.now_or(now)
    attempt = close_if_due(attempt=attempt_load(attempt_id=attempt_id), now=now)
    if attempt.last_seen_at is None or now - attempt.last_seen_at >= dt.timedelta(seconds=SEEN_EVERY_S):
        Attempt.objects.filter(pk=attempt_id).update(last_seen_at=now)
    return {"type": "time", "remaining_ms": clock.remaining_ms_at(attempt, now), "status": attempt.status}


def attempt_seat_push(*, attempt_id: int, now: dt.datetime | None = None) -> None:
    """Show the proctor the seat as it is now (after answers: the consumer calls this at most once a second)."""
    now = clock.now_or(now)
    attempt = attempt_load(attempt_id=attempt_id)
    push_seat(attempt, now)

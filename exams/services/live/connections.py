"""The one live connection per attempt, across server processes, and the candidate's heartbeat.

`Attempt.connection` holds "<process id> <channel name>" of the socket that holds the attempt. A second socket is
refused (`already_connected`) while that one is alive, unless a proctor allowed a relogin: then it takes over and
the old one is sent `kicked` and closed (through the channel layer, so across processes too).
A connection is alive while its server process is (exams.services.live.presence).

The socket's own changes (connected, disconnected) are not pushed from here: the consumer reports them with the
fields it knows (`seat_fields`) to its process's per-room coalescer (exams.services.live.groups.SeatChanges).
"""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from exams.models import Attempt, Candidate
from exams.services.live import clock
from exams.services.live.attempts import attempt_for_candidate, attempt_state
from exams.services.live.closing import close_if_due
from exams.services.live.groups import push_channel
from exams.services.live.paper import live_paper
from exams.services.live.presence import connection_alive, connection_name

SEEN_EVERY_S = 10  # the heartbeat shown to the proctor is written at most this often per attempt
PAPERS_MAX = 5000
_papers: dict[tuple[int, int], dict] = {}  # (candidate, shift) → his paper, once his attempt has started


def candidate_for_user(*, user) -> Candidate | None:
    """The candidate a logged-in principal is, with his exam; None for anyone else (staff, anonymous)."""
    if user is None or not user.is_authenticated:
        return None
    return candidate_for_user_id(user_id=user.pk)


def candidate_for_user_id(*, user_id: int | None) -> Candidate | None:
    """The candidate whose (active) user has this id, with his exam, in one query (a socket's ticket names a user id:
    the user row itself is not needed; nor his person's, which the handshake does not show); None for anyone else."""
    if user_id is None:
        return None
    candidates = Candidate.objects.filter(user_id=user_id, user__is_active=True).select_related("exam")
    return candidates.order_by("pk").first()  # not the model's ordering, which sorts by the exam's


def attempt_load(*, attempt_id: int) -> Attempt:
    """An attempt fresh from the database, with what the live exam reads of it."""
    return Attempt.objects.select_related("candidate__person", "shift__exam").get(pk=attempt_id)


@transaction.atomic
def attempt_connect(*, attempt_id: int, channel_name: str, now: dt.datetime | None = None) -> Attempt:
    """Make `channel_name` the attempt's one live connection: refused (`already_connected`) while another is alive
    and no relogin was allowed; with a relogin allowed, the older one is kicked (after commit). Returns the attempt
    as attempt_load gives it, read in the same locking query; the seat is not pushed (the caller reports it)."""
    now = clock.now_or(now)
    related = ("candidate__person", "shift__exam")
    attempt = Attempt.objects.select_for_update(of=("self",)).select_related(*related).get(pk=attempt_id)
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
    return attempt


def _connect_unclaimed(attempt: Attempt, channel_name: str, now: dt.datetime) -> bool:
    """attempt_connect's usual case in one statement, without a lock or a transaction: the attempt held by no
    connection (a start storm, a reconnect after a clean close) is claimed for `channel_name`, `attempt` updated in
    memory. False when another connection is recorded: the caller takes attempt_connect's locking path."""
    fields = {"connection": connection_name(channel_name), "connected_at": now, "last_seen_at": now}
    if not Attempt.objects.filter(pk=attempt.pk, connection="").update(relogin_allowed=False, **fields):
        return False
    for name, value in fields.items():
        setattr(attempt, name, value)
    attempt.relogin_allowed = False
    return True


def paper_of(attempt: Attempt) -> dict:
    """The candidate's paper (exams.services.live.paper.live_paper), kept in this process once his attempt has
    started: papers are replaced only before the start, so a reconnect storm reads no paper rows."""
    if attempt.status == Attempt.Status.WAITING:
        return live_paper(candidate=attempt.candidate, shift=attempt.shift, room_session_id=attempt.room_session_id)
    key = (attempt.candidate_id, attempt.shift_id)
    paper = _papers.get(key)
    if paper is None:
        paper = live_paper(candidate=attempt.candidate, shift=attempt.shift, room_session_id=attempt.room_session_id)
        if len(_papers) >= PAPERS_MAX:
            _papers.clear()
        _papers[key] = paper
    return paper


def attempt_open(*, candidate: Candidate, channel_name: str, now: dt.datetime | None = None) -> tuple:
    """The socket's handshake in few queries: the candidate's attempt (attempt_for_candidate), claimed for
    `channel_name` (attempt_connect), its `state` and his paper: (attempt, state, paper)."""
    now = clock.now_or(now)
    attempt = attempt_for_candidate(candidate=candidate, now=now)
    if not _connect_unclaimed(attempt, channel_name, now):
        attempt = attempt_connect(attempt_id=attempt.pk, channel_name=channel_name, now=now)
    paper = paper_of(attempt)
    return attempt, attempt_state(attempt=attempt, now=now, paper=paper), paper


def seat_fields(*, attempt_id: int, candidate_id: int, state: dict, answered: int, connected: bool) -> dict:
    """What a candidate socket knows of its seat (a partial `candidate` object) for the proctor's console."""
    return {
        "id": candidate_id,
        "attempt": attempt_id,
        "connected": connected,
        "answered": answered,
        "remaining_ms": state["remaining_ms"],
        "status": state["status"],
        "last_seen": clock.iso(clock.now_or(None)),
    }


def attempt_disconnect(*, attempt_id: int, channel_name: str, now: dt.datetime | None = None) -> bool:
    """Forget the connection if it is still this socket's (a kicked socket leaves its successor alone); whether it
    was (the caller then reports the seat disconnected)."""
    now = clock.now_or(now)
    cleared = Attempt.objects.filter(pk=attempt_id, connection=connection_name(channel_name)).update(
        connection="", last_seen_at=now
    )
    return bool(cleared)


def time_message(*, remaining_ms: int, status: str) -> dict:
    """The protocol's `time` message: the attempt's time left and status as the server has them now."""
    return {"type": "time", "remaining_ms": remaining_ms, "status": status}


def attempt_time(*, attempt_id: int, now: dt.datetime | None = None) -> dict:
    """The protocol's `time` message (the attempt closed first if past its deadline); records the heartbeat."""
    now = clock.now_or(now)
    attempt = close_if_due(attempt=attempt_load(attempt_id=attempt_id), now=now)
    if attempt.last_seen_at is None or now - attempt.last_seen_at >= dt.timedelta(seconds=SEEN_EVERY_S):
        Attempt.objects.filter(pk=attempt_id).update(last_seen_at=now)
    return time_message(remaining_ms=clock.remaining_ms_at(attempt, now), status=attempt.status)
